package dev.cubed.kernel.elementwise;

import dev.cubed.block.Block;
import dev.cubed.block.DataType;
import dev.cubed.block.TypePromotion;
import dev.cubed.block.Value;
import dev.cubed.kernel.Kernel;
import dev.cubed.kernel.KernelArgs;
import dev.cubed.kernel.Params;
import dev.cubed.kernel.ScalarParam;
import dev.cubed.kernel.Shapes;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * {@code clip(x)} with parameters {@code min} and {@code max}, each optional: {@code
 * minimum(maximum(x, min), max)} in x's type, so a NaN in x or in a float bound gives NaN and
 * {@code min > max} gives max, as in NumPy.
 *
 * <p>Integer arrays: float bounds are rounded inward (min up, max down); a bound beyond the type's
 * range on the side that removes nothing is ignored (min below the type minimum, max above its
 * maximum), while one that no value of the type can satisfy (min above the type maximum, max
 * below its minimum) or a NaN bound is an error rather than a silent wrap-around.
 */
final class ClipKernel implements Kernel {
    static final String NAME = "clip";
    /** Integers and floats, result in the input's type; checked when the operation is planned. */
    static final TypePromotion.Signature SIGNATURE = new TypePromotion.Signature(NAME, 1,
            TypePromotion.Category.NUMERIC, TypePromotion.ResultRule.PROMOTED);

    @Override
    public Value apply(KernelArgs args) {
        Shapes.checkInputCount(NAME, args, 1);
        Block x = args.block(0);
        Shapes.checkOutput(NAME, x.shape(), args);
        return clip(x, args.params());
    }

    static Block clip(Block x, Params params) {
        Number lo = ScalarParam.getOptional(params, "min");
        Number hi = ScalarParam.getOptional(params, "max");
        DataType t = x.dtype();
        if (t.isBool()) {
            throw new IllegalArgumentException("kernel 'clip' does not accept bool input; it accepts integer and "
                    + "floating-point types");
        }
        Block[] in = {x};
        if (t.isFloat()) {
            double l = lo == null ? Double.NEGATIVE_INFINITY : lo.doubleValue();
            double h = hi == null ? Double.POSITIVE_INFINITY : hi.doubleValue();
            if (t == DataType.FLOAT32) {
                float lf = (float) l;
                float hf = (float) h;
                return BufferedMap.map(x.shape(), t, Domain.FLOAT, in, new Domain[] {Domain.FLOAT},
                        (ins, off, out, oo, n) -> {
                            float[] a = (float[]) ins[0];
                            float[] o = (float[]) out;
                            int ao = off[0];
                            for (int i = 0; i < n; i++) {
                                o[oo + i] = Math.min(Math.max(a[ao + i], lf), hf);
                            }
                        });
            }
            return BufferedMap.map(x.shape(), t, Domain.DOUBLE, in, new Domain[] {Domain.DOUBLE},
                    (ins, off, out, oo, n) -> {
                        double[] a = (double[]) ins[0];
                        double[] o = (double[]) out;
                        int ao = off[0];
                        for (int i = 0; i < n; i++) {
                            o[oo + i] = Math.min(Math.max(a[ao + i], l), h);
                        }
                    });
        }
        BigInteger typeMin = integerMin(t);
        BigInteger typeMax = integerMax(t);
        BigInteger l = typeMin;
        BigInteger h = typeMax;
        if (lo != null) {
            BigInteger v = toInteger(lo, true);
            if (v.compareTo(typeMax) > 0) {
                throw new IllegalArgumentException("clip min " + lo + " is above the largest " + t + " value "
                        + typeMax + "; no element can satisfy it (cast x to a wider type first)");
            }
            l = v.max(typeMin);
        }
        if (hi != null) {
            BigInteger v = toInteger(hi, false);
            if (v.compareTo(typeMin) < 0) {
                throw new IllegalArgumentException("clip max " + hi + " is below the smallest " + t + " value "
                        + typeMin + "; no element can satisfy it (cast x to a wider type first)");
            }
            h = v.min(typeMax);
        }
        long lb = l.longValue();
        long hb = h.longValue();
        if (t == DataType.UINT64) {
            return BufferedMap.map(x.shape(), t, Domain.ULONG, in, new Domain[] {Domain.ULONG},
                    (ins, off, out, oo, n) -> {
                        long[] a = (long[]) ins[0];
                        long[] o = (long[]) out;
                        int ao = off[0];
                        for (int i = 0; i < n; i++) {
                            long v = a[ao + i];
                            if (Long.compareUnsigned(v, lb) < 0) {
                                v = lb;
                            }
                            if (Long.compareUnsigned(v, hb) > 0) {
                                v = hb;
                            }
                            o[oo + i] = v;
                        }
                    });
        }
        return BufferedMap.map(x.shape(), t, Domain.LONG, in, new Domain[] {Domain.LONG},
                (ins, off, out, oo, n) -> {
                    long[] a = (long[]) ins[0];
                    long[] o = (long[]) out;
                    int ao = off[0];
                    for (int i = 0; i < n; i++) {
                        o[oo + i] = Math.min(Math.max(a[ao + i], lb), hb);
                    }
                });
    }

    /** An integer bound: floats rounded inward (ceil for a lower bound, floor for an upper), infinities saturated. */
    private static BigInteger toInteger(Number n, boolean lower) {
        if (n instanceof BigInteger bi) {
            return bi;
        }
        if (!ScalarParam.isFloating(n)) {
            return BigInteger.valueOf(n.longValue());
        }
        double d = n.doubleValue();
        if (Double.isNaN(d)) {
            throw new IllegalArgumentException("clip bound is NaN, which an integer array cannot be clipped to; "
                    + "cast x to a floating-point type first");
        }
        if (Double.isInfinite(d)) {
            // beyond every 64-bit value: the range checks above then ignore or reject it
            return d > 0 ? BigInteger.ONE.shiftLeft(65) : BigInteger.ONE.shiftLeft(65).negate();
        }
        double r = lower ? Math.ceil(d) : Math.floor(d);
        return new BigDecimal(r).toBigInteger();
    }

    private static BigInteger integerMin(DataType t) {
        return t.isUnsigned() ? BigInteger.ZERO : BigInteger.ONE.shiftLeft(t.itemSize() * 8 - 1).negate();
    }

    private static BigInteger integerMax(DataType t) {
        int bits = t.isUnsigned() ? t.itemSize() * 8 : t.itemSize() * 8 - 1;
        return BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
    }
}
