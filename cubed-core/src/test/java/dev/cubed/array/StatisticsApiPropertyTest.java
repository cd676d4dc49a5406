package dev.cubed.array;

import dev.cubed.block.Block;
import dev.cubed.block.DataType;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static dev.cubed.array.ApiCases.assertExact;
import static dev.cubed.array.ApiCases.block;
import static dev.cubed.array.ApiCases.chunks;
import static dev.cubed.array.ApiCases.describe;
import static dev.cubed.array.ApiCases.ravel;
import static dev.cubed.array.ApiCases.unravel;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Statistical reductions, arg-reductions and cumulative sums and products against sequential
 * element loops, over random sets of axes with and without keepdims, every data type they accept,
 * NaN and infinities, empty and length-1 axes, and chunkings with many blocks (so scans recurse).
 */
class StatisticsApiPropertyTest {
    private static Cubed single;
    private static Cubed threads;

    @BeforeContainer
    static void open() {
        single = ApiCases.session("stats1", false);
        threads = ApiCases.session("stats2", true);
    }

    @AfterContainer
    static void close() {
        single.close();
        threads.close();
    }

    /** The groups of a reduction: for each output element (keepdims shape), the flat indices it reduces. */
    private static List<List<Integer>> groups(int[] shape, boolean[] reduced) {
        int[] kept = shape.clone();
        for (int i = 0; i < shape.length; i++) {
            if (reduced[i]) {
                kept[i] = 1;
            }
        }
        List<List<Integer>> g = new ArrayList<>();
        for (int i = 0; i < ApiCases.size(kept); i++) {
            g.add(new ArrayList<>());
        }
        for (int f = 0; f < ApiCases.size(shape); f++) {
            int[] idx = unravel(f, shape);
            for (int i = 0; i < shape.length; i++) {
                if (reduced[i]) {
                    idx[i] = 0;
                }
            }
            g.get(ravel(idx, kept)).add(f);
        }
        return g;
    }

