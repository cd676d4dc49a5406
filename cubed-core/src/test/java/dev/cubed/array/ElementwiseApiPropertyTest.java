package dev.cubed.array;

import dev.cubed.block.Block;
import dev.cubed.block.DataType;
import dev.cubed.block.TypePromotion;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;

import static dev.cubed.array.ApiCases.assertExact;
import static dev.cubed.array.ApiCases.block;
import static dev.cubed.array.ApiCases.chunks;
import static dev.cubed.array.ApiCases.describe;
import static dev.cubed.array.ApiCases.unravel;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Element-wise functions through the public API against per-element formulas written here
 * (Python's float floor division, C99's pow, NumPy's integer wrap-around, shift and division-by-zero
 * rules), with broadcasting, NaN, infinities and signed zeros, and the result types of the array
 * API's promotion rules.
 */
class ElementwiseApiPropertyTest {
    private static Cubed single;
    private static Cubed threads;
    private static final DataType[] TYPES = {DataType.FLOAT64, DataType.FLOAT32, DataType.INT8, DataType.INT16,
        DataType.INT32, DataType.INT64, DataType.UINT8, DataType.UINT16, DataType.UINT32};
    static final List<String> UNARY = List.of("positive", "negative", "abs", "sign", "square", "floor", "ceil", "round",
            "trunc", "sqrt", "exp", "expm1", "log", "log1p", "log2", "log10", "sin", "cos", "tan", "asin", "acos",
            "atan", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh", "isnan", "isinf", "isfinite", "signbit");
    static final List<String> BINARY = List.of("add", "subtract", "multiply", "divide", "floor_divide", "remainder",
            "pow", "maximum", "minimum", "atan2", "hypot", "logaddexp", "copysign", "equal", "not_equal", "less",
            "less_equal", "greater", "greater_equal");
    private static final Set<String> PROMOTED = Set.of("positive", "negative", "abs", "sign", "square", "floor", "ceil",
            "round", "trunc", "add", "subtract", "multiply", "floor_divide", "remainder", "pow", "maximum", "minimum");
    private static final Set<String> BOOLEAN = Set.of("isnan", "isinf", "isfinite", "signbit", "equal", "not_equal",
            "less", "less_equal", "greater", "greater_equal");

    @BeforeContainer
    static void open() {
        single = ApiCases.session("elem1", false);
        threads = ApiCases.session("elem2", true);
    }

    @AfterContainer
    static void close() {
        single.close();
        threads.close();
    }

    private static DataType resultType(String fn, DataType promoted) {
        if (BOOLEAN.contains(fn)) {
            return DataType.BOOL;
        }
        if (PROMOTED.contains(fn)) {
            return promoted;
        }
        return promoted.isFloat() ? promoted : DataType.FLOAT64;
    }

    /** The float formula of each unary function. */
    static double unary(String fn, double x) {
        return switch (fn) {
            case "positive" -> x;
            case "negative" -> -x;
            case "abs" -> Math.abs(x);
            case "sign" -> Double.isNaN(x) ? x : x > 0 ? 1 : x < 0 ? -1 : 0.0;
            case "square" -> x * x;
            case "floor" -> Math.floor(x);
            case "ceil" -> Math.ceil(x);
            case "round" -> Math.rint(x);
            case "trunc" -> x < 0 ? Math.ceil(x) : Math.floor(x);
            case "sqrt" -> Math.sqrt(x);
            case "exp" -> Math.exp(x);
            case "expm1" -> Math.expm1(x);
            case "log" -> Math.log(x);
            case "log1p" -> Math.log1p(x);
            case "log2" -> Math.log(x) / Math.log(2);
            case "log10" -> Math.log10(x);
            case "sin" -> Math.sin(x);
            case "cos" -> Math.cos(x);
            case "tan" -> Math.tan(x);
            case "asin" -> Math.asin(x);
            case "acos" -> Math.acos(x);
            case "atan" -> Math.atan(x);
            case "sinh" -> Math.sinh(x);
            case "cosh" -> Math.cosh(x);
            case "tanh" -> Math.tanh(x);
            case "asinh" -> Double.isInfinite(x) ? x : Math.signum(x) * Math.log(Math.abs(x) + Math.sqrt(x * x + 1));
            case "acosh" -> Double.isInfinite(x) && x > 0 ? x : Math.log(x + Math.sqrt(x * x - 1));
            case "atanh" -> 0.5 * Math.log((1 + x) / (1 - x));
            case "isnan" -> Double.isNaN(x) ? 1 : 0;
            case "isinf" -> Double.isInfinite(x) ? 1 : 0;
            case "isfinite" -> Double.isFinite(x) ? 1 : 0;
            case "signbit" -> Double.doubleToRawLongBits(x) < 0 ? 1 : 0;
            default -> throw new IllegalArgumentException(fn);
        };
    }

    /** Python's float divmod (CPython's float_divmod): {floor quotient, remainder}. */
    static double[] divmod(double a, double b) {
        if (b == 0) {
            return new double[] {a / b, Double.NaN};
        }
        double mod = a % b;
        double div = (a - mod) / b;
        if (mod != 0) {
            if ((b < 0) != (mod < 0)) {
                mod += b;
                div -= 1.0;
            }
        } else {
            mod = Math.copySign(0.0, b);
        }
        double floordiv;
        if (div != 0) {
            floordiv = Math.floor(div);
            if (div - floordiv > 0.5) {
                floordiv += 1.0;
            }
        } else {
            floordiv = Math.copySign(0.0, a / b);
        }
        return new double[] {floordiv, mod};
    }

    /** The float formula of each binary function (comparisons give 1 or 0). */
    static double binary(String fn, double x, double y) {
        return switch (fn) {
            case "add" -> x + y;
            case "subtract" -> x - y;
            case "multiply" -> x * y;
            case "divide" -> x / y;
            case "floor_divide" -> divmod(x, y)[0];
            case "remainder" -> divmod(x, y)[1];
            case "pow" -> x == 1 || y == 0 ? 1 : x == -1 && Double.isInfinite(y) ? 1 : Math.pow(x, y);
            case "maximum" -> Double.isNaN(x) || Double.isNaN(y) ? Double.NaN : Math.max(x, y);
            case "minimum" -> Double.isNaN(x) || Double.isNaN(y) ? Double.NaN : Math.min(x, y);
            case "atan2" -> Math.atan2(x, y);
            case "hypot" -> Math.hypot(x, y);
            case "logaddexp" -> {
                if (x == y) {
                    yield x + Math.log(2);
                }
                double d = x - y;
                yield d > 0 ? x + Math.log1p(Math.exp(-d)) : d <= 0 ? y + Math.log1p(Math.exp(d)) : Double.NaN;
            }
            case "copysign" -> Double.doubleToRawLongBits(y) < 0 ? -Math.abs(x) : Math.abs(x);
            case "equal" -> x == y ? 1 : 0;
            case "not_equal" -> x != y ? 1 : 0;
            case "less" -> x < y ? 1 : 0;
            case "less_equal" -> x <= y ? 1 : 0;
            case "greater" -> x > y ? 1 : 0;
            case "greater_equal" -> x >= y ? 1 : 0;
            default -> throw new IllegalArgumentException(fn);
        };
    }

    /** Integer formulas in 64 bits (the result is wrapped to its type when stored). */
    static long integer(String fn, long x, long y) {
        return switch (fn) {
            case "positive" -> x;
            case "negative" -> -x;
            case "abs" -> Math.abs(x);
            case "sign" -> Long.signum(x);
            case "square" -> x * x;
            case "floor", "ceil", "round", "trunc" -> x;
            case "add" -> x + y;
            case "subtract" -> x - y;
            case "multiply" -> x * y;
            case "floor_divide" -> y == 0 ? 0 : Math.floorDiv(x, y);
            case "remainder" -> y == 0 ? 0 : Math.floorMod(x, y);
            case "pow" -> {
                long p = 1;
                for (long i = 0; i < y; i++) {
                    p *= x;
                }
                yield p;
            }
            case "maximum" -> Math.max(x, y);
            case "minimum" -> Math.min(x, y);
            default -> throw new IllegalArgumentException(fn);
        };
    }

    private static Block expected(DataType rt, int[] shape, Function<int[], double[]> value) {
        Block want = Block.allocate(rt, shape);
        for (int f = 0; f < want.size(); f++) {
            double[] v = value.apply(unravel(f, shape));
            if (rt.isFloat()) {
                want.setDoubleAt(f, rt == DataType.FLOAT32 ? (float) v[0] : v[0]);
            } else {
                want.setLongAt(f, (long) v[1]);
            }
        }
        return want;
    }

    private static void check(Block got, Block want, String what) {
        assertThat(got.dtype()).as("dtype of %s", what).isEqualTo(want.dtype());
        if (want.dtype().isFloat()) {
            ApiCases.assertClose(got, want, want.dtype() == DataType.FLOAT32 ? 2e-6 : 1e-13, what);
        } else {
            assertExact(got, want, what);
        }
    }

    @Property(tries = 40)
    void unaryFunctionsMatchTheirFormulas(@ForAll long seed) {
        Random r = new Random(seed);
        int[] shape = ApiCases.shape(r, 0, 3, 5);
        DataType t = TYPES[r.nextInt(TYPES.length)];
        Block x = block(t, shape, r, true);
        // values in (-1, 1) exercise the inverse functions' domains too
        if (t.isFloat() && r.nextBoolean()) {
            for (int i = 0; i < x.size(); i++) {
                double v = x.getDoubleAt(i);
                if (Double.isFinite(v)) {
                    x.setDoubleAt(i, v / 40);
                }
            }
        }
        List<String> fns = new ArrayList<>();
        for (int k = 0; k < 5; k++) {
            fns.add(UNARY.get(r.nextInt(UNARY.size())));
        }
        Cubed cb = r.nextBoolean() ? single : threads;
        int[] ch = chunks(r, shape);
        LazyArray a = cb.fromArray(x, ch);
        List<LazyArray> outs = new ArrayList<>();
        for (String fn : fns) {
            outs.add(api(a, fn));
        }
        List<Block> got = cb.compute(outs);
        for (int k = 0; k < fns.size(); k++) {
            String fn = fns.get(k);
            DataType rt = resultType(fn, t);
            Block want = expected(rt, shape, idx -> {
                int f = ApiCases.ravel(idx, shape);
                double v = x.getDoubleAt(f);
                if (!t.isFloat() && (PROMOTED.contains(fn) || fn.equals("signbit"))) {
                    long l = x.getLongAt(f);
                    return fn.equals("signbit") ? new double[] {0, l < 0 ? 1 : 0} : new double[] {0, integer(fn, l, 0)};
                }
                double w = unary(fn, t == DataType.FLOAT32 ? (float) v : v);
                return new double[] {w, w};
            });
            check(got.get(k), want, fn + " of " + describe(x, ch));
        }
    }

    /** The public method for each function name (so the test exercises the named API, not only elementwise()). */
    static LazyArray api(LazyArray a, String fn) {
        return switch (fn) {
            case "positive" -> a.positive();
            case "negative" -> a.negative();
            case "abs" -> a.abs();
            case "sign" -> a.sign();
            case "square" -> a.square();
            case "floor" -> a.floor();
            case "ceil" -> a.ceil();
            case "round" -> a.round();
            case "trunc" -> a.trunc();
            case "sqrt" -> a.sqrt();
            case "exp" -> a.exp();
            case "expm1" -> a.expm1();
            case "log" -> a.log();
            case "log1p" -> a.log1p();
            case "log2" -> a.log2();
            case "log10" -> a.log10();
            case "sin" -> a.sin();
            case "cos" -> a.cos();
            case "tan" -> a.tan();
            case "asin" -> a.asin();
            case "acos" -> a.acos();
            case "atan" -> a.atan();
            case "sinh" -> a.sinh();
            case "cosh" -> a.cosh();
            case "tanh" -> a.tanh();
            case "asinh" -> a.asinh();
            case "acosh" -> a.acosh();
            case "atanh" -> a.atanh();
            case "isnan" -> a.isnan();
            case "isinf" -> a.isinf();
            case "isfinite" -> a.isfinite();
            case "signbit" -> a.signbit();
            default -> throw new IllegalArgumentException(fn);
        };
    }

    static LazyArray api(LazyArray a, String fn, LazyArray b) {
        return switch (fn) {
            case "add" -> a.add(b);
            case "subtract" -> a.subtract(b);
            case "multiply" -> a.multiply(b);
            case "divide" -> a.divide(b);
            case "floor_divide" -> a.floorDivide(b);
            case "remainder" -> a.remainder(b);
            case "pow" -> a.pow(b);
            case "maximum" -> a.maximum(b);
            case "minimum" -> a.minimum(b);
            case "atan2" -> a.atan2(b);
            case "hypot" -> a.hypot(b);
            case "logaddexp" -> a.logaddexp(b);
            case "copysign" -> a.copysign(b);
            case "equal" -> a.equal(b);
            case "not_equal" -> a.notEqual(b);
            case "less" -> a.less(b);
            case "less_equal" -> a.lessEqual(b);
            case "greater" -> a.greater(b);
            case "greater_equal" -> a.greaterEqual(b);
            default -> throw new IllegalArgumentException(fn);
        };
    }

    @Property(tries = 60)
    void binaryFunctionsBroadcastAndMatchTheirFormulas(@ForAll long seed) {
        Random r = new Random(seed);
        int[] as = ApiCases.shape(r, 0, 3, 5);
        int drop = r.nextInt(as.length + 1);
        int[] bs = Arrays.copyOfRange(as, drop, as.length);
        for (int i = 0; i < bs.length; i++) {
            if (r.nextInt(3) == 0) {
                bs[i] = 1;
            }
        }
        if (r.nextBoolean()) {
            int[] tmp = as;
            as = bs;
            bs = tmp;
        }
        String fn = BINARY.get(r.nextInt(BINARY.size()));
        DataType ta = TYPES[r.nextInt(TYPES.length)];
        DataType tb = r.nextBoolean() ? ta : TYPES[r.nextInt(TYPES.length)];
        Block x = block(ta, as, r, true);
        Block y = block(tb, bs, r, true);
        DataType promoted = TypePromotion.resultType(ta, tb);
        if (fn.equals("pow") && !promoted.isFloat()) {
            // integers to negative powers are an error (as in NumPy): small non-negative exponents
            for (int i = 0; i < y.size(); i++) {
                y.setLongAt(i, r.nextInt(4));
            }
        }
        Cubed cb = r.nextBoolean() ? single : threads;
        int[] ca = chunks(r, as);
        int[] cbk = chunks(r, bs);
        Block got = api(cb.fromArray(x, ca), fn, cb.fromArray(y, cbk)).compute();
        DataType rt = resultType(fn, promoted);
        int[] outShape = ApiCases.broadcast(as, bs);
        int[] xs = as;
        int[] ys = bs;
        Block want = expected(rt, outShape, idx -> {
            int i = ApiCases.broadcastFlat(idx, xs);
            int j = ApiCases.broadcastFlat(idx, ys);
            if (!promoted.isFloat() && PROMOTED.contains(fn)) {
                return new double[] {0, integer(fn, x.getLongAt(i), y.getLongAt(j))};
            }
            double a = x.getDoubleAt(i);
            double b = y.getDoubleAt(j);
            if (promoted == DataType.FLOAT32) {
                a = (float) a;
                b = (float) b;
            }
            double w = binary(fn, a, b);
            if (promoted == DataType.FLOAT32 && (fn.equals("floor_divide") || fn.equals("remainder"))) {
                // float32 division rounds its quotient to float32 first, as NumPy's does
                w = binary32(fn, (float) a, (float) b);
            }
            return new double[] {w, w};
        });
        check(got, want, fn + " of " + describe(x, ca) + " and " + describe(y, cbk));
    }

    /** Python's divmod in float32 arithmetic. */
    static double binary32(String fn, float a, float b) {
        if (b == 0) {
            return fn.equals("floor_divide") ? a / b : Float.NaN;
        }
        float mod = a % b;
        float div = (a - mod) / b;
        if (mod != 0) {
            if ((b < 0) != (mod < 0)) {
                mod += b;
                div -= 1.0f;
            }
        } else {
            mod = Math.copySign(0.0f, b);
        }
        float floordiv;
        if (div != 0) {
            floordiv = (float) Math.floor(div);
            if (div - floordiv > 0.5f) {
                floordiv += 1.0f;
            }
        } else {
            floordiv = Math.copySign(0.0f, a / b);
        }
        return fn.equals("floor_divide") ? floordiv : mod;
    }

    @Property(tries = 40)
    void bitwiseAndLogicalFunctionsMatch(@ForAll long seed) {
        Random r = new Random(seed);
        int[] shape = ApiCases.shape(r, 0, 3, 5);
        DataType[] ints = {DataType.BOOL, DataType.INT8, DataType.INT16, DataType.INT32, DataType.INT64,
            DataType.UINT8, DataType.UINT16, DataType.UINT32, DataType.UINT64};
        DataType t = ints[r.nextInt(ints.length)];
        Block x = block(t, shape, r, false);
        Block y = block(t, shape, r, false);
        Block shifts = Block.allocate(t, shape);
        Cubed cb = r.nextBoolean() ? single : threads;
        int[] cx = chunks(r, shape);
        LazyArray a = cb.fromArray(x, cx);
        LazyArray b = cb.fromArray(y, chunks(r, shape));
        List<String> names = new ArrayList<>(List.of("bitwise_and", "bitwise_or", "bitwise_xor", "bitwise_invert"));
        List<LazyArray> outs = new ArrayList<>(List.of(a.bitwiseAnd(b), a.bitwiseOr(b), a.bitwiseXor(b),
                a.bitwiseInvert()));
        if (t.isBool()) {
            names.addAll(List.of("logical_and", "logical_or", "logical_xor", "logical_not", "logical_and_scalar"));
            outs.addAll(List.of(a.logicalAnd(b), a.logicalOr(b), a.logicalXor(b), a.logicalNot(), a.logicalAnd(true)));
        } else {
            // shift counts from -2 to past the type's width
            int width = t.itemSize() * 8;
            for (int i = 0; i < y.size(); i++) {
                shifts.setLongAt(i, t.isUnsigned() ? r.nextInt(width + 3) : r.nextInt(width + 5) - 2);
            }
            b = cb.fromArray(shifts, chunks(r, shape));
            names.addAll(List.of("bitwise_left_shift", "bitwise_right_shift"));
            outs.addAll(List.of(a.bitwiseLeftShift(b), a.bitwiseRightShift(b)));
        }
        List<Block> got = cb.compute(outs);
        int width = t.itemSize() * 8;
        for (int k = 0; k < names.size(); k++) {
            String fn = names.get(k);
            DataType rt = fn.startsWith("logical") ? DataType.BOOL : t;
            Block want = Block.allocate(rt, shape);
            for (int f = 0; f < want.size(); f++) {
                long p = x.getLongAt(f);
                long q = fn.contains("shift") ? shifts.getLongAt(f) : y.getLongAt(f);
                long v = switch (fn) {
                    case "bitwise_and" -> p & q;
                    case "bitwise_or" -> p | q;
                    case "bitwise_xor" -> p ^ q;
                    case "bitwise_invert" -> t.isBool() ? 1 - p : ~p;
                    case "logical_and" -> p != 0 && q != 0 ? 1 : 0;
                    case "logical_or" -> p != 0 || q != 0 ? 1 : 0;
                    case "logical_xor" -> (p != 0) != (q != 0) ? 1 : 0;
                    case "logical_not" -> p == 0 ? 1 : 0;
                    case "logical_and_scalar" -> p;
                    case "bitwise_left_shift" -> q < 0 || q >= width ? 0 : p << q;
                    default -> q < 0 || q >= width ? (p < 0 ? -1 : 0) : p >> q;
                };
                want.setLongAt(f, v);
            }
            assertExact(got.get(k), want, fn + " of " + describe(x, cx));
        }
    }

    @Property(tries = 30)
    void scalarOperandsFollowNep50(@ForAll long seed) {
        Random r = new Random(seed);
        int[] shape = ApiCases.shape(r, 0, 2, 5);
        DataType t = TYPES[r.nextInt(TYPES.length)];
        Block x = block(t, shape, r, true);
        Cubed cb = r.nextBoolean() ? single : threads;
        LazyArray a = cb.fromArray(x, chunks(r, shape));
        int si = r.nextInt(7) + 1;
        double sd = r.nextInt(20) / 4.0 - 2;
        List<Block> got = cb.compute(a.multiply(si), a.subtract(sd), a.maximum(si), a.less(sd), a.remainder(si),
                cb.elementwise("subtract", 10, a));
        DataType fd = t.isFloat() ? t : DataType.FLOAT64;
        String what = "scalar ops on " + t;
        check(got.get(0), expected(t, shape, idx -> two(x, idx, shape, "multiply", si, t)), "multiply " + what);
        check(got.get(1), expected(fd, shape, idx -> two(x, idx, shape, "subtract", sd, fd)), "subtract " + what);
        check(got.get(2), expected(t, shape, idx -> two(x, idx, shape, "maximum", si, t)), "maximum " + what);
        check(got.get(3), expected(DataType.BOOL, shape, idx -> two(x, idx, shape, "less", sd, fd)), "less " + what);
        check(got.get(4), expected(t, shape, idx -> two(x, idx, shape, "remainder", si, t)), "remainder " + what);
        Block rev = expected(t, shape, idx -> {
            double[] v = two(x, idx, shape, "subtract", 10, t);
            return new double[] {-v[0], -v[1]};
        });
        check(got.get(5), rev, "10 - x " + what);
    }

    private static double[] two(Block x, int[] idx, int[] shape, String fn, double s, DataType t) {
        int f = ApiCases.ravel(idx, shape);
        if (!t.isFloat() && (PROMOTED.contains(fn))) {
            return new double[] {0, integer(fn, x.getLongAt(f), (long) s)};
        }
        double a = x.getDoubleAt(f);
        double b = s;
        if (t == DataType.FLOAT32) {
            a = (float) a;
            b = (float) b;
            if (fn.equals("remainder")) {
                double w = binary32(fn, (float) a, (float) b);
                return new double[] {w, w};
            }
        }
        double w = binary(fn, a, b);
        if (fn.equals("subtract") && t == DataType.FLOAT32) {
            w = (float) a - (float) b;
        }
        return new double[] {w, w};
    }

    @Property(tries = 30)
    void clipKeepsTheTypeAndMatches(@ForAll long seed) {
        Random r = new Random(seed);
        int[] shape = ApiCases.shape(r, 0, 3, 5);
        DataType t = TYPES[r.nextInt(TYPES.length)];
        Block x = block(t, shape, r, true);
        Cubed cb = r.nextBoolean() ? single : threads;
        int[] cx = chunks(r, shape);
        LazyArray a = cb.fromArray(x, cx);
        Number lo = r.nextInt(4) == 0 ? null : (Number) (long) (r.nextInt(100) - (t.isUnsigned() ? 0 : 50));
        Number hi = r.nextInt(4) == 0 ? null : (Number) (long) (r.nextInt(100) + 20);
        Block lb = block(t, shape, r, false);
        Block hb = block(t, shape, r, false);
        List<Block> got = cb.compute(a.clip(lo, hi), a.clip(cb.fromArray(lb, chunks(r, shape)),
                cb.fromArray(hb, chunks(r, shape))));
        Block want = Block.allocate(t, shape);
        Block want2 = Block.allocate(t, shape);
        for (int f = 0; f < want.size(); f++) {
            if (t.isFloat()) {
                double v = x.getDoubleAt(f);
                double w = v;
                if (lo != null) {
                    w = Double.isNaN(w) ? w : Math.max(w, lo.doubleValue());
                }
                if (hi != null) {
                    w = Double.isNaN(w) ? w : Math.min(w, hi.doubleValue());
                }
                want.setDoubleAt(f, w);
                double w2 = binary("minimum", binary("maximum", v, lb.getDoubleAt(f)), hb.getDoubleAt(f));
                want2.setDoubleAt(f, w2);
            } else {
                long v = x.getLongAt(f);
                long w = v;
                if (lo != null) {
                    w = Math.max(w, lo.longValue());
                }
                if (hi != null) {
                    w = Math.min(w, hi.longValue());
                }
                want.setLongAt(f, w);
                want2.setLongAt(f, Math.min(Math.max(v, lb.getLongAt(f)), hb.getLongAt(f)));
            }
        }
        check(got.get(0), want, "clip(" + lo + ", " + hi + ") of " + describe(x, cx));
        check(got.get(1), want2, "clip with array bounds of " + describe(x, cx));
    }
}
