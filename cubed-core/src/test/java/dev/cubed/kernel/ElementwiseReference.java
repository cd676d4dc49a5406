package dev.cubed.kernel;

import dev.cubed.block.DataType;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Straightforward scalar definitions of the element-wise functions, written independently of the
 * kernels: integers in BigInteger (then wrapped), floats with StrictMath, BigDecimal or explicit
 * IEEE rules. A result is a BigInteger (integer or bool result types), a Double, or a Boolean.
 */
final class ElementwiseReference {
    static final double LN2 = StrictMath.log(2.0);

    private ElementwiseReference() {
    }

    /** Thrown by a reference where the kernel must fail (negative integer powers). */
    static final class Undefined extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    /** Ops whose float result must match bit for bit (IEEE-exact or exactly defined). */
    static boolean exactFloat(String op) {
        return switch (op) {
            case "add", "subtract", "multiply", "divide", "sqrt", "maximum", "minimum", "fmax", "fmin",
                 "copysign", "floor", "ceil", "trunc", "round", "abs", "negative", "positive", "sign", "square",
                 "remainder" -> true;
            default -> false;
        };
    }

    // ---------------------------------------------------------------- integers

    static Object integerBinary(String op, BigInteger x, BigInteger y, DataType p) {
        int bits = p.itemSize() * 8;
        return switch (op) {
            case "add" -> x.add(y);
            case "subtract" -> x.subtract(y);
            case "multiply" -> x.multiply(y);
            case "floor_divide" -> y.signum() == 0 ? BigInteger.ZERO : floorDiv(x, y);
            case "remainder" -> y.signum() == 0 ? BigInteger.ZERO : x.subtract(y.multiply(floorDiv(x, y)));
            case "pow" -> {
                if (y.signum() < 0) {
                    throw new Undefined();
                }
                yield x.modPow(y, Exact.TWO_64);
            }
            case "maximum", "fmax" -> x.max(y);
            case "minimum", "fmin" -> x.min(y);
            case "bitwise_and" -> x.and(y);
            case "bitwise_or" -> x.or(y);
            case "bitwise_xor" -> x.xor(y);
            case "bitwise_left_shift" -> y.signum() < 0 || y.compareTo(BigInteger.valueOf(bits)) >= 0
                    ? BigInteger.ZERO : x.shiftLeft(y.intValue());
            case "bitwise_right_shift" -> y.signum() < 0 || y.compareTo(BigInteger.valueOf(bits)) >= 0
                    ? (x.signum() < 0 ? BigInteger.ONE.negate() : BigInteger.ZERO) : x.shiftRight(y.intValue());
            case "equal" -> x.compareTo(y) == 0;
            case "not_equal" -> x.compareTo(y) != 0;
            case "less" -> x.compareTo(y) < 0;
            case "less_equal" -> x.compareTo(y) <= 0;
            case "greater" -> x.compareTo(y) > 0;
            case "greater_equal" -> x.compareTo(y) >= 0;
            case "logical_and" -> x.signum() != 0 && y.signum() != 0;
            case "logical_or" -> x.signum() != 0 || y.signum() != 0;
            case "logical_xor" -> (x.signum() != 0) != (y.signum() != 0);
            // floating functions of integers compute in float64
            default -> floatBinary(op, x.doubleValue(), y.doubleValue(), DataType.FLOAT64);
        };
    }

    static Object integerUnary(String op, BigInteger x, DataType p) {
        return switch (op) {
            case "negative" -> x.negate();
            case "positive", "floor", "ceil", "trunc", "round" -> x;
            case "abs" -> x.abs();
            case "sign" -> BigInteger.valueOf(x.signum());
            case "square" -> x.multiply(x);
            case "bitwise_invert" -> p.isBool() ? (x.signum() == 0 ? BigInteger.ONE : BigInteger.ZERO) : x.not();
            case "logical_not" -> x.signum() == 0;
            case "isnan", "isinf" -> false;
            case "isfinite" -> true;
            case "signbit" -> x.signum() < 0;
            default -> floatUnary(op, x.doubleValue(), DataType.FLOAT64);
        };
    }

