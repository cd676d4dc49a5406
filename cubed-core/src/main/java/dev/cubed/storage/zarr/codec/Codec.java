package dev.cubed.storage.zarr.codec;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One step of a Zarr codec pipeline, as named in array metadata. Codecs are immutable values
 * with structural equality; {@link CodecPipeline} runs them on a chunk. Zarr v2 metadata maps
 * onto the same codecs (order F is a {@link TransposeCodec}, the dtype's byte order is the
 * {@link BytesCodec}, the compressor is a {@link BytesToBytesCodec}).
 */
public sealed interface Codec permits ArrayToArrayCodec, ArrayToBytesCodec, BytesToBytesCodec, UnsupportedCodec {

    /** The Zarr v3 codec name, e.g. {@code "zstd"}. */
    String name();

    /** The Zarr v3 metadata object: {@code {"name": ..., "configuration": {...}}}. */
    ObjectNode toJson();

    /** A short human-readable form for listings, e.g. {@code zstd(level=1)}. */
    String describe();
}
