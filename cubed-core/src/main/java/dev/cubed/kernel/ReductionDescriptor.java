package dev.cubed.kernel;

import dev.cubed.block.DataType;
import dev.cubed.block.ValueType;

import java.util.Objects;

/**
 * What a planner needs to know about a built-in reduction before running it.
 *
 * @param name             the reduction ("sum", "var", ...)
 * @param initialKernel    reduces one input block over {@code axes} (add that parameter to {@link #params()})
 * @param combineKernel    merges two intermediates of one shape
 * @param aggregateKernel  turns the final intermediate into the result
 * @param intermediateType the type of the intermediates (plain or named fields), for creating their arrays
 * @param resultType       the type of the result
 * @param params           the parameters to give all three kernels: the caller's, with defaults made explicit
 */
public record ReductionDescriptor(String name, String initialKernel, String combineKernel, String aggregateKernel,
                                  ValueType intermediateType, DataType resultType, Params params) {
    public ReductionDescriptor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(initialKernel, "initialKernel");
        Objects.requireNonNull(combineKernel, "combineKernel");
        Objects.requireNonNull(aggregateKernel, "aggregateKernel");
        Objects.requireNonNull(intermediateType, "intermediateType");
        Objects.requireNonNull(resultType, "resultType");
        Objects.requireNonNull(params, "params");
    }
}
