package dev.cubed.storage.zarr;

/**
 * Something about a Zarr array or group cannot be read or written: missing or corrupt metadata,
 * a chunk that does not decode, an unsupported codec or data type, a region that is not aligned
 * with the chunk grid. The message always names the array (store URL and path) and the problem.
 */
public class ZarrException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ZarrException(String message) {
        super(message);
    }

    public ZarrException(String message, Throwable cause) {
        super(message, cause);
    }
}
