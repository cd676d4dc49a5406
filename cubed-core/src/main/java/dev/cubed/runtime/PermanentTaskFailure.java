package dev.cubed.runtime;

import dev.cubed.runtime.engine.PermanentFailure;
import dev.cubed.task.TaskRunException;

/** A task failure the engine must not retry, carrying the task runner's message. */
public final class PermanentTaskFailure extends RuntimeException implements PermanentFailure {
    private static final long serialVersionUID = 1L;

    public PermanentTaskFailure(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * A task of a local executor that exhausted the JVM heap: not retried, since the same task
     * needs the same memory, with what to change in the terms of the CLI and the Spec.
     */
    public static PermanentTaskFailure outOfMemory(PlannedTask task, int workers, OutOfMemoryError e) {
        long heap = Runtime.getRuntime().maxMemory();
        return new PermanentTaskFailure(task.operation().name() + ", chunk " + java.util.Arrays.toString(task.coords())
                + ": the task ran out of memory (" + e.getMessage() + "; JVM heap " + dev.cubed.plan.MemorySize.format(heap)
                + " shared by " + workers + (workers == 1 ? " worker" : " workers") + "). Not retried: the same task needs"
                + " the same memory. Run fewer tasks at once (--workers, or the executor option workers), give the JVM"
                + " more heap (./cubed sizes it to --allowed-mem x --workers; elsewhere -Xmx), or use smaller chunks"
                + " (--chunk, or the chunks of the arrays)", e);
    }

    /** Rethrows a runner's failure so the engine sees whether it is worth retrying. */
    public static RuntimeException classify(RuntimeException e) {
        if (e instanceof TaskRunException t && t.isPermanent()) {
            return new PermanentTaskFailure(t.getMessage(), t);
        }
        return e;
    }
}
