package dev.cubed.kernel;

import dev.cubed.block.DataType;
import dev.cubed.kernel.reduction.Reduction;
import dev.cubed.kernel.reduction.ReductionKernels;

import java.util.Set;

/**
 * Plan-time descriptions of the built-in reductions: kernel names, intermediate and result types,
 * without running anything. The planner creates the intermediate arrays from
 * {@link ReductionDescriptor#intermediateType()} and passes {@link ReductionDescriptor#params()}
 * to the three kernels (adding {@code axes} for the initial one).
 *
 * <p>Result types follow the array API: {@code sum}/{@code prod} of integers give int64 (uint64 for
 * unsigned), {@code mean}/{@code var}/{@code std} of integers float64, {@code all}/{@code any}
 * bool, {@code argmax}/{@code argmin}/{@code count_nonzero} int64, min/max the input type; the
 * {@code dtype} parameter overrides the type of sum, prod, mean, var and std.
 */
public final class Reductions {

    private Reductions() {
    }

    /**
     * Describes reduction {@code name} of an array of type {@code input}.
     *
     * @throws IllegalArgumentException for an unknown reduction or a type it does not accept
     */
    public static ReductionDescriptor describe(String name, DataType input, Params params) {
        Reduction r = ReductionKernels.reduction(name);
        return new ReductionDescriptor(name, name + ".initial", name + ".combine", name + ".aggregate",
                r.intermediateType(input, params), r.resultType(input, params), r.resolve(input, params), r.identity());
    }

    /** The names of the built-in reductions. */
    public static Set<String> names() {
        return ReductionKernels.reductionsByName().keySet();
    }
}
