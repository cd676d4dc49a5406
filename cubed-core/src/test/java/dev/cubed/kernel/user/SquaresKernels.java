package dev.cubed.kernel.user;

import dev.cubed.block.Block;
import dev.cubed.block.DataType;
import dev.cubed.kernel.Kernel;
import dev.cubed.kernel.KernelProvider;

import java.util.Map;

/**
 * A user's kernels, registered the way a user's jar would register them
 * (META-INF/services/dev.cubed.kernel.KernelProvider in the test resources): an element-wise
 * kernel and a three-kernel reduction (sum of squares).
 */
public final class SquaresKernels implements KernelProvider {
    @Override
    public Map<String, Kernel> kernels() {
        return Map.of(
                "user.square", args -> square(args.block(0)),
                "user.sumsq.initial", args -> sumOver(square(args.block(0)).astype(DataType.FLOAT64),
                        args.params().getIntArray("axes")),
                "user.sumsq.combine", args -> add(args.block(0), args.block(1)),
                "user.sumsq.aggregate", args -> args.block(0));
    }

    static Block square(Block x) {
        Block out = Block.allocate(x.dtype(), x.shape());
        for (int i = 0; i < x.size(); i++) {
            double v = x.getDoubleAt(i);
            out.setDoubleAt(i, v * v);
        }
        return out;
    }

    static Block add(Block a, Block b) {
        Block out = Block.allocate(a.dtype(), a.shape());
        for (int i = 0; i < a.size(); i++) {
            out.setDoubleAt(i, a.getDoubleAt(i) + b.getDoubleAt(i));
        }
        return out;
    }

    static Block sumOver(Block x, int[] axes) {
        int[] shape = x.shape();
        int[] kept = shape.clone();
        for (int a : axes) {
            kept[a] = 1;
        }
        Block out = Block.allocate(DataType.FLOAT64, kept);
        int[] idx = new int[shape.length];
        for (int f = 0; f < x.size(); f++) {
            int rem = f;
            for (int i = shape.length - 1; i >= 0; i--) {
                idx[i] = rem % shape[i];
                rem /= shape[i];
            }
            int o = 0;
            for (int i = 0; i < shape.length; i++) {
                o = o * kept[i] + (kept[i] == 1 ? 0 : idx[i]);
            }
            out.setDoubleAt(o, out.getDoubleAt(o) + x.getDoubleAt(f));
        }
        return out;
    }
}
