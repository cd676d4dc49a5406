package dev.cubed.storage.zarr.codec;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cubed.storage.zarr.ZarrException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;

/**
 * The numcodecs {@code lz4} compressor (Zarr v2; {@code numcodecs.lz4} in v3): the decoded size as
 * a little-endian int32, then one LZ4 block. Compression always runs at acceleration 1 (the
 * setting is kept for the metadata; a higher one only trades ratio for speed).
 */
public record Lz4Codec(int acceleration) implements BytesToBytesCodec {
    private static final LZ4Factory LZ4 = LZ4Factory.fastestInstance();

    public Lz4Codec {
        if (acceleration < 1) {
            throw new ZarrException("lz4 acceleration " + acceleration + " must be at least 1");
        }
    }

    @Override
    public String name() {
        return "numcodecs.lz4";
    }

    @Override
    public ByteBuffer encode(ByteBuffer decoded) {
        HeapBytes in = HeapBytes.of(decoded);
        byte[] out = new byte[4 + LZ4.fastCompressor().maxCompressedLength(in.length())];
        int n = LZ4.fastCompressor().compress(in.array(), in.offset(), in.length(), out, 4, out.length - 4);
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putInt(0, in.length());
        return ByteBuffer.wrap(out, 0, 4 + n);
    }

    @Override
    public ByteBuffer decode(ByteBuffer encoded, int decodedSize) {
        int size = size(encoded, decodedSize);
        return decodeInto(encoded, new byte[size], size);
    }

    @Override
    public ByteBuffer decodeInto(ByteBuffer encoded, byte[] target, int decodedSize) {
        int size = size(encoded, decodedSize);
        if (target.length < size) {
            target = new byte[size];
        }
        int n;
        try {
            n = LZ4.safeDecompressor().decompress(encoded, encoded.position() + 4, encoded.remaining() - 4,
                    ByteBuffer.wrap(target), 0, size);
        } catch (LZ4Exception e) {
            throw new ZarrException("lz4 data is corrupt: " + e.getMessage(), e);
        }
        if (n != size) {
            throw new ZarrException("lz4 data decompresses to " + n + " bytes, but its header says " + size);
        }
        return ByteBuffer.wrap(target, 0, size);
    }

    private static int size(ByteBuffer encoded, int decodedSize) {
        if (encoded.remaining() < 4) {
            throw new ZarrException("lz4 data is truncated: " + encoded.remaining() + " bytes, but its size header alone is 4");
        }
        int size = encoded.duplicate().order(ByteOrder.LITTLE_ENDIAN).getInt(encoded.position());
        if (size < 0) {
            throw new ZarrException("lz4 data is damaged: its size header says " + size + " bytes");
        }
        if (decodedSize >= 0 && size != decodedSize) {
            throw new ZarrException("lz4 data says it holds " + size + " bytes but the chunk needs " + decodedSize
                    + "; the chunk was written with other metadata or is damaged");
        }
        return size;
    }

    @Override
    public ObjectNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode().put("name", "numcodecs.lz4");
        n.putObject("configuration").put("acceleration", acceleration);
        return n;
    }

    /** The numcodecs compressor object of Zarr v2 metadata. */
    public ObjectNode toV2Json() {
        return JsonNodeFactory.instance.objectNode().put("acceleration", acceleration).put("id", "lz4");
    }

    @Override
    public String describe() {
        return "lz4(acceleration=" + acceleration + ")";
    }
}
