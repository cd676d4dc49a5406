package dev.cubed.kernel.reduction;

/** Visitors accumulating float64 sums and shifted sums of squares, shared by mean and variance. */
final class Moments {

    private Moments() {
    }

    /** Pairwise sums per output element. */
    static AxisIteration.Visitor sum(double[] sum) {
        return new AxisIteration.Visitor() {
            @Override
            public void run(int out, int reducedStart, Object data, int off, int n) {
                sum[out] += Summation.sum((double[]) data, off, n);
            }

            @Override
            public void row(int outStart, int reduced, Object data, int off, int n) {
                double[] a = (double[]) data;
                for (int i = 0; i < n; i++) {
                    sum[outStart + i] += a[off + i];
                }
            }
        };
    }

    /**
     * Sums of {@code d = x - shift[out]} and of {@code d * d}, skipping NaN elements if asked: the
     * second pass of the corrected two-pass variance algorithm.
     */
    static AxisIteration.Visitor shiftedSquares(double[] shift, double[] s1, double[] s2, boolean skipNan) {
        return new AxisIteration.Visitor() {
            @Override
            public void run(int out, int reducedStart, Object data, int off, int n) {
                double[] a = (double[]) data;
                double c = shift[out];
                double t1 = 0;
                double t2 = 0;
                for (int i = 0; i < n; i++) {
                    double x = a[off + i];
                    if (skipNan && x != x) {
                        continue;
                    }
                    double d = x - c;
                    t1 += d;
                    t2 += d * d;
                }
                s1[out] += t1;
                s2[out] += t2;
            }

            @Override
            public void row(int outStart, int reduced, Object data, int off, int n) {
                double[] a = (double[]) data;
                for (int i = 0; i < n; i++) {
                    double x = a[off + i];
                    if (skipNan && x != x) {
                        continue;
                    }
                    double d = x - shift[outStart + i];
                    s1[outStart + i] += d;
                    s2[outStart + i] += d * d;
                }
            }
        };
    }
}
