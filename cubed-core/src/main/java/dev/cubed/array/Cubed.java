package dev.cubed.array;

import dev.cubed.block.Block;
import dev.cubed.block.DataType;
import dev.cubed.block.TypePromotion;
import dev.cubed.block.Value;
import dev.cubed.block.ValueType;
import dev.cubed.kernel.KernelRegistry;
import dev.cubed.kernel.Params;
import dev.cubed.ops.Blockwise;
import dev.cubed.ops.Chunks;
import dev.cubed.ops.Creation;
import dev.cubed.ops.Matmul;
import dev.cubed.ops.Rechunk;
import dev.cubed.ops.Reduction;
import dev.cubed.ops.ReductionRecipe;
import dev.cubed.plan.ArrayNode;
import dev.cubed.plan.FinalizedPlan;
import dev.cubed.plan.KernelCheck;
import dev.cubed.plan.PlanSettings;
import dev.cubed.plan.PlanVisualizer;
import dev.cubed.plan.Planner;
import dev.cubed.plan.StoreTarget;
import dev.cubed.primitive.ArrayRef;
import dev.cubed.primitive.StoredArray;
import dev.cubed.runtime.ComputeRequest;
import dev.cubed.runtime.DagExecutor;
import dev.cubed.runtime.Executors;
import dev.cubed.storage.Storage;
import dev.cubed.storage.zarr.ArrayMetadata;
import dev.cubed.storage.zarr.ZarrArray;
import dev.cubed.task.AllowedLocations;
import dev.cubed.task.TaskContext;
import dev.cubed.task.TaskRunner;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A session: the {@link Spec} arrays are planned against, the storage clients and kernels used
 * to run them, and the functions that create arrays. Close it to release storage clients.
 *
 * <pre>{@code
 * try (Cubed cb = Cubed.session(Spec.builder().workDir("/tmp/work").allowedMem("1GB").build())) {
 *     LazyArray a = cb.ones(new long[] {1000, 1000}, new int[] {100, 100});
 *     Block total = a.sum().compute();
 * }
 * }</pre>
 */
public final class Cubed implements AutoCloseable {
    private static final DateTimeFormatter COMPUTE_ID = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")
            .withZone(ZoneOffset.UTC);

    private final Spec spec;
    private final Storage storage;
    private final boolean ownsStorage;
    private final KernelRegistry kernels;

