package dev.cubed.storage.zarr.codec;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cubed.storage.zarr.ZarrException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/** The v3 {@code crc32c} codec: appends the CRC-32C of the bytes as 4 little-endian bytes. */
public record Crc32cCodec() implements BytesToBytesCodec {

    @Override
    public String name() {
        return "crc32c";
    }

    @Override
    public ByteBuffer encode(ByteBuffer decoded) {
        HeapBytes in = HeapBytes.of(decoded);
        byte[] out = new byte[in.length() + 4];
        System.arraycopy(in.array(), in.offset(), out, 0, in.length());
        return appendChecksum(out, in.length());
    }

    /** Writes the checksum of {@code data[0, n)} at {@code data[n, n + 4)}; returns the n + 4 bytes. */
    static ByteBuffer appendChecksum(byte[] data, int n) {
        CRC32C crc = new CRC32C();
        crc.update(data, 0, n);
        ByteBuffer.wrap(data, n, 4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) crc.getValue());
        return ByteBuffer.wrap(data, 0, n + 4);
    }

    @Override
    public ByteBuffer decode(ByteBuffer encoded, int decodedSize) {
        // in place, heap or mapped: a view of the data, no copy of the chunk
        int len = encoded.remaining();
        if (len < 4) {
            throw new ZarrException("crc32c data has " + len + " bytes, fewer than its 4-byte checksum");
        }
        int n = len - 4;
        ByteBuffer data = encoded.slice(encoded.position(), n);
        CRC32C crc = new CRC32C();
        crc.update(data.duplicate());
        int stored = encoded.duplicate().order(ByteOrder.LITTLE_ENDIAN).getInt(encoded.position() + n);
        if (stored != (int) crc.getValue()) {
            throw new ZarrException(String.format(
                    "crc32c checksum mismatch: stored %08x, computed %08x over %d bytes; the data is corrupt",
                    stored, (int) crc.getValue(), n));
        }
        return data;
    }

    @Override
    public long encodedSize(long decodedSize) {
        return decodedSize < 0 ? -1 : decodedSize + 4;
    }

    @Override
    public ObjectNode toJson() {
        return JsonNodeFactory.instance.objectNode().put("name", "crc32c");
    }

    @Override
    public String describe() {
        return "crc32c";
    }
}
