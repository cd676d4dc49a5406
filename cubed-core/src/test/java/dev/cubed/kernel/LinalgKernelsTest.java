package dev.cubed.kernel;

import dev.cubed.block.Block;
import dev.cubed.block.DataType;
import dev.cubed.block.TypePromotion;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/** matmul, vecdot and outer against naive loops: exact for integers, within rounding for floats. */
class LinalgKernelsTest {
    private static final KernelRegistry REGISTRY = KernelRegistry.load();
    private static final DataType[] NUMERIC = {DataType.INT8, DataType.INT16, DataType.INT32, DataType.INT64,
        DataType.UINT8, DataType.UINT16, DataType.UINT32, DataType.UINT64, DataType.FLOAT32, DataType.FLOAT64};

    @Property(tries = 400)
    void matmulMatchesATripleLoop(@ForAll long seed) {
        Samples s = new Samples(seed);
        Random r = s.random();
        int m = r.nextInt(6);
        int k = r.nextInt(6);
        int n = r.nextInt(6);
        int kind = r.nextInt(5);
        int[] batch = r.nextInt(3) == 0 ? new int[0] : new int[] {1 + r.nextInt(3)};
        int[] sa = kind == 0 ? new int[] {k} : concat(r.nextBoolean() ? batch : ones(batch), m, k);
        int[] sb = kind == 1 ? new int[] {k} : concat(r.nextBoolean() ? batch : ones(batch), k, n);
        DataType ta = NUMERIC[r.nextInt(NUMERIC.length)];
        DataType tb = r.nextInt(3) == 0 ? NUMERIC[r.nextInt(NUMERIC.length)] : ta;
        Block a = matrix(s, ta, sa);
        Block b = matrix(s, tb, sb);
        int[] out = resultShape(sa, sb);
        Block c = r.nextBoolean() ? matrix(s, r.nextBoolean() ? TypePromotion.resultType(ta, tb) : ta, out) : null;
        KernelCall.Builder call = KernelCall.builder().input(a).input(b).outputShape(out);
        if (c != null) {
            call.input(c);
        }
        Block got = (Block) call.build().applyTo(REGISTRY.get("matmul"));
        DataType t = TypePromotion.resultType(ta, tb);
        assertThat(got.dtype()).isEqualTo(t);
        assertThat(got.shape()).isEqualTo(out);
        checkAgainstNaive(a, b, c, got, t);
    }

    @Test
    void largeFloatProductsUseTransposedViewsInPlace() {
        Samples s = new Samples(3);
        for (DataType t : new DataType[] {DataType.FLOAT64, DataType.FLOAT32, DataType.INT32}) {
            Block a = smallValues(s, t, 70, 130);
            Block bt = smallValues(s, t, 90, 130).transpose(1, 0); // (130, 90), column-major
            Block c = smallValues(s, t, 70, 90);
            Block got = (Block) KernelCall.builder().input(a).input(bt).input(c).outputShape(70, 90).build()
                    .applyTo(REGISTRY.get("matmul"));
            checkAgainstNaive(a, bt, c, got, t);
        }
    }

    @Test
    void foldingKBlocksThroughTheAccumulatorEqualsOneProduct() {
        Samples s = new Samples(9);
        Block a = smallValues(s, DataType.FLOAT64, 8, 12);
        Block b = smallValues(s, DataType.FLOAT64, 12, 5);
        Block acc = null;
        for (int k0 = 0; k0 < 12; k0 += 4) {
            Block ak = a.slice(new int[] {0, k0}, new int[] {8, k0 + 4});
            Block bk = b.slice(new int[] {k0, 0}, new int[] {k0 + 4, 5});
            KernelCall.Builder call = KernelCall.builder().input(ak).input(bk).outputShape(8, 5);
            if (acc != null) {
                call.input(acc);
            }
            acc = (Block) call.build().applyTo(REGISTRY.get("matmul"));
        }
        checkAgainstNaive(a, b, null, acc, DataType.FLOAT64);
    }

    @Test
    void accumulatorIsNotModified() {
        Block a = Block.of(new double[] {1, 2, 3, 4}, 2, 2);
        Block c = Block.of(new double[] {10, 20, 30, 40}, 2, 2);
        Block r = (Block) KernelCall.builder().input(a).input(a).input(c).outputShape(2, 2).build()
                .applyTo(REGISTRY.get("matmul"));
        assertThat((double[]) c.data()).containsExactly(10, 20, 30, 40);
        assertThat((double[]) r.data()).containsExactly(17, 30, 45, 62);
    }

