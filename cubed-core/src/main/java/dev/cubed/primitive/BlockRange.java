package dev.cubed.primitive;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The chunk coordinates of a box, {@code lo[i] <= c[i] < hi[i]} on every axis, in C order
 * (last axis fastest), produced lazily. Empty when any axis is empty; a 0-d box holds one point.
 * The one place that walks such boxes: task grids, reduction rounds, contractions, region reads.
 */
public final class BlockRange implements Iterable<long[]> {
    private final long[] lo;
    private final long[] hi;

    private BlockRange(long[] lo, long[] hi) {
        if (lo.length != hi.length) {
            throw new IllegalArgumentException("bounds of different ranks");
        }
        this.lo = lo.clone();
        this.hi = hi.clone();
    }

    /** {@code lo <= c < hi} per axis. */
    public static BlockRange of(long[] lo, long[] hi) {
        return new BlockRange(lo, hi);
    }

    /** {@code lo <= c <= hi} per axis (inclusive upper bounds). */
    public static BlockRange inclusive(long[] lo, long[] hiInclusive) {
        long[] hi = new long[hiInclusive.length];
        for (int i = 0; i < hi.length; i++) {
            hi[i] = hiInclusive[i] + 1;
        }
        return new BlockRange(lo, hi);
    }

    /** Every chunk of a grid with {@code counts} chunks per axis. */
    public static BlockRange all(long[] counts) {
        return new BlockRange(new long[counts.length], counts);
    }

    /** Number of coordinates in the box. */
    public long size() {
        long n = 1;
        for (int i = 0; i < lo.length; i++) {
            n *= Math.max(0, hi[i] - lo[i]);
        }
        return n;
    }

    public boolean isEmpty() {
        return size() == 0;
    }

    /** True when every coordinate satisfies {@code test}; stops at the first that does not. */
    public boolean allMatch(java.util.function.Predicate<long[]> test) {
        for (long[] c : this) {
            if (!test.test(c)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public Iterator<long[]> iterator() {
        boolean empty = isEmpty();
        return new Iterator<>() {
            private final long[] next = lo.clone();
            private boolean done = empty;

            @Override
            public boolean hasNext() {
                return !done;
            }

            @Override
            public long[] next() {
                if (done) {
                    throw new NoSuchElementException();
                }
                long[] out = next.clone();
                int j = next.length - 1;
                for (; j >= 0; j--) {
                    if (++next[j] < hi[j]) {
                        break;
                    }
                    next[j] = lo[j];
                }
                done = j < 0;
                return out;
            }
        };
    }
}
