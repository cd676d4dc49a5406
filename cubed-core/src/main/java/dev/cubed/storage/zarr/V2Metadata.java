package dev.cubed.storage.zarr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cubed.block.DataType;
import dev.cubed.storage.zarr.codec.BytesCodec;
import dev.cubed.storage.zarr.codec.Codec;
import dev.cubed.storage.zarr.codec.BloscCodec;
import dev.cubed.storage.zarr.codec.Crc32Codec;
import dev.cubed.storage.zarr.codec.GzipCodec;
import dev.cubed.storage.zarr.codec.Lz4Codec;
import dev.cubed.storage.zarr.codec.TransposeCodec;
import dev.cubed.storage.zarr.codec.UnsupportedCodec;
import dev.cubed.storage.zarr.codec.ZlibCodec;
import dev.cubed.storage.zarr.codec.ZstdCodec;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The Zarr v2 {@code .zarray} and {@code .zattrs} documents, mapped onto the codec list:
 * {@code order: F} is a leading axis-reversing transpose, the dtype's byte order is the bytes
 * codec, filters (none supported) follow it, and the compressor comes last. Dimension names
 * travel as the {@code _ARRAY_DIMENSIONS} attribute, as xarray writes them.
 */
final class V2Metadata {
    static final String DIMENSIONS_ATTRIBUTE = "_ARRAY_DIMENSIONS";

    private V2Metadata() {
    }

    /** Checks that v2 can express the codec list and normalises what v2 cannot distinguish. */
    static List<Codec> canonicalCodecs(List<Codec> codecs, DataType type) {
        List<Codec> out = new ArrayList<>();
        int i = 0;
        if (i < codecs.size() && codecs.get(i) instanceof TransposeCodec t) {
            if (!t.isFortran()) {
                throw notV2(codecs, "a transpose other than Fortran order (reversed axes)");
            }
            out.add(t);
            i++;
        }
        if (i >= codecs.size() || !(codecs.get(i) instanceof BytesCodec bytes)) {
            throw notV2(codecs, "no bytes codec where v2 needs one (its dtype byte order)");
        }
        out.add(type.itemSize() == 1 ? BytesCodec.UNSPECIFIED
                : bytes.endian() == null ? BytesCodec.LITTLE : bytes);
        i++;
        while (i < codecs.size() && (codecs.get(i) instanceof Crc32Codec
                || codecs.get(i) instanceof UnsupportedCodec u && u.v2Filter())) {
            out.add(codecs.get(i));
            i++;
        }
        if (i < codecs.size()) {
            Codec c = codecs.get(i);
            boolean compressor = c instanceof GzipCodec || c instanceof ZlibCodec || c instanceof ZstdCodec
                    || c instanceof BloscCodec || c instanceof Lz4Codec || (c instanceof UnsupportedCodec u && !u.v2Filter());
            if (!compressor) {
                throw notV2(codecs, "codec '" + c.name() + "', which v2 has no place for");
            }
            out.add(c);
            i++;
        }
        if (i < codecs.size()) {
            throw notV2(codecs, "more than one compressor");
        }
        return out;
    }

    private static ZarrException notV2(List<Codec> codecs, String why) {
        StringBuilder sb = new StringBuilder();
        for (Codec c : codecs) {
            sb.append(sb.length() > 0 ? " -> " : "").append(c.describe());
        }
        return new ZarrException("Zarr v2 cannot store the codec list " + sb + ": it has " + why
                + "; v2 allows order F, a byte order, filters (crc32) and one compressor (blosc, lz4, zlib, gzip or zstd); use format V3 or other codecs");
    }

