package dev.cubed.array;

import dev.cubed.block.Block;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.junit.jupiter.api.Test;

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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Indexing against Python's rules written out here: random index expressions of integers
 * (negative too), slices with any start, stop and step (negative steps, out-of-range bounds that
 * clip), an ellipsis, new axes and one integer list, on random shapes, chunkings and types.
 */
class IndexingApiPropertyTest {
    private static Cubed single;
    private static Cubed threads;

    @BeforeContainer
    static void open() {
        single = ApiCases.session("index1", false);
        threads = ApiCases.session("index2", true);
    }

    @AfterContainer
    static void close() {
        single.close();
        threads.close();
    }

    /** The indices {@code range(*slice(start, stop, step).indices(n))} gives, as CPython computes them. */
    static List<Long> pyRange(Long start, Long stop, long step, long n) {
        long lower = step > 0 ? 0 : -1;
        long upper = step > 0 ? n : n - 1;
        long s;
        if (start == null) {
            s = step < 0 ? upper : lower;
        } else {
            s = start < 0 ? Math.max(start + n, lower) : Math.min(start, upper);
        }
        long e;
        if (stop == null) {
            e = step < 0 ? lower : upper;
        } else {
            e = stop < 0 ? Math.max(stop + n, lower) : Math.min(stop, upper);
        }
        List<Long> out = new ArrayList<>();
        for (long i = s; step > 0 ? i < e : i > e; i += step) {
            out.add(i);
        }
        return out;
    }

    /** One axis of the expected selection: the input indices it takes, or a single dropped index. */
    record Pick(List<Long> indices, boolean drop) {
    }

    @Property(tries = 60)
    void indexExpressionsMatchPythonRules(@ForAll long seed) {
        Random r = new Random(seed);
        int[] shape = ApiCases.shape(r, 0, 4, 7);
        Block x = block(ApiCases.anyType(r), shape, r, true);
        int nd = shape.length;
        boolean useTake = r.nextInt(3) == 0;
        int takeAxis = nd == 0 ? -1 : r.nextInt(nd);
        List<Object> items = new ArrayList<>();
        List<Pick> picks = new ArrayList<>();
        List<Integer> newAxesBefore = new ArrayList<>(); // for each consumed axis, new axes placed before it
        // choose, per axis, what indexes it
        List<Object> perAxis = new ArrayList<>();
        for (int a = 0; a < nd; a++) {
            long n = shape[a];
            int kind = r.nextInt(3);
            if (useTake && a == takeAxis) {
                long[] idx = new long[r.nextInt(6)];
                for (int k = 0; k < idx.length; k++) {
                    idx[k] = n == 0 ? 0 : r.nextInt((int) n) - (r.nextBoolean() ? n : 0);
                }
                if (n == 0) {
                    idx = new long[0];
                }
                List<Long> in = new ArrayList<>();
                for (long v : idx) {
                    in.add(v < 0 ? v + n : v);
                }
                perAxis.add(r.nextBoolean() ? idx : Index.take(idx));
                picks.add(new Pick(in, false));
            } else if (kind == 0 && n > 0 && !useTake) {
                long i = r.nextInt((int) n) - (r.nextBoolean() ? n : 0);
                perAxis.add(r.nextBoolean() ? (Object) (int) i : Index.at(i));
                picks.add(new Pick(List.of(i < 0 ? i + n : i), true));
            } else {
                Long start = r.nextInt(3) == 0 ? null : (long) (r.nextInt((int) n + 5) - (int) n - 2);
                Long stop = r.nextInt(3) == 0 ? null : (long) (r.nextInt((int) n + 5) - (int) n - 2);
                long step = (r.nextInt(3) + 1) * (r.nextBoolean() ? 1 : -1);
                perAxis.add(Index.slice(start, stop, step));
                picks.add(new Pick(pyRange(start, stop, step, n), false));
            }
        }
        // an ellipsis standing for a run of whole-axis slices, sometimes
        int ellFrom = -1;
        int ellTo = -1;
        if (r.nextBoolean()) {
            ellFrom = r.nextInt(nd + 1);
            ellTo = ellFrom + r.nextInt(nd - ellFrom + 1);
            for (int a = ellFrom; a < ellTo; a++) {
                if (useTake && a == takeAxis) {
                    ellTo = a;
                    break;
                }
                picks.set(a, new Pick(pyRange(null, null, 1, shape[a]), false));
            }
        }
        // trailing whole axes may be left out when there is no ellipsis
        int given = nd;
        if (ellFrom < 0 && (!useTake || takeAxis < nd - 1) && nd > 0 && r.nextBoolean()) {
            given = Math.max(useTake ? takeAxis + 1 : 0, nd - 1 - r.nextInt(nd));
            for (int a = given; a < nd; a++) {
                picks.set(a, new Pick(pyRange(null, null, 1, shape[a]), false));
            }
        }
        // the item list, with new axes inserted at random places (recorded by output position)
        List<Boolean> outAxesNew = new ArrayList<>();
        List<Integer> outAxesSource = new ArrayList<>();
        for (int a = 0; a <= given; a++) {
            while (r.nextInt(5) == 0) {
                items.add(r.nextBoolean() ? Index.NEW_AXIS : Index.newAxis());
                outAxesNew.add(true);
                outAxesSource.add(-1);
            }
            if (a == given) {
                break;
            }
            if (a == ellFrom) {
                items.add(Index.ELLIPSIS);
                for (int b = ellFrom; b < ellTo; b++) {
                    outAxesNew.add(false);
                    outAxesSource.add(b);
                }
                if (ellTo > a) {
                    a = ellTo - 1;
                    continue;
                }
            }
            if (a >= ellFrom && a < ellTo) {
                continue;
            }
            items.add(perAxis.get(a));
            if (!picks.get(a).drop()) {
                outAxesNew.add(false);
                outAxesSource.add(a);
            }
        }
        if (ellFrom == given) {
            // the loop stopped before adding it
            items.add(Index.ELLIPSIS);
        }
        for (int a = given; a < nd; a++) {
            outAxesNew.add(false);
            outAxesSource.add(a);
        }
        int[] outShape = new int[outAxesNew.size()];
        for (int k = 0; k < outShape.length; k++) {
            outShape[k] = outAxesNew.get(k) ? 1 : picks.get(outAxesSource.get(k)).indices().size();
        }
        Cubed cb = r.nextBoolean() ? single : threads;
        int[] ch = chunks(r, shape);
        LazyArray a = cb.fromArray(x, ch);
        Object[] itemArray = items.toArray();
        Block got = a.get(itemArray).compute();
        Block want = Block.allocate(x.dtype(), outShape);
        for (int f = 0; f < want.size(); f++) {
            int[] o = unravel(f, outShape);
            int[] in = new int[nd];
            for (int ax = 0; ax < nd; ax++) {
                if (picks.get(ax).drop()) {
                    in[ax] = picks.get(ax).indices().get(0).intValue();
                }
            }
            for (int k = 0; k < outShape.length; k++) {
                int src = outAxesSource.get(k);
                if (src >= 0) {
                    in[src] = picks.get(src).indices().get(o[k]).intValue();
                }
            }
            ApiCases.copy(x, ravel(in, shape), want, f);
        }
        assertExact(got, want, "x" + describeItems(itemArray) + " of " + describe(x, ch));
    }

