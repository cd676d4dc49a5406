package dev.cubed.runtime.engine;

import java.time.Duration;

/**
 * The failure the engine records for an attempt that ran past {@link EngineSettings#attemptTimeout()}.
 * The engine cancels the attempt's future and treats the attempt like any failed one: it is
 * retried while retries remain. This is the client-side deadline that catches remote tasks
 * that died without a word.
 */
public class TaskTimeoutException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Duration timeout;

    public TaskTimeoutException(String task, Attempt attempt, Duration timeout) {
        super("Attempt " + attempt.attempt() + (attempt.backup() ? " (backup)" : "") + " of task " + task
                + " (#" + attempt.taskIndex() + ") did not finish within the attempt timeout of " + timeout
                + " (EngineSettings.attemptTimeout) and was cancelled; raise the timeout if tasks legitimately"
                + " take this long");
        this.timeout = timeout;
    }

    public Duration timeout() {
        return timeout;
    }
}
