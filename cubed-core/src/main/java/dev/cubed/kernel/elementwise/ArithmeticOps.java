package dev.cubed.kernel.elementwise;

import dev.cubed.block.TypePromotion.Category;
import dev.cubed.block.TypePromotion.ResultRule;

import java.util.List;

/**
 * Arithmetic: +, -, *, /, floor division, remainder, powers, maximum and minimum, negation,
 * absolute value, sign, square and rounding. Integers wrap on overflow and give 0 when divided by
 * zero, as NumPy does (NumPy also warns). Floats follow IEEE 754 and NumPy's NaN rules.
 */
final class ArithmeticOps {

    private ArithmeticOps() {
    }

    static final BinaryOp ADD = BinaryOp.builder("add", Category.NUMERIC, ResultRule.PROMOTED)
            .doubles((double[] x, int xo, double[] y, int yo, double[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = x[xo + i] + y[yo + i];
                }
            })
            .floats((float[] x, int xo, float[] y, int yo, float[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = x[xo + i] + y[yo + i];
                }
            })
            .longs((long[] x, int xo, long[] y, int yo, long[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = x[xo + i] + y[yo + i];
                }
            })
            .ints((int[] x, int xo, int[] y, int yo, int[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = x[xo + i] + y[yo + i];
                }
            })
            .build();

    static final BinaryOp SUBTRACT = BinaryOp.builder("subtract", Category.NUMERIC, ResultRule.PROMOTED)
            .doubles((double[] x, int xo, double[] y, int yo, double[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = x[xo + i] - y[yo + i];
                }
            })
            .floats((float[] x, int xo, float[] y, int yo, float[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = x[xo + i] - y[yo + i];
                }
            })
            .longs((long[] x, int xo, long[] y, int yo, long[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = x[xo + i] - y[yo + i];
                }
            })
            .ints((int[] x, int xo, int[] y, int yo, int[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = x[xo + i] - y[yo + i];
                }
            })
            .build();

    static final BinaryOp MULTIPLY = BinaryOp.builder("multiply", Category.NUMERIC, ResultRule.PROMOTED)
            .doubles((double[] x, int xo, double[] y, int yo, double[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = x[xo + i] * y[yo + i];
                }
            })
            .floats((float[] x, int xo, float[] y, int yo, float[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = x[xo + i] * y[yo + i];
                }
            })
            .longs((long[] x, int xo, long[] y, int yo, long[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = x[xo + i] * y[yo + i];
                }
            })
            .ints((int[] x, int xo, int[] y, int yo, int[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = x[xo + i] * y[yo + i];
                }
            })
            .build();

    /** True division; integers are divided as float64. */
    static final BinaryOp DIVIDE = BinaryOp.builder("divide", Category.NUMERIC, ResultRule.FLOATING)
            .doubles((double[] x, int xo, double[] y, int yo, double[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = x[xo + i] / y[yo + i];
                }
            })
            .floats((float[] x, int xo, float[] y, int yo, float[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = x[xo + i] / y[yo + i];
                }
            })
            .build();

    static final BinaryOp FLOOR_DIVIDE = BinaryOp.builder("floor_divide", Category.NUMERIC, ResultRule.PROMOTED)
            .doubles((double[] x, int xo, double[] y, int yo, double[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = ElementMath.floorDivide(x[xo + i], y[yo + i]);
                }
            })
            .floats((float[] x, int xo, float[] y, int yo, float[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = ElementMath.floorDivide(x[xo + i], y[yo + i]);
                }
            })
            .longs((long[] x, int xo, long[] y, int yo, long[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    long d = y[yo + i];
                    o[oo + i] = d == 0 ? 0 : Math.floorDiv(x[xo + i], d);
                }
            })
            .ulongs((long[] x, int xo, long[] y, int yo, long[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    long d = y[yo + i];
                    o[oo + i] = d == 0 ? 0 : Long.divideUnsigned(x[xo + i], d);
                }
            })
            .ints((int[] x, int xo, int[] y, int yo, int[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    int d = y[yo + i];
                    o[oo + i] = d == 0 ? 0 : Math.floorDiv(x[xo + i], d);
                }
            })
            .build();

    static final BinaryOp REMAINDER = BinaryOp.builder("remainder", Category.NUMERIC, ResultRule.PROMOTED)
            .doubles((double[] x, int xo, double[] y, int yo, double[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = ElementMath.remainder(x[xo + i], y[yo + i]);
                }
            })
            .floats((float[] x, int xo, float[] y, int yo, float[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = ElementMath.remainder(x[xo + i], y[yo + i]);
                }
            })
            .longs((long[] x, int xo, long[] y, int yo, long[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    long d = y[yo + i];
                    o[oo + i] = d == 0 ? 0 : Math.floorMod(x[xo + i], d);
                }
            })
            .ulongs((long[] x, int xo, long[] y, int yo, long[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    long d = y[yo + i];
                    o[oo + i] = d == 0 ? 0 : Long.remainderUnsigned(x[xo + i], d);
                }
            })
            .ints((int[] x, int xo, int[] y, int yo, int[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    int d = y[yo + i];
                    o[oo + i] = d == 0 ? 0 : Math.floorMod(x[xo + i], d);
                }
            })
            .build();

