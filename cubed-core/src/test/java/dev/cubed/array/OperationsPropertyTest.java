package dev.cubed.array;

import dev.cubed.block.Block;
import dev.cubed.block.DataType;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Chunked computations against straightforward in-memory computations on random shapes
 * (including empty and length-1 axes), random chunkings, several data types, NaN and infinities.
 * The reference code below loops over elements and shares nothing with the kernels or the plan.
 */
class OperationsPropertyTest {
    private static Cubed threads;
    private static Cubed single;

    @BeforeContainer
    static void sessions() {
        threads = Cubed.session(Spec.builder().workDir("memory://props").allowedMem("50MB").reservedMem(0)
                .executor("threads").executorOption("workers", 2).build());
        single = Cubed.session(Spec.builder().workDir("memory://props1").allowedMem("50MB").reservedMem(0)
                .executor("single-threaded").build());
    }

    @AfterContainer
    static void close() {
        threads.close();
        single.close();
    }

    /** An array case: data plus a chunking. */
    record Case(Block data, int[] chunks) {
        @Override
        public String toString() {
            return data + " chunks " + Arrays.toString(chunks);
        }
    }

    // ------------------------------------------------------------------ generators

    static Arbitrary<int[]> shapes(int maxNdim) {
        return Arbitraries.integers().between(0, maxNdim).flatMap(nd ->
                Arbitraries.integers().between(0, 6).array(int[].class).ofSize(nd)
                        .map(s -> {
                            // mostly non-empty axes, some empty ones
                            for (int i = 0; i < s.length; i++) {
                                if (s[i] == 0 && (i + s.length) % 3 != 0) {
                                    s[i] = 1;
                                }
                            }
                            return s;
                        }));
    }

    static Block randomBlock(DataType t, int[] shape, long seed, boolean specials) {
        return ApiCases.block(t, shape, new Random(seed), specials);
    }

    static Arbitrary<int[]> chunksFor(int[] shape) {
        List<Arbitrary<Integer>> per = new ArrayList<>();
        for (int s : shape) {
            per.add(Arbitraries.integers().between(1, Math.max(1, s + 1)));
        }
        return Combinators.combine(per).as(l -> l.stream().mapToInt(Integer::intValue).toArray());
    }

    static Arbitrary<Case> cases(DataType t, boolean specials) {
        return shapes(3).flatMap(shape -> Combinators.combine(chunksFor(shape), Arbitraries.longs())
                .as((chunks, seed) -> new Case(randomBlock(t, shape, seed, specials), chunks)));
    }

    @Provide
    Arbitrary<Case> floats() {
        return cases(DataType.FLOAT64, true);
    }

    @Provide
    Arbitrary<Case> anyType() {
        return Arbitraries.of(DataType.FLOAT64, DataType.FLOAT32, DataType.INT32, DataType.INT64, DataType.UINT8,
                DataType.INT16, DataType.BOOL).flatMap(t -> cases(t, true));
    }

    // ------------------------------------------------------------------ elementwise

    @Property(tries = 40)
    void binaryArithmeticWithBroadcastingMatches(@ForAll("floats") Case a, @ForAll("seeds") long seed,
                                                 @ForAll("binaryOps") String op) {
        // b has a suffix of a's shape with some axes set to 1 (broadcast), chunked independently
        Random r = new Random(seed);
        int[] as = a.data().shape();
        int drop = as.length == 0 ? 0 : r.nextInt(as.length + 1);
        int[] bs = Arrays.copyOfRange(as, drop, as.length);
        for (int i = 0; i < bs.length; i++) {
            if (r.nextInt(3) == 0) {
                bs[i] = 1;
            }
        }
        int[] bc = new int[bs.length];
        for (int i = 0; i < bs.length; i++) {
            bc[i] = 1 + r.nextInt(Math.max(1, bs[i]));
        }
        Block b = randomBlock(DataType.FLOAT64, bs, seed + 1, true);
        Cubed cb = r.nextBoolean() ? threads : single;
        LazyArray x = cb.fromArray(a.data(), a.chunks());
        LazyArray y = cb.fromArray(b, bc);
        Block got = cb.elementwise(op, x, y).compute();
        Block want = Reference.binary(op, a.data(), b);
        assertSame(got, want);
    }

    @Property(tries = 25)
    void scalarOperandsTakeTheArraysType(@ForAll("anyType") Case a) {
        if (a.data().dtype().isBool()) {
            return;
        }
        LazyArray x = threads.fromArray(a.data(), a.chunks());
        Block got = x.multiply(3).add(1).compute();
        assertThat(got.dtype()).isEqualTo(a.data().dtype());
        Block want = Block.allocate(a.data().dtype(), a.data().shape());
        for (int i = 0; i < want.size(); i++) {
            if (want.dtype().isFloat()) {
                double v = a.data().getDoubleAt(i) * 3 + 1;
                want.setDoubleAt(i, want.dtype() == DataType.FLOAT32 ? (float) ((float) a.data().getDoubleAt(i) * 3f + 1f) : v);
            } else {
                want.setLongAt(i, a.data().getLongAt(i) * 3 + 1); // wraps like the integer type
            }
        }
        assertSame(got, want);
    }

    // ------------------------------------------------------------------ reductions

