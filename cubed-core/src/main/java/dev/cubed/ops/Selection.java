package dev.cubed.ops;

import dev.cubed.plan.ArrayNode;
import dev.cubed.plan.OpNode;
import dev.cubed.primitive.AxisMap;
import dev.cubed.primitive.ChunkGrid;
import dev.cubed.primitive.ReadRegion;
import dev.cubed.primitive.RegionMap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Selections as region reads: each output chunk is assembled from the input chunks that hold its
 * elements, read one at a time (see {@link RegionMap.Orthogonal}), so a task holds its output
 * chunk and one input chunk whatever the selection. Slices with any step, flips, rolls, tiles,
 * repeats and integer-array indexing along an axis are all such selections. Output chunks keep
 * the input's chunk length along each axis (clipped to the output's length).
 */
public final class Selection {
    /** The largest index list carried in a plan (about as large as an embedded array may be). */
    public static final int MAX_LISTED_INDICES = 125_000;

    private Selection() {
    }

    /**
     * Output axis {@code d} (of length {@code shape[d]}) takes input elements through
     * {@code maps.get(d)}; the output has the input's number of axes.
     */
    public static ArrayNode select(ArrayNode x, List<AxisMap> maps, long[] shape, String label) {
        ChunkGrid g = x.grid();
        int nd = g.ndim();
        if (maps.size() != nd || shape.length != nd) {
            throw new IllegalArgumentException(label + ": a selection of " + maps.size() + " axes for an array of " + nd);
        }
        int[] chunks = new int[nd];
        boolean identity = true;
        long listed = 0;
        for (int d = 0; d < nd; d++) {
            chunks[d] = (int) Math.max(1, Math.min(g.chunks(d), shape[d]));
            AxisMap m = maps.get(d);
            identity &= shape[d] == g.shape(d) && m.equals(AxisMap.Affine.identity());
            if (m instanceof AxisMap.Listed l) {
                listed += l.indices().length;
            }
        }
        if (identity) {
            return x;
        }
        ChunkGrid out = new ChunkGrid(shape, chunks);
        if (out.size() == 0) {
            return Manipulation.empty(shape, chunks, x.type());
        }
        ReadRegion root = new ReadRegion(0, new RegionMap.Orthogonal(maps), out, x.type());
        // an index list is held whole by every task, and each axis's runs take a few numbers per element
        long runs = 0;
        for (int c : chunks) {
            runs += 32L * c;
        }
        return ArrayNode.computedBy(OpNode.builder(label).inputs(x).root(root).extraMem(8 * listed + runs).build());
    }

    private static List<AxisMap> identities(int nd) {
        List<AxisMap> maps = new ArrayList<>();
        for (int d = 0; d < nd; d++) {
            maps.add(AxisMap.Affine.identity());
        }
        return maps;
    }

    /** Reverses the order of elements along {@code axes} (normalised). */
    public static ArrayNode flip(ArrayNode x, int[] axes) {
        ChunkGrid g = x.grid();
        List<AxisMap> maps = identities(g.ndim());
        for (int a : axes) {
            if (g.shape(a) > 1) {
                maps.set(a, new AxisMap.Affine(g.shape(a) - 1, -1));
            }
        }
        return select(x, maps, g.shape(), "flip");
    }

    /** Rolls elements by {@code shifts[i]} along {@code axes[i]} (normalised): element i moves to i + shift, wrapping. */
    public static ArrayNode roll(ArrayNode x, long[] shifts, int[] axes) {
        ChunkGrid g = x.grid();
        if (shifts.length != axes.length) {
            throw new IllegalArgumentException("roll: " + shifts.length + " shifts for " + axes.length + " axes");
        }
        long[] total = new long[g.ndim()];
        for (int i = 0; i < axes.length; i++) {
            total[axes[i]] += shifts[i];
        }
        List<AxisMap> maps = identities(g.ndim());
        for (int a = 0; a < g.ndim(); a++) {
            long n = g.shape(a);
            if (n > 0 && Math.floorMod(total[a], n) != 0) {
                maps.set(a, new AxisMap.Cyclic(n - Math.floorMod(total[a], n), n));
            }
        }
        return select(x, maps, g.shape(), "roll");
    }

