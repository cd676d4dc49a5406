package dev.cubed.kernel.elementwise;

import dev.cubed.block.TypePromotion.Category;
import dev.cubed.block.TypePromotion.ResultRule;

import java.util.Arrays;
import java.util.List;

/**
 * Comparisons, logical functions and floating-point predicates; all give bool. Comparisons
 * follow IEEE 754 (NaN compares unequal to everything). Logical functions treat any non-zero byte
 * as true.
 */
final class ComparisonOps {

    private ComparisonOps() {
    }

    static final BinaryOp EQUAL = BinaryOp.builder("equal", Category.ANY, ResultRule.BOOL)
            .doubles((double[] x, int xo, double[] y, int yo, byte[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = (byte) (x[xo + i] == y[yo + i] ? 1 : 0);
                }
            })
            .floats((float[] x, int xo, float[] y, int yo, byte[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = (byte) (x[xo + i] == y[yo + i] ? 1 : 0);
                }
            })
            .longs((long[] x, int xo, long[] y, int yo, byte[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = (byte) (x[xo + i] == y[yo + i] ? 1 : 0);
                }
            })
            .ints((int[] x, int xo, int[] y, int yo, byte[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = (byte) (x[xo + i] == y[yo + i] ? 1 : 0);
                }
            })
            .mixedSign(c -> c == 0)
            .build();

    static final BinaryOp NOT_EQUAL = BinaryOp.builder("not_equal", Category.ANY, ResultRule.BOOL)
            .doubles((double[] x, int xo, double[] y, int yo, byte[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = (byte) (x[xo + i] != y[yo + i] ? 1 : 0);
                }
            })
            .floats((float[] x, int xo, float[] y, int yo, byte[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = (byte) (x[xo + i] != y[yo + i] ? 1 : 0);
                }
            })
            .longs((long[] x, int xo, long[] y, int yo, byte[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = (byte) (x[xo + i] != y[yo + i] ? 1 : 0);
                }
            })
            .ints((int[] x, int xo, int[] y, int yo, byte[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = (byte) (x[xo + i] != y[yo + i] ? 1 : 0);
                }
            })
            .mixedSign(c -> c != 0)
            .build();

    static final BinaryOp LESS = BinaryOp.builder("less", Category.NUMERIC, ResultRule.BOOL)
            .doubles((double[] x, int xo, double[] y, int yo, byte[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = (byte) (x[xo + i] < y[yo + i] ? 1 : 0);
                }
            })
            .floats((float[] x, int xo, float[] y, int yo, byte[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = (byte) (x[xo + i] < y[yo + i] ? 1 : 0);
                }
            })
            .longs((long[] x, int xo, long[] y, int yo, byte[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = (byte) (x[xo + i] < y[yo + i] ? 1 : 0);
                }
            })
            .ulongs((long[] x, int xo, long[] y, int yo, byte[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = (byte) (Long.compareUnsigned(x[xo + i], y[yo + i]) < 0 ? 1 : 0);
                }
            })
            .ints((int[] x, int xo, int[] y, int yo, byte[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = (byte) (x[xo + i] < y[yo + i] ? 1 : 0);
                }
            })
            .mixedSign(c -> c < 0)
            .build();

    static final BinaryOp LESS_EQUAL = BinaryOp.builder("less_equal", Category.NUMERIC, ResultRule.BOOL)
            .doubles((double[] x, int xo, double[] y, int yo, byte[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = (byte) (x[xo + i] <= y[yo + i] ? 1 : 0);
                }
            })
            .floats((float[] x, int xo, float[] y, int yo, byte[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = (byte) (x[xo + i] <= y[yo + i] ? 1 : 0);
                }
            })
            .longs((long[] x, int xo, long[] y, int yo, byte[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = (byte) (x[xo + i] <= y[yo + i] ? 1 : 0);
                }
            })
            .ulongs((long[] x, int xo, long[] y, int yo, byte[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = (byte) (Long.compareUnsigned(x[xo + i], y[yo + i]) <= 0 ? 1 : 0);
                }
            })
            .ints((int[] x, int xo, int[] y, int yo, byte[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = (byte) (x[xo + i] <= y[yo + i] ? 1 : 0);
                }
            })
            .mixedSign(c -> c <= 0)
            .build();

    static final BinaryOp GREATER = BinaryOp.builder("greater", Category.NUMERIC, ResultRule.BOOL)
            .doubles((double[] x, int xo, double[] y, int yo, byte[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = (byte) (x[xo + i] > y[yo + i] ? 1 : 0);
                }
            })
            .floats((float[] x, int xo, float[] y, int yo, byte[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = (byte) (x[xo + i] > y[yo + i] ? 1 : 0);
                }
            })
            .longs((long[] x, int xo, long[] y, int yo, byte[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = (byte) (x[xo + i] > y[yo + i] ? 1 : 0);
                }
            })
            .ulongs((long[] x, int xo, long[] y, int yo, byte[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = (byte) (Long.compareUnsigned(x[xo + i], y[yo + i]) > 0 ? 1 : 0);
                }
            })
            .ints((int[] x, int xo, int[] y, int yo, byte[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = (byte) (x[xo + i] > y[yo + i] ? 1 : 0);
                }
            })
            .mixedSign(c -> c > 0)
            .build();

