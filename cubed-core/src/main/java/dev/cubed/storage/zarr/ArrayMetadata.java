package dev.cubed.storage.zarr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cubed.block.Block;
import dev.cubed.block.DataType;
import dev.cubed.storage.zarr.codec.BloscCodec;
import dev.cubed.storage.zarr.codec.BytesCodec;
import dev.cubed.storage.zarr.codec.ChunkSpec;
import dev.cubed.storage.zarr.codec.Codec;
import dev.cubed.storage.zarr.codec.CodecPipeline;
import dev.cubed.storage.zarr.codec.Crc32Codec;
import dev.cubed.storage.zarr.codec.Crc32cCodec;
import dev.cubed.storage.zarr.codec.GzipCodec;
import dev.cubed.storage.zarr.codec.Lz4Codec;
import dev.cubed.storage.zarr.codec.ShardingCodec;
import dev.cubed.storage.zarr.codec.TransposeCodec;
import dev.cubed.storage.zarr.codec.UnsupportedCodec;
import dev.cubed.storage.zarr.codec.ZstdCodec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The metadata of a Zarr array, v2 or v3, as an immutable value with structural equality.
 * Both formats describe the chunk coding as one codec list (see {@link Codec}); {@link #toJson()}
 * and {@link #fromJson(JsonNode)} give and read the exact Zarr document, so a plan can carry an
 * array's metadata in one JSON node and a worker never has to re-read it from the store.
 *
 * <pre>{@code
 * ArrayMetadata m = ArrayMetadata.builder()
 *         .shape(10_000, 10_000).chunks(1000, 1000)
 *         .dataType(DataType.FLOAT64).fillValue(Double.NaN)
 *         .codecs(ArrayMetadata.Codecs.zstd(3))
 *         .build();
 * }</pre>
 */
public final class ArrayMetadata {
    private final ZarrFormat format;
    private final long[] shape;
    private final int[] chunks;
    private final DataType dataType;
    private final long fillBits;
    private final List<Codec> codecs;
    private final ChunkKeyEncoding chunkKeyEncoding;
    private final List<String> dimensionNames;
    private final ObjectNode attributes;

    private ArrayMetadata(Builder b) {
        this.format = b.format == null ? ZarrFormat.V3 : b.format;
        if (b.shape == null) {
            throw new ZarrException("array metadata needs a shape");
        }
        if (b.dataType == null) {
            throw new ZarrException("array metadata needs a data type");
        }
        this.shape = b.shape.clone();
        this.dataType = b.dataType;
        for (long s : shape) {
            if (s < 0) {
                throw new ZarrException("shape " + Arrays.toString(shape) + " has a negative dimension");
            }
        }
        this.chunks = b.chunks == null ? defaultChunks(shape) : b.chunks.clone();
        if (chunks.length != shape.length) {
            throw new ZarrException("chunks " + Arrays.toString(chunks) + " have " + chunks.length
                    + " dimensions but shape " + Arrays.toString(shape) + " has " + shape.length);
        }
        for (int c : chunks) {
            if (c <= 0) {
                throw new ZarrException("chunks " + Arrays.toString(chunks) + " must be positive on every axis");
            }
        }
        long chunkElements = 1;
        for (int c : chunks) {
            chunkElements *= c;
            if (chunkElements > Integer.MAX_VALUE - 8) {
                throw new ZarrException("a chunk of shape " + Arrays.toString(chunks)
                        + " holds more elements than one Java array can (2^31 - 9); use smaller chunks");
            }
        }
        this.fillBits = b.fillJson != null ? FillValues.fromJson(b.fillJson, dataType)
                : FillValues.fromObject(b.fillValue, dataType);
        List<Codec> cs = new ArrayList<>(b.codecs == null ? Codecs.standard(format)
                : b.checksummed ? Codecs.checksummed(b.codecs, format) : Codecs.checksumFor(b.codecs, format));
        if (b.order == 'F' && !(cs.size() > 0 && cs.get(0) instanceof TransposeCodec)) {
            cs.add(0, TransposeCodec.fortran(shape.length));
        } else if (b.order != 0 && b.order != 'C' && b.order != 'F') {
            throw new ZarrException("order must be 'C' or 'F', not '" + b.order + "'");
        }
        if (format == ZarrFormat.V2) {
            cs = V2Metadata.canonicalCodecs(cs, dataType);
        } else if (cs.stream().anyMatch(c -> c instanceof dev.cubed.storage.zarr.codec.ZlibCodec)) {
            throw new ZarrException("zlib is a Zarr v2 compressor with no Zarr v3 spec; use gzip (the same deflate"
                    + " data in a gzip wrapper) or zstd for v3 arrays");
        }
        this.codecs = bindTypesize(cs, dataType.itemSize());
        ChunkKeyEncoding enc = b.chunkKeyEncoding;
        if (enc == null) {
            char sep = b.separator != 0 ? b.separator : format == ZarrFormat.V2 ? '.' : '/';
            enc = format == ZarrFormat.V2 ? ChunkKeyEncoding.v2(sep) : ChunkKeyEncoding.defaultEncoding(sep);
        }
        if (format == ZarrFormat.V2 && enc.kind() != ChunkKeyEncoding.Kind.V2) {
            throw new ZarrException("Zarr v2 arrays use the v2 chunk key encoding (dimension_separator '.' or '/'), not "
                    + enc + "; use ChunkKeyEncoding.v2(...) or leave it to the default");
        }
        this.chunkKeyEncoding = enc;
        if (b.dimensionNames != null && b.dimensionNames.size() != shape.length) {
            throw new ZarrException("dimension names " + b.dimensionNames + " have " + b.dimensionNames.size()
                    + " entries but the array has " + shape.length + " dimensions");
        }
        this.dimensionNames = b.dimensionNames == null ? null
                : Collections.unmodifiableList(new ArrayList<>(b.dimensionNames));
        this.attributes = Json.canonical(b.attributes);
        if (codecs.stream().noneMatch(UnsupportedCodec.class::isInstance)) {
            new CodecPipeline(codecs, chunkSpec()); // validates the chain against the chunk shape and type
        }
    }

    private static int[] defaultChunks(long[] shape) {
        int[] c = new int[shape.length];
        for (int i = 0; i < shape.length; i++) {
            c[i] = (int) Math.max(1, Math.min(shape[i], Integer.MAX_VALUE));
        }
        return c;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this metadata's settings, to derive changed metadata. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.format = format;
        b.shape = shape.clone();
        b.chunks = chunks.clone();
        b.dataType = dataType;
        b.fillValue = FillValues.asObject(fillBits, dataType);
        if (dataType.isFloat()) {
            b.fillJson = FillValues.toJson(fillBits, dataType, ZarrFormat.V3); // keeps NaN payloads
        }
        b.codecs = new ArrayList<>(codecs);
        b.chunkKeyEncoding = chunkKeyEncoding;
        b.dimensionNames = dimensionNames;
        b.attributes = attributes.deepCopy();
        return b;
    }

    // ---------------------------------------------------------------- JSON

    /**
     * The Zarr document: for v3 the {@code zarr.json} content; for v2 an object
     * {@code {".zarray": {...}, ".zattrs": {...}}} holding both v2 documents.
     */
    public JsonNode toJson() {
        if (format == ZarrFormat.V3) {
            return Json.canonical(V3Metadata.toJson(this));
        }
        ObjectNode o = Json.object();
        o.set(".zarray", V2Metadata.zarray(this));
        o.set(".zattrs", V2Metadata.zattrs(this));
        return Json.canonical(o);
    }

    /** Reads what {@link #toJson()} gives, or a bare v2 {@code .zarray} document. */
    public static ArrayMetadata fromJson(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new ZarrException("array metadata must be a JSON object, found " + (node == null ? "nothing" : node.getNodeType()));
        }
        if (node.has(".zarray")) {
            return V2Metadata.parse(node.get(".zarray"), node.get(".zattrs"));
        }
        JsonNode f = node.get("zarr_format");
        if (f != null && f.asInt() == 3) {
            return V3Metadata.parse(node);
        }
        if (f != null && f.asInt() == 2) {
            return V2Metadata.parse(node, null);
        }
        throw new ZarrException("array metadata has zarr_format " + f + "; supported: 2 and 3");
    }

    /** Reads v2 metadata from its two documents ({@code zattrs} may be null). */
    public static ArrayMetadata fromV2(JsonNode zarray, JsonNode zattrs) {
        return V2Metadata.parse(zarray, zattrs);
    }

    /** The v2 {@code .zarray} document (v2 arrays only). */
    public ObjectNode zarrayJson() {
        requireFormat(ZarrFormat.V2, ".zarray");
        return Json.canonical(V2Metadata.zarray(this));
    }

    /** The v2 {@code .zattrs} document (v2 arrays only). */
    public ObjectNode zattrsJson() {
        requireFormat(ZarrFormat.V2, ".zattrs");
        return Json.canonical(V2Metadata.zattrs(this));
    }

    private void requireFormat(ZarrFormat f, String what) {
        if (format != f) {
            throw new ZarrException(what + " exists only for Zarr " + f + " arrays, this is " + format);
        }
    }

    // ---------------------------------------------------------------- properties

    public ZarrFormat format() {
        return format;
    }

    public long[] shape() {
        return shape.clone();
    }

    public long shape(int axis) {
        return shape[axis];
    }

    /** The chunk shape (for a sharded array, the shard shape). */
    public int[] chunks() {
        return chunks.clone();
    }

    public int chunks(int axis) {
        return chunks[axis];
    }

    public DataType dataType() {
        return dataType;
    }

    public int ndim() {
        return shape.length;
    }

    /** Boolean for bool, Double for floats (NaN and infinities included), Long for integers (BigInteger above 2^63 - 1). */
    public Object fillValue() {
        return FillValues.asObject(fillBits, dataType);
    }

    /** The fill value as a Number {@link Block#fill} accepts (0/1 for bool). */
    public Number fillNumber() {
        return FillValues.asNumber(fillBits, dataType);
    }

    public double fillValueAsDouble() {
        return FillValues.asDouble(fillBits, dataType);
    }

    /** The fill value's element bits (IEEE bits for floats). */
    public long fillValueBits() {
        return fillBits;
    }

    public List<Codec> codecs() {
        return codecs;
    }

    public ChunkKeyEncoding chunkKeyEncoding() {
        return chunkKeyEncoding;
    }

    /** Dimension names (entries may be null), or null when the metadata has none. */
    public List<String> dimensionNames() {
        return dimensionNames;
    }

    /** A copy of the user attributes. */
    public ObjectNode attributes() {
        return attributes.deepCopy();
    }

    public Map<String, Object> attributesMap() {
        return Json.toMap(attributes);
    }

    /** 'F' when chunks are stored in Fortran order (a leading transpose that reverses the axes), else 'C'. */
    public char order() {
        return !codecs.isEmpty() && codecs.get(0) instanceof TransposeCodec t && t.isFortran() ? 'F' : 'C';
    }

    /** Number of chunks along each axis. */
    public long[] chunkGridShape() {
        long[] g = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            g[i] = (shape[i] + chunks[i] - 1) / chunks[i];
        }
        return g;
    }

    /** Total number of chunks in the grid. */
    public long chunkCount() {
        long n = 1;
        for (long g : chunkGridShape()) {
            n *= g;
        }
        return n;
    }

    /** Number of elements. */
    public long size() {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        return n;
    }

    /** Bytes of all elements, uncompressed. */
    public long nbytes() {
        return size() * dataType.itemSize();
    }

    /** Bytes of one full chunk, uncompressed. */
    public long chunkBytes() {
        long n = dataType.itemSize();
        for (int c : chunks) {
            n *= c;
        }
        return n;
    }

    /** The shape of the chunk at {@code coords} clipped to the array bounds (edge chunks are smaller). */
    public int[] chunkShape(long... coords) {
        checkChunkCoords(coords);
        int[] s = new int[shape.length];
        for (int i = 0; i < shape.length; i++) {
            s[i] = (int) Math.min(chunks[i], shape[i] - coords[i] * chunks[i]);
        }
        return s;
    }

    void checkChunkCoords(long[] coords) {
        if (coords.length != shape.length) {
            throw new ZarrException("chunk coordinates " + Arrays.toString(coords) + " have " + coords.length
                    + " axes but the array has " + shape.length);
        }
        long[] grid = chunkGridShape();
        for (int i = 0; i < coords.length; i++) {
            if (coords[i] < 0 || coords[i] >= grid[i]) {
                throw new ZarrException("chunk " + Arrays.toString(coords) + " is outside the chunk grid "
                        + Arrays.toString(grid));
            }
        }
    }

    /** Every chunk's grid coordinates, in C order (none when a dimension is 0; one, {@code []}, for 0-d). */
    public Iterable<long[]> chunkCoordinates() {
        long[] grid = chunkGridShape();
        long total = chunkCount();
        return () -> new java.util.Iterator<>() {
            private final long[] next = new long[grid.length];
            private long produced;

            @Override
            public boolean hasNext() {
                return produced < total;
            }

            @Override
            public long[] next() {
                if (produced >= total) {
                    throw new java.util.NoSuchElementException();
                }
                long[] out = next.clone();
                produced++;
                for (int d = grid.length - 1; d >= 0; d--) {
                    if (++next[d] < grid[d]) {
                        break;
                    }
                    next[d] = 0;
                }
                return out;
            }
        };
    }

    /** The spec of a full (unclipped) chunk, as the codecs see it. */
    public ChunkSpec chunkSpec() {
        return new ChunkSpec(chunks, dataType, fillNumber());
    }

    /** The codec chain as text, e.g. {@code bytes(little) -> zstd(level=1)}. */
    public String describeCodecs() {
        StringBuilder sb = new StringBuilder();
        for (Codec c : codecs) {
            if (sb.length() > 0) {
                sb.append(" -> ");
            }
            sb.append(c.describe());
        }
        return sb.toString();
    }

    /** The fill value as text: 0, 0.5, NaN, true. */
    public String describeFillValue() {
        return FillValues.describe(fillBits, dataType);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ArrayMetadata m && format == m.format && Arrays.equals(shape, m.shape)
                && Arrays.equals(chunks, m.chunks) && dataType == m.dataType && fillBits == m.fillBits
                && codecs.equals(m.codecs) && chunkKeyEncoding.equals(m.chunkKeyEncoding)
                && Objects.equals(dimensionNames, m.dimensionNames) && attributes.equals(m.attributes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(format, Arrays.hashCode(shape), Arrays.hashCode(chunks), dataType, fillBits, codecs,
                chunkKeyEncoding, dimensionNames, attributes);
    }

    @Override
    public String toString() {
        return "ArrayMetadata(" + format + ", shape " + Arrays.toString(shape) + ", chunks " + Arrays.toString(chunks)
                + ", " + dataType + ", fill " + describeFillValue() + ", " + describeCodecs() + ", " + chunkKeyEncoding
                + ")";
    }

    // ---------------------------------------------------------------- builder

    /** Builds {@link ArrayMetadata}; shape and data type are required. */
    public static final class Builder {
        private ZarrFormat format;
        private long[] shape;
        private int[] chunks;
        private DataType dataType;
        private Object fillValue;
        private JsonNode fillJson;
        private List<Codec> codecs;
        private ChunkKeyEncoding chunkKeyEncoding;
        private char separator;
        private List<String> dimensionNames;
        private JsonNode attributes;
        private char order;
        private boolean checksummed;

        private Builder() {
        }

        /** Zarr v3 (the default) or v2. */
        public Builder format(ZarrFormat format) {
            this.format = format;
            return this;
        }

        public Builder shape(long... shape) {
            this.shape = shape.clone();
            return this;
        }

        /** The chunk shape (the shard shape when sharding); defaults to one chunk for the whole array. */
        public Builder chunks(int... chunks) {
            this.chunks = chunks.clone();
            return this;
        }

        public Builder dataType(DataType dataType) {
            this.dataType = dataType;
            return this;
        }

        /**
         * The fill value: a Number, a Boolean (bool arrays), or a String: "NaN", "Infinity",
         * "-Infinity" or hex bits such as "0x7fc00000". Defaults to 0 (false).
         */
        public Builder fillValue(Object fillValue) {
            this.fillValue = fillValue;
            this.fillJson = null;
            return this;
        }

        /**
         * The codec list; defaults to {@link Codecs#standard} (the default compression with the
         * format's checksum). See {@link Codecs}.
         */
        public Builder codecs(List<? extends Codec> codecs) {
            this.codecs = codecs == null ? null : new ArrayList<>(codecs);
            this.checksummed = false;
            return this;
        }

        /**
         * The codec list with the format's checksum added ({@link Codecs#checksummed}), whichever
         * format is chosen before or after: how this project writes arrays.
         */
        public Builder checksummedCodecs(List<? extends Codec> codecs) {
            this.codecs = new ArrayList<>(codecs);
            this.checksummed = true;
            return this;
        }

        public Builder codecs(Codec... codecs) {
            return codecs(Arrays.asList(codecs));
        }

        /** Null gives the format's default: v3 {@code default} with '/', v2 with '.'. */
        public Builder chunkKeyEncoding(ChunkKeyEncoding encoding) {
            this.chunkKeyEncoding = encoding;
            return this;
        }

        /** The separator for the format's default key encoding ('/' or '.'; v2's dimension_separator). */
        public Builder dimensionSeparator(char separator) {
            this.separator = separator;
            this.chunkKeyEncoding = null;
            return this;
        }

        public Builder dimensionNames(String... names) {
            return dimensionNames(names == null ? null : Arrays.asList(names));
        }

        public Builder dimensionNames(List<String> names) {
            this.dimensionNames = names == null ? null : new ArrayList<>(names);
            return this;
        }

        public Builder attributes(Map<String, ?> attributes) {
            this.attributes = attributes == null ? null : Json.fromMap(attributes);
            return this;
        }

        public Builder attributes(ObjectNode attributes) {
            this.attributes = attributes == null ? null : attributes.deepCopy();
            return this;
        }

        /**
         * 'C' (row-major, the default) or 'F': store chunks in Fortran order. 'F' puts a transpose
         * that reverses the axes first in the codec list (v2 writes it as {@code "order": "F"}).
         */
        public Builder order(char order) {
            this.order = order;
            return this;
        }

        Builder fillJson(JsonNode fill) {
            this.fillJson = fill;
            this.fillValue = null;
            return this;
        }

        public ArrayMetadata build() {
            return new ArrayMetadata(this);
        }
    }

    /** Blosc shuffles elements of the data type's size: fill that in where the codecs leave it open. */
    private static List<Codec> bindTypesize(List<Codec> codecs, int itemSize) {
        List<Codec> out = new ArrayList<>(codecs.size());
        for (Codec c : codecs) {
            if (c instanceof BloscCodec b && b.typesize() == 0) {
                out.add(b.withTypesize(itemSize));
            } else if (c instanceof ShardingCodec sc && !bindTypesize(sc.codecs(), itemSize).equals(sc.codecs())) {
                out.add(new ShardingCodec(sc.chunkShape(), bindTypesize(sc.codecs(), itemSize), sc.indexCodecs(),
                        sc.indexLocation()));
            } else {
                out.add(c);
            }
        }
        return List.copyOf(out);
    }

    // ---------------------------------------------------------------- codec presets

    /** Ready-made codec lists for {@link Builder#codecs(List)}. */
    public static final class Codecs {
        private Codecs() {
        }

        /** The names {@link #named} knows, as the CLI's {@code --codec} options take them. */
        public static final List<String> NAMES = List.of("blosc", "blosc-noshuffle", "blosc-zstd", "lz4", "zstd", "gzip", "none");

        /**
         * A codec list by short name: {@code blosc} (Blosc LZ4 level 5, byte shuffle), {@code
         * blosc-noshuffle}, {@code blosc-zstd} (Blosc zstd level 1, byte shuffle), {@code lz4}
         * (numcodecs LZ4), {@code zstd} (level 1), {@code gzip} (level 5) or {@code none}.
         */
        public static List<Codec> named(String name) {
            return switch (name) {
                case "blosc" -> blosc();
                case "blosc-noshuffle" -> blosc("lz4", 5, BloscCodec.Shuffle.NOSHUFFLE);
                case "blosc-zstd" -> blosc("zstd", 1, BloscCodec.Shuffle.SHUFFLE);
                case "lz4" -> lz4();
                case "zstd" -> zstd(1);
                case "gzip" -> gzip(5);
                case "none" -> none();
                default -> throw new IllegalArgumentException("codec must be one of " + String.join(", ", NAMES)
                        + ", got '" + name + "'");
            };
        }

        /** Uncompressed little-endian bytes. */
        public static List<Codec> none() {
            return List.of(BytesCodec.LITTLE);
        }

        public static List<Codec> gzip(int level) {
            return List.of(BytesCodec.LITTLE, new GzipCodec(level));
        }

        public static List<Codec> zstd(int level) {
            return List.of(BytesCodec.LITTLE, new ZstdCodec(level));
        }

        /** Blosc with LZ4 level 5 and byte shuffle, zarr-python's and Cubed's default. */
        public static List<Codec> blosc() {
            return List.of(BytesCodec.LITTLE, BloscCodec.lz4Shuffle());
        }

        /** Blosc with an internal compressor ({@link BloscCodec#CNAMES}), level and shuffle. */
        public static List<Codec> blosc(String cname, int clevel, BloscCodec.Shuffle shuffle) {
            return List.of(BytesCodec.LITTLE, new BloscCodec(cname, clevel, shuffle, 0, 0));
        }

        /** The numcodecs {@code lz4} compressor (one LZ4 block per chunk, no shuffle). */
        public static List<Codec> lz4() {
            return List.of(BytesCodec.LITTLE, new Lz4Codec(1));
        }

        /**
         * The compression of an array whose builder names no codecs, and so of every array
         * {@code toZarr} and the CLI store unless told otherwise (the one place that says so;
         * {@link #standard} adds the checksum): Blosc LZ4 with byte shuffle, zarr-python's and
         * Cubed's default. Measured against zstd level 1 it decodes 2-3x faster (docs/zarr.md,
         * "Which codec"); zstd stays the choice where bytes cost more than CPU (intermediates in
         * object stores, {@code --codec zstd}).
         */
        public static List<Codec> defaultCompression() {
            return blosc();
        }

        /**
         * The codecs this project writes arrays with by default: {@link #defaultCompression} with
         * the format's checksum, so that a corrupt chunk fails to read instead of giving wrong values.
         */
        public static List<Codec> standard(ZarrFormat format) {
            return checksummed(defaultCompression(), format);
        }

        /**
         * {@code codecs} with a checksum of each chunk, the one each format's readers know: v3
         * {@code crc32c} last (over the stored bytes); v2 the numcodecs {@code crc32} filter (before
         * the compressor, over the raw bytes; readable by zarr-python). A checksum of the other
         * format is replaced; sharded chains are left alone (their index has its own crc32c).
         */
        public static List<Codec> checksummed(List<? extends Codec> codecs, ZarrFormat format) {
            List<Codec> cs = new ArrayList<>(codecs);
            if (cs.stream().anyMatch(ShardingCodec.class::isInstance)) {
                return List.copyOf(cs);
            }
            cs.removeIf(c -> c instanceof Crc32cCodec || c instanceof Crc32Codec);
            if (format == ZarrFormat.V3) {
                cs.add(new Crc32cCodec());
            } else {
                int at = 0;
                while (at < cs.size() && (cs.get(at) instanceof TransposeCodec || cs.get(at) instanceof BytesCodec
                        || cs.get(at) instanceof UnsupportedCodec u && u.v2Filter())) {
                    at++;
                }
                cs.add(at, new Crc32Codec());
            }
            return List.copyOf(cs);
        }

        /**
         * {@code codecs} with a checksum of the other format (a v3 array's list given to a v2
         * array, say in a copy) replaced by this format's; otherwise unchanged.
         */
        static List<Codec> checksumFor(List<? extends Codec> codecs, ZarrFormat format) {
            boolean foreign = codecs.stream().anyMatch(c -> format == ZarrFormat.V3 ? c instanceof Crc32Codec
                    : c instanceof Crc32cCodec);
            return foreign ? checksummed(codecs, format) : List.copyOf(codecs);
        }

        /** Uncompressed bytes with a CRC-32C checksum per chunk (v3 only). */
        public static List<Codec> crc32c() {
            return List.of(BytesCodec.LITTLE, new Crc32cCodec());
        }

        /** Big-endian bytes, then {@code then} (bytes-to-bytes codecs, e.g. a compressor). */
        public static List<Codec> bigEndian(Codec... then) {
            List<Codec> l = new ArrayList<>();
            l.add(BytesCodec.BIG);
            l.addAll(Arrays.asList(then));
            return List.copyOf(l);
        }

        /** A transpose (axis i of the stored chunk is axis order[i] of the array) before {@code rest}. */
        public static List<Codec> transpose(int[] order, List<? extends Codec> rest) {
            List<Codec> l = new ArrayList<>();
            l.add(new TransposeCodec(order));
            l.addAll(rest);
            return List.copyOf(l);
        }

        /** Sharding (v3 only): each chunk is a shard of {@code innerChunks}-shaped inner chunks coded with bytes + zstd(1), index at the end. */
        public static List<Codec> sharding(int[] innerChunks) {
            return sharding(innerChunks, zstd(1));
        }

        public static List<Codec> sharding(int[] innerChunks, List<? extends Codec> innerCodecs) {
            return sharding(innerChunks, innerCodecs, ShardingCodec.IndexLocation.END);
        }

        public static List<Codec> sharding(int[] innerChunks, List<? extends Codec> innerCodecs,
                                           ShardingCodec.IndexLocation indexLocation) {
            return List.of(new ShardingCodec(innerChunks, List.copyOf(innerCodecs), ShardingCodec.defaultIndexCodecs(),
                    indexLocation));
        }
    }
}
