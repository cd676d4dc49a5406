package dev.cubed.task;

import dev.cubed.primitive.OperationSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The worker side of one {@link TaskMessage}, shared by every remote worker (the Lambda handler,
 * a Spark task): decodes the message, resolves its operation and runs its tasks in order with
 * the {@link TaskRunner}. Failures are thrown, classified as the client expects:
 * {@link PermanentTaskError} for what no retry can fix (a message of another version or
 * unreadable, a spec that cannot be resolved, an unknown kernel, a refused location, a task
 * outside the operation) and {@link TaskRunException} for a task that failed otherwise; both name
 * the operation and chunk where there is one. A batch stops at its first failure: tasks are
 * idempotent, so the client retries the batch.
 */
public final class TaskMessageRunner {
    private final TaskJson json;
    private final OperationResolver resolver;

    public TaskMessageRunner(TaskJson json, OperationResolver resolver) {
        this.json = Objects.requireNonNull(json, "json");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    /**
     * Runs the tasks of {@code request} (a message's JSON) with {@code runner}. With
     * {@code resetPeakPerTask} the process's peak memory is reset before each task: right when the
     * process runs one task at a time (a Lambda environment), wrong when tasks share it.
     */
    public List<TaskStats> run(byte[] request, TaskRunner runner, boolean resetPeakPerTask) {
        TaskMessage message;
        try {
            message = json.readMessage(request);
        } catch (IncompatibleMessageException e) {
            throw new PermanentTaskError(e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new PermanentTaskError("the task message cannot be read: " + e.getMessage(), e);
        }
        OperationSpec spec = resolver.resolve(message);
        List<TaskStats> results = new ArrayList<>(message.tasks().size());
        for (long[] coords : message.tasks()) {
            if (resetPeakPerTask) {
                ProcessMemory.resetPeak();
            }
            results.add(runTask(runner, spec, coords));
        }
        return results;
    }

    private static TaskStats runTask(TaskRunner runner, OperationSpec spec, long[] coords) {
        try {
            return runner.run(spec, coords);
        } catch (TaskRunException e) {
            if (e.isPermanent()) {
                throw new PermanentTaskError(e.getMessage(), e);
            }
            throw e;
        } catch (RuntimeException e) {
            throw new TaskRunException(spec.name(), coords, "unexpected failure: " + e, e);
        }
    }
}
