package dev.cubed.kernel.structural;

import dev.cubed.block.Block;
import dev.cubed.block.DataType;
import dev.cubed.block.Value;
import dev.cubed.kernel.Kernel;
import dev.cubed.kernel.KernelArgs;
import dev.cubed.kernel.Params;
import dev.cubed.kernel.Shapes;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Kernels of the array API's manipulation functions, each on one output block:
 * <ul>
 *   <li>{@code permute_dims}: param {@code axes}; axis {@code i} of the result is axis
 *       {@code axes[i]} of the input block;</li>
 *   <li>{@code broadcast_to}: the input block broadcast (NumPy rules) to the output block shape;</li>
 *   <li>{@code concat}: many-inputs, one per concatenated array, each the blocks of that array
 *       that overlap the output block along {@code axis}, in order; params {@code axis},
 *       {@code offsets} (where each array starts along the axis of the result) and {@code dtype};</li>
 *   <li>{@code tril}, {@code triu}: param {@code k}; the block with the elements above (below) the
 *       k-th diagonal of the last two axes set to zero, positions taken from the output origin.</li>
 * </ul>
 */
public final class ManipulationKernels {
    private ManipulationKernels() {
    }

    public static Map<String, Kernel> kernels() {
        Map<String, Kernel> m = new LinkedHashMap<>();
        m.put("permute_dims", ManipulationKernels::permuteDims);
        m.put("broadcast_to", ManipulationKernels::broadcastTo);
        m.put("concat", ManipulationKernels::concat);
        m.put("tril", args -> triangle("tril", args, true));
        m.put("triu", args -> triangle("triu", args, false));
        return m;
    }

    static Value permuteDims(KernelArgs args) {
        Shapes.checkInputCount("permute_dims", args, 1);
        Block x = args.block(0);
        int[] axes = args.params().getIntArray("axes");
        Block t = x.transpose(axes);
        Shapes.checkOutput("permute_dims", t.shape(), args);
        return t.compact();
    }

    static Value broadcastTo(KernelArgs args) {
        Shapes.checkInputCount("broadcast_to", args, 1);
        Block x = args.block(0);
        int[] shape = args.outputBlockShape();
        Block b;
        try {
            b = x.broadcastTo(shape);
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("kernel 'broadcast_to': " + ex.getMessage(), ex);
        }
        return b.copy();
    }

    static Value concat(KernelArgs args) {
        Params p = args.params();
        int axis = p.getInt("axis");
        long[] offsets = p.getLongArray("offsets");
        DataType dtype = p.getDataType("dtype");
        if (offsets.length != args.count()) {
            throw new IllegalArgumentException("kernel 'concat' has " + args.count() + " inputs but "
                    + offsets.length + " offsets");
        }
        int[] shape = args.outputBlockShape();
        long outStart = args.outputOrigin()[axis];
        Block out = Block.allocate(dtype, shape);
        int nd = shape.length;
        for (int i = 0; i < args.count(); i++) {
            // the blocks of input i arrive in order along the axis, the first at origin(i)
            long pos = args.origin(i)[axis] + offsets[i] - outStart;
            for (Value v : args.many(i)) {
                Block b = (Block) v;
                for (int j = 0; j < nd; j++) {
                    if (j != axis && b.shape(j) != shape[j]) {
                        throw new IllegalArgumentException("kernel 'concat': input " + i + " has a block of shape "
                                + Arrays.toString(b.shape()) + " which does not line up with the output block "
                                + Arrays.toString(shape) + " off axis " + axis);
                    }
                }
                int len = b.shape(axis);
                long from = Math.max(pos, 0);
                long to = Math.min(pos + len, shape[axis]);
                if (from < to) {
                    int[] start = new int[nd];
                    int[] stop = b.shape();
                    start[axis] = (int) (from - pos);
                    stop[axis] = (int) (to - pos);
                    int[] at = new int[nd];
                    at[axis] = (int) from;
                    b.slice(start, stop).copyInto(out, at);
                }
                pos += len;
            }
        }
        return out;
    }

    static Value triangle(String name, KernelArgs args, boolean lower) {
        Shapes.checkInputCount(name, args, 1);
        Block x = args.block(0);
        Shapes.checkOutput(name, x.shape(), args);
        int nd = x.ndim();
        if (nd < 2) {
            throw new IllegalArgumentException("kernel '" + name + "' needs at least 2 axes, got shape "
                    + Arrays.toString(x.shape()));
        }
        long k = args.params().has("k") ? args.params().getLong("k") : 0;
        Block out = x.copy();
        int rows = x.shape(nd - 2);
        int cols = x.shape(nd - 1);
        long[] origin = args.outputOrigin();
        long r0 = origin[nd - 2];
        long c0 = origin[nd - 1];
        int matrices = rows * cols == 0 ? 0 : out.size() / (rows * cols);
        for (int m = 0; m < matrices; m++) {
            for (int i = 0; i < rows; i++) {
                long row = r0 + i;
                // keep columns with col - row <= k (lower) or >= k (upper)
                long from;
                long to;
                if (lower) {
                    from = Math.max(0, k + row - c0 + 1);
                    to = cols;
                } else {
                    from = 0;
                    to = Math.min(cols, k + row - c0);
                }
                if (from < to) {
                    int base = (m * rows + i) * cols;
                    zero(out, base + (int) from, base + (int) to);
                }
            }
        }
        return out;
    }

    /** Sets elements [from, to) of a compact block to zero. */
    private static void zero(Block b, int from, int to) {
        Object d = b.data();
        if (d instanceof double[] a) {
            Arrays.fill(a, from, to, 0.0);
        } else if (d instanceof float[] a) {
            Arrays.fill(a, from, to, 0f);
        } else if (d instanceof long[] a) {
            Arrays.fill(a, from, to, 0L);
        } else if (d instanceof int[] a) {
            Arrays.fill(a, from, to, 0);
        } else if (d instanceof short[] a) {
            Arrays.fill(a, from, to, (short) 0);
        } else {
            Arrays.fill((byte[]) d, from, to, (byte) 0);
        }
    }
}
