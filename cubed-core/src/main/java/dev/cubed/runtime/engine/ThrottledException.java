package dev.cubed.runtime.engine;

import java.time.Duration;
import java.util.Optional;

/**
 * A launcher fails an attempt with this when the backend refused to start it (AWS Lambda's HTTP
 * 429 {@code TooManyRequestsException}, a full queue). The task did not run, so this is not a
 * task failure: the engine does not spend a retry on it. Instead it waits (honouring
 * {@link #retryAfter()} and adding jitter), lowers the number of attempts it keeps in flight,
 * and submits the same attempt again. See {@link EngineSettings#throttleBackoff()} and
 * {@link EngineSettings#throttleTimeout()}.
 */
public class ThrottledException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Duration retryAfter;

    /** A refusal without a hint of when to come back. */
    public ThrottledException(String message) {
        this(message, null, null);
    }

    /**
     * @param retryAfter how long the backend asked us to wait (e.g. a {@code Retry-After} header), or null
     * @param cause      the backend's own error, or null
     */
    public ThrottledException(String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        if (retryAfter != null && retryAfter.isNegative()) {
            throw new IllegalArgumentException("retryAfter must not be negative but was " + retryAfter);
        }
        this.retryAfter = retryAfter;
    }

    /** How long the backend asked the client to wait before trying again, when it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
