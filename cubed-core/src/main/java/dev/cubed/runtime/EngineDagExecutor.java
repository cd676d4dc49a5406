package dev.cubed.runtime;

import dev.cubed.plan.FinalizedPlan;
import dev.cubed.plan.PlannedOperation;
import dev.cubed.primitive.ComputeSpec;
import dev.cubed.primitive.OperationSpec;
import dev.cubed.runtime.engine.EngineSettings;
import dev.cubed.runtime.engine.RunSummary;
import dev.cubed.runtime.engine.TaskEnd;
import dev.cubed.runtime.engine.TaskEngine;
import dev.cubed.runtime.engine.TaskLauncher;
import dev.cubed.runtime.engine.TaskListener;
import dev.cubed.runtime.engine.TaskOutcome;
import dev.cubed.task.TaskContext;
import dev.cubed.task.TaskStats;

import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * The executor driver every executor shares: runs operations in dependency order through the
 * one {@link TaskEngine} (concurrency, lazy submission, retries, timeouts, backup tasks,
 * throttling, stats), skips finished tasks on resume, and turns engine events into the
 * computation's events. A concrete executor supplies {@link #launcher()}: how one attempt of
 * one task starts and reports its outcome.
 */
public abstract class EngineDagExecutor implements DagExecutor {
    private final TaskContext context;
    private final TaskEngine engine;

    protected EngineDagExecutor(TaskContext context, EngineSettings settings) {
        this.context = Objects.requireNonNull(context, "context");
        this.engine = new TaskEngine(settings);
    }

    /** How one attempt of one task is started (in a thread, a process, a Lambda invocation...). */
    protected abstract TaskLauncher<PlannedTask> launcher();

    /** Called before each operation's tasks start (none of the previous operation's are running). */
    protected void beforeOperation() {
    }

    /** Checks, before any task runs, that this executor can give every task the plan's memory. */
    protected void checkResources(FinalizedPlan plan) {
    }

    public TaskContext context() {
        return context;
    }

    public EngineSettings engineSettings() {
        return engine.settings();
    }

    @Override
    public void execute(FinalizedPlan plan, ComputeRequest request) {
        checkResources(plan);
        CallbackDispatcher callbacks = new CallbackDispatcher(request.callbacks());
        Instant start = Instant.now();
        callbacks.computeStart(new ComputeStartEvent(request.computeId(), plan, name(), start));
        Throwable failure = null;
        try {
            TaskLauncher<PlannedTask> launcher = launcher();
            for (PlannedOperation op : plan.operations()) {
                runOperation(op, launcher, request, callbacks);
            }
        } catch (RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
            callbacks.computeEnd(new ComputeEndEvent(request.computeId(), plan, start, Instant.now(), failure));
        }
    }

    private void runOperation(PlannedOperation op, TaskLauncher<PlannedTask> launcher, ComputeRequest request,
                              CallbackDispatcher callbacks) {
        OperationSpec spec = op.spec();
        beforeOperation();
        ResumeFilter filter = request.resume() && spec instanceof ComputeSpec cs ? new ResumeFilter(cs, context) : null;
        long skipped = filter == null ? 0 : filter.countDone();
        long toRun = spec.numTasks() - skipped;
        callbacks.operationStart(new OperationStartEvent(request.computeId(), op, toRun, skipped));
        RunSummary summary;
        try {
            summary = engine.run(tasks(spec, filter), launcher, new TaskListener<>() {
                @Override
                public void onTaskEnd(TaskEnd<PlannedTask> end) {
                    callbacks.taskEnd(toEvent(request.computeId(), op.name(), end));
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.util.concurrent.CancellationException("computation " + request.computeId()
                    + " was interrupted during " + op.name());
        }
        callbacks.operationEnd(new OperationEndEvent(request.computeId(), op, summary));
    }

    private static Iterator<PlannedTask> tasks(OperationSpec spec, ResumeFilter filter) {
        Iterator<long[]> coords = spec.taskGrid().allCoords().iterator();
        return new Iterator<>() {
            private long[] next = advance();

            private long[] advance() {
                while (coords.hasNext()) {
                    long[] c = coords.next();
                    if (filter == null || !filter.isDone(c)) {
                        return c;
                    }
                }
                return null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public PlannedTask next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                PlannedTask t = new PlannedTask(spec, next);
                next = advance();
                return t;
            }
        };
    }

    private static TaskEndEvent toEvent(String computeId, String opName, TaskEnd<PlannedTask> end) {
        TaskOutcome o = end.outcome();
        return new TaskEndEvent(computeId, opName, end.task().coords(), seconds(end.taskCreate()),
                seconds(end.functionStart()), seconds(end.functionEnd()), seconds(end.taskResult()),
                o.peakMemoryBefore(), o.peakMemoryAfter(), o.bytesRead(), o.bytesWritten(), end.attempts(),
                end.backupLaunched(), end.backupWon(), o.extraStats());
    }

    private static double seconds(Instant t) {
        return t.getEpochSecond() + t.getNano() / 1e9;
    }

    /** The engine's view of a task run's statistics, with no word on what the peak memory covers. */
    public static TaskOutcome outcome(TaskStats s) {
        return outcome(s, PeakMemoryScope.UNKNOWN);
    }

    /** The engine's view of a task run's statistics, saying whether its peak memory is the task's or the process's. */
    public static TaskOutcome outcome(TaskStats s, PeakMemoryScope scope) {
        Map<String, Object> extra = new LinkedHashMap<>();
        if (scope != PeakMemoryScope.UNKNOWN) {
            extra.put(TaskEndEvent.PEAK_MEM_SCOPE, scope.label());
        }
        if (s.allocatedBytes() >= 0) {
            extra.put("allocated_bytes", s.allocatedBytes());
        }
        extra.put("chunks_written", s.chunksWritten());
        return new TaskOutcome(Instant.ofEpochMilli(s.functionStartMillis()), Instant.ofEpochMilli(s.functionEndMillis()),
                s.peakMemStart(), s.peakMemEnd(), s.bytesRead(), s.bytesWritten(), extra);
    }

    @Override
    public void close() {
        engine.close();
    }
}
