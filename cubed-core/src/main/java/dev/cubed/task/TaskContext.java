package dev.cubed.task;

import dev.cubed.block.ArrayPool;
import dev.cubed.kernel.KernelRegistry;
import dev.cubed.primitive.StoredArray;
import dev.cubed.storage.Storage;
import dev.cubed.storage.Store;
import dev.cubed.storage.zarr.ArrayMetadata;
import dev.cubed.storage.zarr.ZarrArray;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What tasks need from their process: storage (and its clients), the kernel registry, the
 * locations they may touch, and opened arrays cached across tasks. Create one per process (or
 * per Lambda execution environment) and share it between threads.
 */
public final class TaskContext {
    private final Storage storage;
    private final KernelRegistry kernels;
    private final AllowedLocations allowed;
    private final Map<ArrayKey, ZarrArray> arrays = new ConcurrentHashMap<>();
    private final ArrayPool arrayPool;

    /** Arrays kept for reuse between tasks by default: a few chunks per worker thread. */
    public static final long DEFAULT_ARRAY_POOL_BYTES = 256L << 20;

    public TaskContext(Storage storage, KernelRegistry kernels, AllowedLocations allowed) {
        this(storage, kernels, allowed, new ArrayPool(DEFAULT_ARRAY_POOL_BYTES));
    }

    public TaskContext(Storage storage, KernelRegistry kernels, AllowedLocations allowed, ArrayPool arrayPool) {
        this.storage = Objects.requireNonNull(storage, "storage");
        this.kernels = Objects.requireNonNull(kernels, "kernels");
        this.allowed = Objects.requireNonNull(allowed, "allowed");
        this.arrayPool = Objects.requireNonNull(arrayPool, "arrayPool");
    }

    public Storage storage() {
        return storage;
    }

    public KernelRegistry kernels() {
        return kernels;
    }

    public AllowedLocations allowed() {
        return allowed;
    }

    /** Chunk-sized arrays that tasks in this process recycle (see {@link ArrayPool}). */
    public ArrayPool arrayPool() {
        return arrayPool;
    }

    /** The Zarr array of a plain stored array, opened with the plan's metadata (no metadata read). */
    public ZarrArray array(String url, ArrayMetadata metadata) {
        return arrays.computeIfAbsent(new ArrayKey(url, metadata), k -> {
            Store store = storage.open(url);
            return ZarrArray.open(store, "", metadata);
        });
    }

    /** The Zarr arrays of a stored array's fields (one entry, named "", for a plain array). */
    public Map<String, ZarrArray> arrays(StoredArray ref) {
        Map<String, ZarrArray> out = new LinkedHashMap<>();
        if (ref.isPlain()) {
            out.put("", array(ref.url(), ref.metadata()));
        } else {
            ref.fields().forEach((name, meta) -> out.put(name, array(ref.fieldUrl(name), meta)));
        }
        return out;
    }

    private record ArrayKey(String url, ArrayMetadata metadata) {
    }
}
