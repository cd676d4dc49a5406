package dev.cubed.primitive;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.cubed.block.ValueType;

import java.util.Objects;

/**
 * Reads, for one chunk of its own grid, the corresponding region of operation input
 * {@code input} (possibly spanning several of the input's chunks, possibly strided): the leaf of
 * rechunk copies and slicing.
 */
public record ReadRegion(@JsonProperty("input") int input,
                         @JsonProperty("region") RegionMap region,
                         @JsonProperty("grid") ChunkGrid grid,
                         @JsonProperty("type") ValueType type) implements BlockExpr {

    public ReadRegion {
        if (input < 0) {
            throw new IllegalArgumentException("input index must be >= 0");
        }
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(grid, "grid");
        Objects.requireNonNull(type, "type");
        if (region.ndim() != grid.ndim()) {
            throw new IllegalArgumentException("region has " + region.ndim() + " axes, grid has " + grid.ndim());
        }
    }
}
