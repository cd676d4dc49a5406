package dev.cubed.storage.zarr.codec;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cubed.storage.zarr.ZarrException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32;

/**
 * The Zarr v2 {@code crc32} filter of numcodecs ({@code {"id": "crc32"}}): the CRC-32 of the bytes
 * as 4 little-endian bytes in front of them, checked and removed on decode. As a v2 filter it
 * runs before the compressor, so it checks the uncompressed chunk. Zarr v3 has {@link Crc32cCodec}.
 */
public record Crc32Codec() implements BytesToBytesCodec {
    /** The numcodecs id. */
    public static final String ID = "crc32";

    @Override
    public String name() {
        return ID;
    }

    @Override
    public ByteBuffer encode(ByteBuffer decoded) {
        HeapBytes in = HeapBytes.of(decoded);
        byte[] out = new byte[in.length() + 4];
        CRC32 crc = new CRC32();
        crc.update(in.array(), in.offset(), in.length());
        ByteBuffer.wrap(out, 0, 4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) crc.getValue());
        System.arraycopy(in.array(), in.offset(), out, 4, in.length());
        return ByteBuffer.wrap(out);
    }

    @Override
    public ByteBuffer decode(ByteBuffer encoded, int decodedSize) {
        HeapBytes in = HeapBytes.of(encoded);
        if (in.length() < 4) {
            throw new ZarrException("crc32 data has " + in.length() + " bytes, fewer than its 4-byte checksum");
        }
        int n = in.length() - 4;
        CRC32 crc = new CRC32();
        crc.update(in.array(), in.offset() + 4, n);
        int stored = ByteBuffer.wrap(in.array(), in.offset(), 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        if (stored != (int) crc.getValue()) {
            throw new ZarrException(String.format(
                    "crc32 checksum mismatch: stored %08x, computed %08x over %d bytes; the data is corrupt",
                    stored, (int) crc.getValue(), n));
        }
        return ByteBuffer.wrap(in.array(), in.offset() + 4, n).slice();
    }

    @Override
    public long encodedSize(long decodedSize) {
        return decodedSize < 0 ? -1 : decodedSize + 4;
    }

    /** The v2 filter entry. */
    @Override
    public ObjectNode toJson() {
        return JsonNodeFactory.instance.objectNode().put("id", ID);
    }

    @Override
    public String describe() {
        return ID;
    }
}
