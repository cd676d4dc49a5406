package dev.cubed.kernel.reduction;

import dev.cubed.block.Block;
import dev.cubed.block.DataType;
import dev.cubed.block.NamedBlocks;
import dev.cubed.block.Value;
import dev.cubed.kernel.KernelArgs;
import dev.cubed.kernel.Shapes;

import java.util.Arrays;

/**
 * {@code argmax.flat.initial} and {@code argmin.flat.initial}: the first step of an arg-reduction
 * over every axis at once, as the array API defines {@code argmax(x)} without an axis (the index
 * into the flattened array). One block is reduced to a block of ones holding the best value and
 * its index in the C-order flattening of the whole array (param {@code shape}); the
 * {@code argmax.combine} and {@code argmax.aggregate} kernels then finish, since comparing flat
 * indices keeps the first occurrence just as comparing indices along one axis does. NaN wins, as
 * NumPy's argmax and argmin give.
 */
final class FlatArgInitial {
    private FlatArgInitial() {
    }

    static Value apply(String kernel, boolean max, KernelArgs args) {
        Shapes.checkInputCount(kernel, args, 1);
        Block x = args.block(0);
        long[] shape = args.params().getLongArray("shape");
        int nd = x.ndim();
        if (shape.length != nd) {
            throw new IllegalArgumentException("kernel '" + kernel + "': the array shape " + Arrays.toString(shape)
                    + " and the block " + Arrays.toString(x.shape()) + " differ in axes");
        }
        int[] ones = new int[nd];
        Arrays.fill(ones, 1);
        Shapes.checkOutput(kernel, ones, args);
        long[] origin = args.origin(0);
        DataType t = x.dtype();
        int[] idx = new int[nd];
        long bestIndex = -1;
        int bestFlat = -1;
        double bestD = 0;
        long bestL = 0;
        boolean unsigned = t == DataType.UINT64;
        for (int f = 0; f < x.size(); f++) {
            boolean take;
            if (t.isFloat()) {
                double v = x.getDoubleAt(f);
                take = bestFlat < 0 || ArgReduction.better(v, bestD, max);
                if (take) {
                    bestD = v;
                }
            } else {
                long v = x.getLongAt(f);
                take = bestFlat < 0 || ArgReduction.better(v, bestL, max, unsigned);
                if (take) {
                    bestL = v;
                }
            }
            if (take) {
                bestFlat = f;
            }
        }
        Block value = Block.allocate(t, ones);
        if (bestFlat >= 0) {
            // block-local C order is global C order within the block, so the first best is the global first
            int rest = bestFlat;
            for (int i = nd - 1; i >= 0; i--) {
                idx[i] = rest % x.shape(i);
                rest /= x.shape(i);
            }
            long flat = 0;
            for (int i = 0; i < nd; i++) {
                flat = flat * shape[i] + origin[i] + idx[i];
            }
            bestIndex = flat;
            if (t.isFloat()) {
                value.setDoubleAt(0, bestD);
            } else {
                value.setLongAt(0, bestL);
            }
        }
        return NamedBlocks.of(ArgReduction.VALUE, value, ArgReduction.INDEX,
                Block.wrap(DataType.INT64, new long[] {bestIndex}, ones));
    }
}
