package dev.cubed.kernel.reduction;

import dev.cubed.block.Block;
import dev.cubed.block.DataType;
import dev.cubed.kernel.elementwise.Casts;
import dev.cubed.kernel.elementwise.Domain;

import java.util.Arrays;

/**
 * Visits the elements of a block grouped by the output element they reduce into, for a reduction
 * over some axes that keeps them with length 1.
 *
 * <p>Two visiting orders, chosen from the block's layout so that runs are long and, when possible,
 * contiguous: <em>runs</em> hand over consecutive reduced positions of one output element (good
 * when the reduced axes are innermost, e.g. row sums of a C-ordered block), <em>rows</em> hand
 * over one reduced position of consecutive output elements (good when the kept axes are innermost,
 * e.g. column sums). Elements are converted into the requested {@link Domain} in small buffers,
 * or passed in place when the block's storage already is that domain and the run is contiguous.
 * Within one output element, reduced positions are visited in increasing C order in both orders.
 */
final class AxisIteration {
    private static final int BUFFER = 4096;

    /** Receives the elements of a block, piece by piece. */
    interface Visitor {
        /** Elements at reduced positions {@code reducedStart ..+n} of output element {@code out}. */
        void run(int out, int reducedStart, Object data, int offset, int n);

        /** Elements of output elements {@code outStart ..+n} at reduced position {@code reduced}. */
        void row(int outStart, int reduced, Object data, int offset, int n);
    }

    private final Block block;
    private final int[] keepShape;
    private final int outSize;
    private final int reducedSize;
    private final int[] keptExt;
    private final int[] keptStride;
    private final int[] redExt;
    private final int[] redStride;

    /**
     * @param kernel for error messages
     * @param axes   axes to reduce, each in {@code [-ndim, ndim)}, no repeats
     */
    AxisIteration(String kernel, Block block, int[] axes) {
        this.block = block;
        int nd = block.ndim();
        boolean[] reduced = normalise(kernel, axes, nd);
        int[] shape = block.shape();
        int[] strides = block.strides();
        keepShape = shape.clone();
        int out = 1;
        int red = 1;
        for (int i = 0; i < nd; i++) {
            if (reduced[i]) {
                keepShape[i] = 1;
                red *= shape[i];
            } else {
                out *= shape[i];
            }
        }
        outSize = out;
        reducedSize = red;
        int[][] kept = mergedDims(shape, strides, reduced, false);
        int[][] redDims = mergedDims(shape, strides, reduced, true);
        keptExt = kept[0];
        keptStride = kept[1];
        redExt = redDims[0];
        redStride = redDims[1];
    }

    /** Which axes are reduced, validating and normalising negative axes. */
    static boolean[] normalise(String kernel, int[] axes, int nd) {
        boolean[] reduced = new boolean[nd];
        for (int a : axes) {
            int ax = a < 0 ? a + nd : a;
            if (ax < 0 || ax >= nd) {
                throw new IllegalArgumentException("kernel '" + kernel + "': axis " + a + " is out of range for a block of "
                        + nd + " axes (axes " + Arrays.toString(axes) + ")");
            }
            if (reduced[ax]) {
                throw new IllegalArgumentException("kernel '" + kernel + "': axis " + a + " is repeated in axes "
                        + Arrays.toString(axes));
            }
            reduced[ax] = true;
        }
        return reduced;
    }

    /** Extents and strides of the axes of one group (kept or reduced), length-1 axes dropped, contiguous neighbours merged. */
    private static int[][] mergedDims(int[] shape, int[] strides, boolean[] reduced, boolean group) {
        int[] ext = new int[shape.length];
        int[] st = new int[shape.length];
        int m = 0;
        for (int i = 0; i < shape.length; i++) {
            if (reduced[i] != group || shape[i] == 1) {
                continue;
            }
            if (m > 0 && st[m - 1] == strides[i] * shape[i]) {
                ext[m - 1] *= shape[i];
                st[m - 1] = strides[i];
            } else {
                ext[m] = shape[i];
                st[m] = strides[i];
                m++;
            }
        }
        return new int[][] {Arrays.copyOf(ext, m), Arrays.copyOf(st, m)};
    }

