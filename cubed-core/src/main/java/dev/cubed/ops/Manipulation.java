package dev.cubed.ops;

import dev.cubed.block.ValueType;
import dev.cubed.kernel.Params;
import dev.cubed.plan.ArrayNode;
import dev.cubed.plan.MemoryModel;
import dev.cubed.plan.MemorySize;
import dev.cubed.plan.OpNode;
import dev.cubed.plan.PlanSettings;
import dev.cubed.primitive.Apply;
import dev.cubed.primitive.Arg;
import dev.cubed.primitive.BlockExpr;
import dev.cubed.primitive.ArgMode;
import dev.cubed.primitive.BlockwiseMap;
import dev.cubed.primitive.ChunkGrid;
import dev.cubed.primitive.OverlapMap;
import dev.cubed.primitive.RavelMap;
import dev.cubed.primitive.Source;
import dev.cubed.primitive.VirtualArray;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The array API's manipulation functions as blockwise operations: each output chunk is computed
 * from the input chunks it needs, one task per output chunk, with key maps saying which. Axis
 * rearrangements (permute, expand, squeeze, broadcast) map one input block to one output block;
 * reshape first rechunks (within memory) so that blocks correspond one to one in C order;
 * concatenation reads, for each output chunk, just the input chunks it overlaps, one at a time.
 */
public final class Manipulation {
    /** Chunks chosen for axes no input determines aim at this size (Dask's default), memory permitting. */
    public static final long DEFAULT_CHUNK_BYTES = 128L * 1024 * 1024;

    private Manipulation() {
    }

    /** Axis {@code i} of the result is axis {@code axes[i]} of {@code x} (normalised, a permutation). */
    public static ArrayNode permuteDims(ArrayNode x, int[] axes) {
        ChunkGrid g = x.grid();
        int nd = g.ndim();
        if (axes.length != nd) {
            throw new IllegalArgumentException("permute_dims: " + Arrays.toString(axes) + " has " + axes.length
                    + " axes but the array has " + nd);
        }
        boolean identity = true;
        long[] shape = new long[nd];
        int[] chunks = new int[nd];
        int[] dims = new int[nd];
        boolean[] seen = new boolean[nd];
        for (int i = 0; i < nd; i++) {
            int a = axes[i];
            if (a < 0 || a >= nd || seen[a]) {
                throw new IllegalArgumentException("permute_dims: " + Arrays.toString(axes) + " is not a permutation of "
                        + "the axes 0.." + (nd - 1));
            }
            seen[a] = true;
            identity &= a == i;
            shape[i] = g.shape(a);
            chunks[i] = g.chunks(a);
            dims[a] = i;
        }
        if (identity) {
            return x;
        }
        ChunkGrid out = new ChunkGrid(shape, chunks);
        Params p = Params.builder().put("axes", axes).build();
        Apply root = new Apply("permute_dims", p,
                List.of(Arg.one(new Source(0, g, x.type()), new BlockwiseMap(dims, g.numBlocks()))), out, x.type());
        return ArrayNode.computedBy(OpNode.builder("permute_dims").inputs(x).root(root).build());
    }

    /**
     * Drops and inserts length-1 axes: input axis {@code j} becomes output axis {@code to[j]}, or is
     * dropped when {@code to[j] < 0} (it must have length 1); output axes no input axis maps to
     * have length 1.
     */
    public static ArrayNode unitAxes(ArrayNode x, int outNdim, int[] to, String label) {
        ChunkGrid g = x.grid();
        long[] shape = new long[outNdim];
        int[] chunks = new int[outNdim];
        Arrays.fill(shape, 1);
        Arrays.fill(chunks, 1);
        for (int j = 0; j < to.length; j++) {
            if (to[j] < 0) {
                if (g.shape(j) != 1) {
                    throw new IllegalArgumentException(label + ": axis " + j + " has length " + g.shape(j)
                            + "; only axes of length 1 can be removed");
                }
            } else {
                shape[to[j]] = g.shape(j);
                chunks[to[j]] = g.chunks(j);
            }
        }
        ChunkGrid out = new ChunkGrid(shape, chunks);
        if (out.equals(g)) {
            return x;
        }
        Apply root = new Apply("reshape", Params.empty(),
                List.of(Arg.one(new Source(0, g, x.type()), new BlockwiseMap(to, g.numBlocks()))), out, x.type());
        return ArrayNode.computedBy(OpNode.builder(label).inputs(x).root(root).build());
    }

