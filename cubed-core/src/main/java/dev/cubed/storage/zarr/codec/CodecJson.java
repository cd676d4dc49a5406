package dev.cubed.storage.zarr.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cubed.storage.zarr.ZarrException;
import java.util.ArrayList;
import java.util.List;

/** Reads and writes the Zarr v3 {@code codecs} metadata. */
public final class CodecJson {
    /** The codecs this library runs, for error messages. */
    public static final String SUPPORTED = "bytes, transpose, gzip, zstd, blosc, numcodecs.lz4, crc32c, sharding_indexed; v2 compressors blosc, lz4, zlib, gzip, zstd";

    private CodecJson() {
    }

    /** Parses a v3 codec list. Codecs this library cannot run become {@link UnsupportedCodec}s. */
    public static List<Codec> listFromJson(JsonNode node) {
        if (node == null || !node.isArray()) {
            throw new ZarrException("\"codecs\" must be a list of codec objects, found " + node);
        }
        List<Codec> out = new ArrayList<>();
        for (JsonNode c : node) {
            out.add(fromJson(c));
        }
        return out;
    }

    /** Parses one v3 codec: {@code {"name": ..., "configuration": {...}}} or a bare name. */
    public static Codec fromJson(JsonNode node) {
        ObjectNode obj;
        if (node != null && node.isTextual()) {
            obj = JsonNodeFactory.instance.objectNode().put("name", node.asText());
        } else if (node != null && node.isObject() && node.path("name").isTextual()) {
            obj = (ObjectNode) node;
        } else {
            throw new ZarrException("a codec must be an object with a \"name\", found " + node);
        }
        String name = obj.get("name").asText();
        JsonNode cfg = obj.path("configuration");
        try {
            return switch (name) {
                case "bytes" -> bytes(cfg);
                case "transpose" -> new TransposeCodec(intArray(cfg, "order"));
                case "gzip" -> new GzipCodec(requiredInt(cfg, "level"));
                case "zstd" -> new ZstdCodec(cfg.path("level").asInt(0), cfg.path("checksum").asBoolean(false));
                case "crc32c" -> new Crc32cCodec();
                case "blosc" -> blosc(cfg);
                case "numcodecs.lz4" -> new Lz4Codec(cfg.path("acceleration").asInt(1));
                case "sharding_indexed" -> sharding(cfg);
                default -> new UnsupportedCodec(name, obj, false);
            };
        } catch (ZarrException e) {
            throw new ZarrException("invalid configuration for codec '" + name + "': " + e.getMessage(), e);
        }
    }

    public static ArrayNode toJson(List<Codec> codecs) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        for (Codec c : codecs) {
            a.add(c.toJson());
        }
        return a;
    }

    private static BloscCodec blosc(JsonNode cfg) {
        JsonNode shuffle = cfg.path("shuffle");
        if (!shuffle.isMissingNode() && !shuffle.isTextual()) {
            throw new ZarrException("\"shuffle\" must be \"noshuffle\", \"shuffle\" or \"bitshuffle\", found " + shuffle);
        }
        return new BloscCodec(cfg.path("cname").asText("lz4"), optionalInt(cfg, "clevel", 5),
                BloscCodec.Shuffle.fromV3(shuffle.asText("noshuffle")), optionalInt(cfg, "typesize", 0),
                optionalInt(cfg, "blocksize", 0));
    }

    private static int optionalInt(JsonNode cfg, String field, int otherwise) {
        return cfg.has(field) ? requiredInt(cfg, field) : otherwise;
    }

    private static BytesCodec bytes(JsonNode cfg) {
        JsonNode e = cfg.path("endian");
        if (e.isMissingNode() || e.isNull()) {
            return BytesCodec.UNSPECIFIED;
        }
        return switch (e.asText()) {
            case "little" -> BytesCodec.LITTLE;
            case "big" -> BytesCodec.BIG;
            default -> throw new ZarrException("endian must be \"little\" or \"big\", found " + e);
        };
    }

    private static ShardingCodec sharding(JsonNode cfg) {
        int[] inner = intArray(cfg, "chunk_shape");
        List<Codec> codecs = listFromJson(cfg.get("codecs"));
        JsonNode ic = cfg.get("index_codecs");
        List<Codec> indexCodecs = ic == null ? ShardingCodec.defaultIndexCodecs() : listFromJson(ic);
        String loc = cfg.path("index_location").asText("end");
        ShardingCodec.IndexLocation location = switch (loc) {
            case "end" -> ShardingCodec.IndexLocation.END;
            case "start" -> ShardingCodec.IndexLocation.START;
            default -> throw new ZarrException("index_location must be \"start\" or \"end\", found \"" + loc + "\"");
        };
        return new ShardingCodec(inner, codecs, indexCodecs, location);
    }

    private static int requiredInt(JsonNode cfg, String field) {
        JsonNode v = cfg.get(field);
        if (v == null || !v.canConvertToInt() || !v.isIntegralNumber()) {
            throw new ZarrException("\"" + field + "\" must be an integer, found " + v);
        }
        return v.intValue();
    }

    private static int[] intArray(JsonNode cfg, String field) {
        JsonNode v = cfg.get(field);
        if (v == null || !v.isArray()) {
            throw new ZarrException("\"" + field + "\" must be a list of integers, found " + v);
        }
        int[] out = new int[v.size()];
        for (int i = 0; i < out.length; i++) {
            if (!v.get(i).isIntegralNumber() || !v.get(i).canConvertToInt()) {
                throw new ZarrException("\"" + field + "\" must be a list of integers, found " + v);
            }
            out[i] = v.get(i).intValue();
        }
        return out;
    }
}
