package dev.cubed.kernel.elementwise;

/**
 * Scalar functions with NumPy (C99) semantics where Java's differ or are missing: Python-style
 * floor division and remainder of floats, C's {@code pow} special cases, {@code log2}, the inverse
 * hyperbolic functions, {@code logaddexp} and integer powers.
 */
public final class ElementMath {
    private static final double LN2 = 0.6931471805599453;
    private static final double INV_LN2 = 1.4426950408889634;
    private static final double SQRT2 = 1.4142135623730951;

    private ElementMath() {
    }

    /**
     * Floor division of floats as NumPy and Python compute it: the quotient is derived from
     * {@code fmod} so that {@code a == b * floor_divide(a, b) + remainder(a, b)} holds as closely as
     * rounding allows; division by zero gives {@code a / b} (±inf or NaN).
     */
    public static double floorDivide(double a, double b) {
        if (b == 0) {
            return a / b;
        }
        double mod = a % b;
        double div = (a - mod) / b;
        if (mod != 0 && ((b < 0) != (mod < 0))) {
            div -= 1.0;
        }
        if (div != 0) {
            double fl = Math.floor(div);
            if (div - fl > 0.5) {
                fl += 1.0;
            }
            return fl;
        }
        return Math.copySign(0.0, a / b);
    }

    /** {@link #floorDivide(double, double)} in float32 arithmetic, as NumPy computes float32. */
    public static float floorDivide(float a, float b) {
        if (b == 0) {
            return a / b;
        }
        float mod = a % b;
        float div = (a - mod) / b;
        if (mod != 0 && ((b < 0) != (mod < 0))) {
            div -= 1.0f;
        }
        if (div != 0) {
            float fl = (float) Math.floor(div);
            if (div - fl > 0.5f) {
                fl += 1.0f;
            }
            return fl;
        }
        return Math.copySign(0.0f, a / b);
    }

    /** Remainder with the sign of the divisor (Python's {@code %}); a zero divisor gives NaN. */
    public static double remainder(double a, double b) {
        double mod = a % b;
        if (b == 0) {
            return mod;
        }
        if (mod != 0) {
            if ((b < 0) != (mod < 0)) {
                mod += b;
            }
            return mod;
        }
        return Math.copySign(0.0, b);
    }

    /** {@link #remainder(double, double)} in float32 arithmetic. */
    public static float remainder(float a, float b) {
        float mod = a % b;
        if (b == 0) {
            return mod;
        }
        if (mod != 0) {
            if ((b < 0) != (mod < 0)) {
                mod += b;
            }
            return mod;
        }
        return Math.copySign(0.0f, b);
    }

    /**
     * C99 {@code pow}: like {@link Math#pow} except that {@code pow(1, y)} is 1 for every y (NaN
     * included) and {@code pow(-1, ±inf)} is 1, where Java gives NaN.
     */
    public static double pow(double x, double y) {
        if (x == 1.0) {
            return 1.0;
        }
        if (x == -1.0 && Double.isInfinite(y)) {
            return 1.0;
        }
        return Math.pow(x, y);
    }

    /**
     * Integer power with wrap-around, by repeated squaring. A negative exponent is an error, as in
     * NumPy ("Integers to negative integer powers are not allowed").
     */
    public static long pow(long base, long exponent) {
        if (exponent < 0) {
            throw new ArithmeticException("integers to negative integer powers are not allowed (exponent "
                    + exponent + "); convert the base to a floating-point type first");
        }
        return unsignedPow(base, exponent);
    }

    /** Integer power with the exponent read as an unsigned 64-bit value; wraps modulo 2^64. */
    public static long unsignedPow(long base, long exponent) {
        long result = 1;
        long b = base;
        long e = exponent;
        while (e != 0) {
            if ((e & 1) != 0) {
                result *= b;
            }
            b *= b;
            e >>>= 1;
        }
        return result;
    }

