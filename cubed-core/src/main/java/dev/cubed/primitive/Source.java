package dev.cubed.primitive;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.cubed.block.ValueType;

import java.util.Objects;

/** Reads the chunk at the given coordinates of operation input {@code input}. */
public record Source(@JsonProperty("input") int input,
                     @JsonProperty("grid") ChunkGrid grid,
                     @JsonProperty("type") ValueType type) implements BlockExpr {

    public Source {
        if (input < 0) {
            throw new IllegalArgumentException("input index must be >= 0");
        }
        Objects.requireNonNull(grid, "grid");
        Objects.requireNonNull(type, "type");
    }
}
