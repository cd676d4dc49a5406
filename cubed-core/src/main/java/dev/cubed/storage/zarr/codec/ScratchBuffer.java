package dev.cubed.storage.zarr.codec;

import java.lang.ref.SoftReference;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One spare byte array that a pipeline reuses for the intermediate bytes between the bytes codec
 * and the first compressor (decompressed data about to be copied into the block's primitive array,
 * or a block's bytes about to be compressed). A thread takes it, uses it within one call and gives
 * it back; a thread that finds it taken allocates. Allocating and zeroing a fresh multi-MiB array
 * per chunk costs about as much as copying it, so this saves a fifth of a decode.
 *
 * <p>The spare is softly held: a process keeps the pipelines of every array it opened, and their
 * idle spares must never be what runs it out of memory.
 */
final class ScratchBuffer {
    private final AtomicReference<SoftReference<byte[]>> spare = new AtomicReference<>();

    /** An array of at least {@code size} bytes, owned by the caller until {@link #give}. */
    byte[] take(int size) {
        SoftReference<byte[]> ref = spare.getAndSet(null);
        byte[] b = ref == null ? null : ref.get();
        return b != null && b.length >= size ? b : new byte[size];
    }

    void give(byte[] b) {
        spare.set(new SoftReference<>(b));
    }
}
