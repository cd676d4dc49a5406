package dev.cubed.storage.zarr.codec;

import dev.cubed.block.Block;
import dev.cubed.block.BlockAllocator;
import dev.cubed.storage.zarr.ZarrException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * A validated codec chain bound to one chunk spec: array-to-array codecs, exactly one
 * array-to-bytes codec, then bytes-to-bytes codecs, as the v3 spec orders them. Encoding runs
 * the chain forwards, decoding backwards; decoders are told the exact decoded size wherever
 * the chain fixes it, so decompression goes straight into a buffer of that size.
 */
public final class CodecPipeline {
    private final List<Codec> codecs;
    private final ChunkSpec spec;
    private final List<ArrayToArrayCodec> arrayCodecs = new ArrayList<>();
    /** Spec of the array entering array codec i (decoded side). */
    private final List<ChunkSpec> arraySpecs = new ArrayList<>();
    private final ArrayToBytesCodec bytesCodec;
    private final ChunkSpec bytesSpec;
    private final List<BytesToBytesCodec> byteCodecs = new ArrayList<>();
    /** Size of the bytes entering bytes codec i, or -1 when it depends on the data. */
    private final int[] byteSizes;
    private final long encodedSize;
    private final ScratchBuffer scratch = new ScratchBuffer();
    private final ScratchBuffer compressScratch = new ScratchBuffer();

    public CodecPipeline(List<Codec> codecs, ChunkSpec spec) {
        this.codecs = List.copyOf(codecs);
        this.spec = spec;
        ArrayToBytesCodec a2b = null;
        ChunkSpec current = spec;
        for (Codec c : this.codecs) {
            if (c instanceof UnsupportedCodec u) {
                throw u.unsupported();
            } else if (c instanceof ArrayToArrayCodec a) {
                if (a2b != null) {
                    throw new ZarrException("codec '" + c.name() + "' works on arrays so it must come before the "
                            + "array-to-bytes codec '" + a2b.name() + "', not after it");
                }
                arrayCodecs.add(a);
                arraySpecs.add(current);
                current = a.encodedSpec(current);
            } else if (c instanceof ArrayToBytesCodec b) {
                if (a2b != null) {
                    throw new ZarrException("the codec list has two array-to-bytes codecs ('" + a2b.name() + "' and '"
                            + b.name() + "'); it needs exactly one");
                }
                a2b = b;
                if (b instanceof BytesCodec bc) {
                    bc.checkFor(spec.dataType());
                } else if (b instanceof ShardingCodec sc) {
                    sc.checkFor(current);
                }
            } else if (c instanceof BytesToBytesCodec bb) {
                if (a2b == null) {
                    throw new ZarrException("codec '" + c.name() + "' works on bytes so it must come after an "
                            + "array-to-bytes codec (bytes or sharding_indexed)");
                }
                byteCodecs.add(bb);
            }
        }
        if (a2b == null) {
            throw new ZarrException("the codec list " + describe(this.codecs)
                    + " has no array-to-bytes codec; add {\"name\": \"bytes\"} (or sharding_indexed)");
        }
        this.bytesCodec = a2b;
        this.bytesSpec = current;
        this.byteSizes = new int[byteCodecs.size()];
        long size = a2b.encodedSize(current);
        for (int i = 0; i < byteCodecs.size(); i++) {
            byteSizes[i] = size >= 0 && size <= Integer.MAX_VALUE - 16 ? (int) size : -1;
            size = size < 0 ? -1 : byteCodecs.get(i).encodedSize(size);
        }
        this.encodedSize = size;
    }

    public ChunkSpec spec() {
        return spec;
    }

    public List<Codec> codecs() {
        return codecs;
    }

    /** The encoded size of every chunk when the chain fixes it (no compressor), else -1. */
    public long encodedSize() {
        return encodedSize;
    }

    /** Encodes a chunk of exactly the spec's shape and type (views are accepted). */
    public ByteBuffer encode(Block chunk) {
        if (chunk.dtype() != spec.dataType()) {
            throw new ZarrException("a " + chunk.dtype() + " block cannot be encoded as " + spec.dataType()
                    + "; convert it with astype first");
        }
        if (!Arrays.equals(chunk.shape(), spec.shape())) {
            throw new ZarrException("a block of shape " + Arrays.toString(chunk.shape())
                    + " cannot be encoded as a chunk of shape " + Arrays.toString(spec.shape()));
        }
        Block b = chunk;
        for (ArrayToArrayCodec a : arrayCodecs) {
            b = a.encode(b);
        }
        if (bytesCodec instanceof BytesCodec bc && !byteCodecs.isEmpty() && byteSizes[0] >= 0) {
            // the bytes only live until the first compressor (which writes a new array) has read them
            byte[] spare = scratch.take(byteSizes[0]);
            try {
                ByteBuffer bytes = bc.encodeInto(b, bytesSpec, spare);
                for (BytesToBytesCodec c : byteCodecs) {
                    bytes = c instanceof ZstdCodec z ? z.encode(bytes, compressScratch) : c.encode(bytes);
                }
                return bytes;
            } finally {
                scratch.give(spare);
            }
        }
        ByteBuffer bytes = bytesCodec.encode(b, bytesSpec);
        for (BytesToBytesCodec c : byteCodecs) {
            bytes = c.encode(bytes);
        }
        return bytes;
    }

