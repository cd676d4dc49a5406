package dev.cubed.runtime.testkit;

/**
 * What an executor may be unable to do, by its nature rather than by a bug. An executor declares
 * these with a reason ({@link ExecutorTestKit#unsupported()}), and the kit skips the cases that
 * need them, reporting the reason, instead of weakening their assertions.
 */
public enum ExecutorFeature {
    /** Run a backup copy of a straggler beside it and let the first to finish win. */
    BACKUP_TASKS,
    /** Abandon an attempt that outlives the attempt timeout and retry it, without waiting for it. */
    ATTEMPT_TIMEOUTS,
    /** Report a failure that retrying cannot fix (a refused location) so that it is not retried. */
    PERMANENT_FAILURES
}
