package dev.cubed.runtime.engine;

import java.time.Duration;

/**
 * A run failed because one task could not be completed: every attempt it was allowed failed,
 * or the backend refused to start it for longer than {@link EngineSettings#throttleTimeout()}.
 * The engine then stopped pulling inputs and cancelled every running attempt. The last
 * failure is the {@linkplain #getCause() cause}.
 */
public class TaskFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String task;
    private final long taskIndex;
    private final int attempts;
    private final transient RunSummary summary;

    private TaskFailedException(String message, String task, long taskIndex, int attempts, RunSummary summary,
                                Throwable cause) {
        super(message, cause);
        this.task = task;
        this.taskIndex = taskIndex;
        this.attempts = attempts;
        this.summary = summary;
    }

    static TaskFailedException permanent(String task, long taskIndex, int attempts, RunSummary summary,
                                         Throwable failure) {
        return new TaskFailedException("Task " + task + " (#" + taskIndex + ") failed with an error that retrying cannot "
                + "fix: " + failure + ". The run was stopped and its running tasks cancelled.", task, taskIndex, attempts,
                summary, failure);
    }

    static TaskFailedException retriesExhausted(String task, long taskIndex, int attempts, int retries,
                                                RunSummary summary, Throwable lastFailure) {
        return new TaskFailedException("Task " + task + " (#" + taskIndex + ") failed after " + attempts
                + (attempts == 1 ? " attempt" : " attempts") + " (EngineSettings.retries = " + retries + "); last failure: "
                + lastFailure + ". The run was stopped and its running tasks cancelled. If that failure is transient (a"
                + " network or service hiccup), raise retries; otherwise fix what it names.", task, taskIndex, attempts, summary, lastFailure);
    }

    static TaskFailedException throttledTooLong(String task, long taskIndex, int attempts, Duration refusedFor,
                                                Duration throttleTimeout, RunSummary summary, ThrottledException last) {
        return new TaskFailedException("Task " + task + " (#" + taskIndex + ") could not be started: the backend refused it"
                + " (throttled) for " + refusedFor + ", longer than EngineSettings.throttleTimeout = " + throttleTimeout
                + "; last refusal: " + last.getMessage() + ". The run was stopped and its running tasks cancelled."
                + " Check the backend's concurrency limit (for AWS Lambda: reserved and account concurrency),"
                + " or lower maxInFlight.", task, taskIndex, attempts, summary, last);
    }

    /** The failed task's {@code toString()}. */
    public String task() {
        return task;
    }

    /** The failed task's position in the run's input iterator. */
    public long taskIndex() {
        return taskIndex;
    }

    /** How many attempts of the task were launched, backups included. */
    public int attempts() {
        return attempts;
    }

    /** The run's figures up to the failure (null after deserialisation). */
    public RunSummary summary() {
        return summary;
    }
}
