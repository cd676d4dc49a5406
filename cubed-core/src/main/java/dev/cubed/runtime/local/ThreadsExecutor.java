package dev.cubed.runtime.local;

import dev.cubed.plan.FinalizedPlan;
import dev.cubed.plan.MemorySize;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs tasks on a pool of threads in this JVM (the default executor; one worker per core).
 * Before running it checks that the machine can hold {@code allowed_mem} for every worker.
 */
public final class ThreadsExecutor extends EngineDagExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(ThreadsExecutor.class);

    private final int workers;
    private final ExecutorService pool;
    private final TaskRunner runner;

    public ThreadsExecutor(TaskContext context, EngineSettings settings) {
        super(context, settings);
        this.workers = settings.maxInFlight();
        this.pool = java.util.concurrent.Executors.newFixedThreadPool(workers, threads("cubed-worker"));
        this.runner = new TaskRunner(context);
    }

    @Override
    public String name() {
        return "threads";
    }

    @Override
    protected TaskLauncher<PlannedTask> launcher() {
        return new BlockingTaskLauncher<>(pool, (task, attempt) -> {
            try {
                // tasks share this process, so its peak memory covers all of them and the JVM
                return outcome(runner.run(task.operation(), task.coords()), PeakMemoryScope.PROCESS);
            } catch (RuntimeException e) {
                throw PermanentTaskFailure.classify(e);
            } catch (OutOfMemoryError e) {
                throw PermanentTaskFailure.outOfMemory(task, workers, e);
            }
        });
    }

    /**
     * Tasks share this process, so their peak memory is the process's; resetting it between
     * operations makes each operation's figure its own instead of the process's lifetime peak (under
     * which identical operations seemed to grow).
     */
    @Override
    protected void beforeOperation() {
        dev.cubed.task.ProcessMemory.resetPeak();
    }

    @Override
    protected void checkResources(FinalizedPlan plan) {
        long allowed = plan.settings().allowedMem();
        long needed = allowed * workers;
        long machine = machineMemory();
        if (machine > 0 && machine < needed) {
            throw new IllegalStateException("Total memory on machine (" + MemorySize.format(machine)
                    + ") is less than allowed_mem * workers (" + MemorySize.format(allowed) + " * " + workers + " = "
                    + MemorySize.format(needed) + "): lower allowed_mem in the Spec or the executor option workers");
        }
        long heap = ProcessMemory.maxHeapSetting();
        if (heap < needed && LOG.isWarnEnabled()) {
            LOG.warn("the JVM heap ({}) is smaller than allowed_mem * workers ({}); tasks that use their whole "
                            + "budget at once may run out of memory: raise -Xmx (CUBED_JAVA_OPTS for ./cubed)",
                    MemorySize.format(heap), MemorySize.format(needed));
        }
    }

    static long machineMemory() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getTotalMemorySize();
        }
        return -1;
    }

    static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() {
        super.close();
        pool.shutdownNow();
        try {
            // a cancelled run's tasks must have stopped before anyone removes what they were writing
            if (!pool.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS)) {
                LOG.warn("tasks still running 10 s after their computation was cancelled");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
