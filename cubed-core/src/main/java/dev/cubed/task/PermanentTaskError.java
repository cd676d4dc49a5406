package dev.cubed.task;

/**
 * A task failure that running the task again cannot fix: an unknown kernel, a location the worker
 * refuses, a message of another version, an operation spec that does not match its hash or
 * cannot be read. A remote worker throws it, so that Lambda reports {@link #ERROR_TYPE} as the
 * invocation's {@code errorType} and the client does not retry; any other error type (a
 * {@link TaskRunException}, a timeout, a crash) may succeed on another attempt.
 */
public final class PermanentTaskError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The {@code errorType} Lambda reports for it. */
    public static final String ERROR_TYPE = PermanentTaskError.class.getName();

    public PermanentTaskError(String message, Throwable cause) {
        super(message, cause);
    }

    /** True when a remote failure's error type says retrying cannot help. */
    public static boolean isPermanent(String errorType) {
        return ERROR_TYPE.equals(errorType);
    }
}