    /** Inserts length-1 axes at positions {@code axes} of the result (normalised, distinct). */
    public static ArrayNode expandDims(ArrayNode x, int[] axes) {
        int nd = x.grid().ndim() + axes.length;
        boolean[] isNew = new boolean[nd];
        for (int a : axes) {
            if (a < 0 || a >= nd || isNew[a]) {
                throw new IllegalArgumentException("expand_dims: axes " + Arrays.toString(axes) + " are out of range or "
                        + "repeated for a result of " + nd + " axes");
            }
            isNew[a] = true;
        }
        int[] to = new int[x.grid().ndim()];
        int j = 0;
        for (int i = 0; i < nd; i++) {
            if (!isNew[i]) {
                to[j++] = i;
            }
        }
        return unitAxes(x, nd, to, "expand_dims");
    }

    /** Removes axes {@code axes} (normalised), each of length 1. */
    public static ArrayNode squeeze(ArrayNode x, int[] axes) {
        int nd = x.grid().ndim();
        boolean[] drop = new boolean[nd];
        for (int a : axes) {
            drop[a] = true;
        }
        int[] to = new int[nd];
        int k = 0;
        for (int j = 0; j < nd; j++) {
            to[j] = drop[j] ? -1 : k++;
        }
        return unitAxes(x, k, to, "squeeze");
    }

    /** Zeros that are never stored: the result of an operation whose output has no elements. */
    public static ArrayNode empty(long[] shape, int[] chunks, ValueType type) {
        return Creation.full(shape, chunks, 0, type.dtype());
    }

    // ------------------------------------------------------------------ broadcasting

    /**
     * {@code x} broadcast to {@code shape}. {@code chunks} (or null) gives the chunk of each output
     * axis, 0 meaning choose: axes {@code x} spans keep its chunks (it is rechunked where a given
     * chunk differs), new and stretched axes get chunks that keep an output chunk near
     * {@link #targetChunkBytes}.
     */
    public static ArrayNode broadcastTo(ArrayNode x, long[] shape, int[] chunks, PlanSettings settings) {
        ChunkGrid g = x.grid();
        int nd = shape.length;
        int lead = nd - g.ndim();
        boolean ok = lead >= 0;
        for (int j = 0; ok && j < g.ndim(); j++) {
            ok = g.shape(j) == shape[lead + j] || g.shape(j) == 1;
        }
        if (!ok) {
            throw new IllegalArgumentException("cannot broadcast an array of shape " + Arrays.toString(g.shape())
                    + " to shape " + Arrays.toString(shape));
        }
        int[] want = chunks == null ? new int[nd] : chunks.clone();
        if (want.length != nd) {
            throw new IllegalArgumentException("broadcast_to: chunks " + Arrays.toString(chunks) + " have "
                    + want.length + " axes but the shape " + Arrays.toString(shape) + " has " + nd);
        }
        int[] inChunks = g.chunks();
        boolean rechunk = false;
        int[] fixed = new int[nd];
        for (int d = 0; d < nd; d++) {
            int j = d - lead;
            if (j >= 0 && g.shape(j) == shape[d]) {
                if (want[d] > 0 && want[d] != g.chunks(j) && shape[d] > 1) {
                    inChunks[j] = want[d];
                    rechunk = true;
                }
                fixed[d] = want[d] > 0 ? want[d] : g.chunks(j);
            } else {
                fixed[d] = want[d];
            }
        }
        if (rechunk) {
            x = Rechunk.rechunk(x, inChunks, settings);
            g = x.grid();
        }
        int item = x.type().itemSize();
        int[] outChunks = Chunks.normalize(shape, fillChunks(shape, fixed, item, targetChunkBytes(settings,
                g.chunkSize() * item)));
        ChunkGrid out = new ChunkGrid(shape, outChunks);
        if (out.equals(g)) {
            return x;
        }
        int[] dims = new int[g.ndim()];
        for (int j = 0; j < dims.length; j++) {
            dims[j] = lead + j;
        }
        Apply root = new Apply("broadcast_to", Params.empty(),
                List.of(Arg.one(new Source(0, g, x.type()), new BlockwiseMap(dims, g.numBlocks()))), out, x.type());
        return ArrayNode.computedBy(OpNode.builder("broadcast_to").inputs(x).root(root).build());
    }