    static BigInteger floorDiv(BigInteger x, BigInteger y) {
        BigInteger[] qr = x.divideAndRemainder(y);
        if (qr[1].signum() != 0 && (qr[1].signum() != y.signum())) {
            return qr[0].subtract(BigInteger.ONE);
        }
        return qr[0];
    }

    // ---------------------------------------------------------------- floats

    /** x and y are the exact values in type {@code p}; the result is rounded to {@code p} by the caller. */
    static Object floatBinary(String op, double x, double y, DataType p) {
        return switch (op) {
            case "add" -> x + y;
            case "subtract" -> x - y;
            case "multiply" -> x * y;
            case "divide" -> x / y;
            case "floor_divide" -> floorDivide(x, y);
            case "remainder" -> remainder(x, y);
            case "pow" -> pow(x, y);
            case "maximum" -> maximum(x, y);
            case "minimum" -> minimum(x, y);
            case "fmax" -> Double.isNaN(x) ? y : (Double.isNaN(y) ? x : maximum(x, y));
            case "fmin" -> Double.isNaN(x) ? y : (Double.isNaN(y) ? x : minimum(x, y));
            case "atan2" -> StrictMath.atan2(x, y);
            case "hypot" -> StrictMath.hypot(x, y);
            case "logaddexp" -> logaddexp(x, y);
            case "copysign" -> Double.longBitsToDouble((Double.doubleToRawLongBits(x) & Long.MAX_VALUE)
                    | (Double.doubleToRawLongBits(y) & Long.MIN_VALUE));
            case "equal" -> x == y;
            case "not_equal" -> x != y;
            case "less" -> x < y;
            case "less_equal" -> x <= y;
            case "greater" -> x > y;
            case "greater_equal" -> x >= y;
            default -> throw new IllegalArgumentException("no float reference for " + op);
        };
    }

    static Object floatUnary(String op, double x, DataType p) {
        return switch (op) {
            case "negative" -> -x;
            case "positive" -> x;
            case "abs" -> Double.longBitsToDouble(Double.doubleToRawLongBits(x) & Long.MAX_VALUE);
            case "sign" -> Double.isNaN(x) ? x : (x > 0 ? 1.0 : (x < 0 ? -1.0 : 0.0));
            case "square" -> x * x;
            case "floor" -> roundTo(x, RoundingMode.FLOOR);
            case "ceil" -> roundTo(x, RoundingMode.CEILING);
            case "trunc" -> roundTo(x, RoundingMode.DOWN);
            case "round" -> roundTo(x, RoundingMode.HALF_EVEN);
            case "sqrt" -> StrictMath.sqrt(x);
            case "exp" -> StrictMath.exp(x);
            case "expm1" -> StrictMath.expm1(x);
            case "log" -> StrictMath.log(x);
            case "log1p" -> StrictMath.log1p(x);
            case "log2" -> StrictMath.log(x) / LN2;
            case "log10" -> StrictMath.log10(x);
            case "sin" -> StrictMath.sin(x);
            case "cos" -> StrictMath.cos(x);
            case "tan" -> StrictMath.tan(x);
            case "asin", "arcsin" -> StrictMath.asin(x);
            case "acos", "arccos" -> StrictMath.acos(x);
            case "atan", "arctan" -> StrictMath.atan(x);
            case "sinh" -> StrictMath.sinh(x);
            case "cosh" -> StrictMath.cosh(x);
            case "tanh" -> StrictMath.tanh(x);
            case "asinh", "arcsinh" -> asinh(x);
            case "acosh", "arccosh" -> acosh(x);
            case "atanh", "arctanh" -> atanh(x);
            case "isnan" -> Double.isNaN(x);
            case "isinf" -> Double.isInfinite(x);
            case "isfinite" -> !Double.isNaN(x) && !Double.isInfinite(x);
            case "signbit" -> Double.doubleToRawLongBits(x) < 0;
            default -> throw new IllegalArgumentException("no float reference for " + op);
        };
    }

    private static double roundTo(double x, RoundingMode mode) {
        if (Double.isNaN(x) || Double.isInfinite(x)) {
            return x;
        }
        double r = new BigDecimal(x).setScale(0, mode).doubleValue();
        return r == 0 ? Math.copySign(0.0, x) : r;
    }

