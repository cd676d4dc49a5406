package dev.cubed.kernel.reduction;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * {@code var}, {@code std} and their NaN-ignoring variants, with parameter {@code correction}
 * (degrees of freedom removed from the count; default 0).
 *
 * <p>Intermediates carry {@code count} (int64), {@code mean} and {@code m2} (float64; the sum of
 * squared deviations from the mean). Within a block, the corrected two-pass algorithm computes
 * them: a pairwise mean, then {@code m2 = sum(d^2) - sum(d)^2 / n} with {@code d = x - mean}, which
 * stays accurate when the mean is large compared with the spread. Intermediates combine with
 * Chan, Golub and LeVeque's parallel formula:
 * {@code m2 = m2a + m2b + delta^2 * na * nb / n}, {@code mean = mean_a + delta * nb / n}.
 * The result is {@code m2 / max(count - correction, 0)} (NaN for 0/0 and +inf for a positive m2
 * over 0, as NumPy gives), square-rooted for std.
 */
record VarianceReduction(String name, boolean sqrt, boolean skipNan) implements FloatResultReduction {
    static final String COUNT = "count";
    static final String MEAN = "mean";
    static final String M2 = "m2";

    @Override
    public ValueType intermediateType(DataType input, Params params) {
        resultType(input, params);
        return ValueType.fields(COUNT, DataType.INT64, MEAN, DataType.FLOAT64, M2, DataType.FLOAT64);
    }

    @Override
    public Params resolve(DataType input, Params params) {
        Params p = Intermediates.withDtype(params, resultType(input, params));
        if (!p.has("correction")) {
            p = Params.of(((ObjectNode) p.json()).put("correction", 0.0));
        }
        return p;
    }

    @Override
    public Value initial(Block block, int[] axes, long[] origin, Params params) {
        resultType(block.dtype(), params);
        AxisIteration it = new AxisIteration(name + ".initial", block, axes);
        int n = it.outSize();
        double[] sum = new double[n];
        long[] count = new long[n];
        boolean nan = skipNan && block.dtype().isFloat();
        if (nan) {
            it.forEach(Domain.DOUBLE, MeanReduction.nanSumAndCount(sum, count));
        } else {
            it.forEach(Domain.DOUBLE, Moments.sum(sum));
            Arrays.fill(count, it.reducedSize());
        }
        double[] mean = new double[n];
        for (int i = 0; i < n; i++) {
            mean[i] = count[i] > 0 ? sum[i] / count[i] : 0.0;
        }
        double[] s1 = new double[n];
        double[] s2 = new double[n];
        it.forEach(Domain.DOUBLE, Moments.shiftedSquares(mean, s1, s2, nan));
        double[] m2 = new double[n];
        for (int i = 0; i < n; i++) {
            if (count[i] > 0) {
                // the correction term removes the error of the first pass's rounded mean
                m2[i] = Math.max(s2[i] - s1[i] * s1[i] / count[i], 0.0);
                mean[i] += s1[i] / count[i];
            }
        }
        int[] shape = it.keepShape();
        return NamedBlocks.of(COUNT, Block.wrap(DataType.INT64, count, shape), MEAN, Block.wrap(DataType.FLOAT64, mean, shape),
                M2, Block.wrap(DataType.FLOAT64, m2, shape));
    }

    @Override
    public Value combine(Value a, Value b, Params params) {
        String k = name + ".combine";
        NamedBlocks x = Intermediates.fields(k, a, COUNT, MEAN, M2);
        NamedBlocks y = Intermediates.fields(k, b, COUNT, MEAN, M2);
        Intermediates.sameShape(k, x, y);
        long[] na = (long[]) Intermediates.compactAs(x.get(COUNT), DataType.INT64).data();
        long[] nb = (long[]) Intermediates.compactAs(y.get(COUNT), DataType.INT64).data();
        double[] ma = (double[]) Intermediates.compactAs(x.get(MEAN), DataType.FLOAT64).data();
        double[] mb = (double[]) Intermediates.compactAs(y.get(MEAN), DataType.FLOAT64).data();
        double[] qa = (double[]) Intermediates.compactAs(x.get(M2), DataType.FLOAT64).data();
        double[] qb = (double[]) Intermediates.compactAs(y.get(M2), DataType.FLOAT64).data();
        int len = na.length;
        long[] n = new long[len];
        double[] mean = new double[len];
        double[] m2 = new double[len];
        for (int i = 0; i < len; i++) {
            long c = na[i] + nb[i];
            n[i] = c;
            if (na[i] == 0) {
                mean[i] = mb[i];
                m2[i] = qb[i];
            } else if (nb[i] == 0) {
                mean[i] = ma[i];
                m2[i] = qa[i];
            } else {
                double delta = mb[i] - ma[i];
                double fb = (double) nb[i] / c;
                mean[i] = ma[i] + delta * fb;
                m2[i] = qa[i] + qb[i] + delta * delta * ((double) na[i] * fb);
            }
        }
        int[] shape = x.shape();
        return NamedBlocks.of(COUNT, Block.wrap(DataType.INT64, n, shape), MEAN, Block.wrap(DataType.FLOAT64, mean, shape),
                M2, Block.wrap(DataType.FLOAT64, m2, shape));
    }

    @Override
    public Value aggregate(Value intermediate, Params params) {
        NamedBlocks x = Intermediates.fields(name + ".aggregate", intermediate, COUNT, MEAN, M2);
        double correction = params.has("correction") ? params.getDouble("correction") : 0.0;
        long[] n = (long[]) Intermediates.compactAs(x.get(COUNT), DataType.INT64).data();
        double[] m2 = (double[]) Intermediates.compactAs(x.get(M2), DataType.FLOAT64).data();
        double[] out = new double[n.length];
        for (int i = 0; i < n.length; i++) {
            double v = m2[i] / Math.max(n[i] - correction, 0.0);
            out[i] = sqrt ? Math.sqrt(v) : v;
        }
        return ElementwiseKernels.astype(Block.wrap(DataType.FLOAT64, out, x.shape()),
                Intermediates.dtype(params, DataType.FLOAT64));
    }
}
