package dev.cubed.storage.zarr.codec;

import java.nio.ByteBuffer;

/** A codec from bytes to bytes: compressors and checksums. */
public sealed interface BytesToBytesCodec extends Codec
        permits GzipCodec, ZlibCodec, ZstdCodec, Crc32cCodec, Crc32Codec, BloscCodec, Lz4Codec {

    /** Encodes the remaining bytes of {@code decoded} (which it does not modify). */
    ByteBuffer encode(ByteBuffer decoded);

    /**
     * Decodes the remaining bytes of {@code encoded}.
     *
     * @param decodedSize the exact decoded size when the pipeline knows it, else -1; a decoder
     *     uses it to decode straight into a buffer of the right size and must fail when the
     *     content does not have that size
     */
    ByteBuffer decode(ByteBuffer encoded, int decodedSize);

    /**
     * Decodes into {@code target[0, decodedSize)} when the codec can (compressors), else as
     * {@link #decode}. The result is only valid until {@code target} is reused.
     */
    default ByteBuffer decodeInto(ByteBuffer encoded, byte[] target, int decodedSize) {
        return decode(encoded, decodedSize);
    }

    /** The encoded size for a decoded size when it does not depend on the content, else -1. */
    default long encodedSize(long decodedSize) {
        return -1;
    }
}
