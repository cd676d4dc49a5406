package dev.cubed.kernel.reduction;

import dev.cubed.block.Block;
import dev.cubed.block.DataType;
import dev.cubed.block.TypePromotion;
import dev.cubed.block.Value;
import dev.cubed.block.ValueType;
import dev.cubed.kernel.Params;
import dev.cubed.kernel.elementwise.Domain;
import dev.cubed.kernel.elementwise.ElementwiseKernels;

import java.util.Arrays;

/**
 * {@code sum}, {@code prod} and their NaN-ignoring variants. The result type is the {@code dtype}
 * parameter or the array API default ({@link TypePromotion#sumType}: int64 for bool and signed
 * integers, uint64 for unsigned, floats unchanged). Intermediates are float64 for a floating result
 * (so float32 sums accumulate in double and are rounded once, at the end) and int64/uint64 for an
 * integer result, which wraps exactly as summing in the narrower type would. Float sums within a
 * block use pairwise summation; an empty sum is 0 and an empty product 1.
 */
record SumReduction(String name, boolean product, boolean skipNan) implements Reduction {
    @Override
    public Number identity() {
        return product ? 1 : 0;
    }

    @Override
    public DataType resultType(DataType input, Params params) {
        DataType r = Intermediates.dtype(params, TypePromotion.sumType(input));
        if (r.isBool()) {
            throw new IllegalArgumentException(name + ": dtype must be a numeric type, not bool");
        }
        return r;
    }

    private static DataType accumulator(DataType result) {
        return result.isFloat() ? DataType.FLOAT64 : (result.isUnsigned() ? DataType.UINT64 : DataType.INT64);
    }

    @Override
    public ValueType intermediateType(DataType input, Params params) {
        return ValueType.plain(accumulator(resultType(input, params)));
    }

    @Override
    public Value initial(Block block, int[] axes, long[] origin, Params params) {
        DataType acc = accumulator(resultType(block.dtype(), params));
        Block x = block;
        if (skipNan && x.dtype().isFloat() && acc != DataType.FLOAT64) {
            // NaN must count as the identity before the cast to an integer accumulator turns it into 0
            Block nan = ElementwiseKernels.unary("isnan").apply(x);
            x = ElementwiseKernels.where(nan, Block.scalar(x.dtype(), product ? 1 : 0), x);
        }
        AxisIteration it = new AxisIteration(name + ".initial", x, axes);
        if (acc == DataType.FLOAT64) {
            double[] s = new double[it.outSize()];
            if (product) {
                Arrays.fill(s, 1.0);
            }
            it.forEach(Domain.DOUBLE, product ? doubleProduct(s) : doubleSum(s));
            return Block.wrap(acc, s, it.keepShape());
        }
        long[] s = new long[it.outSize()];
        if (product) {
            Arrays.fill(s, 1L);
        }
        it.forEach(Domain.LONG, product ? longProduct(s) : longSum(s));
        return Block.wrap(acc, s, it.keepShape());
    }

    private AxisIteration.Visitor doubleSum(double[] s) {
        boolean nan = skipNan;
        return new AxisIteration.Visitor() {
            @Override
            public void run(int out, int reducedStart, Object data, int off, int n) {
                double[] a = (double[]) data;
                s[out] += nan ? Summation.nanSum(a, off, n) : Summation.sum(a, off, n);
            }

            @Override
            public void row(int outStart, int reduced, Object data, int off, int n) {
                double[] a = (double[]) data;
                if (nan) {
                    for (int i = 0; i < n; i++) {
                        double x = a[off + i];
                        s[outStart + i] += x == x ? x : 0;
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        s[outStart + i] += a[off + i];
                    }
                }
            }
        };
    }

    private AxisIteration.Visitor doubleProduct(double[] s) {
        boolean nan = skipNan;
        return new AxisIteration.Visitor() {
            @Override
            public void run(int out, int reducedStart, Object data, int off, int n) {
                double[] a = (double[]) data;
                double p = s[out];
                for (int i = 0; i < n; i++) {
                    double x = a[off + i];
                    p *= (nan && x != x) ? 1 : x;
                }
                s[out] = p;
            }

            @Override
            public void row(int outStart, int reduced, Object data, int off, int n) {
                double[] a = (double[]) data;
                for (int i = 0; i < n; i++) {
                    double x = a[off + i];
                    s[outStart + i] *= (nan && x != x) ? 1 : x;
                }
            }
        };
    }

    private static AxisIteration.Visitor longSum(long[] s) {
        return new AxisIteration.Visitor() {
            @Override
            public void run(int out, int reducedStart, Object data, int off, int n) {
                long[] a = (long[]) data;
                long t = 0;
                for (int i = 0; i < n; i++) {
                    t += a[off + i];
                }
                s[out] += t;
            }

            @Override
            public void row(int outStart, int reduced, Object data, int off, int n) {
                long[] a = (long[]) data;
                for (int i = 0; i < n; i++) {
                    s[outStart + i] += a[off + i];
                }
            }
        };
    }

    private static AxisIteration.Visitor longProduct(long[] s) {
        return new AxisIteration.Visitor() {
            @Override
            public void run(int out, int reducedStart, Object data, int off, int n) {
                long[] a = (long[]) data;
                long t = s[out];
                for (int i = 0; i < n; i++) {
                    t *= a[off + i];
                }
                s[out] = t;
            }

            @Override
            public void row(int outStart, int reduced, Object data, int off, int n) {
                long[] a = (long[]) data;
                for (int i = 0; i < n; i++) {
                    s[outStart + i] *= a[off + i];
                }
            }
        };
    }

    @Override
    public Value combine(Value a, Value b, Params params) {
        Block x = Intermediates.plain(name + ".combine", a);
        Block y = Intermediates.plain(name + ".combine", b);
        Intermediates.sameShape(name + ".combine", x, y);
        return ElementwiseKernels.binary(product ? "multiply" : "add").apply(x, y);
    }

    @Override
    public Value aggregate(Value intermediate, Params params) {
        Block x = Intermediates.plain(name + ".aggregate", intermediate);
        return ElementwiseKernels.astype(x, Intermediates.dtype(params, x.dtype()));
    }
}
