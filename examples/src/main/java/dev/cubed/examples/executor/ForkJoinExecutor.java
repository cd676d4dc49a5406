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
import java.util.concurrent.ForkJoinPool;

/**
 * Runs tasks on a {@link ForkJoinPool}: the complete example executor of
 * docs/writing-an-executor.md, in a project that sees nothing of Cubed but the published artifacts.
 * The engine behind {@link EngineDagExecutor} brings concurrency limits, lazy submission, retries,
 * timeouts, backup tasks and events; this class only says how one attempt of one task runs.
 */
public final class ForkJoinExecutor extends EngineDagExecutor {
    public static final String NAME = "forkjoin";

    private final ForkJoinPool pool;
    private final TaskRunner runner;

    public ForkJoinExecutor(TaskContext context, EngineSettings settings) {
        super(context, settings);
        // as many threads as the engine keeps attempts in flight, so a launched attempt never queues
        this.pool = new ForkJoinPool(settings.maxInFlight());
        this.runner = new TaskRunner(context);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    protected TaskLauncher<PlannedTask> launcher() {
        // BlockingTaskLauncher runs the body on the pool and interrupts it when the engine cancels
        // the attempt (timed out, or its twin won)
        return new BlockingTaskLauncher<>(pool, (task, attempt) -> runTask(task));
    }

    private TaskOutcome runTask(PlannedTask task) {
        try {
            // outcome(...) is the engine's view of the run's TaskStats: times, peak memory, bytes, chunks written
            return outcome(runner.run(task.operation(), task.coords()));
        } catch (RuntimeException e) {
            // an unknown kernel or a refused location fails every attempt alike: tell the engine
            throw PermanentTaskFailure.classify(e);
        }
    }

    @Override
    public void close() {
        super.close();
        pool.shutdownNow();
    }

    /** Makes {@code Spec.builder().executor("forkjoin")} find this executor (see META-INF/services). */
    public static final class Provider implements ExecutorProvider {
        @Override
        public String name() {
            return NAME;
        }

        @Override
        public DagExecutor create(Map<String, String> options, TaskContext context) {
            EngineSettings settings = new ExecutorOptions(options).engineSettings(workers(options), false).build();
            return new ForkJoinExecutor(context, settings);
        }

        @Override
        public int workers(Map<String, String> options) {
            return new ExecutorOptions(options).intOption("workers", Runtime.getRuntime().availableProcessors(), 1);
        }
    }
}