    @Test
    void mismatchedShapesNameTheKernel() {
        Block a = Block.of(new double[6], 2, 3);
        assertThatThrownBy(() -> KernelCall.builder().input(a).input(a).outputShape(2, 3).build()
                .applyTo(REGISTRY.get("matmul"))).hasMessageContaining("matmul").hasMessageContaining("[2, 3]");
        assertThatThrownBy(() -> KernelCall.builder().input(a).input(a.transpose(1, 0)).outputShape(3, 3).build()
                .applyTo(REGISTRY.get("matmul"))).hasMessageContaining("[2, 2]");
        Block bool = Block.allocate(DataType.BOOL, 2, 2);
        assertThatThrownBy(() -> KernelCall.builder().input(bool).input(bool).outputShape(2, 2).build()
                .applyTo(REGISTRY.get("matmul"))).hasMessageContaining("bool");
    }

    @Property(tries = 200)
    void vecdotAndOuterMatchLoops(@ForAll long seed) {
        Samples s = new Samples(seed);
        Random r = s.random();
        DataType ta = NUMERIC[r.nextInt(NUMERIC.length)];
        DataType tb = NUMERIC[r.nextInt(NUMERIC.length)];
        DataType t = TypePromotion.resultType(ta, tb);
        int rows = r.nextInt(4);
        int len = r.nextInt(5);
        Block x1 = matrix(s, ta, new int[] {rows, len});
        Block x2 = matrix(s, tb, r.nextBoolean() ? new int[] {len} : new int[] {rows, len});
        Block v = (Block) KernelCall.builder().input(x1).input(x2).outputShape(rows).build().applyTo(REGISTRY.get("vecdot"));
        assertThat(v.dtype()).isEqualTo(t);
        for (int i = 0; i < rows; i++) {
            if (t.isFloat()) {
                double e = 0;
                double magnitude = 0; // rounding error scales with the terms, not with a cancelled sum
                for (int j = 0; j < len; j++) {
                    double term = Exact.real(x1, i, j) * Exact.real(x2, x2.ndim() == 1 ? new int[] {j} : new int[] {i, j});
                    e += term;
                    magnitude += Math.abs(term);
                }
                double eps = t == DataType.FLOAT32 ? 1e-6 : 1e-14;
                assertThat(v.getDouble(i)).isCloseTo(e, org.assertj.core.data.Offset.offset(4 * eps * (1 + magnitude)));
            } else {
                BigInteger e = BigInteger.ZERO;
                for (int j = 0; j < len; j++) {
                    e = e.add(Exact.integer(x1, i, j).multiply(
                            Exact.integer(x2, x2.ndim() == 1 ? new int[] {j} : new int[] {i, j})));
                }
                assertThat(Exact.integer(v, i)).isEqualTo(Exact.wrap(e, t));
            }
        }
        Block u = matrix(s, ta, new int[] {rows});
        Block w = matrix(s, tb, new int[] {len});
        Block o = (Block) KernelCall.builder().input(u).input(w).outputShape(rows, len).build().applyTo(REGISTRY.get("outer"));
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < len; j++) {
                if (t.isFloat()) {
                    double e = t == DataType.FLOAT32 ? (float) ((float) Exact.real(u, i) * (float) Exact.real(w, j))
                            : Exact.real(u, i) * Exact.real(w, j);
                    assertThat(Exact.same(o.getDouble(i, j), e)).isTrue();
                } else {
                    assertThat(Exact.integer(o, i, j)).isEqualTo(Exact.wrap(Exact.integer(u, i).multiply(Exact.integer(w, j)), t));
                }
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    private static int[] ones(int[] batch) {
        int[] o = batch.clone();
        Arrays.fill(o, 1);
        return o;
    }

    private static int[] concat(int[] batch, int r, int c) {
        int[] s = Arrays.copyOf(batch, batch.length + 2);
        s[batch.length] = r;
        s[batch.length + 1] = c;
        return s;
    }

    private static int[] resultShape(int[] a, int[] b) {
        int[] a2 = a.length == 1 ? new int[] {1, a[0]} : a;
        int[] b2 = b.length == 1 ? new int[] {b[0], 1} : b;
        int[] batch = Shapes.broadcast("test", Arrays.copyOf(a2, a2.length - 2), Arrays.copyOf(b2, b2.length - 2));
        int[] out = concat(batch, a2[a2.length - 2], b2[b2.length - 1]);
        if (a.length == 1 && b.length == 1) {
            return batch;
        }
        if (a.length == 1) {
            return remove(out, out.length - 2);
        }
        if (b.length == 1) {
            return remove(out, out.length - 1);
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

    /** Random values (finite for floats, so products stay comparable), in a random layout. */
    private static Block matrix(Samples s, DataType t, int[] shape) {
        if (!t.isFloat()) {
            return s.block(t, shape);
        }
        return smallValues(s, t, shape);
    }

    private static Block smallValues(Samples s, DataType t, int... shape) {
        Block b = Block.allocate(t, shape);
        for (int i = 0; i < b.size(); i++) {
            if (t.isFloat()) {
                b.setDoubleAt(i, s.random().nextGaussian());
            } else {
                b.setLongAt(i, s.random().nextInt(200) - 100);
            }
        }
        return s.layout(b);
    }

    private static void checkAgainstNaive(Block a, Block b, Block c, Block got, DataType t) {
        boolean av = a.ndim() == 1;
        boolean bv = b.ndim() == 1;
        int[] out = got.shape();
        for (int f = 0; f < got.size(); f++) {
            int[] idx = Exact.unravel(f, out);
            // recover batch, i, j from the result index
            int nd = out.length;
            int i;
            int j;
            int[] batch;
            if (av && bv) {
                batch = idx;
                i = 0;
                j = 0;
            } else if (av) {
                batch = Arrays.copyOf(idx, nd - 1);
                i = 0;
                j = idx[nd - 1];
            } else if (bv) {
                batch = Arrays.copyOf(idx, nd - 1);
                i = idx[nd - 1];
                j = 0;
            } else {
                batch = Arrays.copyOf(idx, nd - 2);
                i = idx[nd - 2];
                j = idx[nd - 1];
            }
            int k = av ? a.shape(0) : a.shape(a.ndim() - 1);
            BigInteger ei = BigInteger.ZERO;
            double ed = 0;
            double mag = 0;
            for (int p = 0; p < k; p++) {
                int[] ia = av ? new int[] {p} : withBatch(batch, a.ndim(), i, p, a.shape());
                int[] ib = bv ? new int[] {p} : withBatch(batch, b.ndim(), p, j, b.shape());
                if (t.isFloat()) {
                    double x = Exact.real(a, ia) * Exact.real(b, ib);
                    ed += x;
                    mag += Math.abs(x);
                } else {
                    ei = ei.add(Exact.integer(a, ia).multiply(Exact.integer(b, ib)));
                }
            }
            if (c != null) {
                int[] ic = Exact.broadcastIndex(idx, c.shape());
                if (t.isFloat()) {
                    double cv = Exact.real(c, ic);
                    ed += cv;
                    mag += Math.abs(cv);
                } else {
                    ei = ei.add(c.dtype().isFloat() ? Exact.castFloatToInteger(c.getDouble(ic)) : Exact.integer(c, ic));
                }
            }
            if (t.isFloat()) {
                double g = got.getDoubleAt(f);
                double tol = (t == DataType.FLOAT32 ? 1e-5 : 1e-12) * (mag + 1);
                if (Math.abs(g - ed) > tol) {
                    fail("matmul " + Arrays.toString(idx) + ": expected " + ed + " got " + g + " for " + a + " @ " + b);
                }
            } else {
                BigInteger g = t == DataType.UINT64 ? new BigInteger(Long.toUnsignedString(got.getLongAt(f)))
                        : BigInteger.valueOf(got.getLongAt(f));
                assertThat(g).as("matmul %s", Arrays.toString(idx)).isEqualTo(Exact.wrap(ei, t));
            }
        }
    }

    /** Index into an operand with the given batch (broadcast from the result's batch) and matrix position. */
    private static int[] withBatch(int[] batch, int nd, int r, int c, int[] shape) {
        int[] idx = new int[nd];
        int nb = nd - 2;
        int lead = batch.length - nb;
        for (int q = 0; q < nb; q++) {
            idx[q] = shape[q] == 1 ? 0 : batch[lead + q];
        }
        idx[nd - 2] = r;
        idx[nd - 1] = c;
        return idx;
    }
}
