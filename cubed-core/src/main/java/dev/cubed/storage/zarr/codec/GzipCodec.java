package dev.cubed.storage.zarr.codec;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cubed.storage.zarr.ZarrException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32;

/**
 * The v3 {@code gzip} codec and the v2 {@code gzip} compressor: an RFC 1952 gzip member (header,
 * raw deflate, CRC-32 and length trailer). Decoding accepts several concatenated members and
 * the optional header fields other writers set.
 */
public record GzipCodec(int level) implements BytesToBytesCodec {
    private static final int HEADER = 10;
    private static final int TRAILER = 8;

    public GzipCodec {
        if (level < 0 || level > 9) {
            throw new ZarrException("gzip level " + level + " is outside 0..9");
        }
    }

    @Override
    public String name() {
        return "gzip";
    }

    @Override
    public ByteBuffer encode(ByteBuffer decoded) {
        HeapBytes in = HeapBytes.of(decoded);
        ByteBuffer deflated = Deflation.deflate(in, level, true, HEADER, TRAILER);
        byte[] out = deflated.array();
        int end = deflated.limit();
        out[0] = 0x1f;
        out[1] = (byte) 0x8b;
        out[2] = 8; // deflate
        // flags, mtime (0 = none), extra flags stay zero
        out[9] = (byte) 255; // operating system: unknown
        CRC32 crc = new CRC32();
        crc.update(in.array(), in.offset(), in.length());
        ByteBuffer trailer = ByteBuffer.wrap(out, end, TRAILER).order(ByteOrder.LITTLE_ENDIAN);
        trailer.putInt((int) crc.getValue()).putInt(in.length());
        return ByteBuffer.wrap(out, 0, end + TRAILER);
    }

    @Override
    public ByteBuffer decode(ByteBuffer encoded, int decodedSize) {
        HeapBytes in = HeapBytes.of(encoded);
        return inflate(in, new byte[decodedSize >= 0 ? decodedSize : Math.max(4096, in.length() * 4)], decodedSize);
    }

    @Override
    public ByteBuffer decodeInto(ByteBuffer encoded, byte[] target, int decodedSize) {
        return inflate(HeapBytes.of(encoded), target, decodedSize);
    }

    private static ByteBuffer inflate(HeapBytes in, byte[] target, int decodedSize) {
        byte[][] holder = {target};
        int pos = 0;
        int outPos = 0;
        do {
            int start = skipHeader(in, pos);
            long[] r = Deflation.inflate("gzip", in, start, true, holder, outPos,
                    decodedSize >= 0 ? decodedSize : -1);
            int trailerAt = start + (int) r[0];
            if (trailerAt + TRAILER > in.length()) {
                throw new ZarrException("gzip data is truncated: the 8-byte trailer is missing");
            }
            ByteBuffer t = ByteBuffer.wrap(in.array(), in.offset() + trailerAt, TRAILER).order(ByteOrder.LITTLE_ENDIAN);
            int storedCrc = t.getInt();
            int storedLen = t.getInt();
            CRC32 crc = new CRC32();
            crc.update(holder[0], outPos, (int) r[1]);
            if ((int) crc.getValue() != storedCrc) {
                throw new ZarrException(String.format("gzip CRC-32 mismatch: stored %08x, computed %08x; the data is corrupt",
                        storedCrc, (int) crc.getValue()));
            }
            if (storedLen != (int) r[1]) {
                throw new ZarrException("gzip length mismatch: trailer says " + Integer.toUnsignedString(storedLen)
                        + " bytes, decompressed " + r[1]);
            }
            outPos += (int) r[1];
            pos = trailerAt + TRAILER;
        } while (pos + 2 <= in.length() && in.u8(pos) == 0x1f && in.u8(pos + 1) == 0x8b);
        if (decodedSize >= 0 && outPos != decodedSize) {
            throw new ZarrException("gzip data decompresses to " + outPos + " bytes, expected " + decodedSize);
        }
        return ByteBuffer.wrap(holder[0], 0, outPos);
    }

    /** Checks a member header at {@code pos} and returns where its deflate data starts. */
    private static int skipHeader(HeapBytes in, int pos) {
        if (in.length() - pos < HEADER || in.u8(pos) != 0x1f || in.u8(pos + 1) != 0x8b) {
            throw new ZarrException("not gzip data: the stream does not start with the gzip magic bytes 1f 8b");
        }
        if (in.u8(pos + 2) != 8) {
            throw new ZarrException("gzip compression method " + in.u8(pos + 2) + " is not deflate (8)");
        }
        int flags = in.u8(pos + 3);
        int p = pos + HEADER;
        try {
            if ((flags & 4) != 0) { // FEXTRA
                int xlen = in.u8(p) | in.u8(p + 1) << 8;
                p += 2 + xlen;
            }
            if ((flags & 8) != 0) { // FNAME, zero-terminated
                while (in.u8(p++) != 0) {
                    // skip
                }
            }
            if ((flags & 16) != 0) { // FCOMMENT
                while (in.u8(p++) != 0) {
                    // skip
                }
            }
            if ((flags & 2) != 0) { // FHCRC
                p += 2;
            }
        } catch (ArrayIndexOutOfBoundsException e) {
            throw new ZarrException("gzip header is truncated", e);
        }
        if (p > in.length()) {
            throw new ZarrException("gzip header is truncated");
        }
        return p;
    }

    @Override
    public ObjectNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode().put("name", "gzip");
        n.putObject("configuration").put("level", level);
        return n;
    }

    @Override
    public String describe() {
        return "gzip(level=" + level + ")";
    }
}
