package dev.cubed.runtime.engine.bench;

import dev.cubed.runtime.engine.Backoff;
import dev.cubed.runtime.engine.BackupPolicy;
import dev.cubed.runtime.engine.EngineSettings;
import dev.cubed.runtime.engine.RunSummary;
import dev.cubed.runtime.engine.TaskEngine;
import dev.cubed.runtime.engine.TaskLauncher;
import dev.cubed.runtime.engine.TaskListener;
import dev.cubed.runtime.engine.TaskOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the engine itself costs per task: runs of 200,000 no-op tasks, reported in microseconds
 * per task. {@code completed}: the launcher returns an already-completed future (the engine
 * alone). {@code pool2}: a 2-thread pool completes each task (the engine plus thread handoffs);
 * {@code poolOnly} runs the same pool with the same in-flight bound but without the engine,
 * so the difference is the engine's share. {@code features=timeout+backups} adds a per-attempt
 * timeout timer and the backup check (the costliest configuration).
 *
 * <p>Run: {@code mvn -B -q -pl cubed-core -Pbench test-compile exec:exec}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TaskEngineBenchmark {
    static final int TASKS = 200_000;
    static final int IN_FLIGHT = 64;

    @Param({"plain", "timeout+backups"})
    public String features;

    private ExecutorService pool;
    private TaskEngine engine;

    @Setup(Level.Trial)
    public void setUp() {
        pool = Executors.newFixedThreadPool(2);
        EngineSettings.Builder settings = EngineSettings.builder().maxInFlight(IN_FLIGHT).retryBackoff(Backoff.none());
        if (features.equals("timeout+backups")) {
            settings.attemptTimeout(Duration.ofMinutes(5)).backupPolicy(BackupPolicy.defaults());
        }
        engine = new TaskEngine(settings.build());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        engine.close();
        pool.shutdownNow();
    }

    static TaskOutcome noOp() {
        Instant now = Instant.now();
        return TaskOutcome.timed(now, now);
    }

    private static final TaskListener<Integer> COUNTING = new TaskListener<>() {
        long ends;

        @Override
        public void onTaskEnd(dev.cubed.runtime.engine.TaskEnd<Integer> end) {
            ends++;
        }
    };

    @Benchmark
    @OperationsPerInvocation(TASKS)
    public RunSummary completed() throws InterruptedException {
        TaskLauncher<Integer> launcher = (task, attempt) -> CompletableFuture.completedFuture(noOp());
        return engine.run(IntStream.range(0, TASKS).iterator(), launcher, COUNTING);
    }

    @Benchmark
    @OperationsPerInvocation(TASKS)
    public RunSummary pool2() throws InterruptedException {
        TaskLauncher<Integer> launcher = (task, attempt) -> CompletableFuture.supplyAsync(TaskEngineBenchmark::noOp, pool);
        return engine.run(IntStream.range(0, TASKS).iterator(), launcher, COUNTING);
    }
}