    private static String describeItems(Object[] items) {
        StringBuilder sb = new StringBuilder("[");
        for (Object o : items) {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            sb.append(o instanceof long[] l ? Arrays.toString(l) : String.valueOf(o));
        }
        return sb.append("]").toString();
    }

    @Property(tries = 30)
    void takeMatchesAndIntegersNextToAListAreOrthogonal(@ForAll long seed) {
        Random r = new Random(seed);
        int[] shape = ApiCases.nonEmptyShape(r, 2, 3, 6);
        Block x = block(ApiCases.anyType(r), shape, r, true);
        int nd = shape.length;
        int axis = r.nextInt(nd);
        long[] idx = new long[r.nextInt(8)];
        for (int k = 0; k < idx.length; k++) {
            idx[k] = r.nextInt(2 * shape[axis]) - shape[axis];
        }
        Cubed cb = r.nextBoolean() ? single : threads;
        int[] ch = chunks(r, shape);
        LazyArray a = cb.fromArray(x, ch);
        // x[i, list] with the integer right before the list
        long i0 = r.nextInt(shape[0]);
        long[] idx1 = new long[3];
        for (int k = 0; k < 3; k++) {
            idx1[k] = r.nextInt(shape[1]);
        }
        List<Block> got = cb.compute(a.take(idx, axis - (r.nextBoolean() ? nd : 0)), a.get(i0, idx1));
        int[] ts = shape.clone();
        ts[axis] = idx.length;
        Block want = Block.allocate(x.dtype(), ts);
        for (int f = 0; f < want.size(); f++) {
            int[] o = unravel(f, ts);
            int[] in = o.clone();
            long v = idx[o[axis]];
            in[axis] = (int) (v < 0 ? v + shape[axis] : v);
            ApiCases.copy(x, ravel(in, shape), want, f);
        }
        assertExact(got.get(0), want, "take " + Arrays.toString(idx) + " along " + axis + " of " + describe(x, ch));
        int[] gs = new int[nd - 1];
        gs[0] = 3;
        System.arraycopy(shape, 2, gs, 1, nd - 2);
        Block want2 = Block.allocate(x.dtype(), gs);
        for (int f = 0; f < want2.size(); f++) {
            int[] o = unravel(f, gs);
            int[] in = new int[nd];
            in[0] = (int) i0;
            in[1] = (int) idx1[o[0]];
            System.arraycopy(o, 1, in, 2, nd - 2);
            ApiCases.copy(x, ravel(in, shape), want2, f);
        }
        assertExact(got.get(1), want2, "x[" + i0 + ", " + Arrays.toString(idx1) + "]");
    }

