package dev.cubed.lambda.executor;

import dev.cubed.runtime.engine.PermanentFailure;

/**
 * A function error that running the task again cannot fix: the worker's {@code PermanentTaskError}
 * (an unknown kernel, a refused location, a message of another release...) or a function that is
 * not the worker. The engine stops the computation at once.
 */
public final class PermanentWorkerFailure extends WorkerFailure implements PermanentFailure {
    private static final long serialVersionUID = 1L;

    PermanentWorkerFailure(String function, String tasks, String errorType, String errorMessage, String logTail) {
        super(function, tasks, errorType, errorMessage, logTail);
    }
}
