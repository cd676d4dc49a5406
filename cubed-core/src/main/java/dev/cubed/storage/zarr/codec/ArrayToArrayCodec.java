package dev.cubed.storage.zarr.codec;

import dev.cubed.block.Block;

/** A codec that turns a chunk array into another array (e.g. a transpose). */
public sealed interface ArrayToArrayCodec extends Codec permits TransposeCodec {

    /** The spec of the encoded array given the spec of the decoded one. */
    ChunkSpec encodedSpec(ChunkSpec decoded);

    /** Encodes; may return a view of {@code chunk}. */
    Block encode(Block chunk);

    /** Decodes an array of the encoded spec back to {@code decoded}'s shape; may return a view. */
    Block decode(Block encoded, ChunkSpec decoded);
}
