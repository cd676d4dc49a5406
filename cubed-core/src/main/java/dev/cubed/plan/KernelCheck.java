package dev.cubed.plan;

import dev.cubed.kernel.KernelRegistry;
import dev.cubed.primitive.Apply;
import dev.cubed.primitive.Arg;
import dev.cubed.primitive.ArrayRef;
import dev.cubed.primitive.BlockExpr;
import dev.cubed.primitive.ComputeSpec;
import dev.cubed.primitive.Fold;
import dev.cubed.primitive.VirtualArray;

import java.util.Set;
import java.util.TreeSet;

/** Checks before running that every kernel a plan names is registered, naming the operation that needs it. */
public final class KernelCheck {
    private KernelCheck() {
    }

    public static void check(FinalizedPlan plan, KernelRegistry kernels) {
        for (PlannedOperation op : plan.operations()) {
            if (!(op.spec() instanceof ComputeSpec spec)) {
                continue;
            }
            Set<String> names = new TreeSet<>();
            spec.outputs().forEach(o -> collect(o.root(), names));
            for (ArrayRef in : spec.inputs()) {
                if (in instanceof VirtualArray v) {
                    names.add(v.kernel());
                }
            }
            for (String name : names) {
                if (!kernels.contains(name)) {
                    throw new IllegalArgumentException(op.name() + " (" + op.label() + ") needs kernel '" + name
                            + "', which no KernelProvider on the class path registers. Add the jar that provides it "
                            + "(with META-INF/services/dev.cubed.kernel.KernelProvider) here and to the workers");
                }
            }
        }
    }

    private static void collect(BlockExpr e, Set<String> names) {
        if (e instanceof Apply a) {
            names.add(a.kernel());
            for (Arg arg : a.args()) {
                collect(arg.expr(), names);
            }
        } else if (e instanceof Fold f) {
            names.add(f.combine());
            collect(f.input().expr(), names);
        }
    }
}
