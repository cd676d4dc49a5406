package dev.cubed.ops;

import dev.cubed.block.DataType;
import dev.cubed.block.ValueType;
import dev.cubed.kernel.Params;

import java.util.Objects;

/**
 * How to reduce with registered kernels: {@code initial} reduces one input block over the
 * reduced axes (keeping them with length 1), {@code combine} merges two intermediates of equal
 * shape pairwise, {@code aggregate} turns the final intermediate into the result. The
 * intermediate type is needed at plan time to create the arrays that hold tree rounds.
 *
 * @param identity the result over an empty axis, or null when the reduction has none (min, max)
 */
public record ReductionRecipe(String name, String initial, String combine, String aggregate,
                              ValueType intermediate, DataType result, Params params, Number identity) {

    public ReductionRecipe {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(combine, "combine");
        Objects.requireNonNull(aggregate, "aggregate");
        Objects.requireNonNull(intermediate, "intermediate");
        Objects.requireNonNull(result, "result");
        params = params == null ? Params.empty() : params;
    }
}