    /** The arrays broadcast against each other, chunked alike (axes follow the first array spanning them). */
    public static List<ArrayNode> broadcastArrays(List<ArrayNode> xs, PlanSettings settings) {
        List<long[]> shapes = new ArrayList<>();
        for (ArrayNode a : xs) {
            shapes.add(a.grid().shape());
        }
        long[] shape = Broadcasting.shape(shapes);
        int nd = shape.length;
        int[] chunks = new int[nd];
        for (int d = 0; d < nd; d++) {
            for (ArrayNode a : xs) {
                int j = d - (nd - a.grid().ndim());
                if (j >= 0 && a.grid().shape(j) == shape[d]) {
                    chunks[d] = a.grid().chunks(j);
                    break;
                }
            }
        }
        List<ArrayNode> out = new ArrayList<>();
        for (ArrayNode a : xs) {
            out.add(broadcastTo(a, shape, chunks, settings));
        }
        return out;
    }

    /** A chunk size to aim at for axes no input determines: at least {@code atLeast} bytes. */
    public static long targetChunkBytes(PlanSettings settings, long atLeast) {
        long usable = settings.allowedMem() - settings.reservedMem();
        return Math.max(atLeast, Math.min(DEFAULT_CHUNK_BYTES, usable / 8));
    }

    /**
     * Chunks with {@code fixed[d]} on axes where it is positive, and on the others (from the last
     * axis back) the whole axis while the chunk stays within {@code targetBytes}, then the largest
     * part that does, then 1.
     */
    public static int[] fillChunks(long[] shape, int[] fixed, int itemSize, long targetBytes) {
        int nd = shape.length;
        int[] out = new int[nd];
        long bytes = itemSize;
        for (int d = 0; d < nd; d++) {
            if (fixed[d] > 0) {
                out[d] = (int) Math.max(1, Math.min(fixed[d], Math.max(shape[d], 1)));
                bytes = saturatingMultiply(bytes, out[d]);
            }
        }
        long room = Math.max(1, targetBytes / Math.max(1, bytes));
        for (int d = nd - 1; d >= 0; d--) {
            if (fixed[d] > 0) {
                continue;
            }
            long n = Math.max(shape[d], 1);
            long c = Math.min(n, room);
            c = Math.max(1, Math.min(c, Integer.MAX_VALUE - 8));
            out[d] = (int) c;
            room = Math.max(1, room / c);
        }
        return out;
    }

