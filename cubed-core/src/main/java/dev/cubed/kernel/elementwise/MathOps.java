package dev.cubed.kernel.elementwise;

import dev.cubed.block.TypePromotion.Category;
import dev.cubed.block.TypePromotion.ResultRule;

import java.util.List;

/**
 * Floating-point functions. Integer inputs compute in float64 and give float64; float32 inputs
 * compute in double and are rounded once to float32 (for sqrt this is exactly IEEE float32 sqrt;
 * for the transcendental functions it is at least as accurate as float32 libm).
 *
 * <p>Transcendental functions use {@link Math}, which is accurate to 1 ulp but may differ in the
 * last bit between CPU architectures, as libm does for NumPy.
 */
final class MathOps {

    private MathOps() {
    }

    static final UnaryOp SQRT = UnaryOp.builder("sqrt", Category.NUMERIC, ResultRule.FLOATING)
            .doubles((double[] x, int xo, double[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = Math.sqrt(x[xo + i]);
                }
            })
            .floats((float[] x, int xo, float[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = (float) Math.sqrt(x[xo + i]);
                }
            })
            .build();

    static final UnaryOp EXP = UnaryOp.builder("exp", Category.NUMERIC, ResultRule.FLOATING)
            .doubles((double[] x, int xo, double[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = Math.exp(x[xo + i]);
                }
            }).build();

    static final UnaryOp EXPM1 = UnaryOp.builder("expm1", Category.NUMERIC, ResultRule.FLOATING)
            .doubles((double[] x, int xo, double[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = Math.expm1(x[xo + i]);
                }
            }).build();

    static final UnaryOp LOG = UnaryOp.builder("log", Category.NUMERIC, ResultRule.FLOATING)
            .doubles((double[] x, int xo, double[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = Math.log(x[xo + i]);
                }
            }).build();

    static final UnaryOp LOG1P = UnaryOp.builder("log1p", Category.NUMERIC, ResultRule.FLOATING)
            .doubles((double[] x, int xo, double[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = Math.log1p(x[xo + i]);
                }
            }).build();

    static final UnaryOp LOG2 = UnaryOp.builder("log2", Category.NUMERIC, ResultRule.FLOATING)
            .doubles((double[] x, int xo, double[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = ElementMath.log2(x[xo + i]);
                }
            }).build();

    static final UnaryOp LOG10 = UnaryOp.builder("log10", Category.NUMERIC, ResultRule.FLOATING)
            .doubles((double[] x, int xo, double[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = Math.log10(x[xo + i]);
                }
            }).build();

    static final UnaryOp SIN = UnaryOp.builder("sin", Category.NUMERIC, ResultRule.FLOATING)
            .doubles((double[] x, int xo, double[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = Math.sin(x[xo + i]);
                }
            }).build();

    static final UnaryOp COS = UnaryOp.builder("cos", Category.NUMERIC, ResultRule.FLOATING)
            .doubles((double[] x, int xo, double[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = Math.cos(x[xo + i]);
                }
            }).build();

    static final UnaryOp TAN = UnaryOp.builder("tan", Category.NUMERIC, ResultRule.FLOATING)
            .doubles((double[] x, int xo, double[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = Math.tan(x[xo + i]);
                }
            }).build();

    static final UnaryOp ASIN = UnaryOp.builder("asin", Category.NUMERIC, ResultRule.FLOATING)
            .doubles((double[] x, int xo, double[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = Math.asin(x[xo + i]);
                }
            }).build();

    static final UnaryOp ACOS = UnaryOp.builder("acos", Category.NUMERIC, ResultRule.FLOATING)
            .doubles((double[] x, int xo, double[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = Math.acos(x[xo + i]);
                }
            }).build();

    static final UnaryOp ATAN = UnaryOp.builder("atan", Category.NUMERIC, ResultRule.FLOATING)
            .doubles((double[] x, int xo, double[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = Math.atan(x[xo + i]);
                }
            }).build();

    static final UnaryOp SINH = UnaryOp.builder("sinh", Category.NUMERIC, ResultRule.FLOATING)
            .doubles((double[] x, int xo, double[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = Math.sinh(x[xo + i]);
                }
            }).build();

    static final UnaryOp COSH = UnaryOp.builder("cosh", Category.NUMERIC, ResultRule.FLOATING)
            .doubles((double[] x, int xo, double[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = Math.cosh(x[xo + i]);
                }
            }).build();

    static final UnaryOp TANH = UnaryOp.builder("tanh", Category.NUMERIC, ResultRule.FLOATING)
            .doubles((double[] x, int xo, double[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = Math.tanh(x[xo + i]);
                }
            }).build();

    static final UnaryOp ASINH = UnaryOp.builder("asinh", Category.NUMERIC, ResultRule.FLOATING)
            .doubles((double[] x, int xo, double[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = ElementMath.asinh(x[xo + i]);
                }
            }).build();

    static final UnaryOp ACOSH = UnaryOp.builder("acosh", Category.NUMERIC, ResultRule.FLOATING)
            .doubles((double[] x, int xo, double[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = ElementMath.acosh(x[xo + i]);
                }
            }).build();

    static final UnaryOp ATANH = UnaryOp.builder("atanh", Category.NUMERIC, ResultRule.FLOATING)
            .doubles((double[] x, int xo, double[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = ElementMath.atanh(x[xo + i]);
                }
            }).build();

    static final BinaryOp ATAN2 = BinaryOp.builder("atan2", Category.NUMERIC, ResultRule.FLOATING)
            .doubles((double[] x, int xo, double[] y, int yo, double[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = Math.atan2(x[xo + i], y[yo + i]);
                }
            }).build();

    static final BinaryOp HYPOT = BinaryOp.builder("hypot", Category.NUMERIC, ResultRule.FLOATING)
            .doubles((double[] x, int xo, double[] y, int yo, double[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = Math.hypot(x[xo + i], y[yo + i]);
                }
            }).build();

    static final BinaryOp LOGADDEXP = BinaryOp.builder("logaddexp", Category.NUMERIC, ResultRule.FLOATING)
            .doubles((double[] x, int xo, double[] y, int yo, double[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = ElementMath.logaddexp(x[xo + i], y[yo + i]);
                }
            }).build();

    /** The magnitude of x with the sign bit of y (NaN signs included). */
    static final BinaryOp COPYSIGN = BinaryOp.builder("copysign", Category.NUMERIC, ResultRule.FLOATING)
            .doubles((double[] x, int xo, double[] y, int yo, double[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = Math.copySign(x[xo + i], y[yo + i]);
                }
            })
            .floats((float[] x, int xo, float[] y, int yo, float[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = Math.copySign(x[xo + i], y[yo + i]);
                }
            })
            .build();

    /** The unary operations of this class, registered by {@link ElementwiseKernels}: a new one goes here too. */
    static final List<UnaryOp> UNARY = List.of(
            SQRT, EXP, EXPM1, LOG, LOG1P, LOG2,
            LOG10, SIN, COS, TAN, ASIN, ACOS,
            ATAN, SINH, COSH, TANH, ASINH, ACOSH,
            ATANH);

    /** The binary operations of this class, registered by {@link ElementwiseKernels}: a new one goes here too. */
    static final List<BinaryOp> BINARY = List.of(
            ATAN2, HYPOT, LOGADDEXP, COPYSIGN);
}
