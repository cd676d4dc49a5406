package dev.cubed.spark;

import dev.cubed.primitive.OperationSpec;
import dev.cubed.runtime.EngineDagExecutor;
import dev.cubed.runtime.PeakMemoryScope;
import dev.cubed.runtime.PermanentTaskFailure;
import dev.cubed.runtime.PlannedTask;
import dev.cubed.runtime.engine.Attempt;
import dev.cubed.runtime.engine.BlockingTaskLauncher;
import dev.cubed.runtime.engine.TaskOutcome;
import dev.cubed.task.PermanentTaskError;
import dev.cubed.task.PreparedOperation;
import dev.cubed.task.TaskJson;
import dev.cubed.task.TaskReply;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * One attempt of one task is one Spark job: a single partition holding the task's message (the
 * operation's spec, inline or by reference, and the chunk coordinates), mapped by
 * {@link SparkTaskFunction} on an executor, its reply collected back to the driver. The body runs
 * on one of the launch threads and waits for the job; when the engine cancels the attempt (it
 * timed out, or its backup won) the thread is interrupted and the job is cancelled, which
 * interrupts the task on its executor (the job group is submitted with interrupt-on-cancel).
 */
final class SparkJobLauncher implements BlockingTaskLauncher.Body<PlannedTask> {
    private final JavaSparkContext spark;
    private final SparkTaskFunction function;
    private final Function<OperationSpec, PreparedOperation> prepared;
    private final TaskJson json;
    private final String jobGroup;

    SparkJobLauncher(JavaSparkContext spark, SparkTaskFunction function,
                     Function<OperationSpec, PreparedOperation> prepared, TaskJson json, String jobGroup) {
        this.spark = Objects.requireNonNull(spark, "spark");
        this.function = Objects.requireNonNull(function, "function");
        this.prepared = Objects.requireNonNull(prepared, "prepared");
        this.json = Objects.requireNonNull(json, "json");
        this.jobGroup = Objects.requireNonNull(jobGroup, "jobGroup");
    }

    @Override
    public TaskOutcome run(PlannedTask task, Attempt attempt) throws InterruptedException {
        byte[] message = prepared.apply(task.operation()).encode(List.of(task.coords()));
        // local properties are per thread: this names the job in Spark's UI and lets a cancel interrupt it
        spark.setJobGroup(jobGroup, task + " attempt " + attempt.attempt() + (attempt.backup() ? " (backup)" : ""), true);
        JavaFutureAction<List<byte[]>> job = spark.parallelize(List.of(message), 1).map(function).collectAsync();
        List<byte[]> replies;
        try {
            replies = job.get();
        } catch (InterruptedException e) {
            job.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            throw failure(task, e.getCause() == null ? e : e.getCause());
        }
        TaskReply reply = json.readReply(replies.get(0));
        // the peak is the executor JVM's: it runs several tasks at once
        return EngineDagExecutor.outcome(reply.results().get(0), PeakMemoryScope.PROCESS)
                .withExtraStat("cold_start", reply.coldStart())
                .withExtraStat("worker", reply.workerVersion());
    }

    /**
     * The job's failure as the engine expects it: permanent when the worker said so (Spark hands
     * back the task's exception as the job failure's cause when it can deserialise it, and its
     * class and message otherwise), else as it is, to be retried.
     */
    static RuntimeException failure(PlannedTask task, Throwable jobFailure) {
        for (Throwable t = jobFailure; t != null; t = t.getCause()) {
            if (t instanceof PermanentTaskError p) {
                return new PermanentTaskFailure(p.getMessage(), jobFailure);
            }
        }
        String message = String.valueOf(jobFailure.getMessage());
        String permanent = PermanentTaskError.class.getName() + ": ";
        int at = message.indexOf(permanent);
        if (at >= 0) {
            return new PermanentTaskFailure(message.substring(at + permanent.length()), jobFailure);
        }
        return new SparkJobFailedException("the Spark job of " + task + " failed: " + message, jobFailure);
    }

    /** A Spark job that failed for a reason a retry may fix (the engine retries it). */
    static final class SparkJobFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SparkJobFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
