package dev.cubed.runtime.local;

import dev.cubed.runtime.EngineDagExecutor;
import dev.cubed.runtime.PeakMemoryScope;
import dev.cubed.runtime.PermanentTaskFailure;
import dev.cubed.runtime.PlannedTask;
import dev.cubed.runtime.engine.BlockingTaskLauncher;
import dev.cubed.runtime.engine.EngineSettings;
import dev.cubed.runtime.engine.TaskLauncher;
import dev.cubed.task.ProcessMemory;
import dev.cubed.task.TaskContext;
import dev.cubed.task.TaskRunner;

/**
 * Runs one task at a time on the calling thread: a plain loop for debugging (stack traces point
 * at your kernel), still with retries. As the process runs one task at a time, peak memory is
 * measured per task.
 */
public final class SingleThreadedExecutor extends EngineDagExecutor {
    private final TaskRunner runner;

    public SingleThreadedExecutor(TaskContext context, EngineSettings settings) {
        super(context, settings.toBuilder().maxInFlight(1).build());
        this.runner = new TaskRunner(context);
    }

    @Override
    public String name() {
        return "single-threaded";
    }

    @Override
    protected TaskLauncher<PlannedTask> launcher() {
        return new BlockingTaskLauncher<>(Runnable::run, (task, attempt) -> {
            boolean reset = ProcessMemory.resetPeak();
            try {
                return outcome(runner.run(task.operation(), task.coords()),
                        reset ? PeakMemoryScope.TASK : PeakMemoryScope.PROCESS);
            } catch (RuntimeException e) {
                throw PermanentTaskFailure.classify(e);
            } catch (OutOfMemoryError e) {
                throw PermanentTaskFailure.outOfMemory(task, 1, e);
            }
        });
    }
}