    /** Base-2 logarithm, exact for powers of two and accurate near 1. */
    public static double log2(double x) {
        if (!(x > 0) || x == Double.POSITIVE_INFINITY) {
            // NaN, negative (NaN), zero (-inf) and +inf behave as log does
            return Math.log(x);
        }
        int e = Math.getExponent(x);
        double m;
        if (e < Double.MIN_EXPONENT) {
            // subnormal: scale into the normal range first
            double y = x * 0x1p54;
            e = Math.getExponent(y);
            m = Math.scalb(y, -e);
            e -= 54;
        } else {
            m = Math.scalb(x, -e);
        }
        if (m > SQRT2) {
            m *= 0.5;
            e += 1;
        }
        return e + Math.log(m) * INV_LN2;
    }

    /** Inverse hyperbolic sine, accurate for tiny and huge arguments; odd. */
    public static double asinh(double x) {
        if (Double.isNaN(x) || Double.isInfinite(x)) {
            return x;
        }
        double ax = Math.abs(x);
        double r;
        if (ax < 0x1p-28) {
            return x;
        } else if (ax > 0x1p28) {
            r = Math.log(ax) + LN2;
        } else if (ax > 2.0) {
            r = Math.log(2.0 * ax + 1.0 / (Math.sqrt(x * x + 1.0) + ax));
        } else {
            double t = x * x;
            r = Math.log1p(ax + t / (1.0 + Math.sqrt(1.0 + t)));
        }
        return Math.copySign(r, x);
    }

    /** Inverse hyperbolic cosine; NaN below 1. */
    public static double acosh(double x) {
        if (!(x >= 1.0)) {
            return Double.NaN;
        }
        if (x > 0x1p28) {
            return x == Double.POSITIVE_INFINITY ? x : Math.log(x) + LN2;
        }
        if (x == 1.0) {
            return 0.0;
        }
        if (x > 2.0) {
            return Math.log(2.0 * x - 1.0 / (x + Math.sqrt(x * x - 1.0)));
        }
        double t = x - 1.0;
        return Math.log1p(t + Math.sqrt(2.0 * t + t * t));
    }

    /** Inverse hyperbolic tangent; ±inf at ±1, NaN beyond. */
    public static double atanh(double x) {
        double ax = Math.abs(x);
        if (!(ax <= 1.0)) {
            return Double.NaN;
        }
        if (ax == 1.0) {
            return Math.copySign(Double.POSITIVE_INFINITY, x);
        }
        if (ax < 0x1p-28) {
            return x;
        }
        double r;
        if (ax < 0.5) {
            double t = ax + ax;
            r = 0.5 * Math.log1p(t + t * ax / (1.0 - ax));
        } else {
            r = 0.5 * Math.log1p((ax + ax) / (1.0 - ax));
        }
        return Math.copySign(r, x);
    }

    /** {@code log(exp(x) + exp(y))} without overflow, as NumPy computes it. */
    public static double logaddexp(double x, double y) {
        if (x == y) {
            // equal infinities included: log(2 exp(x)) = x + log 2
            return x + LN2;
        }
        double d = x - y;
        if (d > 0) {
            return x + Math.log1p(Math.exp(-d));
        } else if (d <= 0) {
            return y + Math.log1p(Math.exp(d));
        }
        return d;
    }

    /** NumPy's sign of a float: -1, 0 (for both zeros) or 1; NaN stays NaN. */
    public static double sign(double x) {
        return x > 0 ? 1.0 : (x < 0 ? -1.0 : (x == 0 ? 0.0 : x));
    }

    /** NumPy's sign of a float32. */
    public static float sign(float x) {
        return x > 0 ? 1.0f : (x < 0 ? -1.0f : (x == 0 ? 0.0f : x));
    }

    /** Truncation toward zero keeping the sign of zero (trunc(-0.5) is -0.0). */
    public static double trunc(double x) {
        return x < 0 ? Math.ceil(x) : Math.floor(x);
    }
}
