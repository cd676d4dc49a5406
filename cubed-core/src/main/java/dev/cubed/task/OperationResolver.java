package dev.cubed.task;

import dev.cubed.primitive.OperationSpec;
import dev.cubed.storage.Storage;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The worker side of {@link TaskMessages}: gives the operation a message names, decoding an inline
 * spec or fetching one sent by reference, checking it against its SHA-256 and keeping the most
 * recently used ones (a worker runs many tasks of the same few operations).
 *
 * <p>Problems a retry cannot fix (a refused location, a missing object, a hash mismatch, JSON that
 * is not a spec) are {@link PermanentTaskError}s; storage errors propagate as they are.
 */
public final class OperationResolver {
    /** Enough for the operations of a few plans running at once. */
    public static final int DEFAULT_CACHE_ENTRIES = 16;

    private final Storage storage;
    private final AllowedLocations allowed;
    private final TaskJson json;
    private final Map<String, OperationSpec> cache;

    public OperationResolver(Storage storage, AllowedLocations allowed, TaskJson json, int cacheEntries) {
        this.storage = Objects.requireNonNull(storage, "storage");
        this.allowed = Objects.requireNonNull(allowed, "allowed");
        this.json = Objects.requireNonNull(json, "json");
        if (cacheEntries < 0) {
            throw new IllegalArgumentException("cache entries must be >= 0, got " + cacheEntries);
        }
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, OperationSpec> eldest) {
                return size() > cacheEntries;
            }
        };
    }

    /** The operation {@code message} asks to run. */
    public OperationSpec resolve(TaskMessage message) {
        if (message.isInline()) {
            return message.op();
        }
        OperationRef ref = message.opRef();
        synchronized (cache) {
            OperationSpec cached = cache.get(ref.sha256());
            if (cached != null) {
                return cached;
            }
        }
        OperationSpec spec = fetch(ref);
        synchronized (cache) {
            cache.put(ref.sha256(), spec);
        }
        return spec;
    }

    /** Whether the spec with this hash is cached (for diagnostics and tests). */
    public boolean isCached(String sha256) {
        synchronized (cache) {
            return cache.containsKey(sha256);
        }
    }

    private OperationSpec fetch(OperationRef ref) {
        try {
            allowed.check(ref.url(), "read the operation spec at");
        } catch (SecurityException e) {
            throw new PermanentTaskError(e.getMessage(), e);
        }
        Optional<ByteBuffer> found = storage.open(ref.directoryUrl()).get(ref.objectName());
        if (found.isEmpty()) {
            throw new PermanentTaskError("no operation spec at " + ref.url() + ": the client writes it before sending"
                    + " tasks; it may have been deleted or expired (the work dir's lifecycle rule) - run the"
                    + " computation again", null);
        }
        ByteBuffer buf = found.get();
        byte[] bytes = new byte[buf.remaining()];
        buf.get(bytes);
        String actual = TaskMessages.sha256(bytes);
        if (!actual.equals(ref.sha256())) {
            throw new PermanentTaskError("the operation spec at " + ref.url() + " has SHA-256 " + actual
                    + " but the message expects " + ref.sha256() + ": the object was changed after the client wrote"
                    + " it; run the computation again", null);
        }
        try {
            return json.read(bytes, OperationSpec.class);
        } catch (IllegalArgumentException e) {
            throw new PermanentTaskError("the object at " + ref.url() + " is not an operation spec: "
                    + e.getMessage(), e);
        }
    }
}
