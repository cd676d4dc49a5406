package dev.cubed.kernel;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cubed.block.Block;
import dev.cubed.block.DataType;
import dev.cubed.block.NamedBlocks;
import dev.cubed.block.TypePromotion;
import dev.cubed.block.Value;
import dev.cubed.block.ValueType;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * Every reduction: initial on chunks of a block (views along the reduced axes, with their
 * origins), combined in several groupings, then aggregated, must equal a direct element-by-element
 * reduction of the whole block. That equality is what makes results independent of chunking.
 */
class ReductionKernelsTest {
    private static final KernelRegistry REGISTRY = KernelRegistry.load();
    private static final MathContext MC = new MathContext(60);

    @Property(tries = 1500)
    void chunkedReductionsEqualTheDirectReduction(@ForAll long seed) {
        Samples s = new Samples(seed);
        Random rnd = s.random();
        List<String> names = new ArrayList<>(Reductions.names());
        String name = names.get(rnd.nextInt(names.size()));
        DataType t = s.dtype();
        if ((name.contains("mean") || name.contains("var") || name.contains("std")) && t.isBool()) {
            assertThatThrownBy(() -> Reductions.describe(name, t, Params.empty())).hasMessageContaining("bool");
            return;
        }
        int rank = 1 + rnd.nextInt(3);
        int[] shape = new int[rank];
        for (int i = 0; i < rank; i++) {
            shape[i] = rnd.nextInt(12) == 0 ? 0 : 1 + rnd.nextInt(6);
        }
        Block x = block(s, name, t, shape);
        int[] axes = axes(rnd, name, rank);
        Params.Builder pb = Params.builder();
        if ((name.equals("sum") || name.equals("prod") || name.equals("nansum")) && rnd.nextInt(4) == 0) {
            // (products of large integers overflow a float accumulator in an order-dependent way, as in NumPy)
            pb.put("dtype", name.equals("prod") && !t.isFloat()
                    ? s.dtype(DataType.INT64, DataType.INT8, DataType.UINT32)
                    : s.dtype(DataType.INT64, DataType.INT8, DataType.UINT32, DataType.FLOAT64, DataType.FLOAT32));
        }
        if ((name.contains("var") || name.contains("std")) && rnd.nextBoolean()) {
            pb.put("correction", (double) rnd.nextInt(3));
        }
        ReductionDescriptor d = Reductions.describe(name, t, pb.build());
        int[] keep = shape.clone();
        for (int a : axes) {
            keep[a] = 1;
        }
        boolean empty = Arrays.stream(axes).anyMatch(a -> shape[a] == 0);
        Object[] expected = reference(name, x, axes, keep, d);

        List<Value> chunks = chunks(rnd, x, axes, d, keep);
        for (Value c : chunks) {
            assertThat(d.intermediateType().matches(c)).as("%s intermediate %s is %s", name, ValueType.of(c),
                    d.intermediateType()).isTrue();
        }
        List<Value> results = new ArrayList<>();
        results.add(aggregate(d, leftFold(d, chunks, keep), keep));
        results.add(aggregate(d, rightFold(d, chunks, keep), keep));
        results.add(aggregate(d, randomTree(rnd, d, chunks, keep), keep));
        results.add(aggregate(d, manyFold(d, chunks, keep), keep));
        for (Value r : results) {
            Block b = (Block) r;
            assertThat(b.dtype()).as(name + " result type").isEqualTo(d.resultType());
            assertThat(b.shape()).isEqualTo(keep);
            if (empty && (name.contains("max") || name.contains("min"))) {
                continue; // no identity: the planner rejects empty reductions of these
            }
            check(name, d.resultType(), b, expected, x, axes);
        }
    }

    // ---------------------------------------------------------------- inputs

