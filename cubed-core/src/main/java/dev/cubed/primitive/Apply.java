package dev.cubed.primitive;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.cubed.block.ValueType;
import dev.cubed.kernel.Params;

import java.util.List;
import java.util.Objects;

/** Applies a registered kernel to its arguments' values. */
public record Apply(@JsonProperty("kernel") String kernel,
                   @JsonProperty("params") Params params,
                   @JsonProperty("args") List<Arg> args,
                   @JsonProperty("grid") ChunkGrid grid,
                   @JsonProperty("type") ValueType type) implements BlockExpr {

    public Apply {
        Objects.requireNonNull(kernel, "kernel");
        params = params == null ? Params.empty() : params;
        args = List.copyOf(args);
        Objects.requireNonNull(grid, "grid");
        Objects.requireNonNull(type, "type");
    }

    public Apply withArgs(List<Arg> newArgs) {
        return new Apply(kernel, params, newArgs, grid, type);
    }
}
