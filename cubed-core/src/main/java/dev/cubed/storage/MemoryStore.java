package dev.cubed.storage;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A thread-safe store in memory. Objects are copied in on {@code put} and handed out as
 * read-only views, so no caller can change a stored object; replacing a map entry is atomic.
 */
public final class MemoryStore implements Store {
    private final String name;
    private final ConcurrentHashMap<String, byte[]> objects = new ConcurrentHashMap<>();

    public MemoryStore(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    public MemoryStore() {
        this("anonymous");
    }

    @Override
    public String url() {
        return "memory://" + name;
    }

    @Override
    public Optional<ByteBuffer> get(String key) {
        byte[] b = objects.get(StoreKeys.checkKey(key));
        return b == null ? Optional.empty() : Optional.of(ByteBuffer.wrap(b).asReadOnlyBuffer());
    }

    @Override
    public Optional<ByteBuffer> getRange(String key, long offset, long length) {
        byte[] b = objects.get(StoreKeys.checkKey(key));
        if (b == null) {
            return Optional.empty();
        }
        long[] r = StoreKeys.clip(b.length, offset, length);
        return Optional.of(ByteBuffer.wrap(b, (int) r[0], (int) r[1]).slice().asReadOnlyBuffer());
    }

    @Override
    public Optional<ByteBuffer> getSuffix(String key, long length) {
        byte[] b = objects.get(StoreKeys.checkKey(key));
        if (b == null) {
            return Optional.empty();
        }
        if (length < 0) {
            throw new IllegalArgumentException("suffix length " + length + " must be >= 0");
        }
        int n = (int) Math.min(length, b.length);
        return Optional.of(ByteBuffer.wrap(b, b.length - n, n).slice().asReadOnlyBuffer());
    }

    @Override
    public void put(String key, ByteBuffer value) {
        byte[] copy = new byte[value.remaining()];
        value.duplicate().get(copy);
        objects.put(StoreKeys.checkKey(key), copy);
    }

    @Override
    public boolean exists(String key) {
        return objects.containsKey(StoreKeys.checkKey(key));
    }

    @Override
    public void delete(String key) {
        objects.remove(StoreKeys.checkKey(key));
    }

    @Override
    public List<String> list(String prefix) {
        StoreKeys.checkPrefix(prefix);
        List<String> out = new ArrayList<>();
        for (String k : objects.keySet()) {
            if (k.startsWith(prefix)) {
                out.add(k);
            }
        }
        return out;
    }

    @Override
    public Map<String, Long> listSizes(String prefix) {
        StoreKeys.checkPrefix(prefix);
        Map<String, Long> out = new HashMap<>();
        objects.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k, (long) v.length);
            }
        });
        return out;
    }

    @Override
    public String toString() {
        return url();
    }
}
