package dev.cubed.storage.zarr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cubed.block.DataType;
import dev.cubed.storage.zarr.codec.CodecJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The Zarr v3 {@code zarr.json} document of an array. */
final class V3Metadata {
    private static final Set<String> KNOWN = Set.of("zarr_format", "node_type", "shape", "data_type", "chunk_grid",
            "chunk_key_encoding", "fill_value", "codecs", "attributes", "dimension_names", "storage_transformers");

    private V3Metadata() {
    }

    static ObjectNode toJson(ArrayMetadata m) {
        ObjectNode o = Json.object();
        o.put("zarr_format", 3);
        o.put("node_type", "array");
        ArrayNode shape = o.putArray("shape");
        for (long s : m.shape()) {
            shape.add(s);
        }
        o.put("data_type", m.dataType().zarrName());
        ObjectNode grid = o.putObject("chunk_grid");
        grid.put("name", "regular");
        ArrayNode cs = grid.putObject("configuration").putArray("chunk_shape");
        for (int c : m.chunks()) {
            cs.add(c);
        }
        o.set("chunk_key_encoding", m.chunkKeyEncoding().toJson());
        o.set("fill_value", FillValues.toJson(m.fillValueBits(), m.dataType(), ZarrFormat.V3));
        o.set("codecs", CodecJson.toJson(m.codecs()));
        o.set("attributes", m.attributes());
        if (m.dimensionNames() != null) {
            ArrayNode dn = o.putArray("dimension_names");
            for (String n : m.dimensionNames()) {
                dn.add(n);
            }
        }
        return o;
    }

    static ArrayMetadata parse(JsonNode n) {
        if (n.path("zarr_format").asInt() != 3) {
            throw new ZarrException("zarr.json has zarr_format " + n.get("zarr_format") + ", expected 3");
        }
        String nodeType = n.path("node_type").asText("");
        if (!nodeType.equals("array")) {
            throw new ZarrException("zarr.json describes a " + (nodeType.isEmpty() ? "node without node_type" : nodeType)
                    + ", not an array");
        }
        for (Map.Entry<String, JsonNode> e : n.properties()) {
            if (!KNOWN.contains(e.getKey())) {
                JsonNode v = e.getValue();
                if (!(v.isObject() && v.has("must_understand") && !v.get("must_understand").asBoolean(true))) {
                    throw new ZarrException("zarr.json has the extension field '" + e.getKey()
                            + "', which this library does not understand (and it is not marked must_understand: false)");
                }
            }
        }
        JsonNode st = n.get("storage_transformers");
        if (st != null && !(st.isArray() && st.isEmpty())) {
            throw new ZarrException("storage transformers " + st + " are not supported");
        }
        ArrayMetadata.Builder b = ArrayMetadata.builder().format(ZarrFormat.V3);
        b.shape(longArray(n, "shape"));
        b.dataType(dataType(n.get("data_type")));
        JsonNode grid = n.get("chunk_grid");
        if (grid == null || !"regular".equals(grid.path("name").asText())) {
            throw new ZarrException("unsupported chunk grid " + (grid == null ? "(missing)" : grid.path("name"))
                    + "; only \"regular\" is supported");
        }
        long[] cs = longArray(grid.path("configuration"), "chunk_shape");
        int[] chunks = new int[cs.length];
        for (int i = 0; i < cs.length; i++) {
            if (cs[i] > Integer.MAX_VALUE) {
                throw new ZarrException("chunk_shape " + grid.path("configuration").path("chunk_shape") + " is too large");
            }
            chunks[i] = (int) cs[i];
        }
        b.chunks(chunks);
        b.chunkKeyEncoding(ChunkKeyEncoding.fromJson(n.get("chunk_key_encoding")));
        if (!n.has("fill_value")) {
            throw new ZarrException("zarr.json has no fill_value");
        }
        b.fillJson(n.get("fill_value"));
        b.codecs(CodecJson.listFromJson(n.get("codecs")));
        JsonNode attrs = n.get("attributes");
        if (attrs != null && !attrs.isNull()) {
            if (!attrs.isObject()) {
                throw new ZarrException("attributes must be a JSON object, found " + attrs.getNodeType());
            }
            b.attributes((ObjectNode) attrs);
        }
        JsonNode dn = n.get("dimension_names");
        if (dn != null && !dn.isNull()) {
            if (!dn.isArray()) {
                throw new ZarrException("dimension_names must be a list, found " + dn);
            }
            List<String> names = new ArrayList<>();
            for (JsonNode d : dn) {
                names.add(d.isNull() ? null : d.asText());
            }
            b.dimensionNames(names);
        }
        return b.build();
    }

    static DataType dataType(JsonNode t) {
        if (t == null || !t.isTextual()) {
            throw new ZarrException("unknown data type " + t + ": data_type must be a name such as \"float64\"; supported: "
                    + supportedTypes());
        }
        for (DataType d : DataType.values()) {
            if (d.zarrName().equals(t.asText())) {
                return d;
            }
        }
        throw new ZarrException("unknown data type '" + t.asText() + "'; supported: " + supportedTypes());
    }

    static String supportedTypes() {
        StringBuilder sb = new StringBuilder();
        for (DataType d : DataType.values()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(d.zarrName());
        }
        return sb.toString();
    }

    static long[] longArray(JsonNode parent, String field) {
        JsonNode v = parent.get(field);
        if (v == null || !v.isArray()) {
            throw new ZarrException("\"" + field + "\" must be a list of integers, found " + v);
        }
        long[] out = new long[v.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode e = v.get(i);
            if (!e.isIntegralNumber() || !e.canConvertToLong() || e.longValue() < 0) {
                throw new ZarrException("\"" + field + "\" must be a list of non-negative integers, found " + v);
            }
            out[i] = e.longValue();
        }
        return out;
    }
}
