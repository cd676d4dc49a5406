package dev.cubed.storage.zarr.codec;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cubed.block.Block;
import dev.cubed.block.BlockAllocator;
import dev.cubed.block.DataType;
import dev.cubed.storage.zarr.ZarrException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The v3 {@code bytes} codec: elements in C order, each in the given byte order. Elements move
 * between the primitive array and the bytes in bulk through typed views of a byte buffer (a
 * memory copy, with a byte swap only when the order differs from the machine's).
 *
 * @param endian the byte order, or null when the metadata gives none (allowed for 1-byte types)
 */
public record BytesCodec(ByteOrder endian) implements ArrayToBytesCodec {
    public static final BytesCodec LITTLE = new BytesCodec(ByteOrder.LITTLE_ENDIAN);
    public static final BytesCodec BIG = new BytesCodec(ByteOrder.BIG_ENDIAN);
    /** {@code {"name": "bytes"}} with no configuration: only valid for 1-byte types. */
    public static final BytesCodec UNSPECIFIED = new BytesCodec(null);

    @Override
    public String name() {
        return "bytes";
    }

    /** The byte order used to code (little when the metadata gives none). */
    public ByteOrder order() {
        return endian == null ? ByteOrder.LITTLE_ENDIAN : endian;
    }

    void checkFor(DataType type) {
        if (endian == null && type.itemSize() > 1) {
            throw new ZarrException("the bytes codec has no endian configuration, which only 1-byte types may omit, but the data type is "
                    + type + "; add \"configuration\": {\"endian\": \"little\"}");
        }
    }

    @Override
    public ByteBuffer encode(Block chunk, ChunkSpec spec) {
        return encodeInto(chunk, spec, new byte[Math.multiplyExact(spec.size(), spec.dataType().itemSize())]);
    }

    /** Encodes into the start of {@code out}, which must hold at least the encoded size. */
    ByteBuffer encodeInto(Block chunk, ChunkSpec spec, byte[] out) {
        Block b = chunk.isContiguous() ? chunk : chunk.copy();
        int n = b.size();
        int off = b.offset();
        DataType t = spec.dataType();
        ByteBuffer bb = ByteBuffer.wrap(out, 0, n * t.itemSize()).slice().order(order());
        Object data = b.data();
        switch (t) {
            case BOOL, INT8, UINT8 -> System.arraycopy(data, off, out, 0, n);
            case INT16, UINT16 -> bb.asShortBuffer().put((short[]) data, off, n);
            case INT32, UINT32 -> bb.asIntBuffer().put((int[]) data, off, n);
            case INT64, UINT64 -> bb.asLongBuffer().put((long[]) data, off, n);
            case FLOAT32 -> bb.asFloatBuffer().put((float[]) data, off, n);
            case FLOAT64 -> bb.asDoubleBuffer().put((double[]) data, off, n);
        }
        return bb;
    }

    @Override
    public Block decode(ByteBuffer bytes, ChunkSpec spec) {
        return decode(bytes, spec, BlockAllocator.FRESH);
    }

    @Override
    public Block decode(ByteBuffer bytes, ChunkSpec spec, BlockAllocator allocator) {
        DataType t = spec.dataType();
        int n = spec.size();
        long expected = (long) n * t.itemSize();
        if (bytes.remaining() != expected) {
            throw new ZarrException("decoded chunk has " + bytes.remaining() + " bytes but a chunk of shape "
                    + Arrays.toString(spec.shape()) + " and type " + t + " needs " + expected + " (" + n
                    + " elements of " + t.itemSize() + " bytes); the chunk is truncated or was written with other metadata");
        }
        ByteBuffer bb = bytes.slice().order(order());
        Block out = allocator.allocate(t, spec.shape());
        Object data = out.data();
        switch (t) {
            case BOOL, INT8, UINT8 -> bb.get((byte[]) data);
            case INT16, UINT16 -> bb.asShortBuffer().get((short[]) data);
            case INT32, UINT32 -> bb.asIntBuffer().get((int[]) data);
            case INT64, UINT64 -> bb.asLongBuffer().get((long[]) data);
            case FLOAT32 -> bb.asFloatBuffer().get((float[]) data);
            case FLOAT64 -> bb.asDoubleBuffer().get((double[]) data);
        }
        return out;
    }

    @Override
    public long encodedSize(ChunkSpec spec) {
        return spec.nbytes();
    }

    @Override
    public ObjectNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode().put("name", "bytes");
        if (endian != null) {
            n.putObject("configuration").put("endian", endian == ByteOrder.LITTLE_ENDIAN ? "little" : "big");
        }
        return n;
    }

    @Override
    public String describe() {
        return endian == null ? "bytes" : "bytes(" + (endian == ByteOrder.LITTLE_ENDIAN ? "little" : "big") + ")";
    }
}
