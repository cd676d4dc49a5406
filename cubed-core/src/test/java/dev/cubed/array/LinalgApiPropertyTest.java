package dev.cubed.array;

import dev.cubed.block.Block;
import dev.cubed.block.DataType;
import dev.cubed.block.TypePromotion;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static dev.cubed.array.ApiCases.block;
import static dev.cubed.array.ApiCases.chunks;
import static dev.cubed.array.ApiCases.describe;
import static dev.cubed.array.ApiCases.ravel;
import static dev.cubed.array.ApiCases.unravel;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * matmul (batch axes broadcast, 1-d operands), tensordot, vecdot and outer against triple loops,
 * on random shapes (including empty and length-1 axes), chunkings and numeric types, mixed types
 * promoted. Integer results wrap as the loops' 64-bit arithmetic does modulo the type's width.
 */
class LinalgApiPropertyTest {
    private static Cubed single;
    private static Cubed threads;
    private static final DataType[] TYPES = {DataType.FLOAT64, DataType.FLOAT32, DataType.INT8, DataType.INT32,
        DataType.INT64, DataType.UINT8, DataType.UINT16};

    @BeforeContainer
    static void open() {
        single = ApiCases.session("linalg1", false);
        threads = ApiCases.session("linalg2", true);
    }

    @AfterContainer
    static void close() {
        single.close();
        threads.close();
    }

    private static DataType type(Random r) {
        return TYPES[r.nextInt(TYPES.length)];
    }

    /** Accumulates products as double (float results) and long (integer results). */
    private static final class Acc {
        double d;
        double scale;
        long l;

        void add(Block a, int i, Block b, int j) {
            double p = a.getDoubleAt(i) * b.getDoubleAt(j);
            d += p;
            scale += Math.abs(p);
            l += a.getLongAt(i) * b.getLongAt(j);
        }
    }

    private static void check(Block got, int[] shape, DataType t, List<Acc> accs, String what) {
        assertThat(got.dtype()).as("dtype of %s", what).isEqualTo(t);
        assertThat(got.shape()).as("shape of %s", what).isEqualTo(shape);
        double rel = t == DataType.FLOAT32 ? 1e-5 : 1e-12;
        Block wrapped = Block.allocate(t, shape);
        for (int i = 0; i < accs.size(); i++) {
            Acc a = accs.get(i);
            if (t.isFloat()) {
                assertThat(Math.abs(got.getDoubleAt(i) - a.d)).as("%s element %d: %s vs %s", what, i,
                        got.getDoubleAt(i), a.d).isLessThanOrEqualTo(rel * a.scale + 1e-12);
            } else {
                wrapped.setLongAt(i, a.l);
                assertThat(got.getLongAt(i)).as("%s element %d", what, i).isEqualTo(wrapped.getLongAt(i));
            }
        }
    }

    @Property(tries = 40)
    void batchedMatmulMatchesLoops(@ForAll long seed) {
        Random r = new Random(seed);
        int m = r.nextInt(5);
        int k = r.nextInt(5);
        int n = r.nextInt(5);
        int[] batch = ApiCases.shape(r, 0, 2, 3);
        boolean aVector = r.nextInt(5) == 0;
        boolean bVector = r.nextInt(5) == 0;
        int[] ba = operandBatch(batch, r);
        int[] bb = operandBatch(batch, r);
        if (aVector) {
            ba = new int[0];
        }
        if (bVector) {
            bb = new int[0];
        }
        int[] sa = aVector ? new int[] {k} : concat(ba, m, k);
        int[] sb = bVector ? new int[] {k} : concat(bb, k, n);
        DataType ta = type(r);
        DataType tb = r.nextBoolean() ? ta : type(r);
        Block a = block(ta, sa, r, false);
        Block b = block(tb, sb, r, false);
        Cubed cb = r.nextBoolean() ? single : threads;
        int[] ca = chunks(r, sa);
        int[] cbk = chunks(r, sb);
        LazyArray x = cb.fromArray(a, ca);
        LazyArray y = cb.fromArray(b, cbk);
        Block got = x.matmul(y).compute();
        int[] outBatch = ApiCases.broadcast(ba, bb);
        DataType t = TypePromotion.resultType(ta, tb);
        List<Integer> os = new ArrayList<>();
        for (int v : outBatch) {
            os.add(v);
        }
        if (!aVector) {
            os.add(m);
        }
        if (!bVector) {
            os.add(n);
        }
        int[] outShape = os.stream().mapToInt(Integer::intValue).toArray();
        int[] full = concat(outBatch, aVector ? 1 : m, bVector ? 1 : n);
        List<Acc> accs = new ArrayList<>();
        for (int f = 0; f < ApiCases.size(full); f++) {
            int[] o = unravel(f, full);
            int[] bi = Arrays.copyOf(o, outBatch.length);
            Acc acc = new Acc();
            for (int q = 0; q < k; q++) {
                int ia = aVector ? q : ravel(concat(broadcastIndex(bi, ba), o[outBatch.length], q), sa);
                int ib = bVector ? q : ravel(concat(broadcastIndex(bi, bb), q, o[outBatch.length + 1]), sb);
                acc.add(a, ia, b, ib);
            }
            accs.add(acc);
        }
        check(got, outShape, t, accs, "matmul of " + describe(a, ca) + " and " + describe(b, cbk));
    }