    /** Python's float floor division: the exact floor of the exact quotient, IEEE rules for specials. */
    static double floorDivide(double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b)) {
            return Double.NaN;
        }
        if (b == 0) {
            return a / b;
        }
        if (Double.isInfinite(a)) {
            return Double.NaN;
        }
        if (Double.isInfinite(b)) {
            if (a == 0 || (a > 0) == (b > 0)) {
                return Math.copySign(0.0, a / b);
            }
            return -1.0;
        }
        BigDecimal q = new BigDecimal(a).divide(new BigDecimal(b), new MathContext(200, RoundingMode.FLOOR))
                .setScale(0, RoundingMode.FLOOR);
        double r = q.doubleValue();
        return r == 0 ? Math.copySign(0.0, a / b) : r;
    }

    /** Python's float remainder: the exact a - b * floor(a / b), taking the sign of b. */
    static double remainder(double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b) || b == 0 || Double.isInfinite(a)) {
            return Double.NaN;
        }
        if (Double.isInfinite(b)) {
            if (a == 0) {
                return Math.copySign(0.0, b);
            }
            return (a > 0) == (b > 0) ? a : b;
        }
        BigDecimal ea = new BigDecimal(a);
        BigDecimal eb = new BigDecimal(b);
        BigDecimal q = ea.divide(eb, new MathContext(400, RoundingMode.FLOOR)).setScale(0, RoundingMode.FLOOR);
        double r = ea.subtract(eb.multiply(q)).doubleValue();
        return r == 0 ? Math.copySign(0.0, b) : r;
    }

    /** C99 pow: pow(1, y) and pow(x, ±0) are 1 and pow(-1, ±inf) is 1 even with NaN; otherwise IEEE pow. */
    static double pow(double x, double y) {
        if (y == 0 || x == 1) {
            return 1.0;
        }
        if (x == -1 && Double.isInfinite(y)) {
            return 1.0;
        }
        return StrictMath.pow(x, y);
    }

    static double maximum(double x, double y) {
        if (Double.isNaN(x) || Double.isNaN(y)) {
            return Double.NaN;
        }
        if (x == 0 && y == 0) {
            boolean bothNegative = Double.doubleToRawLongBits(x) < 0 && Double.doubleToRawLongBits(y) < 0;
            return bothNegative ? -0.0 : 0.0;
        }
        return x > y ? x : y;
    }

    static double minimum(double x, double y) {
        if (Double.isNaN(x) || Double.isNaN(y)) {
            return Double.NaN;
        }
        if (x == 0 && y == 0) {
            boolean anyNegative = Double.doubleToRawLongBits(x) < 0 || Double.doubleToRawLongBits(y) < 0;
            return anyNegative ? -0.0 : 0.0;
        }
        return x < y ? x : y;
    }

    static double logaddexp(double x, double y) {
        if (Double.isNaN(x) || Double.isNaN(y)) {
            return Double.NaN;
        }
        if (x == y) {
            return x + LN2;
        }
        double m = Math.max(x, y);
        double d = Math.abs(x - y);
        return m + StrictMath.log1p(StrictMath.exp(-d));
    }

    static double asinh(double x) {
        if (Double.isNaN(x) || Double.isInfinite(x) || x == 0) {
            return x;
        }
        double a = Math.abs(x);
        double r;
        if (a < 1e-5) {
            r = a * (1 - a * a / 6);
        } else if (a > 1e150) {
            r = StrictMath.log(a) + LN2;
        } else {
            r = StrictMath.log1p(a + a * a / (1 + StrictMath.sqrt(1 + a * a)));
        }
        return Math.copySign(r, x);
    }

    static double acosh(double x) {
        if (Double.isNaN(x) || x < 1) {
            return Double.NaN;
        }
        if (Double.isInfinite(x)) {
            return x;
        }
        if (x > 1e150) {
            return StrictMath.log(x) + LN2;
        }
        double t = x - 1;
        return StrictMath.log1p(t + StrictMath.sqrt(t * (x + 1)));
    }

    static double atanh(double x) {
        double a = Math.abs(x);
        if (Double.isNaN(x) || a > 1) {
            return Double.NaN;
        }
        if (a == 1) {
            return Math.copySign(Double.POSITIVE_INFINITY, x);
        }
        if (x == 0) {
            return x;
        }
        return Math.copySign(0.5 * StrictMath.log1p(2 * a / (1 - a)), x);
    }
}