    private Cubed(Spec spec, Storage storage, boolean ownsStorage, KernelRegistry kernels) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.storage = storage;
        this.ownsStorage = ownsStorage;
        this.kernels = kernels;
    }

    /** A session for {@code spec} with default storage clients (standard AWS chain for S3). */
    public static Cubed session(Spec spec) {
        return new Cubed(spec, Storage.defaults(), true, KernelRegistry.load());
    }

    /** A session with every default: local work dir, 2 GB per task, threads. */
    public static Cubed session() {
        return session(Spec.defaults());
    }

    /** A session that uses the caller's storage (not closed with the session). */
    public static Cubed session(Spec spec, Storage storage) {
        return new Cubed(spec, storage, false, KernelRegistry.load());
    }

    public Spec spec() {
        return spec;
    }

    public Storage storage() {
        return storage;
    }

    public KernelRegistry kernels() {
        return kernels;
    }

    /** Planning settings derived from the spec (parallelism from the executor's worker count). */
    public PlanSettings planSettings() {
        int workers = Executors.workers(spec.executor(), spec.executorOptions());
        return PlanSettings.of(spec.workDir(), spec.allowedMem(), spec.reservedMem()).withParallelism(workers);
    }

    LazyArray wrap(ArrayNode node) {
        return new LazyArray(this, node);
    }

    /**
     * A lazy array for a graph node built outside this API (the counterpart of
     * {@link LazyArray#node()}), e.g. {@code ArrayNode.of(storedArray)} for an array a plan will
     * write, so a later plan can be built and checked before the first one runs.
     */
    public LazyArray array(ArrayNode node) {
        return wrap(Objects.requireNonNull(node, "node"));
    }

    // ------------------------------------------------------------------ creation

    public LazyArray full(long[] shape, int[] chunks, Number value, DataType dtype) {
        return wrap(Creation.full(shape, chunks, value, dtype));
    }

    public LazyArray zeros(long[] shape, int[] chunks) {
        return zeros(shape, chunks, DataType.FLOAT64);
    }

    public LazyArray zeros(long[] shape, int[] chunks, DataType dtype) {
        return full(shape, chunks, 0, dtype);
    }

    public LazyArray ones(long[] shape, int[] chunks) {
        return ones(shape, chunks, DataType.FLOAT64);
    }

    public LazyArray ones(long[] shape, int[] chunks, DataType dtype) {
        return full(shape, chunks, 1, dtype);
    }

    /** As Cubed: an uninitialised array is virtual and reads as zeros. */
    public LazyArray empty(long[] shape, int[] chunks, DataType dtype) {
        return full(shape, chunks, 0, dtype);
    }

    public LazyArray arange(long stop, int chunk) {
        return arange(0, stop, 1, chunk, DataType.INT64);
    }

    public LazyArray arange(double start, double stop, double step, int chunk, DataType dtype) {
        return wrap(Creation.arange(start, stop, step, dtype, chunk));
    }

    /** Uniform random float64 in [0, 1) with the given seed: the same seed gives the same values anywhere. */
    public LazyArray randomUniform(long[] shape, int[] chunks, long seed) {
        return wrap(Creation.randomUniform(shape, chunks, seed, 0, 1, DataType.FLOAT64));
    }

    /** Uniform random float64 in [0, 1) with a fresh random seed. */
    public LazyArray random(long[] shape, int[] chunks) {
        return randomUniform(shape, chunks, new SecureRandom().nextLong());
    }

    public LazyArray randomUniform(long[] shape, int[] chunks, long seed, double low, double high, DataType dtype) {
        return wrap(Creation.randomUniform(shape, chunks, seed, low, high, dtype));
    }

    public LazyArray randomNormal(long[] shape, int[] chunks, long seed, double loc, double scale, DataType dtype) {
        return wrap(Creation.randomNormal(shape, chunks, seed, loc, scale, dtype));
    }

    /**
     * An array holding the values of an in-memory block. Small blocks travel inside the plan;
     * larger ones are written to the work dir first.
     */
    public LazyArray fromArray(Block block, int[] chunks) {
        long[] shape = new long[block.ndim()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = block.shape(i);
        }
        int[] c = Chunks.normalize(shape, chunks);
        if (block.nbytes() <= Creation.MAX_EMBEDDED_BYTES) {
            return wrap(Creation.embedded(block, c));
        }
        String url = spec.workDir() + "/inputs/" + Long.toHexString(new SecureRandom().nextLong());
        ArrayMetadata meta = ArrayMetadata.builder().shape(shape).chunks(c).dataType(block.dtype())
                .fillValue(block.dtype().isBool() ? (Object) Boolean.FALSE : (Object) 0).build();
        ZarrArray arr = ZarrArray.create(storage.open(url), "", meta);
        arr.write(new long[shape.length], block);
        return wrap(ArrayNode.of(StoredArray.plain(url, meta)));
    }

    /** The whole array of {@code block} in one chunk. */
    public LazyArray fromArray(Block block) {
        int[] c = block.shape();
        for (int i = 0; i < c.length; i++) {
            c[i] = Math.max(c[i], 1);
        }
        return fromArray(block, c);
    }

    /** An existing Zarr array (v2 or v3) at a path, {@code file://} or {@code s3://} URL. */
    public LazyArray fromZarr(String url) {
        ZarrArray arr = ZarrArray.open(storage.open(url), "");
        return wrap(ArrayNode.of(StoredArray.plain(url, arr.metadata())));
    }

    // ------------------------------------------------------------------ elementwise

    /** An element-wise function of arrays, by its array API name. */
    public LazyArray elementwise(String function, LazyArray... arrays) {
        DataType[] types = new DataType[arrays.length];
        List<ArrayNode> nodes = new ArrayList<>();
        for (int i = 0; i < arrays.length; i++) {
            types[i] = arrays[i].dtype();
            nodes.add(arrays[i].node());
        }
        DataType out = TypePromotion.functionResultType(function, types);
        return wrap(Blockwise.elementwise(function, Params.empty(), ValueType.plain(out), nodes, planSettings()));
    }

    /** An element-wise function of an array and a scalar (the scalar takes the array's type, as NEP 50). */
    public LazyArray elementwise(String function, LazyArray array, Number scalar) {
        DataType st = TypePromotion.resultType(array.dtype(), scalar);
        ArrayNode s = Creation.scalar(scalar, st);
        DataType out = TypePromotion.functionResultType(function, array.dtype(), st);
        return wrap(Blockwise.elementwise(function, Params.empty(), ValueType.plain(out), List.of(array.node(), s),
                planSettings()));
    }

    /** An element-wise function of a scalar and an array ({@code 1 - x}). */
    public LazyArray elementwise(String function, Number scalar, LazyArray array) {
        DataType st = TypePromotion.resultType(array.dtype(), scalar);
        ArrayNode s = Creation.scalar(scalar, st);
        DataType out = TypePromotion.functionResultType(function, st, array.dtype());
        return wrap(Blockwise.elementwise(function, Params.empty(), ValueType.plain(out), List.of(s, array.node()),
                planSettings()));
    }

    public LazyArray astype(LazyArray x, DataType dtype) {
        if (x.dtype() == dtype) {
            return x;
        }
        Params p = Params.builder().put("dtype", dtype).build();
        return wrap(Blockwise.elementwise("astype", p, ValueType.plain(dtype), List.of(x.node()), planSettings()));
    }

    /** Elements of {@code x} where {@code condition} is true, else of {@code y}. */
    public LazyArray where(LazyArray condition, LazyArray x, LazyArray y) {
        if (!condition.dtype().isBool()) {
            throw new IllegalArgumentException("where: the condition must be bool, got " + condition.dtype());
        }
        DataType out = TypePromotion.resultType(x.dtype(), y.dtype());
        return wrap(Blockwise.elementwise("where", Params.empty(), ValueType.plain(out),
                List.of(condition.node(), x.node(), y.node()), planSettings()));
    }

    /**
     * Applies a registered kernel to corresponding blocks of the arrays (broadcast and aligned);
     * the kernel must return blocks of the broadcast block shape and type {@code dtype}.
     */
    public LazyArray mapBlocks(String kernel, Params params, DataType dtype, LazyArray... arrays) {
        requireKernel(kernel);
        List<ArrayNode> nodes = new ArrayList<>();
        for (LazyArray a : arrays) {
            nodes.add(a.node());
        }
        return wrap(Blockwise.elementwise(kernel, params, ValueType.plain(dtype), nodes, planSettings()));
    }

    // ------------------------------------------------------------------ reductions, linalg, rechunk

    LazyArray reduce(String name, LazyArray x, int[] axes, boolean keepdims, DataType dtype) {
        ReductionRecipe recipe = BuiltinReductions.recipe(name, x.dtype(), dtype);
        return wrap(Reduction.reduce(x.node(), recipe, axes, keepdims, Reduction.DEFAULT_SPLIT_EVERY));
    }

    /**
     * A reduction with user kernels: {@code initial} reduces a block over the axes (keeping them
     * with length 1) to {@code intermediate} values, {@code combine} merges two intermediates,
     * {@code aggregate} produces the {@code result} type.
     */
    public LazyArray reduction(LazyArray x, String initial, String combine, String aggregate, ValueType intermediate,
                               DataType result, int[] axes, boolean keepdims, int splitEvery) {
        requireKernel(initial);
        requireKernel(combine);
        requireKernel(aggregate);
        ReductionRecipe recipe = new ReductionRecipe(initial, initial, combine, aggregate, intermediate, result,
                Params.empty(), null);
        return wrap(Reduction.reduce(x.node(), recipe, axes, keepdims, splitEvery));
    }

    public LazyArray matmul(LazyArray a, LazyArray b) {
        DataType out = TypePromotion.resultType(a.dtype(), b.dtype());
        if (out.isBool()) {
            throw new IllegalArgumentException("matmul of bool arrays is not supported; cast to an integer type first");
        }
        return wrap(Matmul.matmul(a.node(), b.node(), out, planSettings()));
    }

    public LazyArray rechunk(LazyArray x, int[] chunks) {
        return wrap(Rechunk.rechunk(x.node(), chunks, planSettings()));
    }

    private void requireKernel(String name) {
        kernels.get(name);
    }

    // ------------------------------------------------------------------ planning and running

    /** The finalised plan computing {@code arrays} together. */
    public FinalizedPlan plan(List<LazyArray> arrays) {
        return plan(arrays, true);
    }

    FinalizedPlan plan(List<LazyArray> arrays, boolean optimize) {
        List<ArrayNode> nodes = new ArrayList<>();
        for (LazyArray a : arrays) {
            nodes.add(a.node());
        }
        return Planner.finalizePlan(nodes, planSettings().withOptimize(optimize));
    }

    public List<Path> visualize(List<LazyArray> arrays, Path file) {
        return PlanVisualizer.write(plan(arrays), file);
    }

    /** Computes several arrays in one run (shared inputs are read once per task) and returns their values. */
    public List<Block> compute(List<LazyArray> arrays) {
        return compute(arrays, ComputeOptions.defaults());
    }

    public List<Block> compute(List<LazyArray> arrays, ComputeOptions options) {
        FinalizedPlan plan = plan(arrays, options.optimize());
        run(plan, options);
        TaskRunner reader = new TaskRunner(taskContext());
        List<Block> out = new ArrayList<>();
        for (ArrayRef ref : plan.outputs()) {
            Value v = reader.readAll(ref);
            if (!(v instanceof Block b)) {
                throw new IllegalStateException("a structured array cannot be returned as a block");
            }
            out.add(b);
        }
        return out;
    }

    /** Computes several arrays, returning their values, with varargs for convenience. */
    public List<Block> compute(LazyArray... arrays) {
        return compute(List.of(arrays));
    }

    LazyArray toZarr(LazyArray x, String url, ComputeOptions options) {
        ArrayNode stored = Blockwise.store(x.node(), StoreTarget.of(url));
        FinalizedPlan plan = Planner.finalizePlan(List.of(stored), planSettings().withOptimize(options.optimize()));
        run(plan, options);
        return fromZarr(url);
    }

    /** Runs a finalised plan with the spec's executor; fails before any task when memory cannot fit. */
    public void run(FinalizedPlan plan, ComputeOptions options) {
        plan.checkMemory();
        KernelCheck.check(plan, kernels);
        String computeId = "compute-" + COMPUTE_ID.format(Instant.now());
        try (DagExecutor executor = Executors.create(spec.executor(), spec.executorOptions(), taskContext())) {
            executor.execute(plan, new ComputeRequest(computeId, options.callbacks(), options.resume()));
        }
    }

    /** The context tasks run with in this process. */
    public TaskContext taskContext() {
        return new TaskContext(storage, kernels, AllowedLocations.anywhere());
    }

    @Override
    public void close() {
        if (ownsStorage) {
            storage.close();
        }
    }
}
