package dev.cubed.task;

import java.util.Arrays;

/**
 * A task failed: names the operation, the chunk (task coordinates) and what went wrong, so the
 * message alone says where to look.
 */
public class TaskRunException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String operation;
    private final long[] coords;
    private final boolean permanent;
    private final String problem;

    public TaskRunException(String operation, long[] coords, String problem, Throwable cause) {
        this(operation, coords, problem, cause, false);
    }

    /**
     * @param permanent true when running the task again cannot succeed (an unknown kernel, a
     *                  refused location): executors should not retry it
     */
    public TaskRunException(String operation, long[] coords, String problem, Throwable cause, boolean permanent) {
        super(operation + ", chunk " + Arrays.toString(coords) + ": " + problem, cause);
        this.operation = operation;
        this.coords = coords.clone();
        this.permanent = permanent;
        this.problem = problem;
    }

    /** What went wrong, without the operation and chunk. */
    public String problem() {
        return problem;
    }

    public boolean isPermanent() {
        return permanent;
    }

    public String operation() {
        return operation;
    }

    public long[] coords() {
        return coords.clone();
    }
}
