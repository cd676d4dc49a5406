package dev.cubed.runtime.engine;

import java.util.Arrays;

/**
 * The durations (ns) of finished tasks, with the k-th smallest on demand. A run may finish
 * millions of tasks while the backup check asks for an order statistic every second or so, so
 * durations are appended in O(1) and selected in linear time on a scratch copy (instead of
 * sorting), with the last answer cached until a duration is added.
 */
final class FinishedDurations {
    private long[] values = new long[64];
    private int count;

    private long[] scratch = new long[0];
    private int cachedK = -1;
    private int cachedCount = -1;
    private long cachedValue;

    void add(long nanos) {
        if (count == values.length) {
            values = Arrays.copyOf(values, values.length * 2);
        }
        values[count++] = Math.max(0, nanos);
    }

    int count() {
        return count;
    }

    /** The k-th smallest duration (0-based), k < count. */
    long select(int k) {
        if (k < 0 || k >= count) {
            throw new IndexOutOfBoundsException("k = " + k + " with " + count + " durations");
        }
        if (k == cachedK && count == cachedCount) {
            return cachedValue;
        }
        if (scratch.length < count) {
            scratch = new long[values.length];
        }
        System.arraycopy(values, 0, scratch, 0, count);
        long v = quickselect(scratch, count, k);
        cachedK = k;
        cachedCount = count;
        cachedValue = v;
        return v;
    }

    /** Hoare-style selection with a median-of-three pivot; expected linear time. */
    private static long quickselect(long[] a, int n, int k) {
        int lo = 0;
        int hi = n - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            long pivot = medianOfThree(a[lo], a[mid], a[hi]);
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    long t = a[i];
                    a[i] = a[j];
                    a[j] = t;
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return a[k];
            }
        }
        return a[k];
    }

    private static long medianOfThree(long x, long y, long z) {
        return Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));
    }
}