    @Property(tries = 60)
    void reductionsMatch(@ForAll("anyType") Case a, @ForAll("reductions") String name, @ForAll("seeds") long seed) {
        Random r = new Random(seed);
        int nd = a.data().ndim();
        List<Integer> axes = new ArrayList<>();
        for (int i = 0; i < nd; i++) {
            if (r.nextBoolean()) {
                axes.add(i);
            }
        }
        if (axes.isEmpty() && nd > 0) {
            axes.add(r.nextInt(nd));
        }
        int[] ax = axes.stream().mapToInt(Integer::intValue).toArray();
        boolean keepdims = r.nextBoolean();
        boolean empty = false;
        for (int x : ax) {
            empty |= a.data().shape(x) == 0;
        }
        if (empty && (name.equals("min") || name.equals("max"))) {
            return; // no identity: an error, tested elsewhere
        }
        if (a.data().dtype().isBool() && (name.equals("mean") || name.equals("prod"))) {
            return;
        }
        Cubed cb = r.nextBoolean() ? threads : single;
        LazyArray x = cb.fromArray(a.data(), a.chunks());
        Block got = x.reduce(name, ax, keepdims).compute();
        Block want = Reference.reduce(name, a.data(), ax, keepdims);
        assertThat(got.shape()).isEqualTo(want.shape());
        assertSame(got.dtype() == want.dtype() ? got : got.astype(want.dtype()), want);
    }

    // ------------------------------------------------------------------ rechunk and matmul

    @Property(tries = 30)
    void rechunkKeepsValues(@ForAll("anyType") Case a, @ForAll("seeds") long seed) {
        Random r = new Random(seed);
        int[] target = new int[a.data().ndim()];
        for (int i = 0; i < target.length; i++) {
            target[i] = 1 + r.nextInt(Math.max(1, a.data().shape(i) + 1));
        }
        // a tight budget forces multi-stage plans
        long budget = Math.max(2000, 40L * a.data().dtype().itemSize() * Math.max(1, a.data().size()));
        try (Cubed cb = Cubed.session(Spec.builder().workDir("memory://rechunk").allowedMem(budget).reservedMem(0)
                .executor("threads").executorOption("workers", 2).build())) {
            LazyArray x = cb.fromArray(a.data(), a.chunks());
            LazyArray y = x.rechunk(target);
            assertThat(y.chunks()).containsExactly(dev.cubed.ops.Chunks.normalize(y.shape(), target));
            assertSame(y.compute(), a.data());
        }
    }

    @Property(tries = 30)
    void matmulMatchesNaiveProduct(@ForAll("seeds") long seed, @ForAll("matmulTypes") DataType t) {
        Random r = new Random(seed);
        int m = r.nextInt(7);
        int k = 1 + r.nextInt(7);
        int n = r.nextInt(7);
        Block a = randomBlock(t, new int[] {m, k}, seed, false);
        Block b = randomBlock(t, new int[] {k, n}, seed + 7, false);
        LazyArray x = threads.fromArray(a, new int[] {1 + r.nextInt(Math.max(1, m)), 1 + r.nextInt(k)});
        LazyArray y = threads.fromArray(b, new int[] {1 + r.nextInt(k), 1 + r.nextInt(Math.max(1, n))});
        Block got = x.matmul(y).compute();
        Block want = Block.allocate(t, m, n);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                long li = 0;
                for (int q = 0; q < k; q++) {
                    s += a.getDouble(i, q) * b.getDouble(q, j);
                    li += a.getLong(i, q) * b.getLong(q, j);
                }
                if (t.isFloat()) {
                    want.setDouble(s, i, j);
                } else {
                    want.setLong(li, i, j);
                }
            }
        }
        assertClose(got, want, t == DataType.FLOAT32 ? 1e-4 : 1e-9);
    }

    // ------------------------------------------------------------------ independence

    @Property(tries = 20)
    void resultsDoNotDependOnExecutorOrFusion(@ForAll("floats") Case a) {
        LazyArray x = threads.fromArray(a.data(), a.chunks());
        LazyArray expr = x.multiply(x).add(1).sqrt();
        Block fused = expr.compute();
        Block unfused = threads.compute(List.of(expr), ComputeOptions.defaults().withOptimize(false)).get(0);
        LazyArray x1 = single.fromArray(a.data(), a.chunks());
        Block serial = x1.multiply(x1).add(1).sqrt().compute();
        assertSame(fused, unfused);
        assertSame(fused, serial);
    }

    // ------------------------------------------------------------------ providers and checks

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }

    @Provide
    Arbitrary<String> binaryOps() {
        return Arbitraries.of("add", "subtract", "multiply", "divide", "less", "equal", "greater_equal");
    }

    @Provide
    Arbitrary<String> reductions() {
        return Arbitraries.of("sum", "mean", "min", "max", "prod", "all", "any");
    }

    @Provide
    Arbitrary<DataType> matmulTypes() {
        return Arbitraries.of(DataType.FLOAT64, DataType.FLOAT32, DataType.INT64, DataType.INT32);
    }

    static void assertSame(Block got, Block want) {
        assertThat(got.dtype()).isEqualTo(want.dtype());
        assertThat(got.shape()).isEqualTo(want.shape());
        if (want.dtype().isFloat()) {
            assertClose(got, want, want.dtype() == DataType.FLOAT32 ? 1e-5 : 1e-12);
        } else {
            assertThat(got.sameValues(want)).as("%s vs %s", got, want).isTrue();
        }
    }

    static void assertClose(Block got, Block want, double rel) {
        assertThat(got.shape()).isEqualTo(want.shape());
        for (int i = 0; i < want.size(); i++) {
            double g = got.getDoubleAt(i);
            double w = want.getDoubleAt(i);
            if (Double.isNaN(w)) {
                assertThat(g).as("element %d", i).isNaN();
            } else if (Double.isInfinite(w) || w == 0) {
                assertThat(g).as("element %d", i).isEqualTo(w);
            } else {
                assertThat(Math.abs(g - w)).as("element %d: %s vs %s", i, g, w).isLessThanOrEqualTo(rel * Math.abs(w) + 1e-12);
            }
        }
    }
}
