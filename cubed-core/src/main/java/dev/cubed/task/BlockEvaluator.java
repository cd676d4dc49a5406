package dev.cubed.task;

import dev.cubed.block.Block;
import dev.cubed.block.BlockAllocator;
import dev.cubed.block.NamedBlocks;
import dev.cubed.block.Value;
import dev.cubed.block.ValueType;
import dev.cubed.kernel.Kernel;
import dev.cubed.kernel.KernelArgs;
import dev.cubed.kernel.KernelRegistry;
import dev.cubed.kernel.Params;
import dev.cubed.primitive.Apply;
import dev.cubed.primitive.Arg;
import dev.cubed.primitive.ArgMode;
import dev.cubed.primitive.ArrayRef;
import dev.cubed.primitive.BlockExpr;
import dev.cubed.primitive.BlockRange;
import dev.cubed.primitive.ChunkGrid;
import dev.cubed.primitive.Fold;
import dev.cubed.primitive.ReadRegion;
import dev.cubed.primitive.RegionMap;
import dev.cubed.primitive.Source;
import dev.cubed.primitive.StoredArray;
import dev.cubed.primitive.VirtualArray;
import dev.cubed.storage.zarr.ZarrArray;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Evaluates a block function at one chunk: reads inputs, calls kernels, folds sequences. Many
 * arguments in {@link ArgMode#ITER} mode are produced lazily, so only one of their values is
 * alive at a time; that is the whole basis of bounded-memory reductions.
 */
final class BlockEvaluator {
    private final String opName;
    private final List<ArrayRef> inputs;
    private final TaskContext context;
    private final IoCounters io;
    private final TaskArrays arrays;
    // input chunks read once for several outputs of a task; null unless shareReads() was called
    private Map<ChunkKey, Value> shared;

    /** An input chunk: which input, and the chunk's coordinates. */
    private record ChunkKey(int input, long[] coords) {
        @Override
        public boolean equals(Object o) {
            return o instanceof ChunkKey k && k.input == input && Arrays.equals(k.coords, coords);
        }

        @Override
        public int hashCode() {
            return 31 * input + Arrays.hashCode(coords);
        }
    }

    BlockEvaluator(String opName, List<ArrayRef> inputs, TaskContext context, IoCounters io) {
        this.opName = opName;
        this.inputs = inputs;
        this.context = context;
        this.io = io;
        this.arrays = new TaskArrays(context.arrayPool());
    }

    /** Gives the arrays of a value nobody will read again (the task's written result) back to the pool. */
    void recycle(Value dead) {
        arrays.release(dead, null);
    }

    /**
     * From now on each input chunk is read once and kept, however many block functions read it,
     * until {@link #endSharing}: how the outputs of a multi-output operation share their reads.
     */
    void shareReads() {
        shared = new java.util.HashMap<>();
    }

    /** Drops the shared input chunks; their arrays go back to the pool unless a value in {@code live} uses them. */
    void endSharing(List<Value> live) {
        if (shared != null) {
            for (Value v : shared.values()) {
                arrays.unpin(v, live);
            }
            shared = null;
        }
    }

    /**
     * Evaluates folds over the same sequence of chunks together ({@link dev.cubed.primitive.ComputeSpec.Sharing#STEP}):
     * each step reads its input chunks once for every fold, and drops them before the next step.
     */
    List<Value> foldTogether(List<Fold> folds, long[] coords) {
        Iterator<long[]> keys = folds.get(0).input().keys().many(coords);
        if (!keys.hasNext()) {
            throw new TaskRunException(opName, coords, "nothing to fold with '" + folds.get(0).combine() + "'", null);
        }
        Value[] acc = new Value[folds.size()];
        while (keys.hasNext()) {
            long[] key = keys.next();
            shareReads();
            try {
                for (int i = 0; i < acc.length; i++) {
                    Fold f = folds.get(i);
                    Value next = eval(f.input().expr(), key);
                    acc[i] = acc[i] == null ? next : combineStep(f, acc[i], next, coords);
                }
            } finally {
                // an accumulator may be a chunk read in this step (a fold whose input is a stored array)
                List<Value> live = new ArrayList<>();
                for (Value a : acc) {
                    if (a != null) {
                        live.add(a);
                    }
                }
                endSharing(live);
            }
        }
        for (int i = 0; i < acc.length; i++) {
            check(folds.get(i), coords, acc[i], describe(folds.get(i)));
        }
        return Arrays.asList(acc);
    }

    Value eval(BlockExpr e, long[] coords) {
        try {
            return evalChecked(e, coords);
        } catch (KernelRegistry.UnknownKernelException | SecurityException ex) {
            throw new TaskRunException(opName, coords, ex.getMessage(), ex, true);
        }
    }

    private Value evalChecked(BlockExpr e, long[] coords) {
        Value v;
        if (e instanceof Source s && shared != null) {
            ChunkKey key = new ChunkKey(s.input(), coords);
            v = shared.get(key);
            if (v == null) {
                v = readChunk(inputs.get(s.input()), coords);
                arrays.pin(v);
                shared.put(key, v);
            }
        } else if (e instanceof Source s) {
            v = readChunk(inputs.get(s.input()), coords);
        } else if (e instanceof ReadRegion r) {
            v = readRegion(inputs.get(r.input()), r, coords);
        } else if (e instanceof Apply a) {
            v = apply(a, coords);
        } else {
            v = fold((Fold) e, coords);
        }
        check(e, coords, v, describe(e));
        return v;
    }

    private Value apply(Apply a, long[] coords) {
        Kernel kernel = context.kernels().get(a.kernel());
        int n = a.args().size();
        Object[] values = new Object[n];
        boolean[] many = new boolean[n];
        long[][] origins = new long[n][];
        for (int i = 0; i < n; i++) {
            Arg arg = a.args().get(i);
            ChunkGrid childGrid = arg.expr().grid();
            int same = a.args().indexOf(arg);
            if (arg.mode() == ArgMode.ONE && same < i) {
                // the same argument again (x * x): read and computed once, as the memory model assumes
                values[i] = values[same];
                origins[i] = origins[same];
            } else if (arg.mode() == ArgMode.ONE) {
                long[] c = arg.keys().one(coords);
                values[i] = eval(arg.expr(), c);
                origins[i] = childGrid.origin(c);
            } else {
                many[i] = true;
                Iterator<long[]> keys = arg.keys().many(coords);
                List<long[]> keyList = new ArrayList<>();
                keys.forEachRemaining(keyList::add);
                origins[i] = keyList.isEmpty() ? new long[childGrid.ndim()] : childGrid.origin(keyList.get(0));
                if (arg.mode() == ArgMode.LIST) {
                    List<Value> list = new ArrayList<>(keyList.size());
                    for (long[] c : keyList) {
                        list.add(eval(arg.expr(), c));
                    }
                    values[i] = list;
                } else {
                    values[i] = lazy(arg.expr(), keyList);
                }
            }
        }
        EvalArgs args = new EvalArgs(values, many, origins, a.grid(), coords, a.params(), arrays);
        Value out;
        try {
            out = kernel.apply(args);
        } catch (TaskRunException ex) {
            throw ex;
        } catch (KernelRegistry.UnknownKernelException | SecurityException ex) {
            // a kernel that needs another kernel this worker lacks, or touches a refused location,
            // fails the same way on every attempt
            throw new TaskRunException(opName, coords, "kernel '" + a.kernel() + "' failed: " + ex, ex, true);
        } catch (RuntimeException | OutOfMemoryError ex) {
            throw new TaskRunException(opName, coords, "kernel '" + a.kernel() + "' failed: " + ex, ex);
        }
        // the arguments are dead now, except where the result is a view of one of them
        for (int i = 0; i < n; i++) {
            if (!many[i]) {
                arrays.release((Value) values[i], out);
            } else if (a.args().get(i).mode() == ArgMode.LIST) {
                for (Object v : (List<?>) values[i]) {
                    arrays.release((Value) v, out);
                }
            }
        }
        return out;
    }

    private Value fold(Fold f, long[] coords) {
        Arg input = f.input();
        Iterator<long[]> keys = input.keys().many(coords);
        if (!keys.hasNext()) {
            throw new TaskRunException(opName, coords, "nothing to fold with '" + f.combine() + "'", null);
        }
        Value acc = eval(input.expr(), keys.next());
        while (keys.hasNext()) {
            acc = combineStep(f, acc, eval(input.expr(), keys.next()), coords);
        }
        return acc;
    }

    /** One step of a fold: combines the accumulator with the next value; both are dead afterwards. */
    private Value combineStep(Fold f, Value acc, Value next, long[] coords) {
        Kernel combine = context.kernels().get(f.combine());
        long[] origin = f.grid().origin(coords);
        EvalArgs args = new EvalArgs(new Object[] {acc, next}, new boolean[2], new long[][] {origin, origin},
                f.grid(), coords, f.params(), arrays);
        Value combined;
        try {
            combined = combine.apply(args);
        } catch (RuntimeException | OutOfMemoryError ex) {
            throw new TaskRunException(opName, coords, "combine kernel '" + f.combine() + "' failed: " + ex, ex);
        }
        arrays.release(acc, combined);
        arrays.release(next, combined);
        check(f, coords, combined, "combine kernel '" + f.combine() + "'");
        return combined;
    }

    private Iterable<Value> lazy(BlockExpr expr, List<long[]> keys) {
        return () -> new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < keys.size();
            }

            @Override
            public Value next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return eval(expr, keys.get(next++));
            }
        };
    }

    // ------------------------------------------------------------------ reading inputs

    private Value readChunk(ArrayRef ref, long[] coords) {
        if (ref instanceof VirtualArray va) {
            return virtualChunk(va, coords, va.grid().origin(coords), va.grid().blockShape(coords));
        }
        StoredArray sa = (StoredArray) ref;
        context.allowed().check(sa.url(), "read");
        Map<String, ZarrArray> zarrs = context.arrays(sa);
        Value v;
        try {
            if (sa.isPlain()) {
                v = zarrs.get("").readChunk(this.arrays, coords);
            } else {
                Map<String, Block> fields = new LinkedHashMap<>();
                zarrs.forEach((name, arr) -> fields.put(name, arr.readChunk(this.arrays, coords)));
                v = new NamedBlocks(fields);
            }
        } catch (RuntimeException ex) {
            throw new TaskRunException(opName, coords, "reading chunk " + Arrays.toString(coords) + " of "
                    + sa.url() + " failed: " + ex.getMessage(), ex);
        }
        io.bytesRead += v.nbytes();
        io.chunksRead++;
        return v;
    }

    private Value virtualChunk(VirtualArray va, long[] chunkCoords, long[] origin, int[] shape) {
        Kernel k = context.kernels().get(va.kernel());
        VirtualArgs args = new VirtualArgs(va, chunkCoords, origin, shape);
        try {
            return k.apply(args);
        } catch (RuntimeException | OutOfMemoryError ex) {
            throw new TaskRunException(opName, chunkCoords, "virtual array kernel '" + va.kernel() + "' failed: "
                    + ex, ex);
        }
    }

    /**
     * Reads the region of {@code ref} that chunk {@code coords} of the node's grid maps to,
     * visiting the input's chunks one at a time and copying the selected elements.
     */
    private Value readRegion(ArrayRef ref, ReadRegion node, long[] coords) {
        ChunkGrid grid = node.grid();
        long[] origin = grid.origin(coords);
        int[] shape = grid.blockShape(coords);
        if (node.region() instanceof RegionMap.Orthogonal orthogonal) {
            return readOrthogonal(ref, node, orthogonal, origin, shape, coords);
        }
        RegionMap.Strided region = (RegionMap.Strided) node.region();
        long[] start = region.start();
        long[] step = region.step();
        int nd = shape.length;
        // the input elements selected along each axis: first = start + origin*step, then +step
        long[] first = new long[nd];
        long[] lo = new long[nd];
        long[] hi = new long[nd];
        for (int i = 0; i < nd; i++) {
            first[i] = start[i] + origin[i] * step[i];
            long last = first[i] + (long) (Math.max(shape[i], 1) - 1) * step[i];
            lo[i] = Math.min(first[i], last);
            hi[i] = Math.max(first[i], last);
        }
        ValueType type = node.type();
        Map<String, Block> out = new LinkedHashMap<>();
        if (type.isPlain()) {
            out.put("", Block.allocate(type.dtype(), shape));
        } else {
            type.fields().forEach((name, dt) -> out.put(name, Block.allocate(dt, shape)));
        }
        if (Block.sizeOf(shape) > 0) {
            ChunkGrid in = ref.grid();
            long[] cLo = new long[nd];
            long[] cHi = new long[nd];
            for (int i = 0; i < nd; i++) {
                cLo[i] = lo[i] / in.chunks(i);
                cHi[i] = hi[i] / in.chunks(i);
            }
            for (long[] c : BlockRange.inclusive(cLo, cHi)) {
                copySelected(ref, c, first, step, shape, out, coords);
            }
        }
        if (type.isPlain()) {
            return out.get("");
        }
        return new NamedBlocks(out);
    }

    private Value readOrthogonal(ArrayRef ref, ReadRegion node, RegionMap.Orthogonal region, long[] origin,
                                 int[] shape, long[] coords) {
        ValueType type = node.type();
        Map<String, Block> out = new LinkedHashMap<>();
        if (type.isPlain()) {
            out.put("", Block.allocate(type.dtype(), shape));
        } else {
            type.fields().forEach((name, dt) -> out.put(name, Block.allocate(dt, shape)));
        }
        try {
            OrthogonalRead.read(region, ref.grid(), origin, shape, out, c -> readChunk(ref, c));
        } catch (IndexOutOfBoundsException ex) {
            throw new TaskRunException(opName, coords, "reading a region of input " + node.input() + " failed: "
                    + ex.getMessage(), ex, true);
        }
        if (type.isPlain()) {
            return out.get("");
        }
        return new NamedBlocks(out);
    }

    /** Copies the elements of input chunk {@code c} that the selection picks into {@code out}. */
    private void copySelected(ArrayRef ref, long[] c, long[] first, long[] step, int[] shape,
                              Map<String, Block> out, long[] taskCoords) {
        ChunkGrid in = ref.grid();
        int nd = shape.length;
        long[] cOrigin = in.origin(c);
        int[] cShape = in.blockShape(c);
        // per axis: output indices [oFrom, oTo) whose input element falls in this chunk
        int[] oFrom = new int[nd];
        int[] count = new int[nd];
        int[] cFrom = new int[nd];
        int[] cStep = new int[nd];
        for (int i = 0; i < nd; i++) {
            long s = step[i];
            long cs = cOrigin[i];
            long ce = cOrigin[i] + cShape[i] - 1;
            // output index j selects input first + j*s; find j range with cs <= first + j*s <= ce
            long jA;
            long jB;
            if (s > 0) {
                jA = ceilDiv(cs - first[i], s);
                jB = floorDiv(ce - first[i], s);
            } else {
                jA = ceilDiv(ce - first[i], s);
                jB = floorDiv(cs - first[i], s);
            }
            jA = Math.max(jA, 0);
            jB = Math.min(jB, shape[i] - 1);
            if (jA > jB) {
                return; // this chunk contributes nothing
            }
            oFrom[i] = (int) jA;
            count[i] = (int) (jB - jA + 1);
            cFrom[i] = (int) (first[i] + jA * s - cs);
            cStep[i] = (int) s;
        }
        Value chunk = readChunk(ref, c);
        for (Map.Entry<String, Block> e : out.entrySet()) {
            Block src = chunk instanceof NamedBlocks nb ? nb.get(e.getKey()) : (Block) chunk;
            Block view = src;
            for (int i = 0; i < nd; i++) {
                view = view.stride(i, cFrom[i], cStep[i], count[i]);
            }
            view.copyInto(e.getValue(), oFrom);
        }
    }

    private static long floorDiv(long a, long b) {
        return Math.floorDiv(a, b);
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    // ------------------------------------------------------------------ checks

    private void check(BlockExpr e, long[] coords, Value v, String what) {
        int[] expected = e.grid().blockShape(coords);
        if (!Arrays.equals(v.shape(), expected) || !e.type().matches(v)) {
            throw new TaskRunException(opName, coords, what + " produced " + ValueType.of(v) + " "
                    + Arrays.toString(v.shape()) + " but the plan expects " + e.type() + " "
                    + Arrays.toString(expected), null);
        }
    }

    private static String describe(BlockExpr e) {
        if (e instanceof Apply a) {
            return "kernel '" + a.kernel() + "'";
        }
        if (e instanceof Source s) {
            return "reading input " + s.input();
        }
        if (e instanceof ReadRegion r) {
            return "reading a region of input " + r.input();
        }
        return "fold with '" + ((Fold) e).combine() + "'";
    }

    // ------------------------------------------------------------------ kernel arguments

    /** Arguments of an {@link Apply} or a fold step. */
    private static final class EvalArgs implements KernelArgs {
        private final Object[] values;
        private final boolean[] many;
        private final long[][] origins;
        private final ChunkGrid grid;
        private final long[] coords;
        private final Params params;
        private final TaskArrays arrays;

        EvalArgs(Object[] values, boolean[] many, long[][] origins, ChunkGrid grid, long[] coords, Params params,
                 TaskArrays arrays) {
            this.values = values;
            this.many = many;
            this.origins = origins;
            this.grid = grid;
            this.coords = coords;
            this.params = params;
            this.arrays = arrays;
        }

        @Override
        public BlockAllocator allocator() {
            return arrays;
        }

        @Override
        public int count() {
            return values.length;
        }

        @Override
        public boolean isMany(int i) {
            return many[i];
        }

        @Override
        public Value value(int i) {
            if (many[i]) {
                throw new IllegalArgumentException("input " + i + " holds several values: use many(" + i + ")");
            }
            return (Value) values[i];
        }

        @Override
        @SuppressWarnings("unchecked")
        public Iterable<Value> many(int i) {
            if (!many[i]) {
                return List.of((Value) values[i]);
            }
            return (Iterable<Value>) values[i];
        }

        @Override
        public long[] origin(int i) {
            return origins[i].clone();
        }

        @Override
        public long[] outputOrigin() {
            return grid.origin(coords);
        }

        @Override
        public long[] outputArrayShape() {
            return grid.shape();
        }

        @Override
        public int[] outputBlockShape() {
            return grid.blockShape(coords);
        }

        @Override
        public long[] outputChunkCoords() {
            return coords.clone();
        }

        @Override
        public Params params() {
            return params;
        }
    }

    /** Arguments of a virtual array's kernel: no inputs, just where the chunk is. */
    private static final class VirtualArgs implements KernelArgs {
        private final VirtualArray array;
        private final long[] coords;
        private final long[] origin;
        private final int[] shape;

        VirtualArgs(VirtualArray array, long[] coords, long[] origin, int[] shape) {
            this.array = array;
            this.coords = coords;
            this.origin = origin;
            this.shape = shape;
        }

        @Override
        public int count() {
            return 0;
        }

        @Override
        public boolean isMany(int i) {
            throw new IndexOutOfBoundsException("a virtual array kernel has no inputs");
        }

        @Override
        public Value value(int i) {
            throw new IndexOutOfBoundsException("a virtual array kernel has no inputs");
        }

        @Override
        public Iterable<Value> many(int i) {
            throw new IndexOutOfBoundsException("a virtual array kernel has no inputs");
        }

        @Override
        public long[] origin(int i) {
            throw new IndexOutOfBoundsException("a virtual array kernel has no inputs");
        }

        @Override
        public long[] outputOrigin() {
            return origin.clone();
        }

        @Override
        public long[] outputArrayShape() {
            return array.grid().shape();
        }

        @Override
        public int[] outputBlockShape() {
            return shape.clone();
        }

        @Override
        public long[] outputChunkCoords() {
            return coords.clone();
        }

        @Override
        public Params params() {
            return array.params();
        }
    }
}
