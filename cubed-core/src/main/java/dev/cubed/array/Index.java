package dev.cubed.array;

import java.util.Arrays;

/**
 * One item of an index expression for {@link LazyArray#get(Object...)}, as in the array API's
 * {@code x[...]}: an integer ({@link #at}; plain {@code Integer}/{@code Long} arguments mean the
 * same), a slice with optional start and stop and a step ({@link #slice}), {@link #ELLIPSIS}, a new
 * axis of length 1 ({@link #newAxis()}), or a list of integers taking elements along one axis
 * ({@link #take}; a {@code long[]} or {@code int[]} argument means the same).
 *
 * <pre>{@code
 * a.get(Index.slice(2, null, -1), Index.ELLIPSIS, Index.newAxis(), 3)   // a[2::-1, ..., None, 3]
 * }</pre>
 */
public sealed interface Index permits Index.At, Index.Slice, Index.Ellipsis, Index.NewAxis, Index.Take {

    /** {@code ...}: as many whole axes as the other items leave. */
    Index ELLIPSIS = new Ellipsis();

    /** {@code None}/{@code newaxis}: a new axis of length 1. */
    Index NEW_AXIS = new NewAxis();

    /** The element at {@code i} (negative counts from the end); the axis is removed. */
    static Index at(long i) {
        return new At(i);
    }

    /** {@code start:stop} (either may be null). */
    static Slice slice(Number start, Number stop) {
        return slice(start, stop, 1);
    }

    /** {@code start:stop:step} (start and stop may be null; step not zero, negative walks backwards). */
    static Slice slice(Number start, Number stop, long step) {
        return new Slice(start == null ? null : start.longValue(), stop == null ? null : stop.longValue(), step);
    }

    /** {@code :}, the whole axis. */
    static Slice all() {
        return new Slice(null, null, 1);
    }

    static Index newAxis() {
        return NEW_AXIS;
    }

    /** The elements at {@code indices} along the axis, in that order (repeats allowed, negative count from the end). */
    static Index take(long... indices) {
        return new Take(indices);
    }

    /** An item of {@link LazyArray#get(Object...)}: an {@code Index}, an integer, or a {@code long[]}/{@code int[]}. */
    static Index of(Object item) {
        if (item instanceof Index i) {
            return i;
        }
        if (item instanceof Integer || item instanceof Long || item instanceof Short || item instanceof Byte) {
            return at(((Number) item).longValue());
        }
        if (item instanceof long[] l) {
            return take(l);
        }
        if (item instanceof int[] ints) {
            return take(Arrays.stream(ints).asLongStream().toArray());
        }
        throw new IllegalArgumentException("cannot index with " + item + (item == null ? "" : " of class "
                + item.getClass().getName()) + "; use an integer, Index.slice(...), Index.ELLIPSIS, Index.newAxis() "
                + "or Index.take(...)");
    }

    record At(long index) implements Index {
    }

    /** A slice; {@code start}/{@code stop} null mean the end the step walks from/to. */
    record Slice(Long start, Long stop, long step) implements Index {
        public Slice {
            if (step == 0) {
                throw new IllegalArgumentException("slice step cannot be zero");
            }
        }

        /** The first index and the number of elements this slice selects from an axis of length n (Python's rules). */
        public long[] resolve(long n) {
            long first;
            long count;
            if (step > 0) {
                long lo = start == null ? 0 : clamp(start < 0 ? start + n : start, 0, n);
                long hi = stop == null ? n : clamp(stop < 0 ? stop + n : stop, 0, n);
                first = lo;
                count = hi > lo ? (hi - lo + step - 1) / step : 0;
            } else {
                long hi = start == null ? n - 1 : clamp(start < 0 ? start + n : start, -1, n - 1);
                long lo = stop == null ? -1 : clamp(stop < 0 ? stop + n : stop, -1, n - 1);
                first = hi;
                count = hi > lo ? (hi - lo + (-step) - 1) / (-step) : 0;
            }
            return new long[] {count == 0 ? 0 : first, count};
        }

        private static long clamp(long v, long lo, long hi) {
            return Math.max(lo, Math.min(hi, v));
        }

        @Override
        public String toString() {
            return (start == null ? "" : start) + ":" + (stop == null ? "" : stop) + (step == 1 ? "" : ":" + step);
        }
    }

    record Ellipsis() implements Index {
        @Override
        public String toString() {
            return "...";
        }
    }

    record NewAxis() implements Index {
        @Override
        public String toString() {
            return "newaxis";
        }
    }

    record Take(long[] indices) implements Index {
        public Take {
            indices = indices.clone();
        }

        @Override
        public long[] indices() {
            return indices.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Take t && Arrays.equals(t.indices, indices);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(indices);
        }

        @Override
        public String toString() {
            return Arrays.toString(indices);
        }
    }
}
