package dev.cubed.array;

import dev.cubed.block.DataType;
import dev.cubed.kernel.Params;
import dev.cubed.kernel.ReductionDescriptor;
import dev.cubed.kernel.Reductions;
import dev.cubed.ops.ReductionRecipe;

/** The recipes of the built-in reductions, from the kernels' own descriptions. */
final class BuiltinReductions {
    private BuiltinReductions() {
    }

    static ReductionRecipe recipe(String name, DataType input, DataType dtype) {
        return recipe(name, input, dtype == null ? Params.empty() : Params.builder().put("dtype", dtype).build());
    }

    static ReductionRecipe recipe(String name, DataType input, Params params) {
        ReductionDescriptor d = Reductions.describe(name, input, params);
        return new ReductionRecipe(d.name(), d.initialKernel(), d.combineKernel(), d.aggregateKernel(),
                d.intermediateType(), d.resultType(), d.params(), identity(name));
    }

    /**
     * argmax or argmin over every axis at once: the index into the flattened array, as the array
     * API defines it when no axis is given.
     */
    static ReductionRecipe flatArg(String name, DataType input, long[] shape) {
        ReductionDescriptor d = Reductions.describe(name, input, Params.empty());
        Params p = Params.builder().put("shape", shape).build();
        return new ReductionRecipe(name, name + ".flat.initial", d.combineKernel(), d.aggregateKernel(),
                d.intermediateType(), d.resultType(), p, null);
    }

    /** The result over an empty axis, as NumPy gives it; null where NumPy raises. */
    private static Number identity(String name) {
        return switch (name) {
            case "sum", "nansum", "count_nonzero", "any" -> 0;
            case "prod", "nanprod", "all" -> 1;
            case "mean", "nanmean", "var", "std", "nanvar", "nanstd" -> Double.NaN;
            default -> null;
        };
    }
}
