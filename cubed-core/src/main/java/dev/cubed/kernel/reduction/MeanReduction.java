package dev.cubed.kernel.reduction;

import dev.cubed.block.Block;
import dev.cubed.block.DataType;
import dev.cubed.block.NamedBlocks;
import dev.cubed.block.Value;
import dev.cubed.block.ValueType;
import dev.cubed.kernel.Params;
import dev.cubed.kernel.elementwise.Domain;
import dev.cubed.kernel.elementwise.ElementwiseKernels;

import java.util.Arrays;

/**
 * {@code mean} and {@code nanmean}: intermediates carry {@code sum} (float64, pairwise within a
 * block) and {@code count} (int64; for nanmean the non-NaN elements). The result is float64 for
 * integer input, else the input's float type, or the {@code dtype} parameter (a float type); the
 * mean of nothing is NaN.
 */
record MeanReduction(String name, boolean skipNan) implements FloatResultReduction {
    static final String SUM = "sum";
    static final String COUNT = "count";

    @Override
    public ValueType intermediateType(DataType input, Params params) {
        resultType(input, params);
        return ValueType.fields(SUM, DataType.FLOAT64, COUNT, DataType.INT64);
    }

    @Override
    public Value initial(Block block, int[] axes, long[] origin, Params params) {
        resultType(block.dtype(), params);
        AxisIteration it = new AxisIteration(name + ".initial", block, axes);
        double[] sum = new double[it.outSize()];
        long[] count = new long[it.outSize()];
        if (skipNan && block.dtype().isFloat()) {
            it.forEach(Domain.DOUBLE, nanSumAndCount(sum, count));
        } else {
            it.forEach(Domain.DOUBLE, Moments.sum(sum));
            Arrays.fill(count, it.reducedSize());
        }
        int[] shape = it.keepShape();
        return NamedBlocks.of(SUM, Block.wrap(DataType.FLOAT64, sum, shape), COUNT, Block.wrap(DataType.INT64, count, shape));
    }

    static AxisIteration.Visitor nanSumAndCount(double[] sum, long[] count) {
        return new AxisIteration.Visitor() {
            @Override
            public void run(int out, int reducedStart, Object data, int off, int n) {
                double[] a = (double[]) data;
                sum[out] += Summation.nanSum(a, off, n);
                long c = 0;
                for (int i = 0; i < n; i++) {
                    double x = a[off + i];
                    c += x == x ? 1 : 0;
                }
                count[out] += c;
            }

            @Override
            public void row(int outStart, int reduced, Object data, int off, int n) {
                double[] a = (double[]) data;
                for (int i = 0; i < n; i++) {
                    double x = a[off + i];
                    if (x == x) {
                        sum[outStart + i] += x;
                        count[outStart + i]++;
                    }
                }
            }
        };
    }

    @Override
    public Value combine(Value a, Value b, Params params) {
        String k = name + ".combine";
        NamedBlocks x = Intermediates.fields(k, a, SUM, COUNT);
        NamedBlocks y = Intermediates.fields(k, b, SUM, COUNT);
        Intermediates.sameShape(k, x, y);
        var add = ElementwiseKernels.binary("add");
        return NamedBlocks.of(SUM, add.apply(x.get(SUM), y.get(SUM)), COUNT, add.apply(x.get(COUNT), y.get(COUNT)));
    }

    @Override
    public Value aggregate(Value intermediate, Params params) {
        NamedBlocks x = Intermediates.fields(name + ".aggregate", intermediate, SUM, COUNT);
        Block mean = ElementwiseKernels.binary("divide").apply(
                Intermediates.compactAs(x.get(SUM), DataType.FLOAT64), Intermediates.compactAs(x.get(COUNT), DataType.FLOAT64));
        return ElementwiseKernels.astype(mean, Intermediates.dtype(params, DataType.FLOAT64));
    }
}
