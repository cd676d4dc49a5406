package dev.cubed.block;

import java.lang.ref.SoftReference;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Chunk-sized primitive arrays kept for reuse between the tasks of one worker process.
 *
 * <p>Allocating a multi-megabyte array costs a pass over memory to zero it, and the first write
 * into it misses every cache; on the memory-bound element-wise workloads that was as much as the
 * arithmetic. Successive chunks of an operation have the same shapes, so the arrays a task
 * finished with serve the next task as they are.
 *
 * <p>Arrays are held through soft references, so pooled arrays never cause an
 * {@link OutOfMemoryError}: the collector clears them before it would throw. The pool also holds
 * at most {@code capacityBytes}; beyond that, given arrays are dropped. Thread-safe.
 */
public final class ArrayPool {
    private record Key(Class<?> type, int length) {
    }

    private final long capacity;
    private final Map<Key, Deque<SoftReference<Object>>> free = new ConcurrentHashMap<>();
    private final AtomicLong held = new AtomicLong();

    /** A pool holding at most {@code capacityBytes} of arrays; 0 turns pooling off. */
    public ArrayPool(long capacityBytes) {
        if (capacityBytes < 0) {
            throw new IllegalArgumentException("array pool capacity must be >= 0, got " + capacityBytes);
        }
        this.capacity = capacityBytes;
    }

    /** A pool that keeps nothing: every {@link #take} allocates. */
    public static ArrayPool disabled() {
        return new ArrayPool(0);
    }

    public long capacityBytes() {
        return capacity;
    }

    /** Bytes of arrays currently held (some may already have been cleared by the collector). */
    public long heldBytes() {
        return held.get();
    }

    /**
     * An array for {@code length} elements of {@code dtype}: a recycled one, with whatever
     * elements it held, or a new one.
     */
    public Object take(DataType dtype, int length) {
        Deque<SoftReference<Object>> q = free.get(new Key(dtype.storageClass(), length));
        if (q != null) {
            SoftReference<Object> ref;
            while ((ref = q.pollFirst()) != null) {
                held.addAndGet(-bytes(dtype, length));
                Object a = ref.get();
                if (a != null) {
                    return a;
                }
            }
        }
        return dtype.allocate(length);
    }

    /** Gives back an array nobody uses any more; dropped when the pool is full. */
    public void give(DataType dtype, Object array) {
        int length = java.lang.reflect.Array.getLength(array);
        long b = bytes(dtype, length);
        if (b == 0 || held.addAndGet(b) > capacity) {
            held.addAndGet(-b);
            return;
        }
        free.computeIfAbsent(new Key(array.getClass(), length), k -> new ConcurrentLinkedDeque<>())
                .addFirst(new SoftReference<>(array));
    }

    private static long bytes(DataType dtype, int length) {
        return (long) length * dtype.itemSize();
    }
}
