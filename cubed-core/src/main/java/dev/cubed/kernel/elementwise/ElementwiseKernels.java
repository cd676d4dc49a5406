package dev.cubed.kernel.elementwise;

import dev.cubed.block.Block;
import dev.cubed.block.DataType;
import dev.cubed.block.TypePromotion;
import dev.cubed.kernel.Kernel;
import dev.cubed.kernel.Shapes;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The element-wise kernels by array API name (plus NumPy's {@code arc*} aliases and {@code fmax},
 * {@code fmin}). Unary kernels take one single input, binary two and {@code where} three; binary
 * and ternary inputs broadcast with NumPy rules. Each operation declares its signature (accepted
 * types, result rule) where it is defined; {@link #signature} gives it to planners, and
 * {@link dev.cubed.block.TypePromotion} turns it into result types.
 *
 * <p>Adding a unary or binary function takes its definition, with its signature, in the class of
 * its kind ({@code MathOps}, {@code ArithmeticOps}, ...), listed in that class's {@code UNARY} or
 * {@code BINARY}, and its method on {@code LazyArray}: two files, see {@code docs/architecture.md}.
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

    /**
     * The signature of element-wise function {@code function} (array API name or NumPy alias): what
     * it accepts and how its result type follows, declared where the operation is defined.
     *
     * @throws IllegalArgumentException if no element-wise function has that name
     */
    public static TypePromotion.Signature signature(String function) {
        String name = ALIASES.getOrDefault(function, function);
        UnaryOp unary = UNARY.get(name);
        if (unary != null) {
            return rename(unary.signature(), function);
        }
        BinaryOp binary = BINARY.get(name);
        if (binary != null) {
            return rename(binary.signature(), function);
        }
        if (name.equals(ClipKernel.NAME)) {
            return ClipKernel.SIGNATURE;
        }
        throw new IllegalArgumentException("no element-wise function named '" + function + "'");
    }

    /** Messages name the function as the caller did (an alias stays an alias). */
    private static TypePromotion.Signature rename(TypePromotion.Signature s, String function) {
        return s.name().equals(function) ? s : new TypePromotion.Signature(function, s.arity(), s.accepts(), s.result());
    }

    private static <T> void register(Map<String, T> m, String name, T op) {
        if (m.putIfAbsent(name, op) != null) {
            throw new IllegalStateException("two element-wise operations are named '" + name + "'");
        }
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
        for (List<UnaryOp> ops : List.of(ArithmeticOps.UNARY, MathOps.UNARY, ComparisonOps.UNARY, BitwiseOps.UNARY)) {
            ops.forEach(op -> register(m, op.name(), op));
        }
        return Collections.unmodifiableMap(m);
    }

    private static Map<String, BinaryOp> binaryOps() {
        Map<String, BinaryOp> m = new LinkedHashMap<>();
        for (List<BinaryOp> ops : List.of(ArithmeticOps.BINARY, MathOps.BINARY, ComparisonOps.BINARY, BitwiseOps.BINARY)) {
            ops.forEach(op -> register(m, op.name(), op));
        }
        return Collections.unmodifiableMap(m);
    }
}
