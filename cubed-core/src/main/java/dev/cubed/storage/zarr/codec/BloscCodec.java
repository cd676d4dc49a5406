package dev.cubed.storage.zarr.codec;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cubed.storage.zarr.ZarrException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The Zarr v3 {@code blosc} codec and the v2 (numcodecs) {@code blosc} compressor: c-blosc 1.x
 * frames, which record how they were made, so any frame decodes whatever these settings say
 * (every internal compressor but snappy, byte and bit shuffle, split and unsplit blocks, memcpy'd
 * frames). The settings decide how this library writes.
 *
 * @param cname the internal compressor: blosclz, lz4, lz4hc, zlib or zstd
 * @param clevel 0 (store) to 9
 * @param shuffle the filter applied to each block before compressing it
 * @param typesize the element size the shuffle works on; 0 until {@link #withTypesize} binds it
 *     to the array's data type (arrays built through {@code ArrayMetadata} always bind it)
 * @param blocksize bytes per block, or 0 for Blosc's choice for the level
 */
public record BloscCodec(String cname, int clevel, Shuffle shuffle, int typesize, int blocksize)
        implements BytesToBytesCodec {

    /** The internal compressors c-blosc 1.x writes; snappy frames are refused when read. */
    public static final List<String> CNAMES = List.of("blosclz", "lz4", "lz4hc", "zlib", "zstd");

    /** Blosc's filters, with their v3 names and v2 (numcodecs) numbers. */
    public enum Shuffle {
        NOSHUFFLE("noshuffle"), SHUFFLE("shuffle"), BITSHUFFLE("bitshuffle");

        private final String v3Name;

        Shuffle(String v3Name) {
            this.v3Name = v3Name;
        }

        public String v3Name() {
            return v3Name;
        }

        /** The numcodecs number: 0, 1 or 2. */
        public int v2Number() {
            return ordinal();
        }

        public static Shuffle fromV3(String name) {
            for (Shuffle s : values()) {
                if (s.v3Name.equals(name)) {
                    return s;
                }
            }
            throw new ZarrException("blosc shuffle must be \"noshuffle\", \"shuffle\" or \"bitshuffle\", found \"" + name + "\"");
        }

        /** numcodecs: -1 (auto) is bit shuffle for 1-byte items, else byte shuffle. */
        public static Shuffle fromV2(int number, int itemSize) {
            return switch (number) {
                case -1 -> itemSize == 1 ? BITSHUFFLE : SHUFFLE;
                case 0 -> NOSHUFFLE;
                case 1 -> SHUFFLE;
                case 2 -> BITSHUFFLE;
                default -> throw new ZarrException("blosc shuffle must be -1, 0, 1 or 2, found " + number);
            };
        }
    }

    public BloscCodec {
        if (cname == null || !(CNAMES.contains(cname) || cname.equals("snappy"))) {
            throw new ZarrException("blosc cname '" + cname + "' is not one of " + String.join(", ", CNAMES));
        }
        if (clevel < 0 || clevel > 9) {
            throw new ZarrException("blosc clevel " + clevel + " is outside 0..9");
        }
        if (shuffle == null) {
            throw new ZarrException("blosc shuffle must be given");
        }
        if (typesize < 0 || blocksize < 0) {
            throw new ZarrException("blosc typesize (" + typesize + ") and blocksize (" + blocksize + ") cannot be negative");
        }
    }

    /** Blosc with LZ4 at level 5 and byte shuffle: what zarr-python and Cubed write by default. */
    public static BloscCodec lz4Shuffle() {
        return new BloscCodec("lz4", 5, Shuffle.SHUFFLE, 0, 0);
    }

    /** This codec with the shuffle working on elements of {@code size} bytes. */
    public BloscCodec withTypesize(int size) {
        return size == typesize ? this : new BloscCodec(cname, clevel, shuffle, size, blocksize);
    }

    @Override
    public String name() {
        return "blosc";
    }

    @Override
    public ByteBuffer encode(ByteBuffer decoded) {
        checkWritable();
        HeapBytes in = HeapBytes.of(decoded);
        return BloscFrame.encode(in.array(), in.offset(), in.length(), settings());
    }

    /**
     * Encodes {@code src[0, len)} into {@code out}, which must hold {@link #maxEncodedSize}; the
     * frame is valid until {@code out} is reused.
     */
    ByteBuffer encodeInto(byte[] src, int len, byte[] out) {
        checkWritable();
        return BloscFrame.encode(src, 0, len, settings(), out);
    }

    /** The most bytes a frame of {@code len} bytes takes: the memcpy'd frame. */
    static int maxEncodedSize(int len) {
        return BloscFrame.HEADER + len;
    }

    private void checkWritable() {
        if (cname.equals("snappy")) {
            throw new ZarrException("this library cannot write Blosc with snappy (no JVM snappy is bundled);"
                    + " use cname lz4, lz4hc, blosclz, zlib or zstd");
        }
        if ((shuffle == Shuffle.BITSHUFFLE || shuffle == Shuffle.SHUFFLE) && typesize == 0) {
            // an unbound typesize would shuffle 1-byte elements, which is valid but useless
            throw new ZarrException("blosc with " + shuffle.v3Name() + " needs a typesize; bind it with withTypesize");
        }
    }

    private BloscFrame.Settings settings() {
        return new BloscFrame.Settings(cname, clevel, shuffle, typesize, blocksize);
    }

    @Override
    public ByteBuffer decode(ByteBuffer encoded, int decodedSize) {
        BloscFrame.Header h = checked(encoded, decodedSize);
        byte[] out = new byte[h.nbytes()];
        BloscFrame.decode(encoded, h, out);
        return ByteBuffer.wrap(out);
    }

    @Override
    public ByteBuffer decodeInto(ByteBuffer encoded, byte[] target, int decodedSize) {
        BloscFrame.Header h = checked(encoded, decodedSize);
        if (target.length < h.nbytes()) {
            return decode(encoded, decodedSize);
        }
        BloscFrame.decode(encoded, h, target);
        return ByteBuffer.wrap(target, 0, h.nbytes());
    }

    /**
     * Decodes straight into the elements of a primitive array ({@code itemSize} bytes each,
     * little-endian), when the frame's blocks hold whole elements; returns false (having written
     * nothing) when they do not, and the caller decodes to bytes instead.
     */
    boolean decodeElements(ByteBuffer encoded, Object elements, int itemSize, int decodedSize) {
        BloscFrame.Header h = checked(encoded, decodedSize);
        if (!h.memcpyed() && h.nblocks() > 1 && h.blocksize() % itemSize != 0) {
            return false;
        }
        BloscFrame.decode(encoded, h, elements);
        return true;
    }

    private static BloscFrame.Header checked(ByteBuffer encoded, int decodedSize) {
        BloscFrame.Header h = BloscFrame.header(encoded);
        if (decodedSize >= 0 && h.nbytes() != decodedSize) {
            throw new ZarrException("Blosc frame holds " + h.nbytes() + " bytes but the chunk needs " + decodedSize
                    + "; the chunk was written with other metadata or is damaged");
        }
        return h;
    }

    @Override
    public ObjectNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode().put("name", "blosc");
        ObjectNode c = n.putObject("configuration");
        c.put("cname", cname).put("clevel", clevel).put("shuffle", shuffle.v3Name());
        if (typesize > 0) {
            c.put("typesize", typesize);
        }
        c.put("blocksize", blocksize);
        return n;
    }

    /** The numcodecs compressor object of Zarr v2 metadata. */
    public ObjectNode toV2Json() {
        return JsonNodeFactory.instance.objectNode().put("blocksize", blocksize).put("clevel", clevel)
                .put("cname", cname).put("id", "blosc").put("shuffle", shuffle.v2Number());
    }

    @Override
    public String describe() {
        return "blosc(" + cname + ", clevel=" + clevel + ", " + shuffle.v3Name()
                + (typesize > 0 ? ", typesize=" + typesize : "") + (blocksize > 0 ? ", blocksize=" + blocksize : "") + ")";
    }
}
