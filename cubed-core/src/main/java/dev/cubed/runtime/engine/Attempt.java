package dev.cubed.runtime.engine;

/**
 * One attempt to run one task, as handed to a {@link TaskLauncher}.
 *
 * @param taskIndex the position of the task in the run's input iterator (0-based)
 * @param attempt   1-based count of the attempts launched for this task, in launch order;
 *                  retries and the backup copy each get the next number. An attempt the
 *                  backend refused to start ({@link ThrottledException}) is resubmitted under
 *                  the same number, because it never ran.
 * @param backup    true for the backup copy launched for a straggler; its twin is still running
 */
public record Attempt(long taskIndex, int attempt, boolean backup) {

    public Attempt {
        if (taskIndex < 0) {
            throw new IllegalArgumentException("taskIndex must be >= 0 but was " + taskIndex);
        }
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt is 1-based and must be >= 1 but was " + attempt);
        }
    }

    /** True for the first attempt of a task. */
    public boolean isFirst() {
        return attempt == 1;
    }
}