    /** Powers; float32 computes in double and rounds once. Integer powers wrap; negative integer exponents fail. */
    static final BinaryOp POW = BinaryOp.builder("pow", Category.NUMERIC, ResultRule.PROMOTED)
            .doubles((double[] x, int xo, double[] y, int yo, double[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = ElementMath.pow(x[xo + i], y[yo + i]);
                }
            })
            .longs((long[] x, int xo, long[] y, int yo, long[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = ElementMath.pow(x[xo + i], y[yo + i]);
                }
            })
            .ulongs((long[] x, int xo, long[] y, int yo, long[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = ElementMath.unsignedPow(x[xo + i], y[yo + i]);
                }
            })
            .build();

    /** NaN-propagating maximum; -0.0 is less than +0.0. */
    static final BinaryOp MAXIMUM = BinaryOp.builder("maximum", Category.NUMERIC, ResultRule.PROMOTED)
            .doubles((double[] x, int xo, double[] y, int yo, double[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = Math.max(x[xo + i], y[yo + i]);
                }
            })
            .floats((float[] x, int xo, float[] y, int yo, float[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = Math.max(x[xo + i], y[yo + i]);
                }
            })
            .longs((long[] x, int xo, long[] y, int yo, long[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = Math.max(x[xo + i], y[yo + i]);
                }
            })
            .ulongs((long[] x, int xo, long[] y, int yo, long[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    long a = x[xo + i];
                    long b = y[yo + i];
                    o[oo + i] = Long.compareUnsigned(a, b) >= 0 ? a : b;
                }
            })
            .ints((int[] x, int xo, int[] y, int yo, int[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = Math.max(x[xo + i], y[yo + i]);
                }
            })
            .build();

    /** NaN-propagating minimum; -0.0 is less than +0.0. */
    static final BinaryOp MINIMUM = BinaryOp.builder("minimum", Category.NUMERIC, ResultRule.PROMOTED)
            .doubles((double[] x, int xo, double[] y, int yo, double[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = Math.min(x[xo + i], y[yo + i]);
                }
            })
            .floats((float[] x, int xo, float[] y, int yo, float[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = Math.min(x[xo + i], y[yo + i]);
                }
            })
            .longs((long[] x, int xo, long[] y, int yo, long[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = Math.min(x[xo + i], y[yo + i]);
                }
            })
            .ulongs((long[] x, int xo, long[] y, int yo, long[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    long a = x[xo + i];
                    long b = y[yo + i];
                    o[oo + i] = Long.compareUnsigned(a, b) <= 0 ? a : b;
                }
            })
            .ints((int[] x, int xo, int[] y, int yo, int[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = Math.min(x[xo + i], y[yo + i]);
                }
            })
            .build();

    /** NumPy's fmax: the maximum ignoring NaN (NaN only when both are NaN). */
    static final BinaryOp FMAX = BinaryOp.builder("fmax", Category.NUMERIC, ResultRule.PROMOTED)
            .doubles((double[] x, int xo, double[] y, int yo, double[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    double a = x[xo + i];
                    double b = y[yo + i];
                    o[oo + i] = a != a ? b : (b != b ? a : Math.max(a, b));
                }
            })
            .longs((long[] x, int xo, long[] y, int yo, long[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = Math.max(x[xo + i], y[yo + i]);
                }
            })
            .ulongs((long[] x, int xo, long[] y, int yo, long[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    long a = x[xo + i];
                    long b = y[yo + i];
                    o[oo + i] = Long.compareUnsigned(a, b) >= 0 ? a : b;
                }
            })
            .build();

    /** NumPy's fmin: the minimum ignoring NaN. */
    static final BinaryOp FMIN = BinaryOp.builder("fmin", Category.NUMERIC, ResultRule.PROMOTED)
            .doubles((double[] x, int xo, double[] y, int yo, double[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    double a = x[xo + i];
                    double b = y[yo + i];
                    o[oo + i] = a != a ? b : (b != b ? a : Math.min(a, b));
                }
            })
            .longs((long[] x, int xo, long[] y, int yo, long[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = Math.min(x[xo + i], y[yo + i]);
                }
            })
            .ulongs((long[] x, int xo, long[] y, int yo, long[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    long a = x[xo + i];
                    long b = y[yo + i];
                    o[oo + i] = Long.compareUnsigned(a, b) <= 0 ? a : b;
                }
            })
            .build();

    static final UnaryOp NEGATIVE = UnaryOp.builder("negative", Category.NUMERIC, ResultRule.PROMOTED)
            .doubles((double[] x, int xo, double[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = -x[xo + i];
                }
            })
            .floats((float[] x, int xo, float[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = -x[xo + i];
                }
            })
            .longs((long[] x, int xo, long[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = -x[xo + i];
                }
            })
            .ints((int[] x, int xo, int[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = -x[xo + i];
                }
            })
            .build();