    /** The shape of the result: the block's shape with reduced axes of length 1. */
    int[] keepShape() {
        return keepShape.clone();
    }

    int outSize() {
        return outSize;
    }

    /** Number of elements reduced into each output element. */
    int reducedSize() {
        return reducedSize;
    }

    DataType dtype() {
        return block.dtype();
    }

    /** Visits every element, converted to {@code domain}. */
    void forEach(Domain domain, Visitor v) {
        if (outSize == 0 || reducedSize == 0) {
            return;
        }
        boolean runs = chooseRuns();
        int[] groupOuterExt;
        int[] groupOuterStride;
        int innerExt;
        int innerStride;
        if (runs) {
            // outer: all kept dims, then reduced dims but the last; inner: last reduced dim
            innerExt = redExt.length > 0 ? redExt[redExt.length - 1] : 1;
            innerStride = redExt.length > 0 ? redStride[redStride.length - 1] : 0;
            groupOuterExt = concat(keptExt, Arrays.copyOf(redExt, Math.max(redExt.length - 1, 0)));
            groupOuterStride = concat(keptStride, Arrays.copyOf(redStride, Math.max(redStride.length - 1, 0)));
        } else {
            innerExt = keptExt[keptExt.length - 1];
            innerStride = keptStride[keptStride.length - 1];
            groupOuterExt = concat(redExt, Arrays.copyOf(keptExt, keptExt.length - 1));
            groupOuterStride = concat(redStride, Arrays.copyOf(keptStride, keptStride.length - 1));
        }
        DataType t = block.dtype();
        Object data = block.data();
        boolean direct = innerStride == 1 && domain.isDirect(t);
        int piece = direct ? innerExt : Math.min(BUFFER, innerExt);
        Object buf = direct ? null : domain.allocate(piece);
        int runsPerGroup = (runs ? reducedSize : outSize) / innerExt;
        int totalRuns = outSize * reducedSize / innerExt;
        int[] counter = new int[groupOuterExt.length];
        int pos = block.offset();
        for (int r = 0; r < totalRuns; r++) {
            int major = r / runsPerGroup;
            int minorStart = (r % runsPerGroup) * innerExt;
            for (int p = 0; p < innerExt; p += piece) {
                int n = Math.min(piece, innerExt - p);
                Object d;
                int off;
                if (direct) {
                    d = data;
                    off = pos + p;
                } else {
                    Casts.gather(t, data, pos + p * innerStride, innerStride, n, domain, buf);
                    d = buf;
                    off = 0;
                }
                if (runs) {
                    v.run(major, minorStart + p, d, off, n);
                } else {
                    v.row(minorStart + p, major, d, off, n);
                }
            }
            for (int ax = groupOuterExt.length - 1; ax >= 0; ax--) {
                counter[ax]++;
                pos += groupOuterStride[ax];
                if (counter[ax] < groupOuterExt[ax]) {
                    break;
                }
                pos -= groupOuterStride[ax] * groupOuterExt[ax];
                counter[ax] = 0;
            }
        }
    }

    /** Runs over reduced positions unless rows over kept positions are clearly longer or more contiguous. */
    private boolean chooseRuns() {
        if (keptExt.length == 0) {
            return true;
        }
        if (redExt.length == 0) {
            return false;
        }
        long runScore = (long) redExt[redExt.length - 1] * (Math.abs(redStride[redStride.length - 1]) == 1 ? 4 : 1);
        long rowScore = (long) keptExt[keptExt.length - 1] * (Math.abs(keptStride[keptStride.length - 1]) == 1 ? 4 : 1);
        return runScore >= rowScore;
    }

    private static int[] concat(int[] a, int[] b) {
        int[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
