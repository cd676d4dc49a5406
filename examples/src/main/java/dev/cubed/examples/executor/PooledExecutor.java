package dev.cubed.examples.executor;

import dev.cubed.runtime.DagExecutor;
import dev.cubed.runtime.EngineDagExecutor;
import dev.cubed.runtime.ExecutorOptions;
import dev.cubed.runtime.ExecutorProvider;
import dev.cubed.runtime.PermanentTaskFailure;
import dev.cubed.runtime.PlannedTask;
import dev.cubed.runtime.engine.BlockingTaskLauncher;
import dev.cubed.runtime.engine.EngineSettings;
import dev.cubed.runtime.engine.TaskLauncher;
import dev.cubed.runtime.engine.TaskOutcome;
import dev.cubed.task.TaskContext;
import dev.cubed.task.TaskRunner;

import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An executor of a user's own, {@code Spec.builder().executor("example-pool")}: each attempt runs on
 * a thread of a pool with as many threads as the engine keeps attempts in flight, which lets idle
 * threads go after 30 s.
 * The engine behind {@link EngineDagExecutor} brings retries, timeouts, backup tasks, lazy submission
 * and events; this class says how one attempt runs. {@code PooledExecutorKitTest} runs the test kit
 * against it.
 */
public final class PooledExecutor extends EngineDagExecutor {
    public static final String NAME = "example-pool";

    private final ExecutorService pool;
    private final TaskRunner runner;

    public PooledExecutor(TaskContext context, EngineSettings settings) {
        super(context, settings);
        // as many threads as attempts in flight, so an attempt the engine launches starts at once and the
        // durations the backup rule compares are running times. The queue is not for waiting: it takes the
        // next attempt in the moment between a finished attempt's future completing and its thread
        // becoming free (a hand-off queue would reject that attempt)
        int threads = settings.maxInFlight();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), daemonThreads());
        executor.allowCoreThreadTimeOut(true);
        this.pool = executor;
        this.runner = new TaskRunner(context);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    protected TaskLauncher<PlannedTask> launcher() {
        return new BlockingTaskLauncher<>(pool, (task, attempt) -> attempt(task));
    }

    private TaskOutcome attempt(PlannedTask task) {
        try {
            // outcome(...): the engine's view of the task's statistics, as every executor reports them
            return outcome(runner.run(task.operation(), task.coords()));
        } catch (RuntimeException e) {
            // failures no retry can mend (unknown kernel, refused location) end the task at once
            throw PermanentTaskFailure.classify(e);
        }
    }

    @Override
    public void close() {
        super.close();
        pool.shutdownNow();
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, NAME + "-" + n.incrementAndGet());
            t.setDaemon(true); // a forgotten close() must not keep the JVM alive
            return t;
        };
    }

    /** Found by {@code ServiceLoader} through {@code META-INF/services/dev.cubed.runtime.ExecutorProvider}. */
    public static final class Provider implements ExecutorProvider {
        @Override
        public String name() {
            return NAME;
        }

        @Override
        public DagExecutor create(Map<String, String> options, TaskContext context) {
            return new PooledExecutor(context, new ExecutorOptions(options).engineSettings(workers(options), false)
                    .build());
        }

        @Override
        public int workers(Map<String, String> options) {
            return new ExecutorOptions(options).intOption("workers", Runtime.getRuntime().availableProcessors(), 1);
        }
    }
}
