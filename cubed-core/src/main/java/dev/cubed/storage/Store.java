package dev.cubed.storage;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A key-value store of byte objects, keyed by '/'-separated paths relative to the store's root
 * (no leading slash). Implementations: local files, S3, memory, and read-only HTTP.
 *
 * <p>{@link #put} is atomic: a concurrent or later reader sees either the old object, no object,
 * or the whole new one, never a partial write. Retries and backup tasks rely on this.
 */
public interface Store {

    /** The root this store addresses, as a URL: {@code file:///abs/path}, {@code s3://bucket/prefix}, {@code memory://name}. */
    String url();

    /** The whole object, or empty when there is none. The buffer's position is 0. */
    Optional<ByteBuffer> get(String key);

    /** Bytes {@code [offset, offset + length)} of the object, or empty when there is no object. */
    Optional<ByteBuffer> getRange(String key, long offset, long length);

    /** The last {@code length} bytes of the object, or empty when there is no object. */
    Optional<ByteBuffer> getSuffix(String key, long length);

    /**
     * Says that the caller is done with a buffer this store returned and will not touch it again.
     * A file store unmaps a mapped file at once: otherwise the mapping (and its pages, counted as
     * resident memory) lives until a garbage collection, and code that allocates little collects
     * rarely. Other stores have nothing to do.
     */
    default void release(ByteBuffer buffer) {
    }

    /**
     * Atomically writes the object (the buffer's remaining bytes). The store is done with the
     * buffer when this returns (callers may reuse its storage), so it copies what it keeps.
     */
    void put(String key, ByteBuffer value);

    boolean exists(String key);

    /** Deletes the object if present. */
    void delete(String key);

    /**
     * Whether {@link #list} works. HTTP stores cannot list, so code that would list (group
     * members, stored chunks) must find what it needs another way, such as consolidated metadata.
     */
    default boolean supportsListing() {
        return true;
    }

    /** Every key under {@code prefix} (recursively), relative to the store root, in no particular order. */
    List<String> list(String prefix);

    /**
     * Every key under {@code prefix} with its size in bytes. Stores override this to read sizes
     * from their listing instead of fetching each object.
     */
    default Map<String, Long> listSizes(String prefix) {
        Map<String, Long> out = new HashMap<>();
        for (String k : list(prefix)) {
            get(k).ifPresent(b -> out.put(k, (long) b.remaining()));
        }
        return out;
    }

    /**
     * Removes what killed writers left under {@code prefix} (partial objects that are not part of
     * the store's contents) and returns their keys or names; nothing for stores whose writes leave no
     * such litter (an S3 PUT is all or nothing).
     */
    default List<String> removeAbandonedWrites(String prefix) {
        return List.of();
    }

    /** Deletes every object under {@code prefix}. */
    default void deletePrefix(String prefix) {
        for (String k : list(prefix)) {
            delete(k);
        }
    }
}
