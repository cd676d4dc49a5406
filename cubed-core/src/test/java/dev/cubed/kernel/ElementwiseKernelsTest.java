package dev.cubed.kernel;

import dev.cubed.block.Block;
import dev.cubed.block.DataType;
import dev.cubed.block.TypePromotion;
import dev.cubed.kernel.elementwise.ElementwiseKernels;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * Every element-wise kernel against {@link ElementwiseReference}, element by element, on random
 * shapes (size-0 and size-1 axes, broadcasting, 0-d scalars), random layouts and every data type.
 */
class ElementwiseKernelsTest {
    private static final KernelRegistry REGISTRY = KernelRegistry.load();

    static final List<String> BINARY = List.of("add", "subtract", "multiply", "divide", "floor_divide", "remainder",
            "pow", "maximum", "minimum", "fmax", "fmin", "atan2", "hypot", "logaddexp", "copysign", "equal",
            "not_equal", "less", "less_equal", "greater", "greater_equal", "logical_and", "logical_or", "logical_xor",
            "bitwise_and", "bitwise_or", "bitwise_xor", "bitwise_left_shift", "bitwise_right_shift", "arctan2");

    static final List<String> UNARY = List.of("negative", "positive", "abs", "sign", "square", "sqrt", "exp", "expm1",
            "log", "log1p", "log2", "log10", "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh",
            "asinh", "acosh", "atanh", "floor", "ceil", "round", "trunc", "logical_not", "bitwise_invert", "isnan",
            "isinf", "isfinite", "signbit", "arcsin", "arccos", "arctan", "arcsinh", "arccosh", "arctanh");

