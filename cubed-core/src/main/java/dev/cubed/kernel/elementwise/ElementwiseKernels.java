package dev.cubed.kernel.elementwise;

import dev.cubed.block.Block;
import dev.cubed.block.DataType;
import dev.cubed.kernel.Kernel;
import dev.cubed.kernel.Shapes;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The element-wise kernels by array API name (plus NumPy's {@code arc*} aliases and {@code fmax},
 * {@code fmin}). Unary kernels take one single input, binary two and {@code where} three; binary
 * and ternary inputs broadcast with NumPy rules. Result types follow
 * {@link dev.cubed.block.TypePromotion}.
 */
public final class ElementwiseKernels {

    private static final Map<String, UnaryOp> UNARY = unaryOps();
    private static final Map<String, BinaryOp> BINARY = binaryOps();
    private static final Map<String, String> ALIASES = Map.of(
            "arcsin", "asin", "arccos", "acos", "arctan", "atan", "arctan2", "atan2",
            "arcsinh", "asinh", "arccosh", "acosh", "arctanh", "atanh");

    private ElementwiseKernels() {
    }

    /** Every element-wise kernel by name; an alias maps to the same kernel instance as its array API name. */
    public static Map<String, Kernel> kernels() {
        Map<String, Kernel> m = new LinkedHashMap<>();
        UNARY.forEach((name, op) -> m.put(name, op.kernel()));
        BINARY.forEach((name, op) -> m.put(name, op.kernel()));
        m.put(WhereKernel.NAME, new WhereKernel());
        m.put(ClipKernel.NAME, new ClipKernel());
        m.put(AstypeKernel.NAME, new AstypeKernel());
        ALIASES.forEach((alias, name) -> m.put(alias, m.get(name)));
        return Collections.unmodifiableMap(m);
    }

    /** The unary operation named {@code name} (array API name or alias), for kernels composed of element-wise steps. */
    public static UnaryOp unary(String name) {
        UnaryOp op = UNARY.get(ALIASES.getOrDefault(name, name));
        if (op == null) {
            throw new IllegalArgumentException("no unary element-wise operation '" + name + "'");
        }
        return op;
    }

    /** The binary operation named {@code name} (array API name, alias, {@code fmax} or {@code fmin}). */
    public static BinaryOp binary(String name) {
        BinaryOp op = BINARY.get(ALIASES.getOrDefault(name, name));
        if (op == null) {
            throw new IllegalArgumentException("no binary element-wise operation '" + name + "'");
        }
        return op;
    }

    /** {@code astype}: a compact block of type {@code target} (C cast semantics, see {@link AstypeKernel}). */
    public static Block astype(Block x, DataType target) {
        return AstypeKernel.astype(x, target);
    }

    /** {@code where(cond, x, y)} broadcast together. */
    public static Block where(Block cond, Block x, Block y) {
        return WhereKernel.where(cond, x, y, Shapes.broadcast("where", cond.shape(), x.shape(), y.shape()));
    }

    private static Map<String, UnaryOp> unaryOps() {
        Map<String, UnaryOp> m = new LinkedHashMap<>();
        for (UnaryOp op : new UnaryOp[] {
            ArithmeticOps.NEGATIVE, ArithmeticOps.POSITIVE, ArithmeticOps.ABS, ArithmeticOps.SIGN,
            ArithmeticOps.SQUARE, ArithmeticOps.FLOOR, ArithmeticOps.CEIL, ArithmeticOps.TRUNC, ArithmeticOps.ROUND,
            MathOps.SQRT, MathOps.EXP, MathOps.EXPM1, MathOps.LOG, MathOps.LOG1P, MathOps.LOG2, MathOps.LOG10,
            MathOps.SIN, MathOps.COS, MathOps.TAN, MathOps.ASIN, MathOps.ACOS, MathOps.ATAN,
            MathOps.SINH, MathOps.COSH, MathOps.TANH, MathOps.ASINH, MathOps.ACOSH, MathOps.ATANH,
            ComparisonOps.LOGICAL_NOT, ComparisonOps.ISNAN, ComparisonOps.ISINF, ComparisonOps.ISFINITE,
            ComparisonOps.SIGNBIT, BitwiseOps.INVERT,
        }) {
            m.put(op.name(), op);
        }
        return Collections.unmodifiableMap(m);
    }

    private static Map<String, BinaryOp> binaryOps() {
        Map<String, BinaryOp> m = new LinkedHashMap<>();
        for (BinaryOp op : new BinaryOp[] {
            ArithmeticOps.ADD, ArithmeticOps.SUBTRACT, ArithmeticOps.MULTIPLY, ArithmeticOps.DIVIDE,
            ArithmeticOps.FLOOR_DIVIDE, ArithmeticOps.REMAINDER, ArithmeticOps.POW,
            ArithmeticOps.MAXIMUM, ArithmeticOps.MINIMUM, ArithmeticOps.FMAX, ArithmeticOps.FMIN,
            MathOps.ATAN2, MathOps.HYPOT, MathOps.LOGADDEXP, MathOps.COPYSIGN,
            ComparisonOps.EQUAL, ComparisonOps.NOT_EQUAL, ComparisonOps.LESS, ComparisonOps.LESS_EQUAL,
            ComparisonOps.GREATER, ComparisonOps.GREATER_EQUAL,
            ComparisonOps.LOGICAL_AND, ComparisonOps.LOGICAL_OR, ComparisonOps.LOGICAL_XOR,
            BitwiseOps.AND, BitwiseOps.OR, BitwiseOps.XOR, BitwiseOps.LEFT_SHIFT, BitwiseOps.RIGHT_SHIFT,
        }) {
            m.put(op.name(), op);
        }
        return Collections.unmodifiableMap(m);
    }
}
