package dev.cubed.kernel;

import dev.cubed.block.DataType;
import dev.cubed.block.ValueType;

import java.util.Objects;

/**
 * How to plan a tree reduction with registered kernels, for the built-in reductions
 * ({@link Reductions#describe}) and for a user's ({@code Cubed.reduction}) alike: the initial kernel
 * reduces one input block over the reduced axes (keeping them with length 1), the combine kernel
 * merges two intermediates of equal shape, the aggregate kernel turns the final intermediate into the
 * result. The intermediate type is needed at plan time to create the arrays that hold tree rounds.
 *
 * @param name             the reduction ("sum", "var", ...), in operation names and messages
 * @param initialKernel    reduces one input block over {@code axes} (the planner adds that parameter to {@link #params()})
 * @param combineKernel    merges two intermediates of one shape
 * @param aggregateKernel  turns the final intermediate into the result
 * @param intermediateType the type of the intermediates (plain or named fields), for creating their arrays
 * @param resultType       the type of the result
 * @param params           the parameters to give all three kernels: the caller's, with defaults made explicit
 * @param identity         the result over an empty axis, or null when the reduction has none (min, max, argmax)
 */
public record ReductionDescriptor(String name, String initialKernel, String combineKernel, String aggregateKernel,
                                  ValueType intermediateType, DataType resultType, Params params, Number identity) {
    public ReductionDescriptor {
        Objects.requireNonNull(name, "name");
        requireKernel(name, "initial", initialKernel);
        requireKernel(name, "combine", combineKernel);
        requireKernel(name, "aggregate", aggregateKernel);
        Objects.requireNonNull(intermediateType, () -> "reduction " + name + ": the intermediate type is required");
        Objects.requireNonNull(resultType, () -> "reduction " + name + ": the result type is required");
        params = params == null ? Params.empty() : params;
    }

    private static void requireKernel(String reduction, String step, String kernel) {
        if (kernel == null || kernel.isBlank()) {
            throw new IllegalArgumentException("reduction " + reduction + ": the " + step + " kernel needs a name");
        }
    }
}
