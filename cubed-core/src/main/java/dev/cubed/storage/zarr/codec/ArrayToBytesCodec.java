package dev.cubed.storage.zarr.codec;

import dev.cubed.block.Block;
import dev.cubed.block.BlockAllocator;
import java.nio.ByteBuffer;

/** The codec that serialises a chunk array to bytes (exactly one per pipeline). */
public sealed interface ArrayToBytesCodec extends Codec permits BytesCodec, ShardingCodec {

    /** Serialises {@code chunk}, whose shape is {@code spec.shape()} (it may be a non-compact view). */
    ByteBuffer encode(Block chunk, ChunkSpec spec);

    /** Deserialises into a new compact block of {@code spec}'s shape and type. */
    Block decode(ByteBuffer bytes, ChunkSpec spec);

    /** As {@link #decode(ByteBuffer, ChunkSpec)}, taking the block's storage from {@code allocator}. */
    default Block decode(ByteBuffer bytes, ChunkSpec spec, BlockAllocator allocator) {
        return decode(bytes, spec);
    }

    /** The encoded size in bytes when it does not depend on the values, else -1. */
    long encodedSize(ChunkSpec spec);
}
