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
import static dev.cubed.array.ApiCases.unravel;
import static org.assertj.core.api.Assertions.assertThat;

/** Creation functions, triangles, meshgrid and searchsorted against their definitions. */
class CreationApiPropertyTest {
    private static Cubed single;
    private static Cubed threads;

    @BeforeContainer
    static void open() {
        single = ApiCases.session("create1", false);
        threads = ApiCases.session("create2", true);
    }

    @AfterContainer
    static void close() {
        single.close();
        threads.close();
    }

    @Property(tries = 30)
    void linspaceEyeAndLikesMatch(@ForAll long seed) {
        Random r = new Random(seed);
        Cubed cb = r.nextBoolean() ? single : threads;
        double start = r.nextInt(200) / 8.0 - 10;
        double stop = r.nextInt(200) / 8.0 - 10;
        int num = r.nextInt(12);
        boolean endpoint = r.nextBoolean();
        DataType lt = new DataType[] {DataType.FLOAT64, DataType.FLOAT32, DataType.INT32}[r.nextInt(3)];
        int rows = r.nextInt(7);
        int cols = r.nextInt(7);
        long k = r.nextInt(9) - 4;
        DataType et = ApiCases.anyType(r);
        int[] shape = ApiCases.shape(r, 0, 3, 5);
        Block x = block(ApiCases.anyType(r), shape, r, true);
        int[] ch = chunks(r, shape);
        LazyArray a = cb.fromArray(x, ch);
        LazyArray full = cb.fullLike(a, 7, et.isBool() ? DataType.INT8 : et);
        LazyArray zeros = cb.zerosLike(a);
        LazyArray ones = cb.onesLike(a, DataType.FLOAT32);
        LazyArray empty = cb.emptyLike(a);
        for (LazyArray like : List.of(full, zeros, ones, empty)) {
            assertThat(like.shape()).isEqualTo(a.shape());
            assertThat(like.chunks()).isEqualTo(a.chunks());
        }
        List<Block> got = cb.compute(cb.linspace(start, stop, num, endpoint, 1 + r.nextInt(4), lt),
                cb.eye(rows, cols, k, new int[] {1 + r.nextInt(3), 1 + r.nextInt(3)}, et), full, zeros, ones, empty);
        Block lin = Block.allocate(lt, num);
        double div = endpoint ? num - 1 : num;
        double step = (stop - start) / div;
        for (int i = 0; i < num; i++) {
            double v = div > 0 ? start + i * step : start + i * (stop - start);
            if (endpoint && num > 1 && i == num - 1) {
                v = stop;
            }
            if (lt.isFloat()) {
                lin.setDoubleAt(i, v);
            } else {
                lin.setLongAt(i, (long) Math.floor(v));
            }
        }
        String what = "linspace(" + start + ", " + stop + ", " + num + ", endpoint " + endpoint + ", " + lt + ")";
        if (lt.isFloat()) {
            ApiCases.assertClose(got.get(0), lin, lt == DataType.FLOAT32 ? 1e-6 : 1e-14, what);
            assertThat(got.get(0).dtype()).isEqualTo(lt);
        } else {
            assertExact(got.get(0), lin, what);
        }
        Block eye = Block.allocate(et, rows, cols);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                eye.setLongAt(i * cols + j, j - i == k ? 1 : 0);
            }
        }
        assertExact(got.get(1), eye, "eye(" + rows + ", " + cols + ", k=" + k + ")");
        assertExact(got.get(2), Block.full(et.isBool() ? DataType.INT8 : et, 7, shape), "full_like");
        assertExact(got.get(3), Block.full(x.dtype(), 0, shape), "zeros_like");
        assertExact(got.get(4), Block.full(DataType.FLOAT32, 1, shape), "ones_like");
        assertExact(got.get(5), Block.full(x.dtype(), 0, shape), "empty_like (virtual zeros)");
    }

    @Property(tries = 30)
    void trianglesAndMeshgridMatch(@ForAll long seed) {
        Random r = new Random(seed);
        Cubed cb = r.nextBoolean() ? single : threads;
        int[] shape = ApiCases.shape(r, 2, 4, 6);
        Block x = block(ApiCases.anyType(r), shape, r, true);
        int[] ch = chunks(r, shape);
        LazyArray a = cb.fromArray(x, ch);
        long k = r.nextInt(11) - 5;
        int n = 1 + r.nextInt(3);
        List<Block> vectors = new ArrayList<>();
        List<LazyArray> inputs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int[] s = {r.nextInt(5)};
            Block v = block(ApiCases.anyType(r), s, r, true);
            vectors.add(v);
            inputs.add(cb.fromArray(v, chunks(r, s)));
        }
        String indexing = r.nextBoolean() ? "xy" : "ij";
        List<LazyArray> outs = new ArrayList<>(List.of(cb.tril(a, k), cb.triu(a, k)));
        outs.addAll(cb.meshgrid(indexing, inputs.toArray(new LazyArray[0])));
        List<Block> got = cb.compute(outs);
        int nd = shape.length;
        for (int t = 0; t < 2; t++) {
            boolean lower = t == 0;
            Block want = Block.allocate(x.dtype(), shape);
            for (int f = 0; f < want.size(); f++) {
                int[] o = unravel(f, shape);
                long d = o[nd - 1] - o[nd - 2];
                if (lower ? d <= k : d >= k) {
                    ApiCases.copy(x, f, want, f);
                }
            }
            assertExact(got.get(t), want, (lower ? "tril" : "triu") + " k=" + k + " of " + describe(x, ch));
        }
        int[] pos = new int[n];
        for (int i = 0; i < n; i++) {
            pos[i] = i;
        }
        if (indexing.equals("xy") && n >= 2) {
            pos[0] = 1;
            pos[1] = 0;
        }
        int[] ms = new int[n];
        for (int i = 0; i < n; i++) {
            ms[pos[i]] = vectors.get(i).shape(0);
        }
        for (int i = 0; i < n; i++) {
            Block v = vectors.get(i);
            Block want = Block.allocate(v.dtype(), ms);
            for (int f = 0; f < want.size(); f++) {
                ApiCases.copy(v, unravel(f, ms)[pos[i]], want, f);
            }
            assertExact(got.get(2 + i), want, "meshgrid " + indexing + " output " + i + " of " + n);
        }
    }

    @Property(tries = 30)
    void searchsortedCountsTheElementsBefore(@ForAll long seed) {
        Random r = new Random(seed);
        Cubed cb = r.nextBoolean() ? single : threads;
        DataType t1 = new DataType[] {DataType.FLOAT64, DataType.FLOAT32, DataType.INT32, DataType.UINT8}[r.nextInt(4)];
        DataType t2 = r.nextBoolean() ? t1 : new DataType[] {DataType.FLOAT64, DataType.INT64, DataType.INT8}[r.nextInt(3)];
        int n1 = r.nextInt(30);
        Block raw = block(t1, new int[] {n1}, r, true);
        // NumPy's sort order: numbers ascending, NaN last
        List<Double> sortedValues = new ArrayList<>();
        for (int i = 0; i < n1; i++) {
            sortedValues.add(raw.getDoubleAt(i));
        }
        sortedValues.sort((p, q) -> Double.isNaN(p) ? (Double.isNaN(q) ? 0 : 1) : Double.isNaN(q) ? -1
                : Double.compare(p == 0 ? 0.0 : p, q == 0 ? 0.0 : q));
        Block sorted = Block.allocate(t1, n1);
        for (int i = 0; i < n1; i++) {
            sorted.setDoubleAt(i, sortedValues.get(i));
        }
        int[] s2 = ApiCases.shape(r, 0, 2, 6);
        Block values = block(t2, s2, r, true);
        String side = r.nextBoolean() ? "left" : "right";
        int[] c1 = {1 + r.nextInt(Math.max(1, n1))};
        int[] c2 = chunks(r, s2);
        Block got = cb.searchsorted(cb.fromArray(sorted, c1), cb.fromArray(values, c2), side).compute();
        Block want = Block.allocate(DataType.INT64, s2);
        for (int f = 0; f < want.size(); f++) {
            double v = values.getDoubleAt(f);
            long count = 0;
            for (int i = 0; i < n1; i++) {
                double e = sorted.getDoubleAt(i);
                boolean before = Double.isNaN(v) ? (!Double.isNaN(e) || side.equals("right"))
                        : !Double.isNaN(e) && (side.equals("left") ? e < v : e <= v);
                if (before) {
                    count++;
                }
            }
            want.setLongAt(f, count);
        }
        assertExact(got, want, "searchsorted " + side + " of " + describe(values, c2) + " into " + Arrays.toString(
                sortedValues.toArray()));
    }
}
