package dev.cubed.primitive;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.cubed.block.ValueType;
import dev.cubed.kernel.Params;

import java.util.Objects;

/**
 * An array that is never stored: each chunk is computed on demand by a registered kernel that
 * takes no inputs, from the chunk's coordinates and the kernel's parameters (constants, ranges,
 * seeded random numbers, small embedded data). Reading it costs no I/O.
 */
public record VirtualArray(
        @JsonProperty("grid") ChunkGrid grid,
        @JsonProperty("type") ValueType type,
        @JsonProperty("kernel") String kernel,
        @JsonProperty("params") Params params) implements ArrayRef {

    public VirtualArray {
        Objects.requireNonNull(grid, "grid");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(kernel, "kernel");
        params = params == null ? Params.empty() : params;
    }
}