    /** Repeats the whole array {@code reps[d]} times along each axis (one count per axis). */
    public static ArrayNode tile(ArrayNode x, long[] reps) {
        ChunkGrid g = x.grid();
        List<AxisMap> maps = identities(g.ndim());
        long[] shape = g.shape();
        for (int d = 0; d < g.ndim(); d++) {
            if (reps[d] < 0) {
                throw new IllegalArgumentException("tile: repetitions must be >= 0, got " + Arrays.toString(reps));
            }
            shape[d] = Math.multiplyExact(g.shape(d), reps[d]);
            if (reps[d] != 1 && g.shape(d) > 0) {
                maps.set(d, new AxisMap.Cyclic(0, g.shape(d)));
            }
        }
        return select(x, maps, shape, "tile");
    }

    /** Repeats each element {@code repeats} times along {@code axis} (normalised). */
    public static ArrayNode repeat(ArrayNode x, long repeats, int axis) {
        if (repeats < 0) {
            throw new IllegalArgumentException("repeat: repeats must be >= 0, got " + repeats);
        }
        ChunkGrid g = x.grid();
        List<AxisMap> maps = identities(g.ndim());
        long[] shape = g.shape();
        shape[axis] = Math.multiplyExact(g.shape(axis), repeats);
        if (repeats > 1) {
            maps.set(axis, new AxisMap.Repeat(repeats));
        }
        return select(x, maps, shape, "repeat");
    }

    /** Repeats element i of {@code axis} (normalised) {@code repeats[i]} times. */
    public static ArrayNode repeat(ArrayNode x, long[] repeats, int axis) {
        ChunkGrid g = x.grid();
        if (repeats.length != g.shape(axis)) {
            throw new IllegalArgumentException("repeat: " + repeats.length + " repeat counts for axis " + axis
                    + " of length " + g.shape(axis));
        }
        long n = 0;
        for (long r : repeats) {
            if (r < 0) {
                throw new IllegalArgumentException("repeat: repeats must be >= 0, got " + r);
            }
            n = Math.addExact(n, r);
        }
        checkListed(n, "repeat");
        long[] idx = new long[(int) n];
        int k = 0;
        for (int i = 0; i < repeats.length; i++) {
            for (long r = 0; r < repeats[i]; r++) {
                idx[k++] = i;
            }
        }
        List<AxisMap> maps = identities(g.ndim());
        long[] shape = g.shape();
        shape[axis] = n;
        maps.set(axis, new AxisMap.Listed(idx));
        return select(x, maps, shape, "repeat");
    }

    /**
     * The elements at {@code indices} along {@code axis} (normalised); negative indices count from
     * the end. Out-of-range indices are an error naming the axis and its length.
     */
    public static ArrayNode take(ArrayNode x, long[] indices, int axis) {
        ChunkGrid g = x.grid();
        checkListed(indices.length, "take");
        long n = g.shape(axis);
        long[] idx = new long[indices.length];
        for (int i = 0; i < indices.length; i++) {
            idx[i] = normalizeIndex(indices[i], n, axis);
        }
        List<AxisMap> maps = identities(g.ndim());
        long[] shape = g.shape();
        shape[axis] = idx.length;
        maps.set(axis, new AxisMap.Listed(idx));
        return select(x, maps, shape, "take");
    }

    /** Index {@code i} of an axis of length {@code n}, negative counting from the end; IndexError-style message otherwise. */
    public static long normalizeIndex(long i, long n, int axis) {
        long j = i < 0 ? i + n : i;
        if (j < 0 || j >= n) {
            throw new IndexOutOfBoundsException("index " + i + " is out of bounds for axis " + axis + " with size " + n
                    + (n == 0 ? " (the axis is empty)" : " (valid: " + (-n) + " to " + (n - 1) + ")"));
        }
        return j;
    }

    private static void checkListed(long n, String what) {
        if (n > MAX_LISTED_INDICES) {
            throw new IllegalArgumentException(what + ": " + n + " indices are more than the " + MAX_LISTED_INDICES
                    + " a plan carries; select in several steps or use slices");
        }
    }
}
