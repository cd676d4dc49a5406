package dev.cubed.kernel.reduction;

import dev.cubed.block.Block;
import dev.cubed.block.DataType;
import dev.cubed.block.Value;
import dev.cubed.block.ValueType;
import dev.cubed.kernel.Params;
import dev.cubed.kernel.elementwise.Casts;
import dev.cubed.kernel.elementwise.Domain;
import dev.cubed.kernel.elementwise.ElementwiseKernels;

import java.util.Arrays;

/**
 * {@code max}, {@code min} and their NaN-ignoring variants; the result and the intermediates
 * have the input's type. {@code max}/{@code min} propagate NaN; {@code nanmax}/{@code nanmin}
 * ignore it and give NaN only where every element is NaN. Bool inputs are accepted as NumPy does
 * (max is "any", min is "all").
 *
 * <p>An empty block (a reduced axis of length 0) gives the identity (-inf or the type's minimum for
 * max, +inf or its maximum for min, NaN for the NaN variants) so that it vanishes when combined;
 * the reduction of a whole empty array has no result and is rejected at plan level.
 */
record ExtremumReduction(String name, boolean max, boolean skipNan) implements Reduction {
    @Override
    public DataType resultType(DataType input, Params params) {
        return input;
    }

    @Override
    public ValueType intermediateType(DataType input, Params params) {
        return ValueType.plain(input);
    }

    @Override
    public Value initial(Block block, int[] axes, long[] origin, Params params) {
        AxisIteration it = new AxisIteration(name + ".initial", block, axes);
        DataType t = block.dtype();
        Block out = Block.allocate(t, it.keepShape());
        if (t.isFloat()) {
            double[] acc = new double[it.outSize()];
            Arrays.fill(acc, skipNan ? Double.NaN : (max ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY));
            it.forEach(Domain.DOUBLE, skipNan ? nanDoubles(acc) : doubles(acc));
            Casts.scatter(Domain.DOUBLE, acc, 0, acc.length, t, out.data(), 0);
        } else if (t == DataType.UINT64) {
            long[] acc = new long[it.outSize()];
            Arrays.fill(acc, max ? 0L : -1L);
            it.forEach(Domain.ULONG, unsignedLongs(acc));
            Casts.scatter(Domain.ULONG, acc, 0, acc.length, t, out.data(), 0);
        } else {
            long[] acc = new long[it.outSize()];
            Arrays.fill(acc, max ? (long) t.minValue() : (long) t.maxValue());
            it.forEach(Domain.LONG, longs(acc));
            Casts.scatter(Domain.LONG, acc, 0, acc.length, t, out.data(), 0);
        }
        return out;
    }

    private AxisIteration.Visitor doubles(double[] acc) {
        boolean mx = max;
        return new AxisIteration.Visitor() {
            @Override
            public void run(int out, int reducedStart, Object data, int off, int n) {
                double[] a = (double[]) data;
                double m = acc[out];
                if (mx) {
                    for (int i = 0; i < n; i++) {
                        m = Math.max(m, a[off + i]);
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        m = Math.min(m, a[off + i]);
                    }
                }
                acc[out] = m;
            }

            @Override
            public void row(int outStart, int reduced, Object data, int off, int n) {
                double[] a = (double[]) data;
                if (mx) {
                    for (int i = 0; i < n; i++) {
                        acc[outStart + i] = Math.max(acc[outStart + i], a[off + i]);
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        acc[outStart + i] = Math.min(acc[outStart + i], a[off + i]);
                    }
                }
            }
        };
    }

    private AxisIteration.Visitor nanDoubles(double[] acc) {
        boolean mx = max;
        return new AxisIteration.Visitor() {
            @Override
            public void run(int out, int reducedStart, Object data, int off, int n) {
                double[] a = (double[]) data;
                double m = acc[out];
                for (int i = 0; i < n; i++) {
                    m = fold(m, a[off + i], mx);
                }
                acc[out] = m;
            }

            @Override
            public void row(int outStart, int reduced, Object data, int off, int n) {
                double[] a = (double[]) data;
                for (int i = 0; i < n; i++) {
                    acc[outStart + i] = fold(acc[outStart + i], a[off + i], mx);
                }
            }
        };
    }

    /**
     * fmax/fmin of the accumulator and an element: NaN only while nothing but NaN was seen, and
     * +0.0 above -0.0 as {@link Math#max} orders them, the same rule the combine step uses, so the
     * result does not depend on how the array is chunked.
     */
    static double fold(double m, double x, boolean max) {
        if (x != x) {
            return m;
        }
        if (m != m) {
            return x;
        }
        return max ? Math.max(m, x) : Math.min(m, x);
    }

    private AxisIteration.Visitor longs(long[] acc) {
        boolean mx = max;
        return new AxisIteration.Visitor() {
            @Override
            public void run(int out, int reducedStart, Object data, int off, int n) {
                long[] a = (long[]) data;
                long m = acc[out];
                if (mx) {
                    for (int i = 0; i < n; i++) {
                        m = Math.max(m, a[off + i]);
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        m = Math.min(m, a[off + i]);
                    }
                }
                acc[out] = m;
            }

            @Override
            public void row(int outStart, int reduced, Object data, int off, int n) {
                long[] a = (long[]) data;
                if (mx) {
                    for (int i = 0; i < n; i++) {
                        acc[outStart + i] = Math.max(acc[outStart + i], a[off + i]);
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        acc[outStart + i] = Math.min(acc[outStart + i], a[off + i]);
                    }
                }
            }
        };
    }

    private AxisIteration.Visitor unsignedLongs(long[] acc) {
        int sign = max ? 1 : -1;
        return new AxisIteration.Visitor() {
            @Override
            public void run(int out, int reducedStart, Object data, int off, int n) {
                long[] a = (long[]) data;
                long m = acc[out];
                for (int i = 0; i < n; i++) {
                    long x = a[off + i];
                    if (Long.compareUnsigned(x, m) * sign > 0) {
                        m = x;
                    }
                }
                acc[out] = m;
            }

            @Override
            public void row(int outStart, int reduced, Object data, int off, int n) {
                long[] a = (long[]) data;
                for (int i = 0; i < n; i++) {
                    long x = a[off + i];
                    if (Long.compareUnsigned(x, acc[outStart + i]) * sign > 0) {
                        acc[outStart + i] = x;
                    }
                }
            }
        };
    }

    @Override
    public Value combine(Value a, Value b, Params params) {
        String k = name + ".combine";
        Block x = Intermediates.plain(k, a);
        Block y = Intermediates.plain(k, b);
        Intermediates.sameShape(k, x, y);
        String op;
        if (x.dtype().isBool() && y.dtype().isBool()) {
            op = max ? "logical_or" : "logical_and";
        } else if (skipNan) {
            op = max ? "fmax" : "fmin";
        } else {
            op = max ? "maximum" : "minimum";
        }
        return ElementwiseKernels.binary(op).apply(x, y);
    }

    @Override
    public Value aggregate(Value intermediate, Params params) {
        Block x = Intermediates.plain(name + ".aggregate", intermediate);
        return ElementwiseKernels.astype(x, Intermediates.dtype(params, x.dtype()));
    }
}