    static ObjectNode zarray(ArrayMetadata m) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode o = Json.object();
        // keys in the sorted order zarr-python writes
        ArrayNode chunks = o.putArray("chunks");
        for (int c : m.chunks()) {
            chunks.add(c);
        }
        ByteOrder order = ByteOrder.LITTLE_ENDIAN;
        JsonNode compressor = f.nullNode();
        ArrayNode filters = null;
        for (Codec c : m.codecs()) {
            if (c instanceof BytesCodec b) {
                order = b.order();
            } else if (c instanceof ZlibCodec z) {
                compressor = f.objectNode().put("id", "zlib").put("level", z.level());
            } else if (c instanceof GzipCodec g) {
                compressor = f.objectNode().put("id", "gzip").put("level", g.level());
            } else if (c instanceof BloscCodec bl) {
                compressor = bl.toV2Json();
            } else if (c instanceof Lz4Codec l) {
                compressor = l.toV2Json();
            } else if (c instanceof ZstdCodec z) {
                ObjectNode zn = f.objectNode().put("id", "zstd").put("level", z.level());
                if (z.checksum()) {
                    zn.put("checksum", true);
                }
                compressor = zn;
            } else if (c instanceof Crc32Codec crc) {
                if (filters == null) {
                    filters = f.arrayNode();
                }
                filters.add(crc.toJson());
            } else if (c instanceof UnsupportedCodec u) {
                if (u.v2Filter()) {
                    if (filters == null) {
                        filters = f.arrayNode();
                    }
                    filters.add(u.json());
                } else {
                    compressor = u.json();
                }
            }
        }
        o.set("compressor", compressor);
        o.put("dimension_separator", String.valueOf(m.chunkKeyEncoding().separator()));
        o.put("dtype", dtype(m.dataType(), order));
        o.set("fill_value", FillValues.toJson(m.fillValueBits(), m.dataType(), ZarrFormat.V2));
        o.set("filters", filters == null ? f.nullNode() : filters);
        boolean fortran = !m.codecs().isEmpty() && m.codecs().get(0) instanceof TransposeCodec;
        o.put("order", fortran ? "F" : "C");
        ArrayNode shape = o.putArray("shape");
        for (long s : m.shape()) {
            shape.add(s);
        }
        o.put("zarr_format", 2);
        return o;
    }

    static ObjectNode zattrs(ArrayMetadata m) {
        ObjectNode a = m.attributes();
        if (m.dimensionNames() != null) {
            ArrayNode dn = a.putArray(DIMENSIONS_ATTRIBUTE);
            for (String n : m.dimensionNames()) {
                dn.add(n);
            }
        }
        return a;
    }

    static ArrayMetadata parse(JsonNode z, JsonNode zattrs) {
        if (z == null || !z.isObject()) {
            throw new ZarrException(".zarray must be a JSON object, found " + (z == null ? "nothing" : z.getNodeType()));
        }
        if (z.path("zarr_format").asInt() != 2) {
            throw new ZarrException(".zarray has zarr_format " + z.get("zarr_format") + ", expected 2");
        }
        ArrayMetadata.Builder b = ArrayMetadata.builder().format(ZarrFormat.V2);
        long[] shape = V3Metadata.longArray(z, "shape");
        b.shape(shape);
        long[] cs = V3Metadata.longArray(z, "chunks");
        int[] chunks = new int[cs.length];
        for (int i = 0; i < cs.length; i++) {
            if (cs[i] > Integer.MAX_VALUE) {
                throw new ZarrException("chunks " + z.get("chunks") + " are too large");
            }
            chunks[i] = (int) cs[i];
        }
        b.chunks(chunks);
        JsonNode dt = z.get("dtype");
        if (dt == null || !dt.isTextual()) {
            throw new ZarrException("unknown data type " + dt + ": only simple numpy dtypes such as \"<f8\" are supported"
                    + " (structured dtypes are not)");
        }
        String dtype = dt.asText();
        DataType type = dataType(dtype);
        b.dataType(type);
        b.fillJson(z.get("fill_value"));
        List<Codec> codecs = new ArrayList<>();
        String order = z.path("order").asText("C");
        if (order.equals("F")) {
            codecs.add(TransposeCodec.fortran(shape.length));
        } else if (!order.equals("C")) {
            throw new ZarrException("order must be \"C\" or \"F\", found \"" + order + "\"");
        }
        codecs.add(type.itemSize() == 1 ? BytesCodec.UNSPECIFIED
                : dtype.charAt(0) == '>' ? BytesCodec.BIG : BytesCodec.LITTLE);
        JsonNode filters = z.get("filters");
        if (filters != null && !filters.isNull()) {
            if (!filters.isArray()) {
                throw new ZarrException("filters must be null or a list, found " + filters);
            }
            for (JsonNode fl : filters) {
                if (!fl.isObject()) {
                    throw new ZarrException("a filter must be an object with an \"id\", found " + fl);
                }
                String id = fl.path("id").asText("?");
                codecs.add(id.equals(Crc32Codec.ID) && fl.size() == 1 ? new Crc32Codec()
                        : new UnsupportedCodec(id, (ObjectNode) fl, true));
            }
        }
        JsonNode comp = z.get("compressor");
        if (comp != null && !comp.isNull()) {
            codecs.add(compressor(comp, type.itemSize()));
        }
        b.codecs(codecs);
        String sep = z.path("dimension_separator").asText(".");
        if (!sep.equals(".") && !sep.equals("/")) {
            throw new ZarrException("dimension_separator must be \".\" or \"/\", found \"" + sep + "\"");
        }
        b.chunkKeyEncoding(ChunkKeyEncoding.v2(sep.charAt(0)));
        if (zattrs != null && !zattrs.isNull()) {
            if (!zattrs.isObject()) {
                throw new ZarrException(".zattrs must be a JSON object, found " + zattrs.getNodeType());
            }
            ObjectNode attrs = ((ObjectNode) zattrs).deepCopy();
            JsonNode dims = attrs.get(DIMENSIONS_ATTRIBUTE);
            if (dims != null && dims.isArray() && dims.size() == shape.length) {
                List<String> names = new ArrayList<>();
                for (JsonNode d : dims) {
                    names.add(d.isNull() ? null : d.asText());
                }
                b.dimensionNames(names);
                attrs.remove(DIMENSIONS_ATTRIBUTE);
            }
            b.attributes(attrs);
        }
        return b.build();
    }

    private static Codec compressor(JsonNode c, int itemSize) {
        if (!c.isObject() || !c.path("id").isTextual()) {
            throw new ZarrException("compressor must be null or an object with an \"id\", found " + c);
        }
        String id = c.get("id").asText();
        return switch (id) {
            case "zlib" -> new ZlibCodec(c.path("level").asInt(1));
            case "gzip" -> new GzipCodec(c.path("level").asInt(5));
            case "zstd" -> new ZstdCodec(c.path("level").asInt(1), c.path("checksum").asBoolean(false));
            case "blosc" -> new BloscCodec(c.path("cname").asText("lz4"), c.path("clevel").asInt(5),
                    BloscCodec.Shuffle.fromV2(c.path("shuffle").asInt(1), itemSize), itemSize, c.path("blocksize").asInt(0));
            case "lz4" -> new Lz4Codec(c.path("acceleration").asInt(1));
            default -> new UnsupportedCodec(id, (ObjectNode) c, false);
        };
    }

    /** The numpy dtype string of a type in a byte order. */
    static String dtype(DataType t, ByteOrder order) {
        char prefix = t.itemSize() == 1 ? '|' : order == ByteOrder.BIG_ENDIAN ? '>' : '<';
        return prefix + String.valueOf(t.kind()) + t.itemSize();
    }

    static DataType dataType(String dtype) {
        if (dtype.length() >= 3 && "<>|=".indexOf(dtype.charAt(0)) >= 0) {
            String body = dtype.substring(1);
            for (DataType t : DataType.values()) {
                if (body.equals(String.valueOf(t.kind()) + t.itemSize())) {
                    return t;
                }
            }
        }
        throw new ZarrException("unknown data type '" + dtype + "'; supported: |b1 |i1 |u1 and <i2 <i4 <i8 <u2 <u4 <u8"
                + " <f4 <f8 (and their > big-endian forms)");
    }
}
