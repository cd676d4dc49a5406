package dev.cubed.storage;

/**
 * A store could not be used: no credentials, access denied, a bucket that does not exist, a
 * server that keeps failing. The message names the store (and the key or bucket) and says what
 * to change. Missing objects are not errors: stores report them as empty results.
 */
public final class StoreAccessException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreAccessException(String message) {
        super(message);
    }

    public StoreAccessException(String message, Throwable cause) {
        super(message, cause);
    }
}
