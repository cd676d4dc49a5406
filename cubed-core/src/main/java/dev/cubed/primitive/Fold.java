package dev.cubed.primitive;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.cubed.block.ValueType;
import dev.cubed.kernel.Params;

import java.util.Objects;

/**
 * Folds the values of a many-argument with a pairwise combine kernel, one value at a time:
 * {@code combine(combine(v0, v1), v2) ...}. One round of a tree reduction.
 */
public record Fold(@JsonProperty("combine") String combine,
                   @JsonProperty("params") Params params,
                   @JsonProperty("input") Arg input,
                   @JsonProperty("grid") ChunkGrid grid,
                   @JsonProperty("type") ValueType type) implements BlockExpr {

    public Fold {
        Objects.requireNonNull(combine, "combine");
        params = params == null ? Params.empty() : params;
        Objects.requireNonNull(input, "input");
        if (input.mode() != ArgMode.ITER) {
            throw new IllegalArgumentException("a fold reads its input one chunk at a time (ITER), not " + input.mode());
        }
        Objects.requireNonNull(grid, "grid");
        Objects.requireNonNull(type, "type");
    }

    public Fold withInput(Arg newInput) {
        return new Fold(combine, params, newInput, grid, type);
    }
}
