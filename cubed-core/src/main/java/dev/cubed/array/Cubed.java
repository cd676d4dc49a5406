package dev.cubed.array;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.cubed.block.Block;
import dev.cubed.block.DataType;
import dev.cubed.block.TypePromotion;
import dev.cubed.block.Value;
import dev.cubed.block.ValueType;
import dev.cubed.kernel.KernelCall;
import dev.cubed.kernel.KernelRegistry;
import dev.cubed.kernel.Params;
import dev.cubed.kernel.ReductionDescriptor;
import dev.cubed.kernel.elementwise.ElementwiseKernels;
import dev.cubed.ops.Blockwise;
import dev.cubed.ops.Chunks;
import dev.cubed.ops.Creation;
import dev.cubed.ops.Manipulation;
import dev.cubed.ops.Matmul;
import dev.cubed.ops.Rechunk;
import dev.cubed.ops.Reduction;
import dev.cubed.ops.Scan;
import dev.cubed.ops.Searching;
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
import dev.cubed.storage.zarr.ZarrGroup;
import dev.cubed.task.AllowedLocations;
import dev.cubed.task.TaskContext;
import dev.cubed.task.TaskRunner;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

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

    /** {@code num} evenly spaced values from {@code start} to {@code stop} (included when {@code endpoint}). */
    public LazyArray linspace(double start, double stop, long num, boolean endpoint, int chunk, DataType dtype) {
        if (num < 0) {
            throw new IllegalArgumentException("linspace: num must be >= 0, got " + num);
        }
        if (dtype.isBool()) {
            throw new IllegalArgumentException("linspace: dtype must be numeric, not bool");
        }
        Params p = Params.builder().put("start", start).put("stop", stop).put("num", num).put("endpoint", endpoint)
                .put("dtype", dtype).build();
        return wrap(Creation.virtual(new long[] {num}, new int[] {chunk}, dtype, "linspace", p));
    }

    /** float64 {@code linspace} including the endpoint. */
    public LazyArray linspace(double start, double stop, long num, int chunk) {
        return linspace(start, stop, num, true, chunk, DataType.FLOAT64);
    }

    /** A {@code rows x cols} array with ones on diagonal {@code k} (0 the main, positive above) and zeros elsewhere. */
    public LazyArray eye(long rows, long cols, long k, int[] chunks, DataType dtype) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("eye: the shape (" + rows + ", " + cols + ") must not be negative");
        }
        Params p = Params.builder().put("k", k).put("dtype", dtype).build();
        return wrap(Creation.virtual(new long[] {rows, cols}, chunks, dtype, "eye", p));
    }

    /** The float64 identity matrix of size n. */
    public LazyArray eye(long n, int chunk) {
        return eye(n, n, 0, new int[] {chunk, chunk}, DataType.FLOAT64);
    }

    /** An array like {@code x} (shape and chunks) filled with {@code value}, of type {@code dtype} (null: x's). */
    public LazyArray fullLike(LazyArray x, Number value, DataType dtype) {
        return full(x.shape(), x.chunks(), value, dtype == null ? x.dtype() : dtype);
    }

    public LazyArray fullLike(LazyArray x, Number value) {
        return fullLike(x, value, null);
    }

    public LazyArray zerosLike(LazyArray x) {
        return fullLike(x, 0, null);
    }

    public LazyArray zerosLike(LazyArray x, DataType dtype) {
        return fullLike(x, 0, dtype);
    }

    public LazyArray onesLike(LazyArray x) {
        return fullLike(x, 1, null);
    }

    public LazyArray onesLike(LazyArray x, DataType dtype) {
        return fullLike(x, 1, dtype);
    }

    /** As Cubed: an uninitialised array is virtual and reads as zeros. */
    public LazyArray emptyLike(LazyArray x) {
        return fullLike(x, 0, null);
    }

    public LazyArray emptyLike(LazyArray x, DataType dtype) {
        return fullLike(x, 0, dtype);
    }

    /**
     * Coordinate arrays from 1-d arrays: with {@code indexing} "xy" (Cartesian, the default of the
     * array API) the first two axes of the results are swapped relative to "ij" (matrix indexing).
     * Each result is the corresponding input broadcast; chunks along an input's axis follow that
     * input, shrunk where the combined chunk would not fit the memory target.
     */
    public List<LazyArray> meshgrid(String indexing, LazyArray... arrays) {
        if (!indexing.equals("xy") && !indexing.equals("ij")) {
            throw new IllegalArgumentException("meshgrid: indexing must be \"xy\" or \"ij\", got \"" + indexing + "\"");
        }
        int n = arrays.length;
        for (int i = 0; i < n; i++) {
            if (arrays[i].ndim() != 1) {
                throw new IllegalArgumentException("meshgrid: every input must be 1-d, but input " + i + " has shape "
                        + Arrays.toString(arrays[i].shape()));
            }
        }
        // position of input i's axis in the results
        int[] pos = new int[n];
        for (int i = 0; i < n; i++) {
            pos[i] = i;
        }
        if (indexing.equals("xy") && n >= 2) {
            pos[0] = 1;
            pos[1] = 0;
        }
        long[] shape = new long[n];
        int[] fixed = new int[n];
        int item = 1;
        for (int i = 0; i < n; i++) {
            shape[pos[i]] = arrays[i].shape()[0];
            fixed[pos[i]] = arrays[i].chunks()[0];
            item = Math.max(item, arrays[i].dtype().itemSize());
        }
        int[] chunks = shrinkToTarget(shape, fixed, item);
        List<LazyArray> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int[] to = {pos[i]};
            ArrayNode placed = Manipulation.unitAxes(arrays[i].node(), n, to, "meshgrid");
            out.add(wrap(Manipulation.broadcastTo(placed, shape, chunks, planSettings())));
        }
        return out;
    }

    /** Halves the largest chunk until the chunk fits the memory target. */
    private int[] shrinkToTarget(long[] shape, int[] chunks, int itemSize) {
        int[] c = Chunks.normalize(shape, chunks);
        long target = Manipulation.targetChunkBytes(planSettings(), 0);
        while (true) {
            long bytes = itemSize;
            int largest = -1;
            for (int i = 0; i < c.length; i++) {
                bytes *= c[i];
                if (largest < 0 || c[i] > c[largest]) {
                    largest = i;
                }
            }
            if (bytes <= target || largest < 0 || c[largest] == 1) {
                return c;
            }
            c[largest] = (c[largest] + 1) / 2;
        }
    }

    /** The lower triangle of the last two axes of {@code x}: elements above diagonal {@code k} set to zero. */
    public LazyArray tril(LazyArray x, long k) {
        return triangle("tril", x, k);
    }

    /** The upper triangle of the last two axes of {@code x}: elements below diagonal {@code k} set to zero. */
    public LazyArray triu(LazyArray x, long k) {
        return triangle("triu", x, k);
    }

    private LazyArray triangle(String name, LazyArray x, long k) {
        if (x.ndim() < 2) {
            throw new IllegalArgumentException(name + ": the array must have at least 2 axes, got shape "
                    + Arrays.toString(x.shape()));
        }
        Params p = Params.builder().put("k", k).build();
        return wrap(Blockwise.elementwise(name, p, ValueType.plain(x.dtype()), List.of(x.node()), planSettings()));
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
     * larger ones are written to the work dir first, under a name derived from their content.
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
        // named by content, not at random: the same data gives the same plan (and plan hash) in any
        // process, which is what lets resume find the intermediates of a killed run over it
        String url = spec.workDir() + "/inputs/" + BlockDigest.sha256(block, c).substring(0, 24);
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

    /**
     * An existing Zarr array (v2 or v3) at a path or a {@code file://}, {@code s3://} or
     * {@code https://} URL ({@code s3://bucket/x.zarr?anon=true} for a public bucket).
     */
    public LazyArray fromZarr(String url) {
        ZarrArray arr = ZarrArray.open(storage.open(url), "");
        return wrap(ArrayNode.of(StoredArray.plain(url, arr.metadata())));
    }

    /**
     * The array at {@code arrayPath} (e.g. {@code "sub/mask"}) of the Zarr group at {@code groupUrl}.
     * A group with consolidated metadata gives the array's metadata without another read, and is
     * how groups served over HTTPS, which cannot be listed, are read. Tasks read the chunks from
     * the array's own URL with that metadata.
     */
    public LazyArray fromZarr(String groupUrl, String arrayPath) {
        ZarrArray arr = ZarrGroup.open(storage.open(groupUrl), "").openArray(arrayPath);
        return wrap(ArrayNode.of(StoredArray.plain(Storage.resolve(groupUrl, arrayPath), arr.metadata())));
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
        DataType out = ElementwiseKernels.signature(function).resultType(types);
        return wrap(Blockwise.elementwise(function, Params.empty(), ValueType.plain(out), nodes, planSettings()));
    }

    /**
     * An element-wise function of an array and a scalar (the scalar takes the array's type, as NEP
     * 50; a bool array with a number is first converted to the number's type, int64 or float64).
     */
    public LazyArray elementwise(String function, LazyArray array, Number scalar) {
        DataType st = TypePromotion.resultType(array.dtype(), scalar);
        LazyArray x = array.dtype().isBool() ? astype(array, st) : array;
        ArrayNode s = Creation.scalar(scalar, st);
        DataType out = ElementwiseKernels.signature(function).resultType(x.dtype(), st);
        return wrap(Blockwise.elementwise(function, Params.empty(), ValueType.plain(out), List.of(x.node(), s),
                planSettings()));
    }

    /** An element-wise function of a scalar and an array ({@code 1 - x}). */
    public LazyArray elementwise(String function, Number scalar, LazyArray array) {
        DataType st = TypePromotion.resultType(array.dtype(), scalar);
        LazyArray x = array.dtype().isBool() ? astype(array, st) : array;
        ArrayNode s = Creation.scalar(scalar, st);
        DataType out = ElementwiseKernels.signature(function).resultType(st, x.dtype());
        return wrap(Blockwise.elementwise(function, Params.empty(), ValueType.plain(out), List.of(s, x.node()),
                planSettings()));
    }

    /** An element-wise function of an array and a boolean scalar (the scalar takes the array's type, as NEP 50). */
    public LazyArray elementwise(String function, LazyArray array, boolean scalar) {
        ArrayNode s = Creation.scalar(scalar ? 1 : 0, array.dtype());
        DataType out = ElementwiseKernels.signature(function).resultType(array.dtype(), array.dtype());
        return wrap(Blockwise.elementwise(function, Params.empty(), ValueType.plain(out), List.of(array.node(), s),
                planSettings()));
    }

    /**
     * {@code x} with values below {@code min} raised to it and above {@code max} lowered to it
     * (either bound may be null), in x's type. For integer arrays a bound no value of the type can
     * satisfy, or a NaN bound, is an error here, before anything runs.
     */
    public LazyArray clip(LazyArray x, Number min, Number max) {
        ElementwiseKernels.signature("clip").check(x.dtype());
        Params.Builder b = Params.builder();
        if (min != null) {
            b.put("min", scalarJson(min));
        }
        if (max != null) {
            b.put("max", scalarJson(max));
        }
        Params p = b.build();
        // the kernel's own checks of the bounds against the type, on an empty block, at plan time
        kernels.get("clip").apply(KernelCall.builder().input(Block.allocate(x.dtype(), 0))
                .params(p).outputShape(0).build());
        return wrap(Blockwise.elementwise("clip", p, ValueType.plain(x.dtype()), List.of(x.node()), planSettings()));
    }

    /** {@code clip} with array bounds (either may be null): {@code minimum(maximum(x, min), max)} in x's type. */
    public LazyArray clip(LazyArray x, LazyArray min, LazyArray max) {
        ElementwiseKernels.signature("clip").check(x.dtype());
        LazyArray r = x;
        if (min != null) {
            r = elementwise("maximum", r, min);
        }
        if (max != null) {
            r = elementwise("minimum", r, max);
        }
        return astype(r, x.dtype());
    }

    private static JsonNode scalarJson(Number v) {
        var f = JsonNodeFactory.instance;
        if (v instanceof Double || v instanceof Float) {
            double d = v.doubleValue();
            if (Double.isNaN(d)) {
                return f.textNode("NaN");
            }
            if (Double.isInfinite(d)) {
                return f.textNode(d > 0 ? "Infinity" : "-Infinity");
            }
            return f.numberNode(d);
        }
        if (v instanceof java.math.BigInteger bi) {
            return f.numberNode(bi);
        }
        if (v instanceof java.math.BigDecimal bd) {
            return f.numberNode(bd.doubleValue());
        }
        return f.numberNode(v.longValue());
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
        ReductionDescriptor recipe = BuiltinReductions.recipe(name, x.dtype(), dtype);
        return wrap(Reduction.reduce(x.node(), recipe, axes, keepdims, Reduction.DEFAULT_SPLIT_EVERY));
    }

    LazyArray reduceWith(String name, LazyArray x, int[] axes, boolean keepdims, Params params) {
        ReductionDescriptor recipe = BuiltinReductions.recipe(name, x.dtype(), params);
        return wrap(Reduction.reduce(x.node(), recipe, axes, keepdims, Reduction.DEFAULT_SPLIT_EVERY));
    }

    /**
     * argmax or argmin: along {@code axis}, or (null) over the flattened array, as the array API
     * defines them; an empty axis (or array) has no answer and is an error here.
     */
    LazyArray argReduce(String name, LazyArray x, Integer axis, boolean keepdims) {
        if (axis != null) {
            int a = axis(axis, x.ndim(), name);
            return reduce(name, x, new int[] {a}, keepdims, (DataType) null);
        }
        ReductionDescriptor recipe = BuiltinReductions.flatArg(name, x.dtype(), x.shape());
        return wrap(Reduction.reduce(x.node(), recipe, null, keepdims, Reduction.DEFAULT_SPLIT_EVERY));
    }

    /**
     * The running sum ({@code product} false) or product along {@code axis} (null: the only axis of
     * a 1-d array), of type {@code dtype} (null: sum's default), optionally starting with the
     * identity (one more element along the axis).
     */
    LazyArray cumulative(LazyArray x, boolean product, Integer axis, DataType dtype, boolean includeInitial) {
        String name = product ? "cumulative_prod" : "cumulative_sum";
        if (axis == null) {
            if (x.ndim() != 1) {
                throw new IllegalArgumentException(name + ": give an axis for an array of " + x.ndim()
                        + " dimensions (only 1-d arrays may omit it)");
            }
            axis = 0;
        }
        int a = axis(axis, x.ndim(), name);
        DataType out = dtype != null ? dtype : TypePromotion.sumType(x.dtype());
        if (out.isBool()) {
            throw new IllegalArgumentException(name + ": dtype must be numeric, not bool");
        }
        LazyArray r = wrap(Scan.scan(x.node(), a, product, out, false));
        if (!includeInitial) {
            return r;
        }
        long[] shape = x.shape();
        shape[a] = 1;
        int[] chunks = x.chunks();
        chunks[a] = 1;
        LazyArray first = full(shape, chunks, product ? 1 : 0, out);
        return concat(List.of(first, r), a);
    }

    /** Normalises an axis (negative counts from the end), with an error naming the function. */
    static int axis(int axis, int ndim, String function) {
        int a = axis < 0 ? axis + ndim : axis;
        if (a < 0 || a >= ndim) {
            throw new IllegalArgumentException(function + ": axis " + axis + " is out of bounds for an array of " + ndim
                    + " dimensions (valid: " + (-ndim) + " to " + (ndim - 1) + ")");
        }
        return a;
    }

    private static int[] axes(int[] axes, int ndim, String function) {
        int[] out = new int[axes.length];
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < axes.length; i++) {
            out[i] = axis(axes[i], ndim, function);
            if (!seen.add(out[i])) {
                throw new IllegalArgumentException(function + ": axis " + axes[i] + " is repeated in "
                        + Arrays.toString(axes));
            }
        }
        return out;
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
        ReductionDescriptor recipe = new ReductionDescriptor(initial, initial, combine, aggregate, intermediate, result,
                Params.empty(), null);
        return wrap(Reduction.reduce(x.node(), recipe, axes, keepdims, splitEvery));
    }

    // ------------------------------------------------------------------ linear algebra

    /**
     * {@code a @ b}: matrix products over the last two axes with batch axes broadcast; a 1-d
     * operand is a vector whose axis the result drops. The type is the promotion of a and b.
     */
    public LazyArray matmul(LazyArray a, LazyArray b) {
        return wrap(Matmul.matmul(a.node(), b.node(), productType("matmul", a, b), planSettings()));
    }

    private static DataType productType(String name, LazyArray a, LazyArray b) {
        DataType out = TypePromotion.resultType(a.dtype(), b.dtype());
        if (out.isBool()) {
            throw new IllegalArgumentException(name + " of bool arrays is not supported; cast to an integer type first");
        }
        return out;
    }

    /** Sums of products over the last {@code n} axes of a and the first {@code n} axes of b. */
    public LazyArray tensordot(LazyArray a, LazyArray b, int n) {
        if (n < 0 || n > a.ndim() || n > b.ndim()) {
            throw new IllegalArgumentException("tensordot: cannot contract " + n + " axes of arrays of shapes "
                    + Arrays.toString(a.shape()) + " and " + Arrays.toString(b.shape()));
        }
        int[] axesA = new int[n];
        int[] axesB = new int[n];
        for (int i = 0; i < n; i++) {
            axesA[i] = a.ndim() - n + i;
            axesB[i] = i;
        }
        return tensordot(a, b, axesA, axesB);
    }

    /** Sums of products over a's axes {@code axesA} paired with b's {@code axesB}; the result has a's other axes, then b's. */
    public LazyArray tensordot(LazyArray a, LazyArray b, int[] axesA, int[] axesB) {
        DataType out = productType("tensordot", a, b);
        return wrap(Matmul.tensordot(a.node(), b.node(), axes(axesA, a.ndim(), "tensordot"),
                axes(axesB, b.ndim(), "tensordot"), out, planSettings()));
    }

    /**
     * The dot product of vectors along {@code axis} (negative, counted from the end as the array
     * API requires), other axes broadcast: {@code sum(x1 * x2, axis)} in the promoted type.
     */
    public LazyArray vecdot(LazyArray x1, LazyArray x2, int axis) {
        DataType out = productType("vecdot", x1, x2);
        if (axis >= 0) {
            throw new IllegalArgumentException("vecdot: axis must be negative (counted from the last axis), got " + axis);
        }
        int n = Math.min(x1.ndim(), x2.ndim());
        if (-axis > n) {
            throw new IllegalArgumentException("vecdot: axis " + axis + " is out of bounds for arrays of shapes "
                    + Arrays.toString(x1.shape()) + " and " + Arrays.toString(x2.shape()));
        }
        long l1 = x1.shape()[x1.ndim() + axis];
        long l2 = x2.shape()[x2.ndim() + axis];
        if (l1 != l2) {
            throw new IllegalArgumentException("vecdot: the arrays have lengths " + l1 + " and " + l2 + " along axis "
                    + axis + "; they must be equal (shapes " + Arrays.toString(x1.shape()) + " and "
                    + Arrays.toString(x2.shape()) + ")");
        }
        LazyArray product = elementwise("multiply", astype(x1, out), astype(x2, out));
        return reduce("sum", product, new int[] {product.ndim() + axis}, false, out);
    }

    /** The outer product of two 1-d arrays: {@code (m, n)} products. */
    public LazyArray outer(LazyArray x1, LazyArray x2) {
        if (x1.ndim() != 1 || x2.ndim() != 1) {
            throw new IllegalArgumentException("outer: both arrays must be 1-d, got shapes "
                    + Arrays.toString(x1.shape()) + " and " + Arrays.toString(x2.shape()));
        }
        DataType out = productType("outer", x1, x2);
        // an output chunk is a chunk of x1 times a chunk of x2: shrink them until it fits the target
        int[] c = shrinkToTarget(new long[] {x1.shape()[0], x2.shape()[0]},
                new int[] {x1.chunks()[0], x2.chunks()[0]}, out.itemSize());
        LazyArray a = x1.chunks()[0] == c[0] ? x1 : rechunk(x1, new int[] {c[0]});
        LazyArray b = x2.chunks()[0] == c[1] ? x2 : rechunk(x2, new int[] {c[1]});
        LazyArray col = wrap(Manipulation.unitAxes(a.node(), 2, new int[] {0}, "outer"));
        LazyArray row = wrap(Manipulation.unitAxes(b.node(), 2, new int[] {1}, "outer"));
        return elementwise("multiply", col, row);
    }

    // ------------------------------------------------------------------ manipulation

    /** The arrays broadcast to their common shape, chunked alike. */
    public List<LazyArray> broadcastArrays(LazyArray... arrays) {
        List<ArrayNode> nodes = new ArrayList<>();
        for (LazyArray a : arrays) {
            nodes.add(a.node());
        }
        List<LazyArray> out = new ArrayList<>();
        for (ArrayNode n : Manipulation.broadcastArrays(nodes, planSettings())) {
            out.add(wrap(n));
        }
        return out;
    }

    /**
     * Joins arrays along {@code axis} (null: flattened first, then joined), converted to their
     * promoted type.
     */
    public LazyArray concat(List<LazyArray> arrays, Integer axis) {
        if (arrays.isEmpty()) {
            throw new IllegalArgumentException("concat needs at least one array");
        }
        List<LazyArray> xs = promoted(arrays);
        if (axis == null) {
            List<LazyArray> flat = new ArrayList<>();
            for (LazyArray a : xs) {
                flat.add(a.reshape(-1));
            }
            xs = flat;
            axis = 0;
        }
        int nd = xs.get(0).ndim();
        int a = axis(axis, nd, "concat");
        List<ArrayNode> nodes = new ArrayList<>();
        for (LazyArray x : xs) {
            nodes.add(x.node());
        }
        return wrap(Manipulation.concat(nodes, a, planSettings()));
    }

    public LazyArray concat(List<LazyArray> arrays) {
        return concat(arrays, 0);
    }

    /** Joins arrays of one shape along a new axis {@code axis}, converted to their promoted type. */
    public LazyArray stack(List<LazyArray> arrays, int axis) {
        if (arrays.isEmpty()) {
            throw new IllegalArgumentException("stack needs at least one array");
        }
        List<LazyArray> xs = promoted(arrays);
        int a = axis(axis, xs.get(0).ndim() + 1, "stack");
        List<ArrayNode> nodes = new ArrayList<>();
        for (LazyArray x : xs) {
            nodes.add(x.node());
        }
        return wrap(Manipulation.stack(nodes, a, planSettings()));
    }

    public LazyArray stack(List<LazyArray> arrays) {
        return stack(arrays, 0);
    }

    private List<LazyArray> promoted(List<LazyArray> arrays) {
        DataType t = arrays.get(0).dtype();
        for (LazyArray a : arrays) {
            t = TypePromotion.resultType(t, a.dtype());
        }
        List<LazyArray> out = new ArrayList<>();
        for (LazyArray a : arrays) {
            out.add(astype(a, t));
        }
        return out;
    }

    // ------------------------------------------------------------------ searching

    /**
     * For each value of {@code x2}, the index at which it would be inserted into the sorted 1-d
     * {@code x1} to keep it sorted ({@code side} "left": before equal values, "right": after).
     * Each task reads its block of x2 and every block of x1, one at a time.
     */
    public LazyArray searchsorted(LazyArray x1, LazyArray x2, String side) {
        if (!side.equals("left") && !side.equals("right")) {
            throw new IllegalArgumentException("searchsorted: side must be \"left\" or \"right\", got \"" + side + "\"");
        }
        return wrap(Searching.searchsorted(x1.node(), x2.node(), side));
    }

    public LazyArray searchsorted(LazyArray x1, LazyArray x2) {
        return searchsorted(x1, x2, "left");
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
        return toZarr(x, url, null, options);
    }

    /**
     * Computes {@code x} into a Zarr array at {@code url} whose format, codecs and attributes follow
     * {@code template} (null: the defaults), and returns it as a lazy array to read from.
     */
    public LazyArray toZarr(LazyArray x, String url, ArrayMetadata template, ComputeOptions options) {
        ArrayNode stored = Blockwise.store(x.node(), new StoreTarget(url, template));
        FinalizedPlan plan = Planner.finalizePlan(List.of(stored), planSettings().withOptimize(options.optimize()));
        run(plan, options);
        return fromZarr(url);
    }

    /**
     * Computes several arrays into Zarr arrays at {@code urls} (defaults for format and codecs) in
     * one plan, as Cubed's {@code store(sources, targets)}: work the arrays share, such as reading
     * a common input, is done once. Returns lazy arrays reading the stored results.
     */
    public List<LazyArray> store(List<LazyArray> arrays, List<String> urls, ComputeOptions options) {
        if (arrays.size() != urls.size()) {
            throw new IllegalArgumentException("store: " + arrays.size() + " arrays but " + urls.size() + " urls");
        }
        List<ArrayNode> stored = new java.util.ArrayList<>();
        for (int i = 0; i < arrays.size(); i++) {
            stored.add(Blockwise.store(arrays.get(i).node(), new StoreTarget(urls.get(i), null)));
        }
        run(Planner.finalizePlan(stored, planSettings().withOptimize(options.optimize())), options);
        List<LazyArray> out = new java.util.ArrayList<>();
        urls.forEach(u -> out.add(fromZarr(u)));
        return out;
    }

    /** Runs a finalised plan with the spec's executor; fails before any task when memory cannot fit. */
    public void run(FinalizedPlan plan, ComputeOptions options) {
        plan.checkMemory();
        KernelCheck.check(plan, kernels);
        if (options.resume()) {
            dev.cubed.runtime.StaleOutputCheck.check(plan, storage, options.recomputeStale());
        }
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