    @Property(tries = 3000)
    void binaryKernelsMatchTheReference(@ForAll long seed) {
        Samples s = new Samples(seed);
        String op = BINARY.get(s.random().nextInt(BINARY.size()));
        DataType a = pickType(s, op);
        DataType b = pickType(s, op);
        int[] out = s.shape(3);
        int[] sa = s.broadcastableTo(out);
        int[] sb = s.broadcastableTo(out);
        int[] shape = Shapes.broadcast(op, sa, sb);
        Block x = s.block(a, sa);
        Block y = s.block(b, sb);
        Kernel kernel = REGISTRY.get(op);
        KernelCall call = KernelCall.builder().input(x).input(y).outputShape(shape).build();

        if (!accepts(op, a, b)) {
            assertThatThrownBy(() -> call.applyTo(kernel)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(canonical(op));
            return;
        }
        DataType p = TypePromotion.resultType(a, b);
        DataType r = resultType(op, a, b);
        Object[] expected = new Object[Block.sizeOf(shape)];
        boolean undefined = false;
        for (int f = 0; f < expected.length; f++) {
            int[] idx = Exact.unravel(f, shape);
            try {
                expected[f] = binaryReference(canonical(op), p, x, Exact.broadcastIndex(idx, sa), y, Exact.broadcastIndex(idx, sb));
            } catch (ElementwiseReference.Undefined e) {
                undefined = true;
            }
        }
        if (undefined) {
            assertThatThrownBy(() -> call.applyTo(kernel)).isInstanceOf(ArithmeticException.class)
                    .hasMessageContaining("negative integer powers");
            return;
        }
        Block got = (Block) call.applyTo(kernel);
        check(op, r, shape, got, expected, () -> x + " " + op + " " + y);
    }

    @Property(tries = 2000)
    void unaryKernelsMatchTheReference(@ForAll long seed) {
        Samples s = new Samples(seed);
        String op = UNARY.get(s.random().nextInt(UNARY.size()));
        DataType t = pickType(s, op);
        int[] shape = s.shape(3);
        Block x = s.block(t, shape);
        Kernel kernel = REGISTRY.get(op);
        KernelCall call = KernelCall.builder().input(x).outputShape(shape).build();
        if (!ElementwiseKernels.signature(op).accepts().contains(t)) {
            assertThatThrownBy(() -> call.applyTo(kernel)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(canonical(op));
            return;
        }
        DataType r = ElementwiseKernels.signature(op).resultType(t);
        Object[] expected = new Object[x.size()];
        for (int f = 0; f < expected.length; f++) {
            int[] idx = Exact.unravel(f, shape);
            expected[f] = t.isFloat()
                    ? ElementwiseReference.floatUnary(canonical(op), x.getDouble(idx), t)
                    : ElementwiseReference.integerUnary(canonical(op), Exact.integer(x, idx), t);
        }
        Block got = (Block) call.applyTo(kernel);
        check(op, r, shape, got, expected, () -> op + "(" + x + ")");
    }

    @Property(tries = 1000)
    void whereSelectsAndPromotes(@ForAll long seed) {
        Samples s = new Samples(seed);
        DataType c = s.random().nextInt(4) == 0 ? s.dtype() : DataType.BOOL;
        DataType a = s.dtype();
        DataType b = s.dtype();
        int[] out = s.shape(3);
        int[] sc = s.broadcastableTo(out);
        int[] sa = s.broadcastableTo(out);
        int[] sb = s.broadcastableTo(out);
        int[] shape = Shapes.broadcast("where", sc, sa, sb);
        Block cond = s.block(c, sc);
        Block x = s.block(a, sa);
        Block y = s.block(b, sb);
        Block got = (Block) KernelCall.builder().input(cond).input(x).input(y).outputShape(shape).build()
                .applyTo(REGISTRY.get("where"));
        DataType r = TypePromotion.resultType(a, b);
        Object[] expected = new Object[Block.sizeOf(shape)];
        for (int f = 0; f < expected.length; f++) {
            int[] idx = Exact.unravel(f, shape);
            int[] ic = Exact.broadcastIndex(idx, sc);
            boolean truth = c.isFloat() ? cond.getDouble(ic) != 0 : Exact.integer(cond, ic).signum() != 0;
            expected[f] = truth ? convert(x, Exact.broadcastIndex(idx, sa), r) : convert(y, Exact.broadcastIndex(idx, sb), r);
        }
        check("where", r, shape, got, expected, () -> "where(" + cond + ", " + x + ", " + y + ")");
    }

    @Property(tries = 1000)
    void astypeCastsLikeC(@ForAll long seed) {
        Samples s = new Samples(seed);
        DataType from = s.dtype();
        DataType to = s.dtype();
        int[] shape = s.shape(3);
        Block x = s.block(from, shape);
        Block got = (Block) KernelCall.builder().input(x).params(Params.builder().put("dtype", to).build())
                .outputShape(shape).build().applyTo(REGISTRY.get("astype"));
        Object[] expected = new Object[x.size()];
        for (int f = 0; f < expected.length; f++) {
            expected[f] = convert(x, Exact.unravel(f, shape), to);
        }
        check("astype", to, shape, got, expected, () -> x + " astype " + to);
    }

    @Property(tries = 1000)
    void clipBoundsValues(@ForAll long seed) {
        Samples s = new Samples(seed);
        DataType t = s.dtype(DataType.INT8, DataType.UINT8, DataType.INT32, DataType.UINT32, DataType.INT64,
                DataType.UINT64, DataType.FLOAT32, DataType.FLOAT64, DataType.INT16, DataType.UINT16);
        int[] shape = s.shape(3);
        Block x = s.block(t, shape);
        Params.Builder pb = Params.builder();
        Double lo = null;
        Double hi = null;
        boolean floatBounds = t.isFloat() || s.random().nextBoolean();
        if (s.random().nextInt(4) > 0) {
            lo = floatBounds ? s.random().nextDouble() * 20 - 10 : (double) (s.random().nextInt(21) - 10);
        }
        if (s.random().nextInt(4) > 0) {
            hi = floatBounds ? s.random().nextDouble() * 20 - 5 : (double) (s.random().nextInt(21) - 5);
        }
        if (t.isFloat() && s.random().nextInt(10) == 0) {
            lo = Double.NaN;
        }
        if (lo != null) {
            if (floatBounds) {
                pb.put("min", lo);
            } else {
                pb.put("min", lo.longValue());
            }
        }
        if (hi != null) {
            if (floatBounds) {
                pb.put("max", hi);
            } else {
                pb.put("max", hi.longValue());
            }
        }
        KernelCall call = KernelCall.builder().input(x).params(pb.build()).outputShape(shape).build();
        if (!t.isFloat() && t.isUnsigned() && hi != null && Math.floor(hi) < 0) {
            assertThatThrownBy(() -> call.applyTo(REGISTRY.get("clip"))).hasMessageContaining("clip max");
            return;
        }
        Block got = (Block) call.applyTo(REGISTRY.get("clip"));
        Object[] expected = new Object[x.size()];
        for (int f = 0; f < expected.length; f++) {
            int[] idx = Exact.unravel(f, shape);
            if (t.isFloat()) {
                double v = x.getDouble(idx);
                double l = lo == null ? Double.NEGATIVE_INFINITY : (t == DataType.FLOAT32 ? (float) (double) lo : lo);
                double h = hi == null ? Double.POSITIVE_INFINITY : (t == DataType.FLOAT32 ? (float) (double) hi : hi);
                expected[f] = ElementwiseReference.minimum(ElementwiseReference.maximum(v, l), h);
            } else {
                BigInteger v = Exact.integer(x, idx);
                if (lo != null && v.compareTo(BigInteger.valueOf((long) Math.ceil(lo))) < 0) {
                    v = BigInteger.valueOf((long) Math.ceil(lo)).max(Exact.min(t));
                }
                if (hi != null && v.compareTo(BigInteger.valueOf((long) Math.floor(hi))) > 0) {
                    v = BigInteger.valueOf((long) Math.floor(hi));
                }
                expected[f] = v;
            }
        }
        Double flo = lo;
        Double fhi = hi;
        check("clip", t, shape, got, expected, () -> "clip(" + x + ", " + flo + ", " + fhi + ")");
    }

    @Test
    void longRunsCrossBufferBoundariesWithScalarsAndStridedViews() {
        Samples s = new Samples(42);
        int[] shape = {3, 5001};
        Block big = s.block(DataType.FLOAT64, 5001, 3).transpose(1, 0); // non-contiguous
        Block scalar = Block.scalar(DataType.FLOAT32, 2.5f);
        Block row = s.block(DataType.INT16, 1, 5001);
        for (String op : List.of("add", "less", "maximum", "multiply")) {
            Block got = (Block) KernelCall.builder().input(big).input(scalar).outputShape(shape).build()
                    .applyTo(REGISTRY.get(op));
            Block got2 = (Block) KernelCall.builder().input(row).input(big).outputShape(shape).build()
                    .applyTo(REGISTRY.get(op));
            for (int f = 0; f < got.size(); f++) {
                int[] idx = Exact.unravel(f, shape);
                Object e1 = ElementwiseReference.floatBinary(op, big.getDouble(idx), 2.5, DataType.FLOAT64);
                Object e2 = ElementwiseReference.floatBinary(op, row.getDouble(0, idx[1]), big.getDouble(idx),
                        DataType.FLOAT64);
                assertSameValue(got, f, e1, op);
                assertSameValue(got2, f, e2, op);
            }
        }
        // compact same-shape fast path, long enough to span many pieces
        Block a = Block.of(new double[10_000], 10_000);
        Block b = Block.of(new double[10_000], 10_000);
        for (int i = 0; i < 10_000; i++) {
            a.setDoubleAt(i, i * 0.5);
            b.setDoubleAt(i, 10_000 - i);
        }
        Block sum = (Block) KernelCall.builder().input(a).input(b).outputShape(10_000).build().applyTo(REGISTRY.get("add"));
        for (int i = 0; i < 10_000; i++) {
            assertThat(sum.getDoubleAt(i)).isEqualTo(i * 0.5 + (10_000 - i));
        }
        assertThat(sum.isCompact()).isTrue();
    }

    @Test
    void inputsAreNeverModifiedAndResultsAreFresh() {
        Block a = Block.of(new double[] {1, 2, 3}, 3);
        Block b = Block.of(new double[] {4, 5, 6}, 3);
        Block r = (Block) KernelCall.builder().input(a).input(b).outputShape(3).build().applyTo(REGISTRY.get("add"));
        assertThat(r.data()).isNotSameAs(a.data()).isNotSameAs(b.data());
        assertThat((double[]) a.data()).containsExactly(1, 2, 3);
        assertThat((double[]) b.data()).containsExactly(4, 5, 6);
    }

    @Test
    void outputShapeMismatchNamesTheKernelAndBothShapes() {
        Block a = Block.of(new double[6], 2, 3);
        assertThatThrownBy(() -> KernelCall.builder().input(a).input(a).outputShape(3, 2).build()
                .applyTo(REGISTRY.get("add")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'add'").hasMessageContaining("[2, 3]").hasMessageContaining("[3, 2]");
        assertThatThrownBy(() -> KernelCall.builder().input(a).input(Block.of(new double[4], 4)).outputShape(2, 3).build()
                .applyTo(REGISTRY.get("add")))
                .hasMessageContaining("do not broadcast");
    }

    @Test
    void mixedSignComparisonsAreExact() {
        Block s = Block.of(new long[] {Long.MAX_VALUE, -1, 0}, 3);
        Block u = Block.wrap(DataType.UINT64, new long[] {Long.MAX_VALUE + 1L /* 2^63 as bits */, -1L, 0}, 3);
        Block lt = (Block) KernelCall.builder().input(s).input(u).outputShape(3).build().applyTo(REGISTRY.get("less"));
        Block eq = (Block) KernelCall.builder().input(u).input(s).outputShape(3).build().applyTo(REGISTRY.get("equal"));
        assertThat(lt.dtype()).isEqualTo(DataType.BOOL);
        // 2^63-1 < 2^63 (float64 would call them equal); -1 < 2^64-1; 0 == 0
        assertThat(new long[] {lt.getLongAt(0), lt.getLongAt(1), lt.getLongAt(2)}).containsExactly(1, 1, 0);
        assertThat(new long[] {eq.getLongAt(0), eq.getLongAt(1), eq.getLongAt(2)}).containsExactly(0, 0, 1);
    }

    @Test
    void aliasesAreTheSameKernelInstance() {
        assertThat(REGISTRY.get("arcsin")).isSameAs(REGISTRY.get("asin"));
        assertThat(REGISTRY.get("arctan2")).isSameAs(REGISTRY.get("atan2"));
        assertThat(REGISTRY.get("arccosh")).isSameAs(REGISTRY.get("acosh"));
    }

    @Test
    void log2IsExactForPowersOfTwoIncludingSubnormals() {
        double[] xs = new double[2098];
        for (int e = -1074, i = 0; e <= 1023; e++, i++) {
            xs[i] = Math.scalb(1.0, e);
        }
        Block got = (Block) KernelCall.builder().input(Block.of(xs, xs.length)).outputShape(xs.length).build()
                .applyTo(REGISTRY.get("log2"));
        for (int i = 0; i < xs.length; i++) {
            assertThat(got.getDoubleAt(i)).isEqualTo(-1074.0 + i);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static String canonical(String op) {
        return switch (op) {
            case "arctan2" -> "atan2";
            case "arcsin" -> "asin";
            case "arccos" -> "acos";
            case "arctan" -> "atan";
            case "arcsinh" -> "asinh";
            case "arccosh" -> "acosh";
            case "arctanh" -> "atanh";
            default -> op;
        };
    }

    private static boolean isFmaxFmin(String op) {
        return op.equals("fmax") || op.equals("fmin");
    }

    private static DataType pickType(Samples s, String op) {
        if (s.random().nextInt(10) == 0) {
            return s.dtype();
        }
        TypePromotion.Category c = isFmaxFmin(op) ? TypePromotion.Category.NUMERIC : ElementwiseKernels.signature(op).accepts();
        while (true) {
            DataType t = s.dtype();
            if (c.contains(t)) {
                return t;
            }
        }
    }

    private static boolean accepts(String op, DataType a, DataType b) {
        TypePromotion.Category c = isFmaxFmin(op) ? TypePromotion.Category.NUMERIC : ElementwiseKernels.signature(op).accepts();
        return c.contains(a) && c.contains(b) && c.contains(TypePromotion.resultType(a, b));
    }

    private static DataType resultType(String op, DataType a, DataType b) {
        return isFmaxFmin(op) ? TypePromotion.resultType(a, b) : ElementwiseKernels.signature(op).resultType(a, b);
    }

    private static Object binaryReference(String op, DataType p, Block x, int[] ix, Block y, int[] iy) {
        if (p.isIntegral() && !(p == DataType.FLOAT64)) {
            return ElementwiseReference.integerBinary(op, Exact.integer(x, ix), Exact.integer(y, iy), p);
        }
        if (p == DataType.FLOAT64 && x.dtype().isInteger() && y.dtype().isInteger()) {
            // int64 with uint64: comparisons are exact; everything else computes in float64
            Object exact = switch (op) {
                case "equal", "not_equal", "less", "less_equal", "greater", "greater_equal" ->
                        ElementwiseReference.integerBinary(op, Exact.integer(x, ix), Exact.integer(y, iy), p);
                default -> null;
            };
            if (exact != null) {
                return exact;
            }
        }
        double a = Exact.real(x, ix);
        double b = Exact.real(y, iy);
        if (p == DataType.FLOAT32) {
            a = (float) a;
            b = (float) b;
        }
        return ElementwiseReference.floatBinary(op, a, b, p);
    }

    /** The element at {@code idx} converted to {@code to} as the documented C cast does. */
    private static Object convert(Block x, int[] idx, DataType to) {
        if (x.dtype().isFloat()) {
            double v = x.getDouble(idx);
            if (to.isFloat()) {
                return to == DataType.FLOAT32 ? (double) (float) v : v;
            }
            if (to.isBool()) {
                return v != 0;
            }
            return Exact.castFloatToInteger(v);
        }
        BigInteger v = Exact.integer(x, idx);
        if (to.isFloat()) {
            return Exact.toFloat(v, to);
        }
        if (to.isBool()) {
            return v.signum() != 0;
        }
        return v;
    }

    private static void check(String op, DataType r, int[] shape, Block got, Object[] expected,
                              Supplier<String> what) {
        assertThat(got.dtype()).as("%s result type", op).isEqualTo(r);
        assertThat(got.shape()).as("%s result shape", op).isEqualTo(shape);
        assertThat(got.isCompact()).as("%s result is compact", op).isTrue();
        for (int f = 0; f < expected.length; f++) {
            Object e = expected[f];
            boolean ok;
            String gotText;
            if (r.isBool()) {
                boolean g = got.getLongAt(f) != 0;
                gotText = String.valueOf(g);
                ok = e instanceof Boolean eb ? eb == g : ((BigInteger) e).signum() != 0 == g;
            } else if (r.isFloat()) {
                double g = got.getDoubleAt(f);
                gotText = String.valueOf(g);
                double ev = e instanceof BigInteger bi ? Exact.toFloat(bi, r) : (Double) e;
                if (r == DataType.FLOAT32) {
                    ev = (float) ev;
                }
                if (ElementwiseReference.exactFloat(canonical(op)) || op.equals("where") || op.equals("astype")
                        || op.equals("clip") || (op.equals("floor_divide") && Math.abs(ev) < (r == DataType.FLOAT32 ? 0x1p20 : 0x1p50))) {
                    ok = Exact.same(g, ev);
                } else {
                    // logaddexp's log1p(exp(-d)) term loses a few more ulps than one rounding when
                    // the smaller operand is far below (seen: 8 ulps for a float32 and float64 pair)
                    ok = Exact.close(g, ev, r, canonical(op).equals("logaddexp") ? 16 : 4);
                }
                e = ev;
            } else {
                BigInteger g = r == DataType.UINT64 ? new BigInteger(Long.toUnsignedString(got.getLongAt(f)))
                        : BigInteger.valueOf(got.getLongAt(f));
                gotText = g.toString();
                BigInteger ev = e instanceof Boolean eb ? (eb ? BigInteger.ONE : BigInteger.ZERO) : (BigInteger) e;
                e = Exact.wrap(ev, r);
                ok = g.equals(e);
            }
            if (!ok) {
                fail(op + " element " + f + " " + Arrays.toString(Exact.unravel(f, shape)) + ": expected " + e + " but got "
                        + gotText + " (result " + r + ") for " + what.get());
            }
        }
    }

    private static void assertSameValue(Block got, int f, Object expected, String op) {
        if (expected instanceof Boolean b) {
            assertThat(got.getLongAt(f) != 0).as(op).isEqualTo(b);
        } else {
            assertThat(Exact.same(got.getDoubleAt(f), (Double) expected)).as(op + " at " + f).isTrue();
        }
    }
}
