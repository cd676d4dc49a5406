package dev.cubed.kernel.scan;

import dev.cubed.block.Block;
import dev.cubed.block.DataType;
import dev.cubed.block.Value;
import dev.cubed.kernel.Kernel;
import dev.cubed.kernel.KernelArgs;
import dev.cubed.kernel.Params;
import dev.cubed.kernel.Shapes;
import dev.cubed.kernel.elementwise.ElementwiseKernels;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The block kernels of the cumulative sums and products (a chunked scan, as Cubed's {@code scan}):
 * <ul>
 *   <li>{@code cumulative_sum}, {@code cumulative_prod}: the running sum (product) of one block
 *       along {@code axis}, in type {@code dtype}; with {@code exclusive} true each element holds
 *       the running value of the elements before it (the first holds 0, or 1 for products);</li>
 *   <li>{@code cumulative_sum.total}, {@code cumulative_prod.total}: the block's sum (product)
 *       along {@code axis}, kept as an axis of length 1; equal to the last element of the block's
 *       running value;</li>
 *   <li>{@code cumulative_sum.offset}, {@code cumulative_prod.offset}: input 0 a block's running
 *       values, input 1 the chunk of block offsets that holds this block's offset at position
 *       {@code outputChunkCoords()[axis] - origin(1)[axis]} along {@code axis}; the running values
 *       plus (times) that offset.</li>
 * </ul>
 * Integers accumulate in 64 bits and wrap to {@code dtype}, as NumPy's do; floats accumulate in
 * float64 and round each element once to {@code dtype}.
 */
public final class ScanKernels {
    private ScanKernels() {
    }

    public static Map<String, Kernel> kernels() {
        Map<String, Kernel> m = new LinkedHashMap<>();
        for (boolean product : new boolean[] {false, true}) {
            String name = product ? "cumulative_prod" : "cumulative_sum";
            m.put(name, args -> scan(name, args, product));
            m.put(name + ".total", args -> total(name + ".total", args, product));
            m.put(name + ".offset", args -> offset(name + ".offset", args, product));
        }
        return m;
    }

    /** The type running values are accumulated in: float64 for floats, 64-bit integers otherwise. */
    private static DataType work(DataType dtype) {
        if (dtype.isFloat()) {
            return DataType.FLOAT64;
        }
        return dtype.isUnsigned() ? DataType.UINT64 : DataType.INT64;
    }

    private static int axis(String kernel, Params p, int ndim) {
        int axis = p.getInt("axis");
        int a = axis < 0 ? axis + ndim : axis;
        if (a < 0 || a >= ndim) {
            throw new IllegalArgumentException("kernel '" + kernel + "': axis " + axis + " is out of range for a block of "
                    + ndim + " axes");
        }
        return a;
    }

    private static Value scan(String kernel, KernelArgs args, boolean product) {
        Shapes.checkInputCount(kernel, args, 1);
        Block x = args.block(0);
        Shapes.checkOutput(kernel, x.shape(), args);
        Params p = args.params();
        DataType dtype = p.getDataType("dtype");
        int axis = axis(kernel, p, x.ndim());
        boolean exclusive = p.getBoolean("exclusive", false);
        return ElementwiseKernels.astype(running(x, axis, dtype, product, exclusive, false), dtype);
    }

    private static Value total(String kernel, KernelArgs args, boolean product) {
        Shapes.checkInputCount(kernel, args, 1);
        Block x = args.block(0);
        Params p = args.params();
        DataType dtype = p.getDataType("dtype");
        int axis = axis(kernel, p, x.ndim());
        Block t = running(x, axis, dtype, product, false, true);
        Shapes.checkOutput(kernel, t.shape(), args);
        return ElementwiseKernels.astype(t, dtype);
    }

    /**
     * Running values along {@code axis} in the work type of {@code dtype}: all of them, or
     * ({@code lastOnly}) just the final one, as an axis of length 1.
     */
    private static Block running(Block x, int axis, DataType dtype, boolean product, boolean exclusive,
                                 boolean lastOnly) {
        DataType work = work(dtype);
        // convert to dtype first (NumPy casts the input to the accumulator type), then widen
        Block in = ElementwiseKernels.astype(ElementwiseKernels.astype(x, dtype), work).compact();
        int[] shape = in.shape();
        int n = shape[axis];
        int outer = Block.sizeOf(Arrays.copyOf(shape, axis));
        int inner = Block.sizeOf(Arrays.copyOfRange(shape, axis + 1, shape.length));
        int[] outShape = shape.clone();
        if (lastOnly) {
            outShape[axis] = 1;
        }
        int outLen = lastOnly ? 1 : n;
        // row by row along the axis, all `inner` running values at once: contiguous, cache-friendly loops
        if (work == DataType.FLOAT64) {
            double[] a = (double[]) in.data();
            double[] r = new double[outer * outLen * inner];
            double[] acc = new double[inner];
            for (int o = 0; o < outer; o++) {
                java.util.Arrays.fill(acc, product ? 1.0 : 0.0);
                for (int i = 0; i < n; i++) {
                    int b = (o * n + i) * inner;
                    int ob = b;
                    if (lastOnly) {
                        for (int q = 0; q < inner; q++) {
                            acc[q] = product ? acc[q] * a[b + q] : acc[q] + a[b + q];
                        }
                    } else if (exclusive) {
                        System.arraycopy(acc, 0, r, ob, inner);
                        if (product) {
                            for (int q = 0; q < inner; q++) {
                                acc[q] *= a[b + q];
                            }
                        } else {
                            for (int q = 0; q < inner; q++) {
                                acc[q] += a[b + q];
                            }
                        }
                    } else {
                        if (product) {
                            for (int q = 0; q < inner; q++) {
                                acc[q] *= a[b + q];
                            }
                        } else {
                            for (int q = 0; q < inner; q++) {
                                acc[q] += a[b + q];
                            }
                        }
                        System.arraycopy(acc, 0, r, ob, inner);
                    }
                }
                if (lastOnly) {
                    System.arraycopy(acc, 0, r, o * inner, inner);
                }
            }
            return Block.wrap(DataType.FLOAT64, r, outShape);
        }
        long[] a = (long[]) in.data();
        long[] r = new long[outer * outLen * inner];
        long[] acc = new long[inner];
        for (int o = 0; o < outer; o++) {
            java.util.Arrays.fill(acc, product ? 1L : 0L);
            for (int i = 0; i < n; i++) {
                int b = (o * n + i) * inner;
                if (exclusive && !lastOnly) {
                    System.arraycopy(acc, 0, r, b, inner);
                }
                if (product) {
                    for (int q = 0; q < inner; q++) {
                        acc[q] *= a[b + q];
                    }
                } else {
                    for (int q = 0; q < inner; q++) {
                        acc[q] += a[b + q];
                    }
                }
                if (!exclusive && !lastOnly) {
                    System.arraycopy(acc, 0, r, b, inner);
                }
            }
            if (lastOnly) {
                System.arraycopy(acc, 0, r, o * inner, inner);
            }
        }
        return Block.wrap(work, r, outShape);
    }

    private static Value offset(String kernel, KernelArgs args, boolean product) {
        Shapes.checkInputCount(kernel, args, 2);
        Block scanned = args.block(0);
        Block offsets = args.block(1);
        Shapes.checkOutput(kernel, scanned.shape(), args);
        Params p = args.params();
        DataType dtype = p.getDataType("dtype");
        int axis = axis(kernel, p, scanned.ndim());
        long row = args.outputChunkCoords()[axis] - args.origin(1)[axis];
        if (row < 0 || row >= offsets.shape(axis)) {
            throw new IllegalArgumentException("kernel '" + kernel + "': block " + args.outputChunkCoords()[axis]
                    + " has no offset in the offsets chunk starting at " + args.origin(1)[axis] + " of length "
                    + offsets.shape(axis));
        }
        Block off = offsets.stride(axis, (int) row, 1, 1);
        Block r = ElementwiseKernels.binary(product ? "multiply" : "add").apply(scanned, off);
        return ElementwiseKernels.astype(r, dtype);
    }
}