    @Property(tries = 30)
    void outOfRangeIndicesNameTheAxisAndBound(@ForAll long seed) {
        Random r = new Random(seed);
        int[] shape = ApiCases.shape(r, 1, 3, 6);
        int nd = shape.length;
        int axis = r.nextInt(nd);
        int n = shape[axis];
        long bad = r.nextBoolean() ? n + r.nextInt(5) : -n - 1 - r.nextInt(5);
        LazyArray a = single.fromArray(block(ApiCases.anyType(r), shape, r, false), chunks(r, shape));
        Object[] items = new Object[axis + 1];
        for (int k = 0; k < axis; k++) {
            items[k] = Index.all();
        }
        items[axis] = bad;
        String message = "index " + bad + " is out of bounds for axis " + axis + " with size " + n;
        assertThatThrownBy(() -> a.get(items)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining(message);
        assertThatThrownBy(() -> a.take(n > 0 ? new long[] {0, bad} : new long[] {bad}, axis)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining(message);
        long bad0 = -shape[0] - 1;
        assertThatThrownBy(() -> a.get(new long[] {bad0})).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("index " + bad0 + " is out of bounds for axis 0 with size " + shape[0]);
    }

    @Test
    void malformedIndexesAreRefusedWithReasons() {
        LazyArray a = single.ones(new long[] {4, 5}, new int[] {2, 2});
        assertThatThrownBy(() -> a.get(0, 1, 2)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("too many indices for array: array is 2-dimensional, but 3 were indexed");
        assertThatThrownBy(() -> a.get(Index.ELLIPSIS, 0, Index.ELLIPSIS)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("single ellipsis");
        assertThatThrownBy(() -> a.get(Index.slice(0, 3, 0))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("slice step cannot be zero");
        assertThatThrownBy(() -> a.get(new long[] {0}, new long[] {1})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only one integer-array index");
        assertThatThrownBy(() -> a.get(0, Index.newAxis(), new long[] {1})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("index in two steps");
        assertThatThrownBy(() -> a.get("1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot index with 1 of class java.lang.String");
        assertThatThrownBy(() -> a.take(new long[] {4}, 0)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("index 4 is out of bounds for axis 0 with size 4");
        assertThatThrownBy(() -> a.take(new long[] {0}, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("take: axis 2 is out of bounds for an array of 2 dimensions");
    }

    @Test
    void theDocumentedExampleSelectsWhatNumPyWould() {
        // a = arange(120).reshape(4, 5, 6); a[2::-1, ..., None, 3] has shape (3, 5, 1): a[2 - i, j, 3]
        LazyArray a = single.arange(0, 120, 1, 7, dev.cubed.block.DataType.INT64).reshape(4, 5, 6).rechunk(3, 2, 4);
        Block b = a.get(Index.slice(2, null, -1), Index.ELLIPSIS, Index.newAxis(), 3).compute();
        assertThat(b.shape()).containsExactly(3, 5, 1);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 5; j++) {
                assertThat(b.getLong(i, j, 0)).isEqualTo((2 - i) * 30 + j * 6 + 3);
            }
        }
    }

    @Test
    void selectionsReadOnlyTheChunksTheyNeed() {
        // a strided selection of a 1-d array: each task reads the input chunks holding its elements
        LazyArray a = single.arange(0, 1000, 1, 10, dev.cubed.block.DataType.INT64);
        LazyArray s = a.get(Index.slice(5, null, 100));
        assertThat(s.shape()).containsExactly(10);
        Block b = s.compute();
        for (int i = 0; i < 10; i++) {
            assertThat(b.getLongAt(i)).isEqualTo(5 + 100L * i);
        }
        assertThat(a.get(Index.slice(null, null, -1)).get(0).compute().getLongAt(0)).isEqualTo(999);
    }
}
