package dev.cubed.plan.bench;

import dev.cubed.array.Cubed;
import dev.cubed.array.LazyArray;
import dev.cubed.array.Spec;
import dev.cubed.plan.FinalizedPlan;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Building and finalising plans with about 100,000 tasks (requirement: under 2 s). Each
 * invocation builds the lazy graph from scratch, plans it (fusion, storage, projections), and
 * enumerates every task's coordinates as an executor would.
 *
 * <p>Run: {@code mvn -B -q -pl cubed-core -Pbench test-compile exec:exec -Djmh.include=PlanBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PlanBenchmark {
    @Param({"elementwise", "reduction", "rechunk"})
    public String workload;

    private Cubed cb;

    @Setup(Level.Trial)
    public void setUp() {
        cb = Cubed.session(Spec.builder().workDir("memory://bench").allowedMem("2GB").build());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        cb.close();
    }

    @Benchmark
    public long planAndEnumerate() {
        // 3200 x 3200 in 10 x 10 chunks: 102,400 chunks per array
        long[] shape = {3200, 3200};
        int[] chunks = {10, 10};
        LazyArray a = cb.randomUniform(shape, chunks, 1);
        LazyArray b = cb.randomUniform(shape, chunks, 2);
        LazyArray out = switch (workload) {
            case "elementwise" -> a.add(b).multiply(2);
            case "reduction" -> a.multiply(b).mean(0);
            default -> a.rechunk(3200, 1);
        };
        FinalizedPlan plan = cb.plan(List.of(out));
        long n = 0;
        for (var op : plan.operations()) {
            for (long[] c : op.spec().taskGrid().allCoords()) {
                n += c[0];
            }
        }
        return n + plan.totalTasks();
    }
}
