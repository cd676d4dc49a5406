package dev.cubed.array;

import dev.cubed.block.Block;
import dev.cubed.block.DataType;
import dev.cubed.kernel.Params;
import dev.cubed.ops.Manipulation;
import dev.cubed.ops.Selection;
import dev.cubed.plan.ArrayNode;
import dev.cubed.plan.FinalizedPlan;
import dev.cubed.primitive.ChunkGrid;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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

    /** Division rounded toward negative infinity (Python's {@code //}). */
    public LazyArray floorDivide(LazyArray other) {
        return session.elementwise("floor_divide", this, other);
    }

    public LazyArray floorDivide(Number scalar) {
        return session.elementwise("floor_divide", this, scalar);
    }

    /** The remainder of {@link #floorDivide}, with the divisor's sign (Python's {@code %}). */
    public LazyArray remainder(LazyArray other) {
        return session.elementwise("remainder", this, other);
    }

    public LazyArray remainder(Number scalar) {
        return session.elementwise("remainder", this, scalar);
    }

    /** The larger of each pair of elements; NaN if either is NaN. */
    public LazyArray maximum(LazyArray other) {
        return session.elementwise("maximum", this, other);
    }

    public LazyArray maximum(Number scalar) {
        return session.elementwise("maximum", this, scalar);
    }

    /** The smaller of each pair of elements; NaN if either is NaN. */
    public LazyArray minimum(LazyArray other) {
        return session.elementwise("minimum", this, other);
    }

    public LazyArray minimum(Number scalar) {
        return session.elementwise("minimum", this, scalar);
    }

    /** The angle of the point (other, this): {@code atan2(this, other)}, in radians. */
    public LazyArray atan2(LazyArray other) {
        return session.elementwise("atan2", this, other);
    }

    public LazyArray atan2(Number scalar) {
        return session.elementwise("atan2", this, scalar);
    }

    public LazyArray hypot(LazyArray other) {
        return session.elementwise("hypot", this, other);
    }

    public LazyArray hypot(Number scalar) {
        return session.elementwise("hypot", this, scalar);
    }

    /** {@code log(exp(this) + exp(other))} without overflow. */
    public LazyArray logaddexp(LazyArray other) {
        return session.elementwise("logaddexp", this, other);
    }

    public LazyArray logaddexp(Number scalar) {
        return session.elementwise("logaddexp", this, scalar);
    }

    /** This element's magnitude with the other's sign. */
    public LazyArray copysign(LazyArray other) {
        return session.elementwise("copysign", this, other);
    }

    public LazyArray copysign(Number scalar) {
        return session.elementwise("copysign", this, scalar);
    }

    public LazyArray positive() {
        return session.elementwise("positive", this);
    }

    public LazyArray sign() {
        return session.elementwise("sign", this);
    }

    public LazyArray square() {
        return session.elementwise("square", this);
    }

    public LazyArray expm1() {
        return session.elementwise("expm1", this);
    }

    public LazyArray log1p() {
        return session.elementwise("log1p", this);
    }

    public LazyArray log2() {
        return session.elementwise("log2", this);
    }

    public LazyArray log10() {
        return session.elementwise("log10", this);
    }

    public LazyArray sin() {
        return session.elementwise("sin", this);
    }

    public LazyArray cos() {
        return session.elementwise("cos", this);
    }

    public LazyArray tan() {
        return session.elementwise("tan", this);
    }

    public LazyArray asin() {
        return session.elementwise("asin", this);
    }

    public LazyArray acos() {
        return session.elementwise("acos", this);
    }

    public LazyArray atan() {
        return session.elementwise("atan", this);
    }

    public LazyArray sinh() {
        return session.elementwise("sinh", this);
    }

    public LazyArray cosh() {
        return session.elementwise("cosh", this);
    }

    public LazyArray tanh() {
        return session.elementwise("tanh", this);
    }

    public LazyArray asinh() {
        return session.elementwise("asinh", this);
    }

    public LazyArray acosh() {
        return session.elementwise("acosh", this);
    }

    public LazyArray atanh() {
        return session.elementwise("atanh", this);
    }

    public LazyArray floor() {
        return session.elementwise("floor", this);
    }

    public LazyArray ceil() {
        return session.elementwise("ceil", this);
    }

    public LazyArray round() {
        return session.elementwise("round", this);
    }

    public LazyArray trunc() {
        return session.elementwise("trunc", this);
    }

    public LazyArray isnan() {
        return session.elementwise("isnan", this);
    }

    public LazyArray isinf() {
        return session.elementwise("isinf", this);
    }

    public LazyArray isfinite() {
        return session.elementwise("isfinite", this);
    }

    public LazyArray signbit() {
        return session.elementwise("signbit", this);
    }

    public LazyArray logicalAnd(LazyArray other) {
        return session.elementwise("logical_and", this, other);
    }

    public LazyArray logicalAnd(boolean scalar) {
        return session.elementwise("logical_and", this, scalar);
    }

    public LazyArray logicalOr(LazyArray other) {
        return session.elementwise("logical_or", this, other);
    }

    public LazyArray logicalOr(boolean scalar) {
        return session.elementwise("logical_or", this, scalar);
    }

    public LazyArray logicalXor(LazyArray other) {
        return session.elementwise("logical_xor", this, other);
    }

    public LazyArray logicalXor(boolean scalar) {
        return session.elementwise("logical_xor", this, scalar);
    }

    public LazyArray logicalNot() {
        return session.elementwise("logical_not", this);
    }

    public LazyArray bitwiseAnd(LazyArray other) {
        return session.elementwise("bitwise_and", this, other);
    }

    public LazyArray bitwiseAnd(Number scalar) {
        return session.elementwise("bitwise_and", this, scalar);
    }

    public LazyArray bitwiseAnd(boolean scalar) {
        return session.elementwise("bitwise_and", this, scalar);
    }

    public LazyArray bitwiseOr(LazyArray other) {
        return session.elementwise("bitwise_or", this, other);
    }

    public LazyArray bitwiseOr(Number scalar) {
        return session.elementwise("bitwise_or", this, scalar);
    }

    public LazyArray bitwiseOr(boolean scalar) {
        return session.elementwise("bitwise_or", this, scalar);
    }

    public LazyArray bitwiseXor(LazyArray other) {
        return session.elementwise("bitwise_xor", this, other);
    }

    public LazyArray bitwiseXor(Number scalar) {
        return session.elementwise("bitwise_xor", this, scalar);
    }

    public LazyArray bitwiseXor(boolean scalar) {
        return session.elementwise("bitwise_xor", this, scalar);
    }

    public LazyArray bitwiseLeftShift(LazyArray other) {
        return session.elementwise("bitwise_left_shift", this, other);
    }

    public LazyArray bitwiseLeftShift(Number scalar) {
        return session.elementwise("bitwise_left_shift", this, scalar);
    }

    public LazyArray bitwiseRightShift(LazyArray other) {
        return session.elementwise("bitwise_right_shift", this, other);
    }

    public LazyArray bitwiseRightShift(Number scalar) {
        return session.elementwise("bitwise_right_shift", this, scalar);
    }

    public LazyArray bitwiseInvert() {
        return session.elementwise("bitwise_invert", this);
    }

    /** Values below {@code min} raised to it, above {@code max} lowered to it (either may be null); x's type. */
    public LazyArray clip(Number min, Number max) {
        return session.clip(this, min, max);
    }

    public LazyArray clip(LazyArray min, LazyArray max) {
        return session.clip(this, min, max);
    }

    public LazyArray equal(boolean scalar) {
        return session.elementwise("equal", this, scalar);
    }

    public LazyArray notEqual(boolean scalar) {
        return session.elementwise("not_equal", this, scalar);
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

    /** The variance over {@code axes} (none: all), dividing by the count. */
    public LazyArray var(int... axes) {
        return var(axesOrAll(axes), false, 0);
    }

    /**
     * The variance over {@code axes} (null: all), dividing by {@code count - correction} (1 for
     * the unbiased sample variance).
     */
    public LazyArray var(int[] axes, boolean keepdims, double correction) {
        return session.reduceWith("var", this, axes, keepdims, correction(correction));
    }

    public LazyArray std(int... axes) {
        return std(axesOrAll(axes), false, 0);
    }

    /** The standard deviation: the square root of {@link #var(int[], boolean, double)}. */
    public LazyArray std(int[] axes, boolean keepdims, double correction) {
        return session.reduceWith("std", this, axes, keepdims, correction(correction));
    }

    private static Params correction(double c) {
        if (c < 0 || Double.isNaN(c)) {
            throw new IllegalArgumentException("correction must be >= 0, got " + c);
        }
        return Params.builder().put("correction", c).build();
    }

    /** The index of the largest element of the flattened array (the first one, or the first NaN). */
    public LazyArray argmax() {
        return session.argReduce("argmax", this, null, false);
    }

    /** The index of the largest element along {@code axis} (null: of the flattened array). */
    public LazyArray argmax(Integer axis, boolean keepdims) {
        return session.argReduce("argmax", this, axis, keepdims);
    }

    public LazyArray argmin() {
        return session.argReduce("argmin", this, null, false);
    }

    public LazyArray argmin(Integer axis, boolean keepdims) {
        return session.argReduce("argmin", this, axis, keepdims);
    }

    /** The number of non-zero (true) elements over {@code axes} (none: all), as int64. */
    public LazyArray countNonzero(int... axes) {
        return session.reduce("count_nonzero", this, axesOrAll(axes), false, null);
    }

    public LazyArray countNonzero(int[] axes, boolean keepdims) {
        return session.reduce("count_nonzero", this, axes, keepdims, null);
    }

    /** The sum treating NaN as zero. */
    public LazyArray nansum(int... axes) {
        return session.reduce("nansum", this, axesOrAll(axes), false, null);
    }

    public LazyArray nansum(int[] axes, boolean keepdims) {
        return session.reduce("nansum", this, axes, keepdims, null);
    }

    /** The mean of the non-NaN elements (NaN where there are none). */
    public LazyArray nanmean(int... axes) {
        return session.reduce("nanmean", this, axesOrAll(axes), false, null);
    }

    public LazyArray nanmean(int[] axes, boolean keepdims) {
        return session.reduce("nanmean", this, axes, keepdims, null);
    }

    /** The largest non-NaN element (NaN where all are NaN); an empty axis is an error. */
    public LazyArray nanmax(int... axes) {
        return session.reduce("nanmax", this, axesOrAll(axes), false, null);
    }

    public LazyArray nanmax(int[] axes, boolean keepdims) {
        return session.reduce("nanmax", this, axes, keepdims, null);
    }

    public LazyArray nanmin(int... axes) {
        return session.reduce("nanmin", this, axesOrAll(axes), false, null);
    }

    public LazyArray nanmin(int[] axes, boolean keepdims) {
        return session.reduce("nanmin", this, axes, keepdims, null);
    }

    /** The running sum along the only axis of a 1-d array. */
    public LazyArray cumulativeSum() {
        return session.cumulative(this, false, null, null, false);
    }

    /**
     * The running sum along {@code axis} (null: the only axis of a 1-d array) in {@code dtype}
     * (null: int64 for bool and signed integers, uint64 for unsigned, else x's type); with
     * {@code includeInitial} the result starts with 0 (one more element along the axis).
     */
    public LazyArray cumulativeSum(Integer axis, DataType dtype, boolean includeInitial) {
        return session.cumulative(this, false, axis, dtype, includeInitial);
    }

    public LazyArray cumulativeProd() {
        return session.cumulative(this, true, null, null, false);
    }

    /** The running product, as {@link #cumulativeSum(Integer, DataType, boolean)}; the initial value is 1. */
    public LazyArray cumulativeProd(Integer axis, DataType dtype, boolean includeInitial) {
        return session.cumulative(this, true, axis, dtype, includeInitial);
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

    /** Sums of products over this array's last {@code n} axes and the other's first {@code n}. */
    public LazyArray tensordot(LazyArray other, int n) {
        return session.tensordot(this, other, n);
    }

    /** The dot product along the last axis, other axes broadcast. */
    public LazyArray vecdot(LazyArray other) {
        return session.vecdot(this, other, -1);
    }

    /** The last two axes swapped. */
    public LazyArray matrixTranspose() {
        int nd = ndim();
        if (nd < 2) {
            throw new IllegalArgumentException("matrix_transpose: the array must have at least 2 axes, got shape "
                    + Arrays.toString(shape()));
        }
        int[] perm = new int[nd];
        for (int i = 0; i < nd; i++) {
            perm[i] = i;
        }
        perm[nd - 2] = nd - 1;
        perm[nd - 1] = nd - 2;
        return permuteDims(perm);
    }

    // ------------------------------------------------------------------ manipulation

    /** Axes reordered: axis {@code i} of the result is axis {@code axes[i]} (negative counts from the end). */
    public LazyArray permuteDims(int... axes) {
        int nd = ndim();
        if (axes.length != nd) {
            throw new IllegalArgumentException("permute_dims: " + Arrays.toString(axes) + " names "
                    + axes.length + " axes but the array has " + nd);
        }
        int[] a = new int[nd];
        for (int i = 0; i < nd; i++) {
            a[i] = Cubed.axis(axes[i], nd, "permute_dims");
        }
        return session.wrap(Manipulation.permuteDims(node, a));
    }

    /** Axes moved from {@code source} to {@code destination}, the others keeping their order. */
    public LazyArray moveaxis(int[] source, int[] destination) {
        int nd = ndim();
        if (source.length != destination.length) {
            throw new IllegalArgumentException("moveaxis: source " + Arrays.toString(source)
                    + " and destination " + Arrays.toString(destination) + " differ in length");
        }
        int[] perm = new int[nd];
        Arrays.fill(perm, -1);
        boolean[] moved = new boolean[nd];
        for (int i = 0; i < source.length; i++) {
            int s = Cubed.axis(source[i], nd, "moveaxis");
            int d = Cubed.axis(destination[i], nd, "moveaxis");
            if (moved[s] || perm[d] >= 0) {
                throw new IllegalArgumentException("moveaxis: repeated axes in " + Arrays.toString(source)
                        + " or " + Arrays.toString(destination));
            }
            moved[s] = true;
            perm[d] = s;
        }
        int next = 0;
        for (int d = 0; d < nd; d++) {
            if (perm[d] < 0) {
                while (moved[next]) {
                    next++;
                }
                perm[d] = next++;
            }
        }
        return permuteDims(perm);
    }

    public LazyArray moveaxis(int source, int destination) {
        return moveaxis(new int[] {source}, new int[] {destination});
    }

    /** A length-1 axis inserted at position {@code axis} of the result (negative counts from the end of the result). */
    public LazyArray expandDims(int axis) {
        int a = Cubed.axis(axis, ndim() + 1, "expand_dims");
        return session.wrap(Manipulation.expandDims(node, new int[] {a}));
    }

    /** The given axes, each of length 1, removed. */
    public LazyArray squeeze(int... axes) {
        int nd = ndim();
        int[] a = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            a[i] = Cubed.axis(axes[i], nd, "squeeze");
            if (shape()[a[i]] != 1) {
                throw new IllegalArgumentException("squeeze: cannot remove axis " + axes[i] + " of length "
                        + shape()[a[i]] + " (shape " + Arrays.toString(shape()) + "); only length-1 axes");
            }
        }
        return session.wrap(Manipulation.squeeze(node, a));
    }

    /** This array broadcast to {@code shape} (NumPy rules); new and stretched axes get chunks near the memory target. */
    public LazyArray broadcastTo(long... shape) {
        return session.wrap(Manipulation.broadcastTo(node, shape, null, session.planSettings()));
    }

    /** Broadcast with explicit chunks per output axis (0: choose). */
    public LazyArray broadcastTo(long[] shape, int[] chunks) {
        return session.wrap(Manipulation.broadcastTo(node, shape, chunks, session.planSettings()));
    }

    /**
     * The same elements in C order with another shape (one length may be -1: inferred). When the
     * chunks do not line up with the new shape, the array is first rechunked within memory.
     */
    public LazyArray reshape(long... shape) {
        long known = 1;
        int unknown = -1;
        long[] s = shape.clone();
        for (int i = 0; i < s.length; i++) {
            if (s[i] == -1) {
                if (unknown >= 0) {
                    throw new IllegalArgumentException("reshape: can only infer one length, got "
                            + Arrays.toString(shape));
                }
                unknown = i;
            } else if (s[i] < 0) {
                throw new IllegalArgumentException("reshape: negative length in " + Arrays.toString(shape));
            } else {
                known = Math.multiplyExact(known, s[i]);
            }
        }
        if (unknown >= 0) {
            if (known == 0 || size() % known != 0) {
                throw new IllegalArgumentException("cannot reshape an array of size " + size() + " into shape "
                        + Arrays.toString(shape));
            }
            s[unknown] = size() / known;
        }
        return session.wrap(Manipulation.reshape(node, s, session.planSettings()));
    }

    /** The elements as a 1-d array, in C order. */
    public LazyArray flatten() {
        return reshape(-1);
    }

    /** The order of elements reversed along {@code axes} (none: every axis). */
    public LazyArray flip(int... axes) {
        int nd = ndim();
        int[] a;
        if (axes.length == 0) {
            a = new int[nd];
            for (int i = 0; i < nd; i++) {
                a[i] = i;
            }
        } else {
            a = new int[axes.length];
            for (int i = 0; i < axes.length; i++) {
                a[i] = Cubed.axis(axes[i], nd, "flip");
            }
        }
        return session.wrap(Selection.flip(node, a));
    }

    /** Elements shifted by {@code shift} positions along {@code axis} (null: of the flattened array, then reshaped back), wrapping around. */
    public LazyArray roll(long shift, Integer axis) {
        if (axis == null) {
            return flatten().roll(new long[] {shift}, new int[] {0}).reshape(shape());
        }
        return roll(new long[] {shift}, new int[] {axis});
    }

    /** Elements shifted by {@code shifts[i]} along {@code axes[i]}, wrapping around. */
    public LazyArray roll(long[] shifts, int[] axes) {
        int[] a = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            a[i] = Cubed.axis(axes[i], ndim(), "roll");
        }
        return session.wrap(Selection.roll(node, shifts, a));
    }

    /** Each element repeated {@code repeats} times along {@code axis} (null: of the flattened array). */
    public LazyArray repeat(long repeats, Integer axis) {
        if (axis == null) {
            return flatten().repeat(repeats, 0);
        }
        return session.wrap(Selection.repeat(node, repeats, Cubed.axis(axis, ndim(), "repeat")));
    }

    /** Element i of {@code axis} (null: of the flattened array) repeated {@code repeats[i]} times. */
    public LazyArray repeat(long[] repeats, Integer axis) {
        if (axis == null) {
            return flatten().repeat(repeats, 0);
        }
        return session.wrap(Selection.repeat(node, repeats, Cubed.axis(axis, ndim(), "repeat")));
    }

    /** The array repeated {@code reps[i]} times along each axis (leading axes added when reps is longer). */
    public LazyArray tile(long... reps) {
        LazyArray x = this;
        int nd = Math.max(ndim(), reps.length);
        if (ndim() < nd) {
            int[] to = new int[ndim()];
            for (int j = 0; j < to.length; j++) {
                to[j] = nd - ndim() + j;
            }
            x = session.wrap(Manipulation.unitAxes(node, nd, to, "tile"));
        }
        long[] r = new long[nd];
        Arrays.fill(r, 1);
        System.arraycopy(reps, 0, r, nd - reps.length, reps.length);
        return session.wrap(Selection.tile(x.node, r));
    }

    /** The arrays along {@code axis}: element i of the result is this array with index i on that axis. */
    public List<LazyArray> unstack(int axis) {
        int a = Cubed.axis(axis, ndim(), "unstack");
        List<LazyArray> out = new ArrayList<>();
        for (long i = 0; i < shape()[a]; i++) {
            Object[] items = new Object[a + 1];
            for (int k = 0; k < a; k++) {
                items[k] = Index.all();
            }
            items[a] = i;
            out.add(get(items));
        }
        return out;
    }

    // ------------------------------------------------------------------ indexing

    /**
     * {@code x[items]} as in the array API: integers (negative count from the end), slices
     * ({@link Index#slice}, any step), {@link Index#ELLIPSIS}, new axes ({@link Index#newAxis()}), and
     * at most one integer list ({@link Index#take} or a {@code long[]}). Out-of-range integers fail
     * with a message naming the axis and its length; slices clip, as in Python.
     */
    public LazyArray get(Object... items) {
        return session.wrap(Indexing.get(node, items));
    }

    /** The elements at {@code indices} along {@code axis}, in that order. */
    public LazyArray take(long[] indices, int axis) {
        return session.wrap(Selection.take(node, indices, Cubed.axis(axis, ndim(), "take")));
    }

    /** The indices at which this (sorted, 1-d) array would take the values of {@code x2} to stay sorted. */
    public LazyArray searchsorted(LazyArray x2) {
        return session.searchsorted(this, x2, "left");
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
        return "LazyArray(shape=" + Arrays.toString(shape()) + ", chunks="
                + Arrays.toString(chunks()) + ", dtype=" + node.type() + ")";
    }
}
