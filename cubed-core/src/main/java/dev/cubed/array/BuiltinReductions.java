package dev.cubed.array;

import dev.cubed.block.DataType;
import dev.cubed.kernel.Params;
import dev.cubed.kernel.ReductionDescriptor;
import dev.cubed.kernel.Reductions;

/** The built-in reductions as the planner takes them: the kernels' own descriptions, and the flat arg-reductions. */
final class BuiltinReductions {
    private BuiltinReductions() {
    }

    static ReductionDescriptor recipe(String name, DataType input, DataType dtype) {
        return recipe(name, input, dtype == null ? Params.empty() : Params.builder().put("dtype", dtype).build());
    }

    static ReductionDescriptor recipe(String name, DataType input, Params params) {
        return Reductions.describe(name, input, params);
    }

    /**
     * argmax or argmin over every axis at once: the index into the flattened array, as the array
     * API defines it when no axis is given.
     */
    static ReductionDescriptor flatArg(String name, DataType input, long[] shape) {
        ReductionDescriptor d = Reductions.describe(name, input, Params.empty());
        Params p = Params.builder().put("shape", shape).build();
        return new ReductionDescriptor(name, name + ".flat.initial", d.combineKernel(), d.aggregateKernel(),
                d.intermediateType(), d.resultType(), p, null);
    }
}
