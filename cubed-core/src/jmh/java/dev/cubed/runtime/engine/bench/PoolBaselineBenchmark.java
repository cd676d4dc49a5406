package dev.cubed.runtime.engine.bench;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The baseline for {@link TaskEngineBenchmark#pool2}: the same 200,000 no-op tasks on the same
 * 2-thread pool with the same bound of 64 in flight (a semaphore), without the engine.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PoolBaselineBenchmark {
    private ExecutorService pool;

    @Setup(Level.Trial)
    public void setUp() {
        pool = Executors.newFixedThreadPool(2);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pool.shutdownNow();
    }

    @Benchmark
    @OperationsPerInvocation(TaskEngineBenchmark.TASKS)
    public long poolOnly() throws InterruptedException {
        Semaphore slots = new Semaphore(TaskEngineBenchmark.IN_FLIGHT);
        for (int i = 0; i < TaskEngineBenchmark.TASKS; i++) {
            slots.acquire();
            CompletableFuture.supplyAsync(TaskEngineBenchmark::noOp, pool).whenComplete((o, e) -> slots.release());
        }
        slots.acquire(TaskEngineBenchmark.IN_FLIGHT);
        return TaskEngineBenchmark.TASKS;
    }
}
