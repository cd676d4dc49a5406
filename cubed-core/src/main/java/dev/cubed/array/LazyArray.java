package dev.cubed.array;

import dev.cubed.block.Block;
import dev.cubed.block.DataType;
import dev.cubed.plan.ArrayNode;
import dev.cubed.plan.FinalizedPlan;
import dev.cubed.primitive.ChunkGrid;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A chunked array that has not been computed yet: operations on it build a plan, and
 * {@link #compute()} runs that plan with the session's executor and returns the values. Every
 * operation keeps each task within the session's memory budget.
 *
 * <pre>{@code
 * Cubed cb = Cubed.session(Spec.builder().allowedMem("2GB").build());
 * LazyArray a = cb.randomUniform(new long[] {8000, 8000}, new int[] {1000, 1000}, 42);
 * Block m = a.add(a.multiply(2)).mean(0).compute();
 * }</pre>
 */
public final class LazyArray {
    private final Cubed session;
    private final ArrayNode node;

    LazyArray(Cubed session, ArrayNode node) {
        this.session = Objects.requireNonNull(session, "session");
        this.node = Objects.requireNonNull(node, "node");
    }

    /** The graph node behind this array (for extensions that build their own operations). */
    public ArrayNode node() {
        return node;
    }

    public Cubed session() {
        return session;
    }

    public Spec spec() {
        return session.spec();
    }

    // ------------------------------------------------------------------ metadata

    public long[] shape() {
        return node.grid().shape();
    }

    public int ndim() {
        return node.grid().ndim();
    }

    /** The (regular) chunk shape; edge chunks are smaller. */
    public int[] chunks() {
        return node.grid().chunks();
    }

    public ChunkGrid grid() {
        return node.grid();
    }

    public long[] numblocks() {
        return node.grid().numBlocks();
    }

    public long size() {
        return node.grid().size();
    }

    public DataType dtype() {
        return node.type().dtype();
    }

    public long nbytes() {
        return size() * node.type().itemSize();
    }

    /** Bytes of one full chunk. */
    public long chunkBytes() {
        return node.grid().chunkSize() * node.type().itemSize();
    }

    // ------------------------------------------------------------------ elementwise

    public LazyArray add(LazyArray other) {
        return session.elementwise("add", this, other);
    }

    public LazyArray add(Number scalar) {
        return session.elementwise("add", this, scalar);
    }

    public LazyArray subtract(LazyArray other) {
        return session.elementwise("subtract", this, other);
    }

    public LazyArray subtract(Number scalar) {
        return session.elementwise("subtract", this, scalar);
    }

    public LazyArray multiply(LazyArray other) {
        return session.elementwise("multiply", this, other);
    }

    public LazyArray multiply(Number scalar) {
        return session.elementwise("multiply", this, scalar);
    }

    public LazyArray divide(LazyArray other) {
        return session.elementwise("divide", this, other);
    }

    public LazyArray divide(Number scalar) {
        return session.elementwise("divide", this, scalar);
    }

    public LazyArray pow(LazyArray other) {
        return session.elementwise("pow", this, other);
    }

    public LazyArray pow(Number scalar) {
        return session.elementwise("pow", this, scalar);
    }

    public LazyArray negative() {
        return session.elementwise("negative", this);
    }

    public LazyArray abs() {
        return session.elementwise("abs", this);
    }

    public LazyArray sqrt() {
        return session.elementwise("sqrt", this);
    }

    public LazyArray exp() {
        return session.elementwise("exp", this);
    }

    public LazyArray log() {
        return session.elementwise("log", this);
    }

    public LazyArray equal(LazyArray other) {
        return session.elementwise("equal", this, other);
    }

    public LazyArray equal(Number scalar) {
        return session.elementwise("equal", this, scalar);
    }

    public LazyArray notEqual(LazyArray other) {
        return session.elementwise("not_equal", this, other);
    }

    public LazyArray notEqual(Number scalar) {
        return session.elementwise("not_equal", this, scalar);
    }

    public LazyArray less(LazyArray other) {
        return session.elementwise("less", this, other);
    }

    public LazyArray less(Number scalar) {
        return session.elementwise("less", this, scalar);
    }

    public LazyArray lessEqual(LazyArray other) {
        return session.elementwise("less_equal", this, other);
    }

    public LazyArray lessEqual(Number scalar) {
        return session.elementwise("less_equal", this, scalar);
    }

    public LazyArray greater(LazyArray other) {
        return session.elementwise("greater", this, other);
    }

    public LazyArray greater(Number scalar) {
        return session.elementwise("greater", this, scalar);
    }

    public LazyArray greaterEqual(LazyArray other) {
        return session.elementwise("greater_equal", this, other);
    }

    public LazyArray greaterEqual(Number scalar) {
        return session.elementwise("greater_equal", this, scalar);
    }

    public LazyArray astype(DataType dtype) {
        return session.astype(this, dtype);
    }

    /** Any registered element-wise function by its array API name (e.g. {@code "sin"}). */
    public LazyArray apply(String function) {
        return session.elementwise(function, this);
    }

    // ------------------------------------------------------------------ reductions

    public LazyArray sum(int... axes) {
        return session.reduce("sum", this, axesOrAll(axes), false, null);
    }

    public LazyArray sum(int[] axes, boolean keepdims) {
        return session.reduce("sum", this, axes, keepdims, null);
    }

    public LazyArray sum(int[] axes, boolean keepdims, DataType dtype) {
        return session.reduce("sum", this, axes, keepdims, dtype);
    }

    public LazyArray mean(int... axes) {
        return session.reduce("mean", this, axesOrAll(axes), false, null);
    }

    public LazyArray mean(int[] axes, boolean keepdims) {
        return session.reduce("mean", this, axes, keepdims, null);
    }

    public LazyArray min(int... axes) {
        return session.reduce("min", this, axesOrAll(axes), false, null);
    }

    public LazyArray min(int[] axes, boolean keepdims) {
        return session.reduce("min", this, axes, keepdims, null);
    }

    public LazyArray max(int... axes) {
        return session.reduce("max", this, axesOrAll(axes), false, null);
    }

    public LazyArray max(int[] axes, boolean keepdims) {
        return session.reduce("max", this, axes, keepdims, null);
    }

    public LazyArray prod(int... axes) {
        return session.reduce("prod", this, axesOrAll(axes), false, null);
    }

    public LazyArray prod(int[] axes, boolean keepdims) {
        return session.reduce("prod", this, axes, keepdims, null);
    }

    public LazyArray all(int... axes) {
        return session.reduce("all", this, axesOrAll(axes), false, null);
    }

    public LazyArray all(int[] axes, boolean keepdims) {
        return session.reduce("all", this, axes, keepdims, null);
    }

    public LazyArray any(int... axes) {
        return session.reduce("any", this, axesOrAll(axes), false, null);
    }

    public LazyArray any(int[] axes, boolean keepdims) {
        return session.reduce("any", this, axes, keepdims, null);
    }

    /** A reduction by name ({@code "var"}, {@code "nansum"}, ...) with optional kernel parameters. */
    public LazyArray reduce(String name, int[] axes, boolean keepdims) {
        return session.reduce(name, this, axes, keepdims, null);
    }

    private static int[] axesOrAll(int[] axes) {
        return axes.length == 0 ? null : axes;
    }

    // ------------------------------------------------------------------ other operations

    public LazyArray matmul(LazyArray other) {
        return session.matmul(this, other);
    }

    /** The same values chunked differently, copied in stages that fit the memory budget. */
    public LazyArray rechunk(int... chunks) {
        return session.rechunk(this, chunks);
    }

    // ------------------------------------------------------------------ running

    /** Runs the plan and returns the values as one in-memory block. */
    public Block compute() {
        return session.compute(List.of(this)).get(0);
    }

    /** Runs the plan, continuing an interrupted run of the same computation where it stopped. */
    public Block compute(ComputeOptions options) {
        return session.compute(List.of(this), options).get(0);
    }

    /** Computes this array into a Zarr array at {@code url} and returns it as a lazy array to read from. */
    public LazyArray toZarr(String url) {
        return session.toZarr(this, url, ComputeOptions.defaults());
    }

    public LazyArray toZarr(String url, ComputeOptions options) {
        return session.toZarr(this, url, options);
    }

    /** The finalised plan that computing this array would run. */
    public FinalizedPlan plan() {
        return session.plan(List.of(this));
    }

    /** Writes the plan as Graphviz DOT (and SVG when {@code dot} is installed); returns the files written. */
    public List<Path> visualize(Path file) {
        return session.visualize(List.of(this), file);
    }

    @Override
    public String toString() {
        return "LazyArray(shape=" + java.util.Arrays.toString(shape()) + ", chunks="
                + java.util.Arrays.toString(chunks()) + ", dtype=" + node.type() + ")";
    }
}