    /**
     * Encodes {@code chunk} and hands the bytes to {@code sink}. The bytes are only valid during
     * that call: without a compressor they are written into a spare array the pipeline reuses, so
     * a write does not allocate (and zero) a chunk-sized array. A sink that keeps them must copy.
     */
    public void encodeTo(Block chunk, Consumer<ByteBuffer> sink) {
        if (arrayCodecs.isEmpty() && byteCodecs.isEmpty() && bytesCodec instanceof BytesCodec bc
                && chunk.dtype() == spec.dataType() && Arrays.equals(chunk.shape(), spec.shape())) {
            byte[] spare = scratch.take(Math.toIntExact(bytesSpec.nbytes()));
            try {
                sink.accept(bc.encodeInto(chunk, bytesSpec, spare));
            } finally {
                scratch.give(spare);
            }
            return;
        }
        boolean checksummed = byteCodecs.size() == 2 && byteCodecs.get(1) instanceof Crc32cCodec;
        if (arrayCodecs.isEmpty() && !byteCodecs.isEmpty() && byteCodecs.get(0) instanceof BloscCodec blosc
                && (byteCodecs.size() == 1 || checksummed) && bytesCodec instanceof BytesCodec bc
                && chunk.dtype() == spec.dataType() && Arrays.equals(chunk.shape(), spec.shape())) {
            // Blosc (and its checksum) written through two reused arrays: a fresh chunk-sized array
            // per write costs its zeroing and, on a new heap, the first touch of every page
            int n = Math.toIntExact(bytesSpec.nbytes());
            byte[] spare = scratch.take(n);
            byte[] frame = compressScratch.take(BloscCodec.maxEncodedSize(n) + 4);
            try {
                bc.encodeInto(chunk, bytesSpec, spare);
                ByteBuffer f = blosc.encodeInto(spare, n, frame);
                sink.accept(checksummed ? Crc32cCodec.appendChecksum(frame, f.remaining()) : f);
            } finally {
                compressScratch.give(frame);
                scratch.give(spare);
            }
            return;
        }
        if (arrayCodecs.isEmpty() && byteCodecs.size() == 1 && byteCodecs.get(0) instanceof Crc32cCodec
                && bytesCodec instanceof BytesCodec bc && chunk.dtype() == spec.dataType()
                && Arrays.equals(chunk.shape(), spec.shape())) {
            // uncompressed and checksummed (intermediates in a local work dir): the bytes and their
            // checksum go into one spare array, instead of a fresh chunk-sized copy per write
            int n = Math.toIntExact(bytesSpec.nbytes());
            byte[] spare = scratch.take(n + 4);
            try {
                bc.encodeInto(chunk, bytesSpec, spare);
                sink.accept(Crc32cCodec.appendChecksum(spare, n));
            } finally {
                scratch.give(spare);
            }
            return;
        }
        sink.accept(encode(chunk));
    }

    /** Decodes a stored chunk into a new compact block of the spec's shape. */
    public Block decode(ByteBuffer stored) {
        return decode(stored, BlockAllocator.FRESH);
    }

    /**
     * Decodes a stored chunk into a compact block of the spec's shape, whose storage comes from
     * {@code allocator} when the bytes codec writes the block directly (no array-to-array codec).
     */
    public Block decode(ByteBuffer stored, BlockAllocator allocator) {
        BlockAllocator direct = arrayCodecs.isEmpty() ? allocator : BlockAllocator.FRESH;
        ByteBuffer bytes = stored;
        if (arrayCodecs.isEmpty() && !byteCodecs.isEmpty() && byteCodecs.get(0) instanceof BloscCodec blosc
                && bytesCodec instanceof BytesCodec bc && bc.order() == ByteOrder.LITTLE_ENDIAN && byteSizes[0] >= 0) {
            // Blosc decodes block by block straight into the elements: no chunk-sized byte buffer.
            // Codecs after it (a crc32c checksum) are undone first; they return views, not copies.
            for (int i = byteCodecs.size() - 1; i >= 1; i--) {
                bytes = byteCodecs.get(i).decode(bytes, byteSizes[i]);
            }
            Block b = direct.allocate(spec.dataType(), spec.shape());
            if (blosc.decodeElements(bytes, b.data(), spec.dataType().itemSize(), byteSizes[0])) {
                return b;
            }
            bytes = stored;
        }
        Block b;
        if (bytesCodec instanceof BytesCodec && !byteCodecs.isEmpty() && byteSizes[0] >= 0) {
            for (int i = byteCodecs.size() - 1; i >= 1; i--) {
                bytes = byteCodecs.get(i).decode(bytes, byteSizes[i]);
            }
            // the decompressed bytes only live until the bytes codec has copied them into the block
            byte[] spare = scratch.take(byteSizes[0]);
            try {
                b = bytesCodec.decode(byteCodecs.get(0).decodeInto(bytes, spare, byteSizes[0]), bytesSpec, direct);
            } finally {
                scratch.give(spare);
            }
        } else {
            for (int i = byteCodecs.size() - 1; i >= 0; i--) {
                bytes = byteCodecs.get(i).decode(bytes, byteSizes[i]);
            }
            b = bytesCodec.decode(bytes, bytesSpec, direct);
        }
        for (int i = arrayCodecs.size() - 1; i >= 0; i--) {
            b = arrayCodecs.get(i).decode(b, arraySpecs.get(i));
        }
        return b.isCompact() ? b : b.copy();
    }

    /** The array-to-bytes codec (for sharding-aware partial reads). */
    public ArrayToBytesCodec bytesCodec() {
        return bytesCodec;
    }

    /** True when the chain is a single array-to-bytes codec with nothing before or after it. */
    public boolean isOnlyBytesCodec() {
        return arrayCodecs.isEmpty() && byteCodecs.isEmpty();
    }

    static String describe(List<Codec> codecs) {
        StringBuilder sb = new StringBuilder();
        for (Codec c : codecs) {
            if (sb.length() > 0) {
                sb.append(" -> ");
            }
            sb.append(c.describe());
        }
        return sb.length() == 0 ? "(none)" : sb.toString();
    }

    @Override
    public String toString() {
        return describe(codecs);
    }
}
