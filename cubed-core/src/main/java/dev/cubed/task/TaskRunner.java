package dev.cubed.task;

import dev.cubed.block.Block;
import dev.cubed.block.NamedBlocks;
import dev.cubed.block.Value;
import dev.cubed.primitive.ArrayRef;
import dev.cubed.primitive.ChunkGrid;
import dev.cubed.primitive.ReadRegion;
import dev.cubed.primitive.RegionMap;
import dev.cubed.primitive.ComputeSpec;
import dev.cubed.primitive.Fold;
import dev.cubed.primitive.CreateArraysSpec;
import dev.cubed.primitive.OperationSpec;
import dev.cubed.primitive.StoredArray;
import dev.cubed.storage.Store;
import dev.cubed.storage.zarr.ZarrArray;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs one task: the single function that executes a task description, whether in a local
 * thread, a test's child JVM, or a Lambda execution environment. Executors only decide where it
 * runs.
 *
 * <p>A compute task evaluates the operation's block function at the task's coordinates and writes
 * the result as whole chunks (each chunk write is atomic, so a retried or backup task that
 * writes the same chunk again is harmless). A create-arrays task writes one array's metadata.
 */
public final class TaskRunner {
    private final TaskContext context;
    private final Clock clock;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    public TaskRunner(TaskContext context) {
        this(context, Clock.systemUTC());
    }

