package dev.cubed.storage.zarr.codec;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdException;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import dev.cubed.storage.zarr.ZarrException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * The v3 {@code zstd} codec and the v2 (numcodecs) {@code zstd} compressor, through zstd-jni.
 * A frame is decompressed straight into an array of the decoded size when that is known (from
 * the pipeline or the frame header), so no intermediate buffers are made.
 */
public record ZstdCodec(int level, boolean checksum) implements BytesToBytesCodec {

    public ZstdCodec {
        if (level < -131072 || level > 22) {
            throw new ZarrException("zstd level " + level + " is outside -131072..22");
        }
    }

    public ZstdCodec(int level) {
        this(level, false);
    }

    @Override
    public String name() {
        return "zstd";
    }

    @Override
    public ByteBuffer encode(ByteBuffer decoded) {
        HeapBytes in = HeapBytes.of(decoded);
        byte[] out = new byte[(int) Math.min(Zstd.compressBound(in.length()), Integer.MAX_VALUE - 16)];
        long n;
        try {
            n = Zstd.compressByteArray(out, 0, out.length, in.array(), in.offset(), in.length(), level, checksum);
        } catch (ZstdException e) {
            throw new ZarrException("zstd compression failed: " + e.getMessage(), e);
        }
        if (Zstd.isError(n)) {
            throw new ZarrException("zstd compression failed: " + Zstd.getErrorName(n));
        }
        return ByteBuffer.wrap(out, 0, (int) n);
    }

    /**
     * Compresses into a reused worst-case-sized array and returns an exact-size copy: copying the
     * compressed bytes is cheaper than allocating and zeroing a fresh worst-case array per chunk.
     */
    ByteBuffer encode(ByteBuffer decoded, ScratchBuffer scratch) {
        HeapBytes in = HeapBytes.of(decoded);
        byte[] out = scratch.take((int) Math.min(Zstd.compressBound(in.length()), Integer.MAX_VALUE - 16));
        try {
            long n;
            try {
                n = Zstd.compressByteArray(out, 0, out.length, in.array(), in.offset(), in.length(), level, checksum);
            } catch (ZstdException e) {
                throw new ZarrException("zstd compression failed: " + e.getMessage(), e);
            }
            if (Zstd.isError(n)) {
                throw new ZarrException("zstd compression failed: " + Zstd.getErrorName(n));
            }
            return ByteBuffer.wrap(java.util.Arrays.copyOf(out, (int) n));
        } finally {
            scratch.give(out);
        }
    }

    @Override
    public ByteBuffer decode(ByteBuffer encoded, int decodedSize) {
        HeapBytes in = HeapBytes.of(encoded);
        long size = decodedSize;
        if (size < 0) {
            size = Zstd.getFrameContentSize(in.array(), in.offset(), in.length());
            if (size < 0 || size > Integer.MAX_VALUE - 16) {
                // no content size in the frame header (or an error): decompress as a stream
                return streamDecode(in);
            }
        }
        return decompress(in, new byte[(int) size], (int) size);
    }

    @Override
    public ByteBuffer decodeInto(ByteBuffer encoded, byte[] target, int decodedSize) {
        return decompress(HeapBytes.of(encoded), target, decodedSize);
    }

    private static ByteBuffer decompress(HeapBytes in, byte[] out, int size) {
        long n;
        try {
            n = Zstd.decompressByteArray(out, 0, size, in.array(), in.offset(), in.length());
        } catch (ZstdException e) {
            throw new ZarrException("zstd data is corrupt or does not decompress to the expected " + size
                    + " bytes: " + e.getMessage(), e);
        }
        if (Zstd.isError(n)) {
            throw new ZarrException("zstd data is corrupt or does not decompress to the expected " + size
                    + " bytes: " + Zstd.getErrorName(n));
        }
        if (n != size) {
            throw new ZarrException("zstd data decompresses to " + n + " bytes, expected " + size);
        }
        return ByteBuffer.wrap(out, 0, size);
    }

    private static ByteBuffer streamDecode(HeapBytes in) {
        try (InputStream s = new ZstdInputStreamNoFinalizer(
                new ByteArrayInputStream(in.array(), in.offset(), in.length()))) {
            return ByteBuffer.wrap(s.readAllBytes());
        } catch (IOException | ZstdException e) {
            throw new ZarrException("zstd data is corrupt: " + e.getMessage(), e);
        }
    }

    @Override
    public ObjectNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode().put("name", "zstd");
        n.putObject("configuration").put("level", level).put("checksum", checksum);
        return n;
    }

    @Override
    public String describe() {
        return "zstd(level=" + level + (checksum ? ", checksum" : "") + ")";
    }
}
