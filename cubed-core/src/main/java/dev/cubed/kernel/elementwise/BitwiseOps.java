package dev.cubed.kernel.elementwise;

import dev.cubed.block.TypePromotion.Category;
import dev.cubed.block.TypePromotion.ResultRule;

import java.util.List;

/**
 * Bitwise functions of integers (and bool for and/or/xor/invert). Shifts follow NumPy: shifting
 * by the type's width or more, or by a negative amount, gives 0 (and -1 for a right shift of a
 * negative signed value); right shifts of unsigned values are logical.
 */
final class BitwiseOps {

    private BitwiseOps() {
    }

    static final BinaryOp AND = BinaryOp.builder("bitwise_and", Category.INTEGER_OR_BOOLEAN, ResultRule.PROMOTED)
            .longs((long[] x, int xo, long[] y, int yo, long[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = x[xo + i] & y[yo + i];
                }
            })
            .ints((int[] x, int xo, int[] y, int yo, int[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = x[xo + i] & y[yo + i];
                }
            })
            .bools((byte[] x, int xo, byte[] y, int yo, byte[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = (byte) ((x[xo + i] != 0 & y[yo + i] != 0) ? 1 : 0);
                }
            })
            .build();

    static final BinaryOp OR = BinaryOp.builder("bitwise_or", Category.INTEGER_OR_BOOLEAN, ResultRule.PROMOTED)
            .longs((long[] x, int xo, long[] y, int yo, long[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = x[xo + i] | y[yo + i];
                }
            })
            .ints((int[] x, int xo, int[] y, int yo, int[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = x[xo + i] | y[yo + i];
                }
            })
            .bools((byte[] x, int xo, byte[] y, int yo, byte[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = (byte) ((x[xo + i] != 0 | y[yo + i] != 0) ? 1 : 0);
                }
            })
            .build();

    static final BinaryOp XOR = BinaryOp.builder("bitwise_xor", Category.INTEGER_OR_BOOLEAN, ResultRule.PROMOTED)
            .longs((long[] x, int xo, long[] y, int yo, long[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = x[xo + i] ^ y[yo + i];
                }
            })
            .ints((int[] x, int xo, int[] y, int yo, int[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = x[xo + i] ^ y[yo + i];
                }
            })
            .bools((byte[] x, int xo, byte[] y, int yo, byte[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = (byte) ((x[xo + i] != 0 ^ y[yo + i] != 0) ? 1 : 0);
                }
            })
            .build();

    static final UnaryOp INVERT = UnaryOp.builder("bitwise_invert", Category.INTEGER_OR_BOOLEAN, ResultRule.PROMOTED)
            .longs((long[] x, int xo, long[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = ~x[xo + i];
                }
            })
            .ints((int[] x, int xo, int[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = ~x[xo + i];
                }
            })
            .bools((byte[] x, int xo, byte[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = (byte) (x[xo + i] == 0 ? 1 : 0);
                }
            })
            .build();

    /**
     * Narrow types compute in LONG: bits shifted beyond their width are cut off when the result is
     * written back, which gives 0 for any shift of at least the width, as NumPy does.
     */
    static final BinaryOp LEFT_SHIFT = BinaryOp.builder("bitwise_left_shift", Category.INTEGER, ResultRule.PROMOTED)
            .longs((long[] x, int xo, long[] y, int yo, long[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    long s = y[yo + i];
                    o[oo + i] = s >= 0 && s < 64 ? x[xo + i] << s : 0;
                }
            })
            .ints((int[] x, int xo, int[] y, int yo, int[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    int s = y[yo + i];
                    o[oo + i] = s >= 0 && s < 32 ? x[xo + i] << s : 0;
                }
            })
            .build();

    static final BinaryOp RIGHT_SHIFT = BinaryOp.builder("bitwise_right_shift", Category.INTEGER, ResultRule.PROMOTED)
            .longs((long[] x, int xo, long[] y, int yo, long[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    long s = y[yo + i];
                    long v = x[xo + i];
                    o[oo + i] = s >= 0 && s < 64 ? v >> s : (v < 0 ? -1 : 0);
                }
            })
            .ulongs((long[] x, int xo, long[] y, int yo, long[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    long s = y[yo + i];
                    o[oo + i] = s >= 0 && s < 64 ? x[xo + i] >>> s : 0;
                }
            })
            .ints((int[] x, int xo, int[] y, int yo, int[] o, int oo, int n) -> {
                for (int i = 0; i < n; i++) {
                    int s = y[yo + i];
                    int v = x[xo + i];
                    o[oo + i] = s >= 0 && s < 32 ? v >> s : (v < 0 ? -1 : 0);
                }
            })
            .build();

    /** The unary operations of this class, registered by {@link ElementwiseKernels}: a new one goes here too. */
    static final List<UnaryOp> UNARY = List.of(
            INVERT);

    /** The binary operations of this class, registered by {@link ElementwiseKernels}: a new one goes here too. */
    static final List<BinaryOp> BINARY = List.of(
            AND, OR, XOR, LEFT_SHIFT, RIGHT_SHIFT);
}
