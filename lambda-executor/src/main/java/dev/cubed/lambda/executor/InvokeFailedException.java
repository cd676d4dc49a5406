package dev.cubed.lambda.executor;

/**
 * An invoke call failed before the worker could answer: the endpoint was unreachable, the connection
 * broke, Lambda reported a service error. The task may not have run at all, or may have; either way
 * it is retried (tasks are idempotent).
 */
public final class InvokeFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InvokeFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
