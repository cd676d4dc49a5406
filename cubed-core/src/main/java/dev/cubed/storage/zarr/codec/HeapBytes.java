package dev.cubed.storage.zarr.codec;

import java.nio.ByteBuffer;

/**
 * The remaining bytes of a buffer as a region of a Java byte array, which the native
 * compressors and {@code java.util.zip} take directly. Heap buffers are used in place; only
 * direct or read-only buffers are copied.
 */
record HeapBytes(byte[] array, int offset, int length) {

    static HeapBytes of(ByteBuffer buffer) {
        if (buffer.hasArray()) {
            return new HeapBytes(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
        }
        byte[] copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy);
        return new HeapBytes(copy, 0, copy.length);
    }

    /** Byte {@code i} of the region, unsigned. */
    int u8(int i) {
        return array[offset + i] & 0xFF;
    }
}
