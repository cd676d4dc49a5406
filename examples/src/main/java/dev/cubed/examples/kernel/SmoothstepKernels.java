package dev.cubed.examples.kernel;

import dev.cubed.block.Block;
import dev.cubed.block.DataType;
import dev.cubed.kernel.Kernel;
import dev.cubed.kernel.KernelArgs;
import dev.cubed.kernel.KernelProvider;

import java.util.Map;

/**
 * A kernel of a user's own, registered through {@code META-INF/services/dev.cubed.kernel.KernelProvider}:
 * {@code example.smoothstep} maps each value {@code x} to {@code 3t^2 - 2t^3} with
 * {@code t = clamp((x - lo) / (hi - lo), 0, 1)} (parameters {@code lo} and {@code hi}), as float64.
 * Use it with {@code cubed.mapBlocks("example.smoothstep", params, DataType.FLOAT64, x)}.
 */
public final class SmoothstepKernels implements KernelProvider {
    public static final String SMOOTHSTEP = "example.smoothstep";

    @Override
    public Map<String, Kernel> kernels() {
        return Map.of(SMOOTHSTEP, SmoothstepKernels::smoothstep);
    }

    private static Block smoothstep(KernelArgs args) {
        double lo = args.params().getDouble("lo");
        double hi = args.params().getDouble("hi");
        if (!(hi > lo)) {
            throw new IllegalArgumentException(SMOOTHSTEP + ": hi (" + hi + ") must be greater than lo (" + lo + ")");
        }
        Block x = args.block(0);
        Block out = Block.allocate(DataType.FLOAT64, args.outputBlockShape());
        // getDoubleAt/setDoubleAt walk both blocks in C order, whatever the input's layout (views, strides)
        for (int i = 0; i < x.size(); i++) {
            out.setDoubleAt(i, of(x.getDoubleAt(i), lo, hi));
        }
        return out;
    }

    /** The function itself, for one value. */
    public static double of(double x, double lo, double hi) {
        double t = Math.min(1.0, Math.max(0.0, (x - lo) / (hi - lo)));
        return t * t * (3 - 2 * t);
    }
}