    static final BinaryOp GREATER_EQUAL = BinaryOp.builder("greater_equal", Category.NUMERIC, ResultRule.BOOL)
            .doubles((double[] x, int xo, double[] y, int yo, byte[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = (byte) (x[xo + i] >= y[yo + i] ? 1 : 0);
                }
            })
            .floats((float[] x, int xo, float[] y, int yo, byte[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = (byte) (x[xo + i] >= y[yo + i] ? 1 : 0);
                }
            })
            .longs((long[] x, int xo, long[] y, int yo, byte[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = (byte) (x[xo + i] >= y[yo + i] ? 1 : 0);
                }
            })
            .ulongs((long[] x, int xo, long[] y, int yo, byte[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = (byte) (Long.compareUnsigned(x[xo + i], y[yo + i]) >= 0 ? 1 : 0);
                }
            })
            .ints((int[] x, int xo, int[] y, int yo, byte[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = (byte) (x[xo + i] >= y[yo + i] ? 1 : 0);
                }
            })
            .mixedSign(c -> c >= 0)
            .build();

    static final BinaryOp LOGICAL_AND = BinaryOp.builder("logical_and", Category.BOOLEAN, ResultRule.BOOL)
            .bools((byte[] x, int xo, byte[] y, int yo, byte[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = (byte) ((x[xo + i] != 0 & y[yo + i] != 0) ? 1 : 0);
                }
            }).build();

    static final BinaryOp LOGICAL_OR = BinaryOp.builder("logical_or", Category.BOOLEAN, ResultRule.BOOL)
            .bools((byte[] x, int xo, byte[] y, int yo, byte[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = (byte) ((x[xo + i] != 0 | y[yo + i] != 0) ? 1 : 0);
                }
            }).build();

    static final BinaryOp LOGICAL_XOR = BinaryOp.builder("logical_xor", Category.BOOLEAN, ResultRule.BOOL)
            .bools((byte[] x, int xo, byte[] y, int yo, byte[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = (byte) ((x[xo + i] != 0 ^ y[yo + i] != 0) ? 1 : 0);
                }
            }).build();

    static final UnaryOp LOGICAL_NOT = UnaryOp.builder("logical_not", Category.BOOLEAN, ResultRule.BOOL)
            .bools((byte[] x, int xo, byte[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = (byte) (x[xo + i] == 0 ? 1 : 0);
                }
            }).build();

    static final UnaryOp ISNAN = UnaryOp.builder("isnan", Category.NUMERIC, ResultRule.BOOL)
            .doubles((double[] x, int xo, byte[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    double v = x[xo + i];
                    o[oo + i] = (byte) (v != v ? 1 : 0);
                }
            })
            .floats((float[] x, int xo, byte[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    float v = x[xo + i];
                    o[oo + i] = (byte) (v != v ? 1 : 0);
                }
            })
            .longs((long[] x, int xo, byte[] o, int oo, int n) -> Arrays.fill(o, oo, oo + n, (byte) 0))
            .build();

    static final UnaryOp ISINF = UnaryOp.builder("isinf", Category.NUMERIC, ResultRule.BOOL)
            .doubles((double[] x, int xo, byte[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = (byte) (Double.isInfinite(x[xo + i]) ? 1 : 0);
                }
            })
            .floats((float[] x, int xo, byte[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = (byte) (Float.isInfinite(x[xo + i]) ? 1 : 0);
                }
            })
            .longs((long[] x, int xo, byte[] o, int oo, int n) -> Arrays.fill(o, oo, oo + n, (byte) 0))
            .build();

    static final UnaryOp ISFINITE = UnaryOp.builder("isfinite", Category.NUMERIC, ResultRule.BOOL)
            .doubles((double[] x, int xo, byte[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = (byte) (Double.isFinite(x[xo + i]) ? 1 : 0);
                }
            })
            .floats((float[] x, int xo, byte[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = (byte) (Float.isFinite(x[xo + i]) ? 1 : 0);
                }
            })
            .longs((long[] x, int xo, byte[] o, int oo, int n) -> Arrays.fill(o, oo, oo + n, (byte) 1))
            .build();

    /** True where the sign bit is set: negative numbers, -0.0 and NaNs with the sign bit. */
    static final UnaryOp SIGNBIT = UnaryOp.builder("signbit", Category.NUMERIC, ResultRule.BOOL)
            .doubles((double[] x, int xo, byte[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = (byte) (Double.doubleToRawLongBits(x[xo + i]) < 0 ? 1 : 0);
                }
            })
            .floats((float[] x, int xo, byte[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = (byte) (Float.floatToRawIntBits(x[xo + i]) < 0 ? 1 : 0);
                }
            })
            .longs((long[] x, int xo, byte[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = (byte) (x[xo + i] < 0 ? 1 : 0);
                }
            })
            .ulongs((long[] x, int xo, byte[] o, int oo, int n) -> Arrays.fill(o, oo, oo + n, (byte) 0))
            .build();

    /** The unary operations of this class, registered by {@link ElementwiseKernels}: a new one goes here too. */
    static final List<UnaryOp> UNARY = List.of(
            LOGICAL_NOT, ISNAN, ISINF, ISFINITE, SIGNBIT);

    /** The binary operations of this class, registered by {@link ElementwiseKernels}: a new one goes here too. */
    static final List<BinaryOp> BINARY = List.of(
            EQUAL, NOT_EQUAL, LESS, LESS_EQUAL, GREATER, GREATER_EQUAL,
            LOGICAL_AND, LOGICAL_OR, LOGICAL_XOR);
}
