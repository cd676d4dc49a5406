package dev.cubed.runtime;

import dev.cubed.runtime.engine.PermanentFailure;
import dev.cubed.task.TaskRunException;

/** A task failure the engine must not retry, carrying the task runner's message. */
public final class PermanentTaskFailure extends RuntimeException implements PermanentFailure {
    private static final long serialVersionUID = 1L;

    public PermanentTaskFailure(String message, Throwable cause) {
        super(message, cause);
    }

    /** Rethrows a runner's failure so the engine sees whether it is worth retrying. */
    public static RuntimeException classify(RuntimeException e) {
        if (e instanceof TaskRunException t && t.isPermanent()) {
            return new PermanentTaskFailure(t.getMessage(), t);
        }
        return e;
    }
}
