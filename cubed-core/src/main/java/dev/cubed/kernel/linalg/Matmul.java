package dev.cubed.kernel.linalg;

import dev.cubed.block.Block;
import dev.cubed.block.DataType;
import dev.cubed.block.TypePromotion;
import dev.cubed.kernel.Shapes;
import dev.cubed.kernel.elementwise.ElementwiseKernels;
import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;

/**
 * {@code matmul(a, b[, c])}: {@code a @ b (+ c)} with NumPy/array API semantics. a is
 * (..., m, k) and b (..., k, n), batch axes broadcast; a 1-d a is a row vector and a 1-d b a
 * column vector, and those axes are removed from the result. The optional c (broadcastable to the
 * result) is added, so a planner can fold the products of k-blocks into one accumulator without
 * an extra pass. The result type is the promotion of a and b (c is converted to it).
 *
 * <p>float64 and float32 use BLAS dgemm/sgemm from {@code dev.ludovic.netlib} (its
 * {@code VectorBLAS}, which needs {@code --add-modules jdk.incubator.vector}, else its pure-Java
 * fallback) directly on the blocks' arrays when each operand is row- or column-major, so
 * transposed views cost nothing. Integer types use {@link BlockedGemm} in 64-bit arithmetic and
 * wrap to the result type, as NumPy's integer matmul wraps.
 */
final class Matmul {
    static final String NAME = "matmul";

    /** The pure-Java BLAS: VectorBLAS when the incubator module is present. Never a native library, so
     * results do not depend on which system BLAS a host happens to have. */
    private static final class Holder {
        static final BLAS BLAS_INSTANCE = load();

        private static BLAS load() {
            BLAS b = JavaBLAS.getInstance();
            Logger log = LoggerFactory.getLogger(Matmul.class);
            if (b.getClass().getSimpleName().equals("VectorBLAS")) {
                log.debug("matmul uses {}", b.getClass().getName());
            } else {
                log.warn("matmul uses {}, about 3x slower than VectorBLAS; start the JVM with "
                        + "--add-modules jdk.incubator.vector (the ./cubed wrapper and the worker do)", b.getClass().getName());
            }
            return b;
        }
    }

    private Matmul() {
    }

    /** The BLAS implementation in use (for diagnostics and the benchmark). */
    static BLAS blas() {
        return Holder.BLAS_INSTANCE;
    }

    /** The result shape of {@code a @ b}, or an error naming the kernel and the shapes. */
    static int[] resultShape(String kernel, int[] a, int[] b) {
        if (a.length == 0 || b.length == 0) {
            throw new IllegalArgumentException("kernel '" + kernel + "' needs inputs of at least one axis, got shapes "
                    + Arrays.toString(a) + " and " + Arrays.toString(b));
        }
        int[] a2 = a.length == 1 ? new int[] {1, a[0]} : a;
        int[] b2 = b.length == 1 ? new int[] {b[0], 1} : b;
        int k = a2[a2.length - 1];
        if (b2[b2.length - 2] != k) {
            throw new IllegalArgumentException("kernel '" + kernel + "': the last axis of a " + Arrays.toString(a)
                    + " (" + k + ") must equal the " + (b.length == 1 ? "only" : "second-to-last") + " axis of b "
                    + Arrays.toString(b) + " (" + b2[b2.length - 2] + ")");
        }
        int[] batch = Shapes.broadcast(kernel, Arrays.copyOf(a2, a2.length - 2), Arrays.copyOf(b2, b2.length - 2));
        int[] out = Arrays.copyOf(batch, batch.length + 2);
        out[batch.length] = a2[a2.length - 2];
        out[batch.length + 1] = b2[b2.length - 1];
        if (a.length == 1 && b.length == 1) {
            return batch;
        }
        if (a.length == 1) {
            return remove(out, batch.length);
        }
        if (b.length == 1) {
            return remove(out, batch.length + 1);
        }
        return out;
    }

    private static int[] remove(int[] s, int axis) {
        int[] r = new int[s.length - 1];
        for (int i = 0, j = 0; i < s.length; i++) {
            if (i != axis) {
                r[j++] = s[i];
            }
        }
        return r;
    }

    static Block matmul(Block a, Block b, Block c) {
        int[] finalShape = resultShape(NAME, a.shape(), b.shape());
        DataType t = TypePromotion.resultType(a.dtype(), b.dtype());
        if (t.isBool()) {
            throw new IllegalArgumentException("kernel 'matmul' does not accept bool inputs; it accepts integer and "
                    + "floating-point types (convert with astype)");
        }
        Block a2 = a.ndim() == 1 ? a.reshape(1, a.shape(0)) : a;
        Block b2 = b.ndim() == 1 ? b.reshape(b.shape(0), 1) : b;
        int m = a2.shape(a2.ndim() - 2);
        int k = a2.shape(a2.ndim() - 1);
        int n = b2.shape(b2.ndim() - 1);
        int[] batch = Shapes.broadcast(NAME, Arrays.copyOf(a2.shape(), a2.ndim() - 2), Arrays.copyOf(b2.shape(), b2.ndim() - 2));
        int[] fullShape = Arrays.copyOf(batch, batch.length + 2);
        fullShape[batch.length] = m;
        fullShape[batch.length + 1] = n;

        DataType work = t.isFloat() ? t : DataType.INT64;
        Block out = Block.allocate(work, finalShape);
        if (c != null) {
            Block cw = c.dtype() == work ? c : ElementwiseKernels.astype(c, work);
            Block cv;
            try {
                cv = cw.broadcastTo(finalShape);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("kernel 'matmul': the accumulator c of shape " + Arrays.toString(c.shape())
                        + " does not broadcast to the result shape " + Arrays.toString(finalShape), e);
            }
            cv.copyInto(out, new int[finalShape.length]);
        }
        Block outFull = out.reshape(fullShape);
        if (out.size() > 0 && k > 0) {
            Block pa = prepare(a2, work).broadcastTo(concat(batch, m, k));
            Block pb = prepare(b2, work).broadcastTo(concat(batch, k, n));
            multiplyBatches(pa, pb, outFull, batch, m, n, k, work);
        }
        return work == t ? out : ElementwiseKernels.astype(out, t);
    }

