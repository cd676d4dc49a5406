package dev.cubed.storage.zarr.codec;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cubed.storage.zarr.ZarrException;
import java.nio.ByteBuffer;

/**
 * The Zarr v2 (numcodecs) {@code zlib} compressor: an RFC 1950 zlib stream. It has no Zarr v3
 * spec; a v3 array written by this library never uses it (copying to v3 maps it to gzip).
 */
public record ZlibCodec(int level) implements BytesToBytesCodec {

    public ZlibCodec {
        if (level < 0 || level > 9) {
            throw new ZarrException("zlib level " + level + " is outside 0..9");
        }
    }

    @Override
    public String name() {
        return "zlib";
    }

    @Override
    public ByteBuffer encode(ByteBuffer decoded) {
        return Deflation.deflate(HeapBytes.of(decoded), level, false, 0, 0);
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
        long[] r = Deflation.inflate("zlib", in, 0, false, holder, 0, decodedSize >= 0 ? decodedSize : -1);
        if (decodedSize >= 0 && r[1] != decodedSize) {
            throw new ZarrException("zlib data decompresses to " + r[1] + " bytes, expected " + decodedSize);
        }
        return ByteBuffer.wrap(holder[0], 0, (int) r[1]);
    }

    @Override
    public ObjectNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode().put("name", "zlib");
        n.putObject("configuration").put("level", level);
        return n;
    }

    @Override
    public String describe() {
        return "zlib(level=" + level + ")";
    }
}