    private static long saturatingMultiply(long a, long b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    // ------------------------------------------------------------------ reshape

    /**
     * The same elements in C order with another shape (no -1 here: the caller resolves it). When the
     * chunks do not already make the reshape blockwise, the input is first rechunked within memory
     * (see {@link ReshapePlanner}).
     */
    public static ArrayNode reshape(ArrayNode x, long[] shape, PlanSettings settings) {
        ChunkGrid g = x.grid();
        long size = 1;
        for (long s : shape) {
            if (s < 0) {
                throw new IllegalArgumentException("reshape: negative length in " + Arrays.toString(shape));
            }
            size = Math.multiplyExact(size, s);
        }
        if (size != g.size()) {
            throw new IllegalArgumentException("cannot reshape an array of size " + g.size() + " (shape "
                    + Arrays.toString(g.shape()) + ") into shape " + Arrays.toString(shape));
        }
        if (Arrays.equals(shape, g.shape())) {
            return x;
        }
        if (size == 0) {
            return empty(shape, Chunks.auto(shape, x.type().itemSize(), g.chunkSize() * x.type().itemSize()), x.type());
        }
        ReshapePlanner.Plan plan = ReshapePlanner.plan(g.shape(), g.chunks(), shape);
        ArrayNode in;
        try {
            in = Rechunk.rechunk(x, plan.inputChunks(), settings);
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("reshape of an array of shape " + Arrays.toString(g.shape())
                    + " chunked " + Arrays.toString(g.chunks()) + " to " + Arrays.toString(shape) + " needs the input "
                    + "chunked " + Arrays.toString(plan.inputChunks()) + " first, which does not fit allowed_mem "
                    + MemorySize.format(settings.allowedMem()) + ": " + ex.getMessage(), ex);
        }
        ChunkGrid ig = in.grid();
        ChunkGrid out = new ChunkGrid(shape, Chunks.normalize(shape, plan.outputChunks()));
        Apply root = new Apply("reshape", Params.empty(), List.of(Arg.one(new Source(0, ig, in.type()),
                new RavelMap(out.numBlocks(), ig.numBlocks()))), out, in.type());
        return ArrayNode.computedBy(OpNode.builder("reshape").inputs(in).root(root).build());
    }

    // ------------------------------------------------------------------ concat and stack

    /**
     * Joins arrays of one type along {@code axis} (normalised). Off that axis the arrays must have
     * equal lengths; they are rechunked to the first array's chunks there. Each output chunk reads
     * the input chunks it overlaps, one at a time; when many arrays would make a task's projected
     * memory exceed the budget (every input is counted as if read at once), they are joined in
     * groups first.
     */
    public static ArrayNode concat(List<ArrayNode> xs, int axis, PlanSettings settings) {
        if (xs.isEmpty()) {
            throw new IllegalArgumentException("concat needs at least one array");
        }
        ArrayNode first = xs.get(0);
        int nd = first.grid().ndim();
        if (nd == 0) {
            throw new IllegalArgumentException("concat: zero-dimensional arrays cannot be concatenated");
        }
        if (axis < 0 || axis >= nd) {
            throw new IllegalArgumentException("concat: axis " + axis + " is out of range for arrays of " + nd + " axes");
        }
        long total = 0;
        for (int i = 0; i < xs.size(); i++) {
            ArrayNode a = xs.get(i);
            if (!a.type().equals(first.type())) {
                throw new IllegalArgumentException("concat: array " + i + " is " + a.type() + " but array 0 is "
                        + first.type() + "; convert them to one type first");
            }
            if (a.grid().ndim() != nd) {
                throw new IllegalArgumentException("concat: array " + i + " has " + a.grid().ndim()
                        + " axes but array 0 has " + nd);
            }
            for (int d = 0; d < nd; d++) {
                if (d != axis && a.grid().shape(d) != first.grid().shape(d)) {
                    throw new IllegalArgumentException("concat: all the array lengths except along the concatenation axis "
                            + axis + " must match exactly, but array " + i + " has shape "
                            + Arrays.toString(a.grid().shape()) + " and array 0 has shape "
                            + Arrays.toString(first.grid().shape()));
                }
            }
            total += a.grid().shape(axis);
        }
        long[] shape = first.grid().shape();
        shape[axis] = total;
        int[] chunks = first.grid().chunks();
        List<ArrayNode> parts = new ArrayList<>();
        for (ArrayNode a : xs) {
            if (a.grid().shape(axis) > 0) {
                parts.add(a);
            }
        }
        if (xs.size() == 1) {
            return first;
        }
        if (sizeOf(shape) == 0) {
            return empty(shape, chunks, first.type());
        }
        // along the axis, the largest of the inputs' chunks (a length-1 piece must not shrink every chunk to 1)
        int along = 1;
        for (ArrayNode a : parts) {
            along = Math.max(along, a.grid().chunks(axis));
        }
        chunks[axis] = (int) Math.min(along, total);
        // align the chunks off the axis with the first array's
        List<ArrayNode> aligned = new ArrayList<>();
        for (ArrayNode a : parts) {
            int[] want = chunks.clone();
            want[axis] = a.grid().chunks(axis);
            aligned.add(Rechunk.rechunk(a, want, settings));
        }
        return concatAligned(plain(aligned), axis, new ChunkGrid(shape, chunks), settings);
    }

    private static long sizeOf(long[] shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        return n;
    }

    /**
     * One input of a concatenation: an array read as it is, or (for stack) read with a length-1
     * axis inserted at the concatenation axis, in the same task.
     */
    private record Part(ArrayNode node, boolean insertAxis) {
        /** The grid the concatenation reads: the array's, or with the inserted axis. */
        ChunkGrid grid(int axis) {
            ChunkGrid g = node.grid();
            if (!insertAxis) {
                return g;
            }
            return new ChunkGrid(insert(g.shape(), axis, 1), insert(g.chunks(), axis, 1));
        }

        private static long[] insert(long[] a, int at, long v) {
            long[] r = new long[a.length + 1];
            for (int i = 0, j = 0; i < r.length; i++) {
                r[i] = i == at ? v : a[j++];
            }
            return r;
        }

        private static int[] insert(int[] a, int at, int v) {
            int[] r = new int[a.length + 1];
            for (int i = 0, j = 0; i < r.length; i++) {
                r[i] = i == at ? v : a[j++];
            }
            return r;
        }
    }

    private static List<Part> plain(List<ArrayNode> nodes) {
        List<Part> parts = new ArrayList<>();
        for (ArrayNode n : nodes) {
            parts.add(new Part(n, false));
        }
        return parts;
    }

    private static ArrayNode concatAligned(List<Part> parts, int axis, ChunkGrid out, PlanSettings settings) {
        if (parts.size() == 1 && !parts.get(0).insertAxis() && parts.get(0).node().grid().equals(out)) {
            return parts.get(0).node();
        }
        ArrayNode whole = concatOp(parts, axis, out);
        if (parts.size() <= 2 || fits(whole, settings)) {
            return whole;
        }
        // too many inputs for one task's projected memory (each counts as if read at once): join
        // groups of as many as fit first, then the groups, and so on
        int group = 2;
        while (group + 1 < parts.size() && fits(concatOp(parts.subList(0, group + 1), axis,
                partGrid(parts.subList(0, group + 1), axis, out)), settings)) {
            group++;
        }
        List<Part> joined = new ArrayList<>();
        for (int i = 0; i < parts.size(); i += group) {
            List<Part> g = parts.subList(i, Math.min(parts.size(), i + group));
            joined.add(new Part(concatOp(g, axis, partGrid(g, axis, out)), false));
        }
        return concatAligned(joined, axis, out, settings);
    }

    private static ChunkGrid partGrid(List<Part> parts, int axis, ChunkGrid out) {
        long[] shape = out.shape();
        long n = 0;
        for (Part p : parts) {
            n += p.grid(axis).shape(axis);
        }
        shape[axis] = n;
        int[] chunks = out.chunks();
        chunks[axis] = (int) Math.max(1, Math.min(chunks[axis], n));
        return new ChunkGrid(shape, chunks);
    }

    private static boolean fits(ArrayNode node, PlanSettings settings) {
        OpNode op = node.producer();
        List<MemoryModel.InputInfo> infos = new ArrayList<>();
        for (ArrayNode in : op.inputs()) {
            boolean virtual = !in.isComputed() && in.source() instanceof VirtualArray;
            infos.add(new MemoryModel.InputInfo(in.grid().chunkSize() * in.type().itemSize(), virtual));
        }
        return settings.memoryModel().projected(op.root(), infos, op.extraMem()) <= settings.allowedMem();
    }

    private static ArrayNode concatOp(List<Part> parts, int axis, ChunkGrid out) {
        List<ArrayNode> distinct = new ArrayList<>();
        List<Arg> args = new ArrayList<>();
        long[] offsets = new long[parts.size()];
        long at = 0;
        int nd = out.ndim();
        boolean stacking = false;
        for (int i = 0; i < parts.size(); i++) {
            Part part = parts.get(i);
            ArrayNode a = part.node();
            int idx = Blockwise.indexOf(distinct, a);
            if (idx < 0) {
                distinct.add(a);
                idx = distinct.size() - 1;
            }
            ChunkGrid read = part.grid(axis);
            BlockExpr expr = new Source(idx, a.grid(), a.type());
            if (part.insertAxis()) {
                stacking = true;
                int[] to = new int[a.grid().ndim()];
                for (int j = 0; j < to.length; j++) {
                    to[j] = j < axis ? j : j + 1;
                }
                expr = new Apply("reshape", Params.empty(), List.of(Arg.one(expr, new BlockwiseMap(to,
                        a.grid().numBlocks()))), read, a.type());
            }
            long[] offset = new long[nd];
            offset[axis] = at;
            offsets[i] = at;
            at += read.shape(axis);
            args.add(new Arg(expr, new OverlapMap(out, read, offset), ArgMode.ITER));
        }
        ValueType type = parts.get(0).node().type();
        Params p = Params.builder().put("axis", axis).put("offsets", offsets).put("dtype", type.dtype()).build();
        Apply root = new Apply("concat", p, args, out, type);
        return ArrayNode.computedBy(OpNode.builder(stacking ? "stack" : "concat").inputs(distinct).root(root).build());
    }

    /**
     * Joins arrays of one shape and type along a new axis {@code axis} (normalised for the result):
     * a concatenation whose tasks insert the axis as they read (chunk 1 along it, so each output
     * chunk reads one input chunk). Off the axis the arrays are rechunked to the first's chunks.
     */
    public static ArrayNode stack(List<ArrayNode> xs, int axis, PlanSettings settings) {
        if (xs.isEmpty()) {
            throw new IllegalArgumentException("stack needs at least one array");
        }
        ArrayNode first = xs.get(0);
        long[] shape = first.grid().shape();
        int nd = shape.length;
        if (axis < 0 || axis > nd) {
            throw new IllegalArgumentException("stack: axis " + axis + " is out of range for a result of " + (nd + 1)
                    + " axes");
        }
        List<Part> parts = new ArrayList<>();
        for (int i = 0; i < xs.size(); i++) {
            ArrayNode a = xs.get(i);
            if (!Arrays.equals(a.grid().shape(), shape)) {
                throw new IllegalArgumentException("stack: all arrays must have the same shape, but array " + i
                        + " has shape " + Arrays.toString(a.grid().shape()) + " and array 0 has shape "
                        + Arrays.toString(shape));
            }
            if (!a.type().equals(first.type())) {
                throw new IllegalArgumentException("stack: array " + i + " is " + a.type() + " but array 0 is "
                        + first.type() + "; convert them to one type first");
            }
            parts.add(new Part(Rechunk.rechunk(a, first.grid().chunks(), settings), true));
        }
        ChunkGrid out = parts.get(0).grid(axis);
        long[] outShape = out.shape();
        outShape[axis] = xs.size();
        ChunkGrid grid = new ChunkGrid(outShape, out.chunks());
        if (grid.size() == 0) {
            return empty(outShape, out.chunks(), first.type());
        }
        return concatAligned(parts, axis, grid, settings);
    }
}