    public TaskRunner(TaskContext context, Clock clock) {
        this.context = Objects.requireNonNull(context, "context");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public TaskContext context() {
        return context;
    }

    /** Runs the task at {@code coords} of {@code spec}'s task grid and reports what it measured. */
    public TaskStats run(OperationSpec spec, long[] coords) {
        if (!spec.taskGrid().contains(coords)) {
            throw new TaskRunException(spec.name(), coords, "no such task: the operation's tasks are the chunks of "
                    + spec.taskGrid(), null, true);
        }
        long peakStart = ProcessMemory.peakRss();
        long allocStart = allocatedBytes();
        long start = clock.millis();
        IoCounters io = new IoCounters();
        try {
            if (spec instanceof CreateArraysSpec create) {
                createArray(create, (int) coords[0]);
            } else {
                compute((ComputeSpec) spec, coords, io);
            }
        } catch (SecurityException e) {
            // a refused location: the same plan is refused on every attempt
            throw new TaskRunException(spec.name(), coords, e.getMessage(), e, true);
        } catch (RuntimeException e) {
            // an out-of-memory is the executor's to judge: a fresh Lambda environment may succeed
            java.util.Optional<String> permanent = PermanentCause.of(e);
            if (permanent.isEmpty() || e instanceof TaskRunException t && t.isPermanent()) {
                throw e;
            }
            String problem = e instanceof TaskRunException t ? t.problem() : String.valueOf(e);
            throw new TaskRunException(spec.name(), coords, problem + "; " + permanent.get(), e, true);
        }
        long end = clock.millis();
        long alloc = allocatedBytes();
        return new TaskStats(start, end, peakStart, ProcessMemory.peakRss(), io.bytesRead, io.bytesWritten,
                io.chunksWritten, alloc < 0 || allocStart < 0 ? -1 : alloc - allocStart);
    }

    private void compute(ComputeSpec spec, long[] coords, IoCounters io) {
        BlockEvaluator evaluator = new BlockEvaluator(spec.name(), spec.inputs(), context, io);
        List<ComputeSpec.Output> outputs = spec.outputs();
        switch (spec.sharing()) {
            case NONE -> {
                Value value = evaluator.eval(spec.root(), coords);
                write(spec, outputs.get(0), coords, value, io);
                evaluator.recycle(value); // written: its arrays can serve the next task
            }
            case TASK -> {
                // every input chunk is read once for all outputs; each output is written as soon as it is computed
                evaluator.shareReads();
                try {
                    for (ComputeSpec.Output o : outputs) {
                        Value value = evaluator.eval(o.root(), coords);
                        write(spec, o, coords, value, io);
                        evaluator.recycle(value);
                    }
                } finally {
                    evaluator.endSharing(List.of());
                }
            }
            case STEP -> {
                List<Fold> folds = new ArrayList<>();
                outputs.forEach(o -> folds.add((Fold) o.root()));
                List<Value> values = evaluator.foldTogether(folds, coords);
                for (int i = 0; i < outputs.size(); i++) {
                    write(spec, outputs.get(i), coords, values.get(i), io);
                    evaluator.recycle(values.get(i));
                }
            }
        }
    }

    private void write(ComputeSpec spec, ComputeSpec.Output output, long[] coords, Value value, IoCounters io) {
        StoredArray out = output.array();
        checkAllowed(spec.name(), coords, out.url(), "write");
        Map<String, ZarrArray> arrays = context.arrays(out);
        boolean single = output.writesSingleChunks();
        long[] origin = spec.taskGrid().origin(coords);
        ChunkGrid outGrid = out.grid();
        try {
            for (Map.Entry<String, ZarrArray> e : arrays.entrySet()) {
                Block b = value instanceof NamedBlocks nb ? nb.get(e.getKey()) : (Block) value;
                if (single) {
                    e.getValue().writeChunk(coords, b);
                } else {
                    e.getValue().write(origin, b);
                }
                io.bytesWritten += b.nbytes();
            }
        } catch (RuntimeException ex) {
            throw new TaskRunException(spec.name(), coords, "writing to " + out.url() + " failed: " + ex.getMessage(),
                    ex);
        }
        io.chunksWritten += single ? 1 : chunksCovered(spec.taskGrid(), outGrid, coords);
    }

    private static long chunksCovered(ChunkGrid task, ChunkGrid out, long[] coords) {
        int[] shape = task.blockShape(coords);
        long n = 1;
        for (int i = 0; i < shape.length; i++) {
            n *= ChunkGrid.ceilDiv(shape[i], out.chunks(i));
        }
        return n;
    }

    private void createArray(CreateArraysSpec spec, int index) {
        StoredArray a = spec.arrays().get(index);
        checkAllowed(spec.name(), new long[] {index}, a.url(), "create");
        try {
            if (a.isPlain()) {
                Store store = context.storage().open(a.url());
                ZarrArray.create(store, "", a.metadata());
            } else {
                a.fields().forEach((name, meta) -> ZarrArray.create(context.storage().open(a.fieldUrl(name)), "",
                        meta));
            }
        } catch (RuntimeException e) {
            throw new TaskRunException(spec.name(), new long[] {index}, "creating array " + a.url() + " failed: "
                    + e.getMessage(), e);
        }
    }

    /** A refused location is refused on every attempt: a permanent failure, not worth retrying. */
    private void checkAllowed(String operation, long[] coords, String url, String purpose) {
        try {
            context.allowed().check(url, purpose);
        } catch (SecurityException e) {
            throw new TaskRunException(operation, coords, e.getMessage(), e, true);
        }
    }

    /**
     * Reads a whole array into memory (stored arrays from storage, virtual ones computed): how a
     * client collects results. The array must fit in one block.
     */
    public Value readAll(ArrayRef ref) {
        ChunkGrid whole = ChunkGrid.single(ref.grid().shape());
        if (whole.size() == 0) {
            int[] shape = new int[whole.ndim()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = (int) whole.shape(i);
            }
            if (ref.type().isPlain()) {
                return Block.allocate(ref.type().dtype(), shape);
            }
            Map<String, Block> fields = new java.util.LinkedHashMap<>();
            ref.type().fields().forEach((name, dt) -> fields.put(name, Block.allocate(dt, shape)));
            return new NamedBlocks(fields);
        }
        ReadRegion all = new ReadRegion(0, RegionMap.identity(whole.ndim()), whole, ref.type());
        BlockEvaluator evaluator = new BlockEvaluator("read", List.of(ref), context, new IoCounters());
        return evaluator.eval(all, new long[whole.ndim()]);
    }

    private long allocatedBytes() {
        if (threads instanceof com.sun.management.ThreadMXBean sun && sun.isThreadAllocatedMemoryEnabled()) {
            return sun.getCurrentThreadAllocatedBytes();
        }
        return -1;
    }
}