    private static Block block(Samples s, String name, DataType t, int[] shape) {
        Block x = s.block(t, shape);
        if (!name.contains("prod") || !t.isFloat()) {
            return x;
        }
        // products of moderate values stay clear of overflow and underflow whatever the order
        Block c = Block.allocate(t, shape);
        Random r = s.random();
        for (int i = 0; i < c.size(); i++) {
            int k = r.nextInt(12);
            double v = k == 0 ? Double.NaN : k == 1 ? Double.POSITIVE_INFINITY : k == 2 ? -0.0 : k == 3 ? 0.0
                    : (r.nextBoolean() ? 1 : -1) * (0.5 + 1.5 * r.nextDouble());
            c.setDoubleAt(i, v);
        }
        return s.layout(c);
    }

    private static int[] axes(Random rnd, String name, int rank) {
        if (name.startsWith("arg")) {
            return new int[] {rnd.nextInt(rank)};
        }
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < rank; i++) {
            if (rnd.nextBoolean()) {
                all.add(i);
            }
        }
        if (all.isEmpty() && rnd.nextInt(4) > 0) {
            all.add(rnd.nextInt(rank)); // else reduce no axis at all: each output is one element
        }
        return all.stream().mapToInt(Integer::intValue).toArray();
    }

    // ---------------------------------------------------------------- running the kernels

    /** Splits x along the reduced axes into views, runs initial on each with its origin. */
    private static List<Value> chunks(Random rnd, Block x, int[] axes, ReductionDescriptor d, int[] keep) {
        int[] shape = x.shape();
        List<int[]> cuts = new ArrayList<>();
        for (int a = 0; a < shape.length; a++) {
            final int ax = a;
            boolean reduced = Arrays.stream(axes).anyMatch(v -> v == ax);
            List<Integer> c = new ArrayList<>();
            c.add(0);
            if (reduced) {
                for (int p = 1; p < shape[a]; p++) {
                    if (rnd.nextInt(3) == 0) {
                        c.add(p);
                    }
                }
            }
            c.add(shape[a]);
            cuts.add(c.stream().mapToInt(Integer::intValue).toArray());
        }
        List<Value> out = new ArrayList<>();
        int[] pick = new int[shape.length];
        while (true) {
            int[] start = new int[shape.length];
            int[] stop = new int[shape.length];
            long[] origin = new long[shape.length];
            for (int a = 0; a < shape.length; a++) {
                start[a] = cuts.get(a)[pick[a]];
                stop[a] = cuts.get(a)[pick[a] + 1];
                origin[a] = start[a] + 1000L * a; // blocks sit at an offset in a bigger array
            }
            Block view = x.slice(start, stop);
            Params p = withAxes(d.params(), axes);
            out.add(KernelCall.builder().input(view, origin).params(p).outputShape(keep).build()
                    .applyTo(REGISTRY.get(d.initialKernel())));
            int a = shape.length - 1;
            while (a >= 0) {
                pick[a]++;
                if (pick[a] < cuts.get(a).length - 1) {
                    break;
                }
                pick[a] = 0;
                a--;
            }
            if (a < 0) {
                break;
            }
        }
        return out;
    }

    /** The descriptor's parameters plus the initial kernel's {@code axes}. */
    private static Params withAxes(Params p, int[] axes) {
        ObjectNode node = (ObjectNode) p.json();
        ArrayNode a = node.putArray("axes");
        for (int ax : axes) {
            a.add(ax);
        }
        return Params.of(node);
    }

    private static Value combine(ReductionDescriptor d, Value a, Value b, int[] keep) {
        return KernelCall.builder().input(a).input(b).params(d.params()).outputShape(keep).build()
                .applyTo(REGISTRY.get(d.combineKernel()));
    }

    private static Value aggregate(ReductionDescriptor d, Value v, int[] keep) {
        return KernelCall.builder().input(v).params(d.params()).outputShape(keep).build()
                .applyTo(REGISTRY.get(d.aggregateKernel()));
    }

    private static Value leftFold(ReductionDescriptor d, List<Value> c, int[] keep) {
        Value acc = c.get(0);
        for (int i = 1; i < c.size(); i++) {
            acc = combine(d, acc, c.get(i), keep);
        }
        return acc;
    }

    private static Value rightFold(ReductionDescriptor d, List<Value> c, int[] keep) {
        Value acc = c.get(c.size() - 1);
        for (int i = c.size() - 2; i >= 0; i--) {
            acc = combine(d, c.get(i), acc, keep);
        }
        return acc;
    }

    private static Value randomTree(Random rnd, ReductionDescriptor d, List<Value> c, int[] keep) {
        List<Value> pool = new ArrayList<>(c);
        while (pool.size() > 1) {
            Value a = pool.remove(rnd.nextInt(pool.size()));
            Value b = pool.remove(rnd.nextInt(pool.size()));
            pool.add(rnd.nextInt(pool.size() + 1), combine(d, a, b, keep));
        }
        return pool.get(0);
    }

    private static Value manyFold(ReductionDescriptor d, List<Value> c, int[] keep) {
        return KernelCall.builder().many(c).params(d.params()).outputShape(keep).build()
                .applyTo(REGISTRY.get(d.combineKernel()));
    }

    // ---------------------------------------------------------------- the reference

    /** The expected result per output element: BigInteger, Double or Boolean. */
    private static Object[] reference(String name, Block x, int[] axes, int[] keep, ReductionDescriptor d) {
        int[] shape = x.shape();
        int outSize = Block.sizeOf(keep);
        Object[] out = new Object[outSize];
        List<List<int[]>> groups = new ArrayList<>();
        for (int o = 0; o < outSize; o++) {
            groups.add(new ArrayList<>());
        }
        for (int f = 0; f < x.size(); f++) {
            int[] idx = Exact.unravel(f, shape);
            int[] k = idx.clone();
            for (int a : axes) {
                k[a] = 0;
            }
            groups.get(flat(k, keep)).add(idx);
        }
        for (int o = 0; o < outSize; o++) {
            out[o] = reduceGroup(name, x, groups.get(o), axes, d);
        }
        return out;
    }

    private static int flat(int[] idx, int[] shape) {
        int f = 0;
        for (int i = 0; i < shape.length; i++) {
            f = f * shape[i] + idx[i];
        }
        return f;
    }

    private static Object reduceGroup(String name, Block x, List<int[]> g, int[] axes, ReductionDescriptor d) {
        DataType t = x.dtype();
        DataType r = d.resultType();
        boolean skipNan = name.startsWith("nan");
        switch (name) {
            case "all":
                return g.stream().allMatch(i -> truth(x, i));
            case "any":
                return g.stream().anyMatch(i -> truth(x, i));
            case "count_nonzero":
                return BigInteger.valueOf(g.stream().filter(i -> truth(x, i)).count());
            case "sum", "nansum", "prod", "nanprod": {
                boolean prod = name.contains("prod");
                if (!r.isFloat()) {
                    BigInteger acc = prod ? BigInteger.ONE : BigInteger.ZERO;
                    for (int[] i : g) {
                        BigInteger v;
                        if (t.isFloat()) {
                            double dv = x.getDouble(i);
                            v = skipNan && Double.isNaN(dv) ? (prod ? BigInteger.ONE : BigInteger.ZERO)
                                    : Exact.castFloatToInteger(dv);
                        } else {
                            v = Exact.integer(x, i);
                        }
                        acc = prod ? acc.multiply(v) : acc.add(v);
                    }
                    return acc;
                }
                List<Double> vals = new ArrayList<>();
                for (int[] i : g) {
                    double v = Exact.real(x, i);
                    if (!(skipNan && Double.isNaN(v))) {
                        vals.add(v);
                    }
                }
                return prod ? exactProduct(vals) : exactSum(vals);
            }
            case "max", "min", "nanmax", "nanmin": {
                boolean max = name.contains("max");
                if (t.isFloat()) {
                    Double best = null;
                    boolean sawNan = false;
                    for (int[] i : g) {
                        double v = x.getDouble(i);
                        if (Double.isNaN(v)) {
                            sawNan = true;
                            continue;
                        }
                        if (best == null || (max ? v > best : v < best)
                                || (v == best && (max ? Double.doubleToRawLongBits(v) >= 0 : Double.doubleToRawLongBits(v) < 0))) {
                            best = v;
                        }
                    }
                    if (sawNan && !skipNan) {
                        return Double.NaN;
                    }
                    return best == null ? Double.NaN : best;
                }
                BigInteger best = null;
                for (int[] i : g) {
                    BigInteger v = Exact.integer(x, i);
                    if (best == null || (max ? v.compareTo(best) > 0 : v.compareTo(best) < 0)) {
                        best = v;
                    }
                }
                return best;
            }
            case "argmax", "argmin": {
                boolean max = name.equals("argmax");
                int axis = axes[0];
                int bestAt = -1;
                Object best = null;
                for (int[] i : g) { // groups list elements in C order, so in increasing position along the axis
                    Object v = t.isFloat() ? (Object) x.getDouble(i) : Exact.integer(x, i);
                    boolean better;
                    if (best == null) {
                        better = true;
                    } else if (t.isFloat()) {
                        double b = (Double) best;
                        double c = (Double) v;
                        better = !Double.isNaN(b) && (Double.isNaN(c) || (max ? c > b : c < b));
                    } else {
                        int cmp = ((BigInteger) v).compareTo((BigInteger) best);
                        better = max ? cmp > 0 : cmp < 0;
                    }
                    if (better) {
                        best = v;
                        bestAt = i[axis];
                    }
                }
                return BigInteger.valueOf(bestAt < 0 ? -1 : bestAt + 1000L * axis);
            }
            case "mean", "nanmean", "var", "nanvar", "std", "nanstd": {
                List<Double> vals = new ArrayList<>();
                for (int[] i : g) {
                    double v = Exact.real(x, i);
                    if (!(skipNan && Double.isNaN(v))) {
                        vals.add(v);
                    }
                }
                Double special = specialSum(vals);
                if (name.contains("mean")) {
                    if (vals.isEmpty()) {
                        return Double.NaN;
                    }
                    if (special != null) {
                        return special;
                    }
                    return exact(vals).divide(BigDecimal.valueOf(vals.size()), MC).doubleValue();
                }
                double corr = d.params().getDouble("correction");
                double dof = Math.max(vals.size() - corr, 0);
                boolean anyNonFinite = vals.stream().anyMatch(v -> Double.isNaN(v) || Double.isInfinite(v));
                double var;
                if (anyNonFinite) {
                    var = Double.NaN;
                } else if (vals.isEmpty()) {
                    var = Double.NaN;
                } else {
                    // n * sum(x^2) - sum(x)^2 = n * sum((x - mean)^2), computed exactly
                    BigDecimal sum = exact(vals);
                    BigDecimal sq = BigDecimal.ZERO;
                    for (double v : vals) {
                        sq = sq.add(new BigDecimal(v).multiply(new BigDecimal(v)));
                    }
                    BigDecimal n = BigDecimal.valueOf(vals.size());
                    BigDecimal num = n.multiply(sq).subtract(sum.multiply(sum));
                    var = dof == 0 ? (num.signum() == 0 ? Double.NaN : Double.POSITIVE_INFINITY)
                            : num.divide(n.multiply(new BigDecimal(dof)), MC).doubleValue();
                }
                return name.contains("std") ? Math.sqrt(var) : var;
            }
            default:
                throw new IllegalArgumentException(name);
        }
    }

    private static boolean truth(Block x, int[] i) {
        return x.dtype().isFloat() ? x.getDouble(i) != 0 : Exact.integer(x, i).signum() != 0;
    }

    private static BigDecimal exact(List<Double> vals) {
        BigDecimal s = BigDecimal.ZERO;
        for (double v : vals) {
            s = s.add(new BigDecimal(v));
        }
        return s;
    }

    /** The sum when it is not finite (NaN for a NaN or both infinities, else the infinity), or null when all are finite. */
    private static Double specialSum(List<Double> vals) {
        boolean pos = false;
        boolean neg = false;
        for (double v : vals) {
            if (Double.isNaN(v)) {
                return Double.NaN;
            }
            pos |= v == Double.POSITIVE_INFINITY;
            neg |= v == Double.NEGATIVE_INFINITY;
        }
        if (pos && neg) {
            return Double.NaN;
        }
        if (pos || neg) {
            return pos ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        }
        return null;
    }

    private static double exactSum(List<Double> vals) {
        Double special = specialSum(vals);
        return special != null ? special : exact(vals).doubleValue();
    }

    private static double exactProduct(List<Double> vals) {
        if (vals.stream().anyMatch(v -> Double.isNaN(v))) {
            return Double.NaN;
        }
        boolean inf = vals.stream().anyMatch(v -> Double.isInfinite(v));
        boolean zero = vals.stream().anyMatch(v -> v == 0);
        if (inf && zero) {
            return Double.NaN;
        }
        boolean negative = vals.stream().filter(v -> Double.doubleToRawLongBits(v) < 0).count() % 2 == 1;
        if (inf) {
            return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        BigDecimal p = BigDecimal.ONE;
        for (double v : vals) {
            p = p.multiply(new BigDecimal(v), MC);
        }
        double r = p.doubleValue();
        return r == 0 ? (negative ? -0.0 : 0.0) : r;
    }

    // ---------------------------------------------------------------- comparison

    private static void check(String name, DataType r, Block got, Object[] expected, Block x, int[] axes) {
        double scale = r.isFloat() ? sumOfMagnitudes(x, name) : 0;
        for (int o = 0; o < expected.length; o++) {
            Object e = expected[o];
            boolean ok;
            String g;
            if (r.isBool()) {
                g = String.valueOf(got.getLongAt(o) != 0);
                boolean ev = e instanceof Boolean b ? b : ((BigInteger) e).signum() != 0;
                ok = ev == (got.getLongAt(o) != 0);
            } else if (!r.isFloat()) {
                BigInteger gv = r == DataType.UINT64 ? new BigInteger(Long.toUnsignedString(got.getLongAt(o)))
                        : BigInteger.valueOf(got.getLongAt(o));
                g = gv.toString();
                e = Exact.wrap((BigInteger) e, r);
                ok = gv.equals(e);
            } else {
                double gv = got.getDoubleAt(o);
                g = String.valueOf(gv);
                double ev = e instanceof BigInteger bi ? bi.doubleValue() : (Double) e;
                if (name.contains("max") || name.contains("min")) {
                    ok = Exact.same(gv, r == DataType.FLOAT32 ? (float) ev : ev);
                } else {
                    ok = close(gv, ev, r, scale);
                }
                e = ev;
            }
            if (!ok) {
                fail(name + " output " + o + ": expected " + e + " but got " + g + " (" + r + ") for " + x
                        + " over axes " + Arrays.toString(axes));
            }
        }
    }

    /** A scale for rounding errors: the sum of |x| (or of |x - mean|^2 terms for variances) of the whole block. */
    private static double sumOfMagnitudes(Block x, String name) {
        double s = 0;
        for (int f = 0; f < x.size(); f++) {
            double v = Math.abs(x.dtype().isFloat() ? x.getDoubleAt(f) : Exact.integer(x, Exact.unravel(f, x.shape())).doubleValue());
            if (Double.isFinite(v)) {
                s += name.contains("var") || name.contains("std") ? v * v : v;
            }
        }
        return s;
    }

    private static boolean close(double got, double expected, DataType r, double scale) {
        if (Double.isNaN(expected) || Double.isInfinite(expected)) {
            return Exact.same(got, expected) || (Double.isNaN(expected) && Double.isNaN(got));
        }
        double tol = 1e-13 * scale + 1e-300;
        if (r == DataType.FLOAT32) {
            tol += Math.ulp((float) expected) + 1e-7 * Math.abs(expected);
        } else {
            tol += 4 * Math.ulp(expected);
        }
        return Math.abs(got - expected) <= tol || (expected == 0 && Math.abs(got) <= tol);
    }

    // ---------------------------------------------------------------- specific cases

    @Test
    void descriptorsFollowTheArrayApiDefaults() {
        assertThat(Reductions.describe("sum", DataType.INT8, Params.empty()).resultType()).isEqualTo(DataType.INT64);
        assertThat(Reductions.describe("sum", DataType.UINT8, Params.empty()).resultType()).isEqualTo(DataType.UINT64);
        assertThat(Reductions.describe("sum", DataType.BOOL, Params.empty()).resultType()).isEqualTo(DataType.INT64);
        assertThat(Reductions.describe("sum", DataType.FLOAT32, Params.empty()).intermediateType())
                .isEqualTo(ValueType.plain(DataType.FLOAT64));
        assertThat(Reductions.describe("sum", DataType.FLOAT32, Params.empty()).params().getDataType("dtype"))
                .isEqualTo(DataType.FLOAT32);
        assertThat(Reductions.describe("prod", DataType.INT32, Params.builder().put("dtype", "float32").build())
                .resultType()).isEqualTo(DataType.FLOAT32);
        ReductionDescriptor mean = Reductions.describe("mean", DataType.INT16, Params.empty());
        assertThat(mean.resultType()).isEqualTo(DataType.FLOAT64);
        assertThat(mean.intermediateType()).isEqualTo(ValueType.fields("sum", DataType.FLOAT64, "count", DataType.INT64));
        assertThat(mean.initialKernel()).isEqualTo("mean.initial");
        assertThat(Reductions.describe("all", DataType.FLOAT32, Params.empty()).resultType()).isEqualTo(DataType.BOOL);
        assertThat(Reductions.describe("argmax", DataType.UINT16, Params.empty()).intermediateType())
                .isEqualTo(ValueType.fields("value", DataType.UINT16, "index", DataType.INT64));
        assertThat(Reductions.describe("count_nonzero", DataType.FLOAT64, Params.empty()).resultType())
                .isEqualTo(DataType.INT64);
        assertThat(Reductions.describe("var", DataType.FLOAT32, Params.empty()).params().getDouble("correction"))
                .isEqualTo(0.0);
        assertThat(Reductions.describe("max", DataType.UINT64, Params.empty()).resultType()).isEqualTo(DataType.UINT64);
        for (String n : Reductions.names()) {
            assertThat(REGISTRY.contains(n + ".initial") && REGISTRY.contains(n + ".combine")
                    && REGISTRY.contains(n + ".aggregate")).as(n).isTrue();
        }
        assertThatThrownBy(() -> Reductions.describe("median", DataType.FLOAT64, Params.empty()))
                .hasMessageContaining("median");
        assertThatThrownBy(() -> Reductions.describe("mean", DataType.FLOAT64, Params.builder().put("dtype", "int32").build()))
                .hasMessageContaining("dtype");
    }

    @Test
    void varianceStaysAccurateForALargeMeanAcrossChunks() {
        // values 1e9 + {4, 7, 13, 16}: a naive sum-of-squares formula loses every digit here
        double[] v = {1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16};
        ReductionDescriptor d = Reductions.describe("var", DataType.FLOAT64, Params.empty());
        Params p = Params.of(((ObjectNode) d.params().json()).put("correction", 1.0));
        Params pi = withAxes(p, new int[] {0});
        Value a = KernelCall.builder().input(Block.of(new double[] {v[0], v[1], v[2]}, 3)).params(pi).outputShape(1).build()
                .applyTo(REGISTRY.get("var.initial"));
        Value b = KernelCall.builder().input(Block.of(new double[] {v[3]}, 1)).params(pi).outputShape(1).build()
                .applyTo(REGISTRY.get("var.initial"));
        Value c = KernelCall.builder().input(a).input(b).params(p).outputShape(1).build().applyTo(REGISTRY.get("var.combine"));
        Block r = (Block) KernelCall.builder().input(c).params(p).outputShape(1).build().applyTo(REGISTRY.get("var.aggregate"));
        assertThat(r.getDoubleAt(0)).isEqualTo(30.0);
    }

    @Test
    void argmaxTiesAndNanFollowNumpyAcrossBlocks() {
        // [3, 7, 7, nan, 7, nan] split as [3, 7] [7, nan] [7, nan]: argmax is the first NaN (3); without NaN the first 7 (1)
        double[][] parts = {{3, 7}, {7, Double.NaN}, {7, Double.NaN}};
        double[][] noNan = {{3, 7}, {7, 1}, {7, 2}};
        assertThat(argmax(parts, "argmax")).isEqualTo(3);
        assertThat(argmax(noNan, "argmax")).isEqualTo(1);
        assertThat(argmax(noNan, "argmin")).isEqualTo(3);
    }

    private static long argmax(double[][] parts, String name) {
        ReductionDescriptor d = Reductions.describe(name, DataType.FLOAT64, Params.empty());
        Params pi = Params.builder().put("axes", new int[] {0}).build();
        List<Value> inter = new ArrayList<>();
        long origin = 0;
        for (double[] part : parts) {
            inter.add(KernelCall.builder().input(Block.of(part, part.length), origin).params(pi).outputShape(1).build()
                    .applyTo(REGISTRY.get(d.initialKernel())));
            origin += part.length;
        }
        // combine right to left so the later blocks meet first
        Value acc = inter.get(2);
        acc = combine(d, inter.get(1), acc, new int[] {1});
        acc = combine(d, acc, inter.get(0), new int[] {1});
        return ((Block) aggregate(d, acc, new int[] {1})).getLongAt(0);
    }

    @Test
    void emptyBlocksDoNotCrashAndYieldIdentities() {
        Block empty = Block.allocate(DataType.FLOAT64, 0, 3);
        Params axes0 = Params.builder().put("axes", new int[] {0}).build();
        for (String n : Reductions.names()) {
            Value v = KernelCall.builder().input(empty).params(axes0).outputShape(1, 3).build()
                    .applyTo(REGISTRY.get(n + ".initial"));
            assertThat(v.shape()).isEqualTo(new int[] {1, 3});
            Value c = KernelCall.builder().input(v).input(v).outputShape(1, 3).build().applyTo(REGISTRY.get(n + ".combine"));
            assertThat(c.shape()).isEqualTo(new int[] {1, 3});
        }
        Block s = (Block) KernelCall.builder().input(empty).params(axes0).outputShape(1, 3).build()
                .applyTo(REGISTRY.get("sum.initial"));
        assertThat(s.getDoubleAt(0)).isEqualTo(0.0);
        Block p = (Block) KernelCall.builder().input(empty).params(axes0).outputShape(1, 3).build()
                .applyTo(REGISTRY.get("prod.initial"));
        assertThat(p.getDoubleAt(2)).isEqualTo(1.0);
    }

    @Test
    void nanmaxOfAllNanIsNanEvenCombinedWithAnEmptyBlock() {
        Params axes0 = Params.builder().put("axes", new int[] {0}).build();
        Value allNan = KernelCall.builder().input(Block.of(new double[] {Double.NaN, Double.NaN}, 2)).params(axes0)
                .outputShape(1).build().applyTo(REGISTRY.get("nanmax.initial"));
        Value none = KernelCall.builder().input(Block.allocate(DataType.FLOAT64, 0)).params(axes0)
                .outputShape(1).build().applyTo(REGISTRY.get("nanmax.initial"));
        Block r = (Block) KernelCall.builder().input(allNan).input(none).outputShape(1).build()
                .applyTo(REGISTRY.get("nanmax.combine"));
        assertThat(r.getDoubleAt(0)).isNaN();
    }

    @Test
    void reductionsOverLargeBlocksInBothVisitingOrders() {
        Samples s = new Samples(7);
        Block x = s.block(DataType.FLOAT32, 300, 500);
        for (int[] axes : new int[][] {{0}, {1}, {0, 1}}) {
            int[] keep = {axes.length == 2 || axes[0] == 0 ? 1 : 300, axes.length == 2 || axes[0] == 1 ? 1 : 500};
            for (String n : List.of("sum", "max", "nanmean", "count_nonzero")) {
                ReductionDescriptor d = Reductions.describe(n, DataType.FLOAT32, Params.empty());
                Object[] expected = reference(n, x, axes, keep, d);
                Params p = withAxes(d.params(), axes);
                Value i = KernelCall.builder().input(x).params(p).outputShape(keep).build().applyTo(REGISTRY.get(n + ".initial"));
                Block r = (Block) aggregate(d, i, keep);
                check(n, d.resultType(), r, expected, x, axes);
            }
        }
    }

    @Test
    void integerSumsWrapAndUnsignedMaxIsUnsigned() {
        Block u = Block.wrap(DataType.UINT64, new long[] {-1L, 5L, Long.MIN_VALUE}, 3);
        Params axes0 = Params.builder().put("axes", new int[] {0}).build();
        Block m = (Block) KernelCall.builder().input(u).params(axes0).outputShape(1).build().applyTo(REGISTRY.get("max.initial"));
        assertThat(m.getLongAt(0)).isEqualTo(-1L); // 2^64 - 1
        Block i8 = Block.wrap(DataType.INT8, new byte[] {100, 100, 100}, 3);
        Params int8 = Params.builder().put("axes", new int[] {0}).put("dtype", "int8").build();
        Value s = KernelCall.builder().input(i8).params(int8).outputShape(1).build().applyTo(REGISTRY.get("sum.initial"));
        Block r = (Block) KernelCall.builder().input(s).params(int8).outputShape(1).build().applyTo(REGISTRY.get("sum.aggregate"));
        assertThat(r.dtype()).isEqualTo(DataType.INT8);
        assertThat(r.getLongAt(0)).isEqualTo((byte) 300);
        assertThat(TypePromotion.sumType(DataType.INT8)).isEqualTo(DataType.INT64);
    }

    @Test
    void wrongShapesAndMissingFieldsGiveClearErrors() {
        Params axes0 = Params.builder().put("axes", new int[] {0}).build();
        assertThatThrownBy(() -> KernelCall.builder().input(Block.of(new double[6], 2, 3)).params(axes0).outputShape(2, 3)
                .build().applyTo(REGISTRY.get("sum.initial")))
                .hasMessageContaining("sum.initial").hasMessageContaining("[1, 3]").hasMessageContaining("[2, 3]");
        assertThatThrownBy(() -> KernelCall.builder().input(Block.of(new double[6], 2, 3)).params(
                Params.builder().put("axes", new int[] {2}).build()).outputShape(2, 1)
                .build().applyTo(REGISTRY.get("sum.initial"))).hasMessageContaining("axis 2 is out of range");
        assertThatThrownBy(() -> KernelCall.builder().input(Block.of(new double[3], 3)).input(Block.of(new double[3], 3))
                .outputShape(3).build().applyTo(REGISTRY.get("mean.combine"))).hasMessageContaining("fields");
        Block two = Block.of(new double[2], 2);
        assertThatThrownBy(() -> KernelCall.builder().input(NamedBlocks.of("value", two, "index", Block.of(new long[2], 2)))
                .input(NamedBlocks.of("value", Block.of(new double[3], 3), "index", Block.of(new long[3], 3)))
                .outputShape(2).build().applyTo(REGISTRY.get("argmax.combine"))).hasMessageContaining("one shape");
    }
}