    private static int[] outShape(int[] shape, boolean[] reduced, boolean keepdims) {
        List<Integer> s = new ArrayList<>();
        for (int i = 0; i < shape.length; i++) {
            if (!reduced[i]) {
                s.add(shape[i]);
            } else if (keepdims) {
                s.add(1);
            }
        }
        return s.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Closeness for sums: within 1e-12 of the sum of magnitudes (float64), 1e-5 (float32). */
    private static void assertNear(Block got, Block want, double[] scale, String what) {
        assertThat(got.dtype()).as("dtype of %s", what).isEqualTo(want.dtype());
        assertThat(got.shape()).as("shape of %s", what).isEqualTo(want.shape());
        double rel = want.dtype() == DataType.FLOAT32 ? 1e-5 : 1e-11;
        for (int i = 0; i < want.size(); i++) {
            double g = got.getDoubleAt(i);
            double w = want.getDoubleAt(i);
            if (Double.isNaN(w)) {
                assertThat(g).as("%s element %d", what, i).isNaN();
            } else if (Double.isInfinite(w)) {
                assertThat(g).as("%s element %d", what, i).isEqualTo(w);
            } else {
                assertThat(Math.abs(g - w)).as("%s element %d: %s vs %s", what, i, g, w)
                        .isLessThanOrEqualTo(rel * (scale[i] + Math.abs(w)) + 1e-12);
            }
        }
    }

    @Property(tries = 50)
    void statisticalReductionsMatch(@ForAll long seed) {
        Random r = new Random(seed);
        int[] shape = ApiCases.shape(r, 0, 3, 6);
        DataType t = ApiCases.anyType(r);
        Block x = block(t, shape, r, true);
        int nd = shape.length;
        boolean[] reduced = new boolean[nd];
        List<Integer> ax = new ArrayList<>();
        for (int i = 0; i < nd; i++) {
            if (r.nextBoolean()) {
                reduced[i] = true;
                ax.add(r.nextBoolean() ? i : i - nd);
            }
        }
        int[] axes = ax.isEmpty() && r.nextBoolean() ? null : ax.stream().mapToInt(Integer::intValue).toArray();
        if (axes == null) {
            Arrays.fill(reduced, true);
        }
        boolean keepdims = r.nextBoolean();
        boolean empty = false;
        for (int i = 0; i < nd; i++) {
            empty |= reduced[i] && shape[i] == 0;
        }
        double correction = r.nextInt(3) == 0 ? 0 : r.nextInt(3) * 0.5;
        Cubed cb = r.nextBoolean() ? single : threads;
        int[] ch = chunks(r, shape);
        LazyArray a = cb.fromArray(x, ch);
        List<String> names = new ArrayList<>(List.of("count_nonzero", "nansum"));
        if (!t.isBool()) {
            names.addAll(List.of("var", "std", "nanmean"));
            if (!empty) {
                names.addAll(List.of("nanmax", "nanmin"));
            }
        }
        List<LazyArray> outs = new ArrayList<>();
        for (String n : names) {
            outs.add(switch (n) {
                case "var" -> a.var(axes, keepdims, correction);
                case "std" -> a.std(axes, keepdims, correction);
                case "count_nonzero" -> a.countNonzero(axes, keepdims);
                case "nansum" -> a.nansum(axes, keepdims);
                case "nanmean" -> a.nanmean(axes, keepdims);
                case "nanmax" -> a.nanmax(axes, keepdims);
                default -> a.nanmin(axes, keepdims);
            });
        }
        List<Block> got = cb.compute(outs);
        List<List<Integer>> groups = groups(shape, reduced);
        int[] os = outShape(shape, reduced, keepdims);
        String what = " over " + Arrays.toString(axes) + " keepdims " + keepdims + " of " + describe(x, ch);
        for (int k = 0; k < names.size(); k++) {
            String n = names.get(k);
            DataType rt = switch (n) {
                case "count_nonzero" -> DataType.INT64;
                case "nansum" -> t.isFloat() ? t : t.isUnsigned() ? DataType.UINT64 : DataType.INT64;
                case "var", "std", "nanmean" -> t.isFloat() ? t : DataType.FLOAT64;
                default -> t;
            };
            Block want = Block.allocate(rt, os);
            double[] scale = new double[want.size()];
            for (int o = 0; o < groups.size(); o++) {
                List<Integer> g = groups.get(o);
                double sum = 0;
                double abs = 0;
                long lsum = 0;
                long count = 0;
                long nonzero = 0;
                double best = Double.NaN;
                long lbest = 0;
                boolean any = false;
                for (int f : g) {
                    double v = x.getDoubleAt(f);
                    long lv = x.getLongAt(f);
                    if (t.isFloat() ? v != 0 : lv != 0) {
                        nonzero++;
                    }
                    if (Double.isNaN(v)) {
                        continue;
                    }
                    sum += v;
                    abs += Math.abs(v);
                    lsum += lv;
                    count++;
                    if (!any) {
                        best = v;
                        lbest = lv;
                        any = true;
                    } else if (n.equals("nanmax")) {
                        best = Math.max(best, v);
                        lbest = Math.max(lbest, lv);
                    } else {
                        best = Math.min(best, v);
                        lbest = Math.min(lbest, lv);
                    }
                }
                double mean = sum / count;
                double m2 = 0;
                for (int f : g) {
                    double d = x.getDoubleAt(f) - mean;
                    m2 += d * d;
                }
                scale[o] = n.equals("var") || n.equals("std") ? m2 + mean * mean * g.size() : abs;
                double var = m2 / Math.max(g.size() - correction, 0);
                switch (n) {
                    case "count_nonzero" -> want.setLongAt(o, nonzero);
                    case "nansum" -> {
                        if (rt.isFloat()) {
                            want.setDoubleAt(o, sum);
                        } else {
                            want.setLongAt(o, lsum);
                        }
                    }
                    case "nanmean" -> want.setDoubleAt(o, sum / count);
                    case "var" -> want.setDoubleAt(o, var);
                    case "std" -> want.setDoubleAt(o, Math.sqrt(var));
                    default -> {
                        if (t.isFloat()) {
                            want.setDoubleAt(o, best);
                        } else {
                            want.setLongAt(o, lbest);
                        }
                    }
                }
            }
            if (rt.isFloat()) {
                assertNear(got.get(k), want, scale, n + what);
            } else {
                assertExact(got.get(k), want, n + what);
            }
        }
    }

    @Property(tries = 50)
    void argmaxAndArgminMatchTheFirstOccurrence(@ForAll long seed) {
        Random r = new Random(seed);
        int[] shape = ApiCases.shape(r, 0, 3, 6);
        DataType t = ApiCases.anyType(r);
        Block x = block(t, shape, r, true);
        int nd = shape.length;
        Integer axis = nd == 0 || r.nextInt(3) == 0 ? null : r.nextInt(nd);
        boolean keepdims = r.nextBoolean();
        boolean[] reduced = new boolean[nd];
        if (axis == null) {
            Arrays.fill(reduced, true);
        } else {
            reduced[axis] = true;
        }
        boolean empty = axis == null ? x.size() == 0 : shape[axis] == 0;
        if (empty) {
            return; // no answer: the error is tested with the other plan-time errors
        }
        Cubed cb = r.nextBoolean() ? single : threads;
        int[] ch = chunks(r, shape);
        LazyArray a = cb.fromArray(x, ch);
        Integer asked = axis != null && r.nextBoolean() ? Integer.valueOf(axis - nd) : axis;
        List<Block> got = cb.compute(a.argmax(asked, keepdims), a.argmin(asked, keepdims));
        List<List<Integer>> groups = groups(shape, reduced);
        int[] os = outShape(shape, reduced, keepdims);
        for (int k = 0; k < 2; k++) {
            boolean max = k == 0;
            Block want = Block.allocate(DataType.INT64, os);
            for (int o = 0; o < groups.size(); o++) {
                int best = -1;
                for (int f : groups.get(o)) {
                    if (best < 0) {
                        best = f;
                        continue;
                    }
                    boolean better;
                    if (t.isFloat()) {
                        double v = x.getDoubleAt(f);
                        double b = x.getDoubleAt(best);
                        better = !Double.isNaN(b) && (Double.isNaN(v) || (max ? v > b : v < b));
                    } else {
                        long v = x.getLongAt(f);
                        long b = x.getLongAt(best);
                        better = t == DataType.UINT64 ? (max ? Long.compareUnsigned(v, b) > 0
                                : Long.compareUnsigned(v, b) < 0) : (max ? v > b : v < b);
                    }
                    if (better) {
                        best = f;
                    }
                }
                // the index along the axis, or into the flattened array
                want.setLongAt(o, axis == null ? best : unravel(best, shape)[axis]);
            }
            assertExact(got.get(k), want, (max ? "argmax" : "argmin") + " axis " + asked + " keepdims " + keepdims
                    + " of " + describe(x, ch));
        }
    }

    @Property(tries = 50)
    void cumulativeSumsAndProductsMatchSequentialLoops(@ForAll long seed) {
        Random r = new Random(seed);
        int nd = 1 + r.nextInt(3);
        int axis = r.nextInt(nd);
        int[] shape = ApiCases.shape(r, nd, nd, 4);
        // a long scanned axis with small chunks makes the block offsets recurse
        shape[axis] = r.nextInt(4) == 0 ? r.nextInt(2) : 1 + r.nextInt(r.nextBoolean() ? 60 : 8);
        int[] ch = chunks(r, shape);
        ch[axis] = 1 + r.nextInt(r.nextBoolean() ? 3 : Math.max(1, shape[axis]));
        boolean product = r.nextBoolean();
        DataType t = ApiCases.anyType(r);
        Block x = Block.allocate(t, shape);
        for (int i = 0; i < x.size(); i++) {
            if (t.isFloat()) {
                double v = product ? 0.5 + r.nextInt(101) / 100.0 : Math.round(r.nextGaussian() * 1000) / 100.0;
                if (r.nextInt(30) == 0) {
                    v = new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0}[r.nextInt(4)];
                }
                x.setDoubleAt(i, v);
            } else if (t.isBool()) {
                x.setLongAt(i, r.nextInt(2));
            } else {
                x.setLongAt(i, t.isUnsigned() ? r.nextInt(200) : r.nextInt(200) - 100);
            }
        }
        DataType dtype = null;
        if (r.nextInt(3) == 0) {
            dtype = t.isFloat() ? DataType.FLOAT64 : new DataType[] {DataType.INT64, DataType.FLOAT64, DataType.INT32}[r.nextInt(3)];
        }
        boolean initial = r.nextBoolean();
        Cubed cb = r.nextBoolean() ? single : threads;
        LazyArray a = cb.fromArray(x, ch);
        Integer asked = nd == 1 && r.nextBoolean() ? null : (r.nextBoolean() ? axis : axis - nd);
        LazyArray s = product ? a.cumulativeProd(asked, dtype, initial) : a.cumulativeSum(asked, dtype, initial);
        Block got = s.compute();
        DataType rt = dtype != null ? dtype : t.isFloat() ? t : t.isUnsigned() ? DataType.UINT64 : DataType.INT64;
        int[] os = shape.clone();
        os[axis] += initial ? 1 : 0;
        Block want = Block.allocate(rt, os);
        double[] scale = new double[want.size()];
        int n = shape[axis];
        for (int f = 0; f < want.size(); f++) {
            int[] o = unravel(f, os);
            int upto = initial ? o[axis] : o[axis] + 1; // elements included
            double acc = product ? 1 : 0;
            long lacc = product ? 1 : 0;
            double abs = 0;
            for (int i = 0; i < Math.min(upto, n); i++) {
                int[] in = o.clone();
                in[axis] = i;
                int src = ravel(in, shape);
                double v = x.getDoubleAt(src);
                long lv = x.getLongAt(src);
                if (rt == DataType.INT32) {
                    lv = (int) lv;
                }
                acc = product ? acc * v : acc + v;
                lacc = product ? lacc * lv : lacc + lv;
                abs = product ? Math.abs(acc) : abs + Math.abs(v);
            }
            scale[f] = abs;
            if (rt.isFloat()) {
                want.setDoubleAt(f, acc);
            } else {
                want.setLongAt(f, lacc);
            }
        }
        String what = (product ? "cumulative_prod" : "cumulative_sum") + " axis " + asked + " dtype " + dtype
                + " initial " + initial + " of " + describe(x, ch);
        if (rt.isFloat()) {
            assertNear(got, want, scale, what);
        } else {
            assertExact(got, want, what);
        }
    }
}
