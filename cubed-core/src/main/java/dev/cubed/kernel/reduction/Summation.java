package dev.cubed.kernel.reduction;

/**
 * Sums of double runs by pairwise summation, as NumPy does: blocks of up to 128 elements are
 * added with eight independent accumulators (which also lets the CPU overlap the additions),
 * larger runs are split in halves, so rounding error grows with log(n) rather than n.
 */
final class Summation {

    private Summation() {
    }

    static double sum(double[] a, int off, int n) {
        if (n < 8) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += a[off + i];
            }
            return s;
        }
        if (n <= 128) {
            double r0 = a[off];
            double r1 = a[off + 1];
            double r2 = a[off + 2];
            double r3 = a[off + 3];
            double r4 = a[off + 4];
            double r5 = a[off + 5];
            double r6 = a[off + 6];
            double r7 = a[off + 7];
            int i = 8;
            for (; i + 8 <= n; i += 8) {
                int k = off + i;
                r0 += a[k];
                r1 += a[k + 1];
                r2 += a[k + 2];
                r3 += a[k + 3];
                r4 += a[k + 4];
                r5 += a[k + 5];
                r6 += a[k + 6];
                r7 += a[k + 7];
            }
            double s = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
            for (; i < n; i++) {
                s += a[off + i];
            }
            return s;
        }
        int half = (n / 2) & ~7;
        return sum(a, off, half) + sum(a, off + half, n - half);
    }

    /** {@link #sum} treating NaN as 0. */
    static double nanSum(double[] a, int off, int n) {
        if (n < 8) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                double x = a[off + i];
                s += x == x ? x : 0;
            }
            return s;
        }
        if (n <= 128) {
            double r0 = 0;
            double r1 = 0;
            double r2 = 0;
            double r3 = 0;
            int i = 0;
            for (; i + 4 <= n; i += 4) {
                int k = off + i;
                double x0 = a[k];
                double x1 = a[k + 1];
                double x2 = a[k + 2];
                double x3 = a[k + 3];
                r0 += x0 == x0 ? x0 : 0;
                r1 += x1 == x1 ? x1 : 0;
                r2 += x2 == x2 ? x2 : 0;
                r3 += x3 == x3 ? x3 : 0;
            }
            double s = (r0 + r1) + (r2 + r3);
            for (; i < n; i++) {
                double x = a[off + i];
                s += x == x ? x : 0;
            }
            return s;
        }
        int half = (n / 2) & ~7;
        return nanSum(a, off, half) + nanSum(a, off + half, n - half);
    }
}
