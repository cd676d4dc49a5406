package dev.cubed.kernel;

import dev.cubed.block.Block;
import dev.cubed.block.DataType;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Independent exact arithmetic for test references: element values as BigInteger (integers and
 * bool) or double (floats), wrapping to a type's width, and value conversions that do not reuse the
 * code under test.
 */
public final class Exact {
    public static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

    private Exact() {
    }

    public static BigInteger min(DataType t) {
        if (t.isBool() || t.isUnsigned()) {
            return BigInteger.ZERO;
        }
        return BigInteger.ONE.shiftLeft(t.itemSize() * 8 - 1).negate();
    }

    public static BigInteger max(DataType t) {
        if (t.isBool()) {
            return BigInteger.ONE;
        }
        int bits = t.isUnsigned() ? t.itemSize() * 8 : t.itemSize() * 8 - 1;
        return BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
    }

    /** The exact integer value of element {@code idx} of an integer or bool block. */
    public static BigInteger integer(Block b, int... idx) {
        long v = b.getLong(idx);
        if (b.dtype() == DataType.UINT64) {
            return new BigInteger(Long.toUnsignedString(v));
        }
        if (b.dtype().isBool()) {
            return v != 0 ? BigInteger.ONE : BigInteger.ZERO;
        }
        return BigInteger.valueOf(v);
    }

    /** The value of element {@code idx} as a double: exact for floats, correctly rounded for integers. */
    public static double real(Block b, int... idx) {
        if (b.dtype().isFloat()) {
            return b.getDouble(idx);
        }
        return integer(b, idx).doubleValue();
    }

    /** Wraps an integer to the width and signedness of {@code t} (bool: non-zero is 1). */
    public static BigInteger wrap(BigInteger v, DataType t) {
        if (t.isBool()) {
            return v.signum() != 0 ? BigInteger.ONE : BigInteger.ZERO;
        }
        BigInteger mod = BigInteger.ONE.shiftLeft(t.itemSize() * 8);
        BigInteger r = v.mod(mod);
        if (!t.isUnsigned() && r.compareTo(max(t)) > 0) {
            r = r.subtract(mod);
        }
        return r;
    }

    /** The integer a float converts to under the documented cast: NaN 0, truncation, clamp to [-2^63, 2^64-1]. */
    public static BigInteger castFloatToInteger(double d) {
        if (Double.isNaN(d)) {
            return BigInteger.ZERO;
        }
        BigInteger lo = BigInteger.ONE.shiftLeft(63).negate();
        BigInteger hi = TWO_64.subtract(BigInteger.ONE);
        if (Double.isInfinite(d)) {
            return d > 0 ? hi : lo;
        }
        BigInteger v = new BigDecimal(d).toBigInteger();
        return v.max(lo).min(hi);
    }

    /** The value of {@code v} in float type {@code t}: correctly rounded, then widened back to double. */
    public static double toFloat(BigInteger v, DataType t) {
        return t == DataType.FLOAT32 ? (double) v.floatValue() : v.doubleValue();
    }

    /** Multi-index of flat C-order index {@code flat} in {@code shape}. */
    public static int[] unravel(int flat, int[] shape) {
        int[] idx = new int[shape.length];
        for (int i = shape.length - 1; i >= 0; i--) {
            idx[i] = flat % shape[i];
            flat /= shape[i];
        }
        return idx;
    }

    /** The index into an input of shape {@code in} that broadcasting maps output index {@code out} to. */
    public static int[] broadcastIndex(int[] out, int[] in) {
        int lead = out.length - in.length;
        int[] idx = new int[in.length];
        for (int i = 0; i < in.length; i++) {
            idx[i] = in[i] == 1 ? 0 : out[lead + i];
        }
        return idx;
    }

    /** True when two doubles are the same value (NaN equals NaN; -0.0 differs from 0.0). */
    public static boolean same(double a, double b) {
        return Double.isNaN(a) ? Double.isNaN(b) : Double.doubleToLongBits(a) == Double.doubleToLongBits(b);
    }

    /** True when {@code got} is within {@code ulps} units in the last place of {@code expected} for type {@code t}. */
    public static boolean close(double got, double expected, DataType t, int ulps) {
        if (Double.isNaN(expected) || Double.isNaN(got)) {
            return Double.isNaN(expected) && Double.isNaN(got);
        }
        if (Double.isInfinite(expected) || Double.isInfinite(got)) {
            if (got == expected) {
                return true;
            }
            // a value at the edge of the range may round to infinity in one computation and not the other
            double edge = t == DataType.FLOAT32 ? Float.MAX_VALUE : Double.MAX_VALUE;
            double finite = Double.isInfinite(got) ? expected : got;
            return Math.signum(got) == Math.signum(expected) && Math.abs(finite) >= edge * (1 - 1e-6);
        }
        double ulp = t == DataType.FLOAT32 ? Math.ulp((float) expected) : Math.ulp(expected);
        double minUlp = t == DataType.FLOAT32 ? Float.MIN_VALUE : Double.MIN_VALUE;
        return Math.abs(got - expected) <= ulps * Math.max(ulp, minUlp);
    }
}