    private static int[] operandBatch(int[] batch, Random r) {
        int drop = r.nextInt(batch.length + 1);
        int[] s = Arrays.copyOfRange(batch, drop, batch.length);
        for (int i = 0; i < s.length; i++) {
            if (r.nextInt(3) == 0) {
                s[i] = 1;
            }
        }
        return s;
    }

    private static int[] broadcastIndex(int[] outBatch, int[] own) {
        int lead = outBatch.length - own.length;
        int[] r = new int[own.length];
        for (int i = 0; i < own.length; i++) {
            r[i] = own[i] == 1 ? 0 : outBatch[lead + i];
        }
        return r;
    }

    private static int[] concat(int[] head, int... tail) {
        int[] r = Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, r, head.length, tail.length);
        return r;
    }

    @Property(tries = 30)
    void tensordotMatchesLoops(@ForAll long seed) {
        Random r = new Random(seed);
        int[] sa = ApiCases.shape(r, 1, 3, 4);
        int nk = r.nextInt(sa.length + 1);
        List<Integer> aAxes = new ArrayList<>();
        for (int i = 0; i < sa.length; i++) {
            aAxes.add(i);
        }
        Collections.shuffle(aAxes, r);
        int[] axesA = aAxes.subList(0, nk).stream().mapToInt(Integer::intValue).toArray();
        int nbFree = r.nextInt(3);
        int nb = nk + nbFree;
        List<Integer> bPositions = new ArrayList<>();
        for (int i = 0; i < nb; i++) {
            bPositions.add(i);
        }
        Collections.shuffle(bPositions, r);
        int[] axesB = bPositions.subList(0, nk).stream().mapToInt(Integer::intValue).toArray();
        int[] sb = new int[nb];
        Arrays.fill(sb, -1);
        for (int i = 0; i < nk; i++) {
            sb[axesB[i]] = sa[axesA[i]];
        }
        for (int i = 0; i < nb; i++) {
            if (sb[i] < 0) {
                sb[i] = r.nextInt(4);
            }
        }
        DataType ta = type(r);
        DataType tb = r.nextBoolean() ? ta : type(r);
        Block a = block(ta, sa, r, false);
        Block b = block(tb, sb, r, false);
        Cubed cb = r.nextBoolean() ? single : threads;
        int[] ca = chunks(r, sa);
        int[] cbk = chunks(r, sb);
        Block got = cb.tensordot(cb.fromArray(a, ca), cb.fromArray(b, cbk), axesA, axesB).compute();
        List<Integer> freeA = new ArrayList<>();
        for (int i = 0; i < sa.length; i++) {
            if (!aAxes.subList(0, nk).contains(i)) {
                freeA.add(i);
            }
        }
        List<Integer> freeB = new ArrayList<>();
        for (int i = 0; i < nb; i++) {
            if (!bPositions.subList(0, nk).contains(i)) {
                freeB.add(i);
            }
        }
        int[] outShape = new int[freeA.size() + freeB.size()];
        for (int i = 0; i < freeA.size(); i++) {
            outShape[i] = sa[freeA.get(i)];
        }
        for (int i = 0; i < freeB.size(); i++) {
            outShape[freeA.size() + i] = sb[freeB.get(i)];
        }
        int[] kShape = new int[nk];
        for (int i = 0; i < nk; i++) {
            kShape[i] = sa[axesA[i]];
        }
        List<Acc> accs = new ArrayList<>();
        for (int f = 0; f < ApiCases.size(outShape); f++) {
            int[] o = unravel(f, outShape);
            Acc acc = new Acc();
            for (int q = 0; q < ApiCases.size(kShape); q++) {
                int[] kk = unravel(q, kShape);
                int[] ia = new int[sa.length];
                int[] ib = new int[nb];
                for (int i = 0; i < freeA.size(); i++) {
                    ia[freeA.get(i)] = o[i];
                }
                for (int i = 0; i < freeB.size(); i++) {
                    ib[freeB.get(i)] = o[freeA.size() + i];
                }
                for (int i = 0; i < nk; i++) {
                    ia[axesA[i]] = kk[i];
                    ib[axesB[i]] = kk[i];
                }
                acc.add(a, ravel(ia, sa), b, ravel(ib, sb));
            }
            accs.add(acc);
        }
        check(got, outShape, TypePromotion.resultType(ta, tb), accs, "tensordot " + Arrays.toString(axesA) + "/"
                + Arrays.toString(axesB) + " of " + describe(a, ca) + " and " + describe(b, cbk));
    }

    @Property(tries = 30)
    void vecdotAndOuterMatchLoops(@ForAll long seed) {
        Random r = new Random(seed);
        int[] s1 = ApiCases.shape(r, 1, 3, 4);
        int nd = s1.length;
        int axisPos = r.nextInt(nd); // counted from the end: axis = -(axisPos + 1)
        int[] s2 = s1.clone();
        for (int i = 0; i < nd; i++) {
            if (i != nd - 1 - axisPos && r.nextInt(3) == 0) {
                s2[i] = 1;
            }
        }
        int drop = r.nextInt(Math.max(1, nd - axisPos));
        int[] s2d = Arrays.copyOfRange(s2, Math.min(drop, nd - 1 - axisPos), nd);
        DataType t1 = type(r);
        DataType t2 = r.nextBoolean() ? t1 : type(r);
        Block x1 = block(t1, s1, r, false);
        Block x2 = block(t2, s2d, r, false);
        Cubed cb = r.nextBoolean() ? single : threads;
        int[] c1 = chunks(r, s1);
        int[] c2 = chunks(r, s2d);
        int[] v1 = {r.nextInt(5)};
        int[] v2 = {r.nextInt(5)};
        Block o1 = block(t1, v1, r, false);
        Block o2 = block(t2, v2, r, false);
        int axis = -(axisPos + 1);
        List<Block> got = cb.compute(cb.vecdot(cb.fromArray(x1, c1), cb.fromArray(x2, c2), axis),
                cb.outer(cb.fromArray(o1, chunks(r, v1)), cb.fromArray(o2, chunks(r, v2))));
        int[] bshape = ApiCases.broadcast(s1, s2d);
        int ax = bshape.length + axis;
        int[] outShape = new int[bshape.length - 1];
        for (int i = 0, j = 0; i < bshape.length; i++) {
            if (i != ax) {
                outShape[j++] = bshape[i];
            }
        }
        List<Acc> accs = new ArrayList<>();
        for (int f = 0; f < ApiCases.size(outShape); f++) {
            int[] o = unravel(f, outShape);
            Acc acc = new Acc();
            for (int q = 0; q < bshape[ax]; q++) {
                int[] full = new int[bshape.length];
                for (int i = 0, j = 0; i < bshape.length; i++) {
                    full[i] = i == ax ? q : o[j++];
                }
                acc.add(x1, ApiCases.broadcastFlat(full, s1), x2, ApiCases.broadcastFlat(full, s2d));
            }
            accs.add(acc);
        }
        DataType t = TypePromotion.resultType(t1, t2);
        check(got.get(0), outShape, t, accs, "vecdot axis " + axis + " of " + describe(x1, c1) + " and "
                + describe(x2, c2));
        List<Acc> outer = new ArrayList<>();
        for (int i = 0; i < v1[0]; i++) {
            for (int j = 0; j < v2[0]; j++) {
                Acc acc = new Acc();
                acc.add(o1, i, o2, j);
                outer.add(acc);
            }
        }
        check(got.get(1), new int[] {v1[0], v2[0]}, t, outer, "outer");
    }
}