    private static int[] concat(int[] batch, int r, int c) {
        int[] s = Arrays.copyOf(batch, batch.length + 2);
        s[batch.length] = r;
        s[batch.length + 1] = c;
        return s;
    }

    /** Converts to the working type and makes the matrix axes row- or column-major, copying only if needed. */
    private static Block prepare(Block x, DataType work) {
        Block y = x.dtype() == work || (work == DataType.INT64 && x.dtype() == DataType.UINT64)
                ? x : ElementwiseKernels.astype(x, work);
        int nd = y.ndim();
        int[] st = y.strides();
        if (layout(st[nd - 2], st[nd - 1], y.shape(nd - 2), y.shape(nd - 1)) == null) {
            y = y.copy();
        }
        return y;
    }

    /** {ld, columnMajor ? 1 : 0} for a matrix with these strides, or null when BLAS cannot read it in place. */
    private static int[] layout(int rs, int cs, int rows, int cols) {
        if (rows <= 1) {
            rs = Math.max(cols, 1);
        }
        if (cols <= 1) {
            cs = 1;
            if (rows <= 1) {
                return new int[] {1, 0};
            }
        }
        if (cs == 1 && rs >= Math.max(1, cols)) {
            return new int[] {rs, 0};
        }
        if (rs == 1 && cs >= Math.max(1, rows)) {
            return new int[] {cs, 1};
        }
        return null;
    }

    private static void multiplyBatches(Block a, Block b, Block c, int[] batch, int m, int n, int k, DataType work) {
        int nb = batch.length;
        int[] as = a.strides();
        int[] bs = b.strides();
        int[] cs = c.strides();
        int[] la = layout(as[nb], as[nb + 1], m, k);
        int[] lb = layout(bs[nb], bs[nb + 1], k, n);
        int count = Block.sizeOf(batch);
        int[] idx = new int[nb];
        for (int q = 0; q < count; q++) {
            int ao = a.offset();
            int bo = b.offset();
            int co = c.offset();
            for (int i = 0; i < nb; i++) {
                ao += idx[i] * as[i];
                bo += idx[i] * bs[i];
                co += idx[i] * cs[i];
            }
            switch (work) {
                case FLOAT64 -> {
                    if (VectorGemm.available()) {
                        VectorGemm.gemm(m, n, k, (double[]) a.data(), ao, as[nb], as[nb + 1], (double[]) b.data(), bo,
                                bs[nb], bs[nb + 1], (double[]) c.data(), co, n);
                    } else {
                        blas().dgemm(lb[1] == 1 ? "T" : "N", la[1] == 1 ? "T" : "N", n, m, k, 1.0, (double[]) b.data(),
                                bo, lb[0], (double[]) a.data(), ao, la[0], 1.0, (double[]) c.data(), co, n);
                    }
                }
                case FLOAT32 -> blas().sgemm(lb[1] == 1 ? "T" : "N", la[1] == 1 ? "T" : "N", n, m, k, 1.0f,
                        (float[]) b.data(), bo, lb[0], (float[]) a.data(), ao, la[0], 1.0f, (float[]) c.data(), co, n);
                default -> longGemm(a, ao, as[nb], as[nb + 1], b, bo, bs[nb], bs[nb + 1], (long[]) c.data(), co, m, n, k);
            }
            for (int i = nb - 1; i >= 0; i--) {
                if (++idx[i] < batch[i]) {
                    break;
                }
                idx[i] = 0;
            }
        }
    }

    /** Integer product; a column-major operand is first copied row-major (the loop wants rows of B). */
    private static void longGemm(Block a, int ao, int ars, int acs, Block b, int bo, int brs, int bcs,
                                 long[] c, int co, int m, int n, int k) {
        long[] ad = (long[]) a.data();
        long[] bd = (long[]) b.data();
        int lda = ars;
        int ldb = brs;
        if (acs != 1 && k > 1) {
            ad = rowMajor(ad, ao, ars, acs, m, k);
            ao = 0;
            lda = k;
        }
        if (bcs != 1 && n > 1) {
            bd = rowMajor(bd, bo, brs, bcs, k, n);
            bo = 0;
            ldb = n;
        }
        BlockedGemm.gemm(ad, ao, lda, bd, bo, ldb, c, co, n, m, n, k);
    }

    private static long[] rowMajor(long[] d, int off, int rs, int cs, int rows, int cols) {
        long[] r = new long[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                r[i * cols + j] = d[off + i * rs + j * cs];
            }
        }
        return r;
    }
}