    static final UnaryOp POSITIVE = copying(UnaryOp.builder("positive", Category.NUMERIC, ResultRule.PROMOTED)).build();

    static final UnaryOp ABS = UnaryOp.builder("abs", Category.NUMERIC, ResultRule.PROMOTED)
            .doubles((double[] x, int xo, double[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = Math.abs(x[xo + i]);
                }
            })
            .floats((float[] x, int xo, float[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = Math.abs(x[xo + i]);
                }
            })
            .longs((long[] x, int xo, long[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = Math.abs(x[xo + i]);
                }
            })
            .ulongs((long[] x, int xo, long[] o, int oo, int n) -> System.arraycopy(x, xo, o, oo, n))
            .ints((int[] x, int xo, int[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = Math.abs(x[xo + i]);
                }
            })
            .build();

    static final UnaryOp SIGN = UnaryOp.builder("sign", Category.NUMERIC, ResultRule.PROMOTED)
            .doubles((double[] x, int xo, double[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = ElementMath.sign(x[xo + i]);
                }
            })
            .floats((float[] x, int xo, float[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = ElementMath.sign(x[xo + i]);
                }
            })
            .longs((long[] x, int xo, long[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = Long.signum(x[xo + i]);
                }
            })
            .ulongs((long[] x, int xo, long[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = x[xo + i] != 0 ? 1 : 0;
                }
            })
            .ints((int[] x, int xo, int[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = Integer.signum(x[xo + i]);
                }
            })
            .build();

    static final UnaryOp SQUARE = UnaryOp.builder("square", Category.NUMERIC, ResultRule.PROMOTED)
            .doubles((double[] x, int xo, double[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    double v = x[xo + i];
                    o[oo + i] = v * v;
                }
            })
            .floats((float[] x, int xo, float[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    float v = x[xo + i];
                    o[oo + i] = v * v;
                }
            })
            .longs((long[] x, int xo, long[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    long v = x[xo + i];
                    o[oo + i] = v * v;
                }
            })
            .ints((int[] x, int xo, int[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    int v = x[xo + i];
                    o[oo + i] = v * v;
                }
            })
            .build();

    /** Rounding functions leave integers unchanged (array API: same type, same values). */
    static final UnaryOp FLOOR = copyingIntegers(UnaryOp.builder("floor", Category.NUMERIC, ResultRule.PROMOTED))
            .doubles((double[] x, int xo, double[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = Math.floor(x[xo + i]);
                }
            })
            .floats((float[] x, int xo, float[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = (float) Math.floor(x[xo + i]);
                }
            })
            .build();

    static final UnaryOp CEIL = copyingIntegers(UnaryOp.builder("ceil", Category.NUMERIC, ResultRule.PROMOTED))
            .doubles((double[] x, int xo, double[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = Math.ceil(x[xo + i]);
                }
            })
            .floats((float[] x, int xo, float[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = (float) Math.ceil(x[xo + i]);
                }
            })
            .build();

    static final UnaryOp TRUNC = copyingIntegers(UnaryOp.builder("trunc", Category.NUMERIC, ResultRule.PROMOTED))
            .doubles((double[] x, int xo, double[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = ElementMath.trunc(x[xo + i]);
                }
            })
            .floats((float[] x, int xo, float[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = (float) ElementMath.trunc(x[xo + i]);
                }
            })
            .build();

    /** Rounds half to even, as NumPy and the array API do. */
    static final UnaryOp ROUND = copyingIntegers(UnaryOp.builder("round", Category.NUMERIC, ResultRule.PROMOTED))
            .doubles((double[] x, int xo, double[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = Math.rint(x[xo + i]);
                }
            })
            .floats((float[] x, int xo, float[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = (float) Math.rint(x[xo + i]);
                }
            })
            .build();

    private static UnaryOp.Builder copyingIntegers(UnaryOp.Builder b) {
        return b.longs((long[] x, int xo, long[] o, int oo, int n) -> System.arraycopy(x, xo, o, oo, n))
                .ints((int[] x, int xo, int[] o, int oo, int n) -> System.arraycopy(x, xo, o, oo, n));
    }

    private static UnaryOp.Builder copying(UnaryOp.Builder b) {
        return copyingIntegers(b)
                .doubles((double[] x, int xo, double[] o, int oo, int n) -> System.arraycopy(x, xo, o, oo, n))
                .floats((float[] x, int xo, float[] o, int oo, int n) -> System.arraycopy(x, xo, o, oo, n));
    }

    /** The unary operations of this class, registered by {@link ElementwiseKernels}: a new one goes here too. */
    static final List<UnaryOp> UNARY = List.of(
            NEGATIVE, POSITIVE, ABS, SIGN, SQUARE, FLOOR,
            CEIL, TRUNC, ROUND);

    /** The binary operations of this class, registered by {@link ElementwiseKernels}: a new one goes here too. */
    static final List<BinaryOp> BINARY = List.of(
            ADD, SUBTRACT, MULTIPLY, DIVIDE, FLOOR_DIVIDE, REMAINDER,
            POW, MAXIMUM, MINIMUM, FMAX, FMIN);
}
