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
import static dev.cubed.array.ApiCases.size;
import static dev.cubed.array.ApiCases.unravel;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Manipulation functions against element loops: each expected element is read from the input at
 * the index the function's definition gives, on random shapes (empty and length-1 axes), chunkings
 * and every data type.
 */
class ManipulationApiPropertyTest {
    private static Cubed single;
    private static Cubed threads;

    @BeforeContainer
    static void open() {
        single = ApiCases.session("manip1", false);
        threads = ApiCases.session("manip2", true);
    }

    @AfterContainer
    static void close() {
        single.close();
        threads.close();
    }

    private static Cubed pick(Random r) {
        return r.nextBoolean() ? single : threads;
    }

    /** Expected values: element i of the result is element {@code source(i)} of x. */
    interface Source {
        int at(int[] outIdx);
    }

    private static Block gather(Block x, int[] outShape, Source s) {
        Block out = Block.allocate(x.dtype(), outShape);
        for (int f = 0; f < out.size(); f++) {
            ApiCases.copy(x, s.at(unravel(f, outShape)), out, f);
        }
        return out;
    }

    @Property(tries = 25)
    void permuteMoveaxisAndMatrixTransposeMatch(@ForAll long seed) {
        Random r = new Random(seed);
        int[] shape = ApiCases.shape(r, 1, 4, 5);
        Block x = block(ApiCases.anyType(r), shape, r, true);
        int nd = shape.length;
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < nd; i++) {
            order.add(i);
        }
        java.util.Collections.shuffle(order, r);
        int[] axes = order.stream().mapToInt(Integer::intValue).toArray();
        int src = r.nextInt(nd);
        int dst = r.nextInt(nd);
        Cubed cb = pick(r);
        int[] ch = chunks(r, shape);
        LazyArray a = cb.fromArray(x, ch);
        List<LazyArray> outs = new ArrayList<>(List.of(a.permuteDims(axes), a.moveaxis(src - nd, dst)));
        if (nd >= 2) {
            outs.add(a.matrixTranspose());
        }
        List<Block> got = cb.compute(outs);
        int[] ps = new int[nd];
        for (int i = 0; i < nd; i++) {
            ps[i] = shape[axes[i]];
        }
        assertExact(got.get(0), gather(x, ps, o -> {
            int[] in = new int[nd];
            for (int i = 0; i < nd; i++) {
                in[axes[i]] = o[i];
            }
            return ravel(in, shape);
        }), "permute_dims " + Arrays.toString(axes) + " of " + describe(x, ch));
        // moveaxis: the remaining axes keep their order
        List<Integer> rest = new ArrayList<>(order.stream().sorted().toList());
        rest.remove(Integer.valueOf(src));
        rest.add(dst, src);
        int[] mv = rest.stream().mapToInt(Integer::intValue).toArray();
        int[] ms = new int[nd];
        for (int i = 0; i < nd; i++) {
            ms[i] = shape[mv[i]];
        }
        assertExact(got.get(1), gather(x, ms, o -> {
            int[] in = new int[nd];
            for (int i = 0; i < nd; i++) {
                in[mv[i]] = o[i];
            }
            return ravel(in, shape);
        }), "moveaxis " + src + "->" + dst);
        if (nd >= 2) {
            int[] ts = shape.clone();
            ts[nd - 1] = shape[nd - 2];
            ts[nd - 2] = shape[nd - 1];
            assertExact(got.get(2), gather(x, ts, o -> {
                int[] in = o.clone();
                in[nd - 1] = o[nd - 2];
                in[nd - 2] = o[nd - 1];
                return ravel(in, shape);
            }), "matrix_transpose");
        }
    }

    @Property(tries = 25)
    void expandSqueezeAndBroadcastMatch(@ForAll long seed) {
        Random r = new Random(seed);
        int[] shape = ApiCases.shape(r, 0, 3, 4);
        Block x = block(ApiCases.anyType(r), shape, r, true);
        int nd = shape.length;
        Cubed cb = pick(r);
        int[] ch = chunks(r, shape);
        LazyArray a = cb.fromArray(x, ch);
        int at = r.nextInt(nd + 1) - (r.nextBoolean() ? nd + 1 : 0);
        LazyArray expanded = a.expandDims(at);
        // broadcast: new leading axes, and length-1 axes stretched
        int lead = r.nextInt(3);
        int[] target = new int[lead + nd];
        for (int i = 0; i < lead; i++) {
            target[i] = r.nextInt(4);
        }
        for (int i = 0; i < nd; i++) {
            target[lead + i] = shape[i] == 1 ? r.nextInt(4) : shape[i];
        }
        LazyArray b = a.broadcastTo(Arrays.stream(target).asLongStream().toArray());
        List<Block> got = cb.compute(expanded, expanded.squeeze(at), b);
        int pos = at < 0 ? at + nd + 1 : at;
        int[] es = new int[nd + 1];
        for (int i = 0, j = 0; i <= nd; i++) {
            es[i] = i == pos ? 1 : shape[j++];
        }
        assertExact(got.get(0), gather(x, es, o -> {
            int[] in = new int[nd];
            for (int i = 0, j = 0; i <= nd; i++) {
                if (i != pos) {
                    in[j++] = o[i];
                }
            }
            return ravel(in, shape);
        }), "expand_dims " + at + " of " + describe(x, ch));
        assertExact(got.get(1), x, "squeeze");
        if (nd > 0 && shape[0] <= 3) {
            List<LazyArray> parts = a.unstack(0);
            assertThat(parts).hasSize(shape[0]);
            List<Block> ps = cb.compute(parts);
            int[] rest = Arrays.copyOfRange(shape, 1, nd);
            for (int i = 0; i < ps.size(); i++) {
                int row = i;
                assertExact(ps.get(i), gather(x, rest, o -> {
                    int[] in = new int[nd];
                    in[0] = row;
                    System.arraycopy(o, 0, in, 1, nd - 1);
                    return ravel(in, shape);
                }), "unstack element " + i);
            }
        }
        assertExact(got.get(2), gather(x, target, o -> ApiCases.broadcastFlat(o, shape)),
                "broadcast_to " + Arrays.toString(target) + " of " + describe(x, ch));
    }

    @Property(tries = 20)
    void broadcastArraysMatch(@ForAll long seed) {
        Random r = new Random(seed);
        int[] full = ApiCases.shape(r, 1, 3, 4);
        int n = 2 + r.nextInt(2);
        List<Block> blocks = new ArrayList<>();
        List<LazyArray> arrays = new ArrayList<>();
        Cubed cb = pick(r);
        for (int k = 0; k < n; k++) {
            int drop = r.nextInt(full.length + 1);
            int[] s = Arrays.copyOfRange(full, drop, full.length);
            for (int i = 0; i < s.length; i++) {
                if (r.nextInt(3) == 0) {
                    s[i] = 1;
                }
            }
            Block b = block(ApiCases.anyType(r), s, r, true);
            blocks.add(b);
            arrays.add(cb.fromArray(b, chunks(r, s)));
        }
        int[] shape = new int[0];
        for (Block b : blocks) {
            shape = ApiCases.broadcast(shape, b.shape());
        }
        List<LazyArray> bs = cb.broadcastArrays(arrays.toArray(new LazyArray[0]));
        for (int k = 1; k < n; k++) {
            assertThat(bs.get(k).chunks()).as("broadcast arrays are chunked alike").isEqualTo(bs.get(0).chunks());
        }
        List<Block> got = cb.compute(bs);
        int[] outShape = shape;
        for (int k = 0; k < n; k++) {
            Block b = blocks.get(k);
            assertExact(got.get(k), gather(b, outShape, o -> ApiCases.broadcastFlat(o, b.shape())),
                    "broadcast_arrays #" + k);
        }
    }

    @Property(tries = 30)
    void concatAndStackMatch(@ForAll long seed) {
        Random r = new Random(seed);
        int[] base = ApiCases.shape(r, 1, 3, 5);
        int nd = base.length;
        int axis = r.nextInt(nd);
        int n = 1 + r.nextInt(4);
        Cubed cb = pick(r);
        List<Block> blocks = new ArrayList<>();
        List<LazyArray> arrays = new ArrayList<>();
        List<LazyArray> same = new ArrayList<>();
        List<Block> sameBlocks = new ArrayList<>();
        DataType t0 = ApiCases.anyType(r);
        for (int k = 0; k < n; k++) {
            int[] s = base.clone();
            s[axis] = r.nextInt(5) == 0 ? 0 : 1 + r.nextInt(6);
            // mostly one type, sometimes another (promoted)
            DataType t = r.nextInt(4) == 0 ? ApiCases.anyType(r) : t0;
            Block b = block(t, s, r, true);
            blocks.add(b);
            arrays.add(cb.fromArray(b, chunks(r, s)));
            Block sb = block(t, base, r, true);
            sameBlocks.add(sb);
            same.add(cb.fromArray(sb, chunks(r, base)));
        }
        DataType t = blocks.get(0).dtype();
        for (Block b : blocks) {
            t = dev.cubed.block.TypePromotion.resultType(t, b.dtype());
        }
        int stackAxis = r.nextInt(nd + 1);
        List<Block> got = cb.compute(cb.concat(arrays, axis - (r.nextBoolean() ? nd : 0)), cb.stack(same, stackAxis));
        int[] offsets = new int[n + 1];
        for (int k = 0; k < n; k++) {
            offsets[k + 1] = offsets[k] + blocks.get(k).shape(axis);
        }
        int[] cs = base.clone();
        cs[axis] = offsets[n];
        Block want = Block.allocate(t, cs);
        for (int f = 0; f < want.size(); f++) {
            int[] o = unravel(f, cs);
            int k = 0;
            while (o[axis] >= offsets[k + 1]) {
                k++;
            }
            int[] in = o.clone();
            in[axis] -= offsets[k];
            Block src = blocks.get(k).astype(t);
            ApiCases.copy(src, ravel(in, src.shape()), want, f);
        }
        assertExact(got.get(0), want, "concat of " + n + " arrays along " + axis);
        DataType st = sameBlocks.get(0).dtype();
        for (Block b : sameBlocks) {
            st = dev.cubed.block.TypePromotion.resultType(st, b.dtype());
        }
        int[] ss = new int[nd + 1];
        for (int i = 0, j = 0; i <= nd; i++) {
            ss[i] = i == stackAxis ? n : base[j++];
        }
        Block stacked = Block.allocate(st, ss);
        for (int f = 0; f < stacked.size(); f++) {
            int[] o = unravel(f, ss);
            int[] in = new int[nd];
            for (int i = 0, j = 0; i <= nd; i++) {
                if (i != stackAxis) {
                    in[j++] = o[i];
                }
            }
            ApiCases.copy(sameBlocks.get(o[stackAxis]).astype(st), ravel(in, base), stacked, f);
        }
        assertExact(got.get(1), stacked, "stack of " + n + " arrays at " + stackAxis);
    }

    @Property(tries = 40)
    void reshapeMatchesCOrder(@ForAll long seed) {
        Random r = new Random(seed);
        int[] shape = ApiCases.shape(r, 0, 4, 6);
        Block x = block(ApiCases.anyType(r), shape, r, true);
        int n = x.size();
        // a random factorisation of the size into up to 4 axes (with length-1 axes sometimes)
        List<Integer> factors = new ArrayList<>();
        int rest = n;
        if (n == 0) {
            factors.add(r.nextInt(3));
            factors.add(0);
            factors.add(1 + r.nextInt(3));
            java.util.Collections.shuffle(factors, r);
        } else {
            for (int p = 2; p <= rest; p++) {
                while (rest % p == 0) {
                    factors.add(p);
                    rest /= p;
                }
            }
            java.util.Collections.shuffle(factors, r);
            List<Integer> merged = new ArrayList<>();
            for (int f : factors) {
                if (!merged.isEmpty() && r.nextBoolean()) {
                    merged.set(merged.size() - 1, merged.get(merged.size() - 1) * f);
                } else {
                    merged.add(f);
                }
            }
            if (r.nextInt(3) == 0) {
                merged.add(r.nextInt(merged.size() + 1), 1);
            }
            factors = merged;
        }
        long[] target = factors.stream().mapToLong(Integer::longValue).toArray();
        Cubed cb = pick(r);
        int[] ch = chunks(r, shape);
        LazyArray a = cb.fromArray(x, ch);
        boolean infer = target.length > 0 && n > 0 && r.nextBoolean();
        long[] asked = target.clone();
        if (infer) {
            asked[r.nextInt(asked.length)] = -1;
        }
        LazyArray reshaped = a.reshape(asked);
        assertThat(reshaped.shape()).isEqualTo(target);
        List<Block> got = cb.compute(reshaped, a.flatten());
        int[] ts = Arrays.stream(target).mapToInt(v -> (int) v).toArray();
        Block want = Block.allocate(x.dtype(), ts);
        for (int f = 0; f < n; f++) {
            ApiCases.copy(x, f, want, f);
        }
        assertExact(got.get(0), want, "reshape of " + describe(x, ch) + " to " + Arrays.toString(target));
        Block flat = Block.allocate(x.dtype(), n);
        for (int f = 0; f < n; f++) {
            ApiCases.copy(x, f, flat, f);
        }
        assertExact(got.get(1), flat, "flatten");
    }

    @Property(tries = 30)
    void flipAndRollMatch(@ForAll long seed) {
        Random r = new Random(seed);
        int[] shape = ApiCases.shape(r, 1, 3, 6);
        Block x = block(ApiCases.anyType(r), shape, r, true);
        int nd = shape.length;
        Cubed cb = pick(r);
        int[] ch = chunks(r, shape);
        LazyArray a = cb.fromArray(x, ch);
        boolean[] flipped = new boolean[nd];
        List<Integer> fa = new ArrayList<>();
        for (int i = 0; i < nd; i++) {
            if (r.nextBoolean()) {
                flipped[i] = true;
                fa.add(r.nextBoolean() ? i : i - nd);
            }
        }
        boolean all = fa.isEmpty();
        int rollAxis = r.nextInt(nd);
        long shift = r.nextInt(25) - 12;
        long flatShift = r.nextInt(25) - 12;
        List<Block> got = cb.compute(a.flip(fa.stream().mapToInt(Integer::intValue).toArray()),
                a.roll(shift, rollAxis), a.roll(flatShift, null));
        assertExact(got.get(0), gather(x, shape, o -> {
            int[] in = o.clone();
            for (int i = 0; i < nd; i++) {
                if (all || flipped[i]) {
                    in[i] = shape[i] - 1 - o[i];
                }
            }
            return ravel(in, shape);
        }), "flip " + fa + " of " + describe(x, ch));
        assertExact(got.get(1), gather(x, shape, o -> {
            int[] in = o.clone();
            in[rollAxis] = Math.floorMod(o[rollAxis] - shift, shape[rollAxis]);
            return ravel(in, shape);
        }), "roll " + shift + " along " + rollAxis + " of " + describe(x, ch));
        int n = x.size();
        assertExact(got.get(2), gather(x, shape, o -> (int) Math.floorMod(ravel(o, shape) - flatShift, n)),
                "roll " + flatShift + " of the flattened " + describe(x, ch));
    }

    @Property(tries = 30)
    void repeatAndTileMatch(@ForAll long seed) {
        Random r = new Random(seed);
        int[] shape = ApiCases.shape(r, 1, 3, 5);
        Block x = block(ApiCases.anyType(r), shape, r, true);
        int nd = shape.length;
        Cubed cb = pick(r);
        int[] ch = chunks(r, shape);
        LazyArray a = cb.fromArray(x, ch);
        int axis = r.nextInt(nd);
        int reps = r.nextInt(4);
        long[] each = new long[shape[axis]];
        for (int i = 0; i < each.length; i++) {
            each[i] = r.nextInt(4);
        }
        long[] tiles = new long[r.nextInt(nd + 2)];
        for (int i = 0; i < tiles.length; i++) {
            tiles[i] = r.nextInt(4);
        }
        List<Block> got = cb.compute(a.repeat(reps, axis), a.repeat(each, axis), a.tile(tiles), a.repeat(2, null));
        int[] rs = shape.clone();
        rs[axis] = shape[axis] * reps;
        assertExact(got.get(0), gather(x, rs, o -> {
            int[] in = o.clone();
            in[axis] = o[axis] / reps;
            return ravel(in, shape);
        }), "repeat " + reps + " along " + axis + " of " + describe(x, ch));
        List<Integer> source = new ArrayList<>();
        for (int i = 0; i < each.length; i++) {
            for (int k = 0; k < each[i]; k++) {
                source.add(i);
            }
        }
        int[] es = shape.clone();
        es[axis] = source.size();
        assertExact(got.get(1), gather(x, es, o -> {
            int[] in = o.clone();
            in[axis] = source.get(o[axis]);
            return ravel(in, shape);
        }), "repeat " + Arrays.toString(each) + " along " + axis);
        int tnd = Math.max(nd, tiles.length);
        int[] xs = new int[tnd];
        Arrays.fill(xs, 1);
        System.arraycopy(shape, 0, xs, tnd - nd, nd);
        long[] reps2 = new long[tnd];
        Arrays.fill(reps2, 1);
        System.arraycopy(tiles, 0, reps2, tnd - tiles.length, tiles.length);
        int[] tsh = new int[tnd];
        for (int i = 0; i < tnd; i++) {
            tsh[i] = (int) (xs[i] * reps2[i]);
        }
        assertExact(got.get(2), gather(x, tsh, o -> {
            int[] in = new int[tnd];
            for (int i = 0; i < tnd; i++) {
                in[i] = o[i] % xs[i];
            }
            return ravel(in, xs);
        }), "tile " + Arrays.toString(tiles) + " of " + describe(x, ch));
        int[] fs = {2 * x.size()};
        assertExact(got.get(3), gather(x, fs, o -> o[0] / 2), "repeat 2 of the flattened array");
        assertThat(size(fs)).isEqualTo(got.get(3).size());
    }
}
