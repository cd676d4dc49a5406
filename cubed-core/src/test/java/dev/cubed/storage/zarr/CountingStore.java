package dev.cubed.storage.zarr;

import dev.cubed.storage.Store;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/** A store that counts the requests and bytes read through it (to check partial reads). */
final class CountingStore implements Store {
    final Store inner;
    final AtomicLong gets = new AtomicLong();
    final AtomicLong ranges = new AtomicLong();
    final AtomicLong suffixes = new AtomicLong();
    final AtomicLong bytesRead = new AtomicLong();

    CountingStore(Store inner) {
        this.inner = inner;
    }

    private Optional<ByteBuffer> count(Optional<ByteBuffer> b) {
        b.ifPresent(x -> bytesRead.addAndGet(x.remaining()));
        return b;
    }

    void reset() {
        gets.set(0);
        ranges.set(0);
        suffixes.set(0);
        bytesRead.set(0);
    }

    @Override
    public String url() {
        return inner.url();
    }

    @Override
    public Optional<ByteBuffer> get(String key) {
        gets.incrementAndGet();
        return count(inner.get(key));
    }

    @Override
    public Optional<ByteBuffer> getRange(String key, long offset, long length) {
        ranges.incrementAndGet();
        return count(inner.getRange(key, offset, length));
    }

    @Override
    public Optional<ByteBuffer> getSuffix(String key, long length) {
        suffixes.incrementAndGet();
        return count(inner.getSuffix(key, length));
    }

    @Override
    public void put(String key, ByteBuffer value) {
        inner.put(key, value);
    }

    @Override
    public boolean exists(String key) {
        return inner.exists(key);
    }

    @Override
    public void delete(String key) {
        inner.delete(key);
    }

    @Override
    public List<String> list(String prefix) {
        return inner.list(prefix);
    }
}
