package dev.cubed.storage.zarr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * How chunk grid coordinates become store keys (relative to the array's path). The v3
 * {@code default} encoding gives {@code c/1/2} (or {@code c.1.2}), and {@code c} for a 0-d
 * array; the {@code v2} encoding, which every v2 array uses, gives {@code 1.2} (or {@code 1/2}),
 * and {@code 0} for a 0-d array.
 */
public record ChunkKeyEncoding(Kind kind, char separator) {

    /** The encoding's metadata name. */
    public enum Kind {
        DEFAULT("default"), V2("v2");

        private final String jsonName;

        Kind(String jsonName) {
            this.jsonName = jsonName;
        }

        public String jsonName() {
            return jsonName;
        }
    }

    public ChunkKeyEncoding {
        if (kind == null) {
            throw new ZarrException("chunk key encoding needs a kind (default or v2)");
        }
        if (separator != '/' && separator != '.') {
            throw new ZarrException("chunk key separator must be '/' or '.', not '" + separator + "'");
        }
    }

    /** The v3 {@code default} encoding with separator {@code /}. */
    public static ChunkKeyEncoding defaultEncoding() {
        return new ChunkKeyEncoding(Kind.DEFAULT, '/');
    }

    public static ChunkKeyEncoding defaultEncoding(char separator) {
        return new ChunkKeyEncoding(Kind.DEFAULT, separator);
    }

    /** The {@code v2} encoding with separator {@code .}. */
    public static ChunkKeyEncoding v2() {
        return new ChunkKeyEncoding(Kind.V2, '.');
    }

    public static ChunkKeyEncoding v2(char separator) {
        return new ChunkKeyEncoding(Kind.V2, separator);
    }

    /** The key of the chunk at {@code coords}, relative to the array. */
    public String key(long[] coords) {
        StringBuilder sb = new StringBuilder(8 + 4 * coords.length);
        if (kind == Kind.DEFAULT) {
            sb.append('c');
            for (long c : coords) {
                sb.append(separator).append(c);
            }
            return sb.toString();
        }
        if (coords.length == 0) {
            return "0";
        }
        for (int i = 0; i < coords.length; i++) {
            if (i > 0) {
                sb.append(separator);
            }
            sb.append(coords[i]);
        }
        return sb.toString();
    }

    /** The coordinates a key (relative to the array) encodes, or null when it is not a chunk key of this encoding. */
    public long[] parse(String key, int ndim) {
        String rest;
        if (kind == Kind.DEFAULT) {
            if (ndim == 0) {
                return key.equals("c") ? new long[0] : null;
            }
            if (!key.startsWith("c" + separator)) {
                return null;
            }
            rest = key.substring(2);
        } else {
            if (ndim == 0) {
                return key.equals("0") ? new long[0] : null;
            }
            rest = key;
        }
        long[] out = new long[ndim];
        int pos = 0;
        for (int d = 0; d < ndim; d++) {
            int end = d == ndim - 1 ? rest.length() : rest.indexOf(separator, pos);
            if (end <= pos || (d == ndim - 1 && rest.indexOf(separator, pos) >= 0)) {
                return null;
            }
            long v = 0;
            for (int i = pos; i < end; i++) {
                char ch = rest.charAt(i);
                if (ch < '0' || ch > '9' || i - pos > 17) {
                    return null;
                }
                v = v * 10 + (ch - '0');
            }
            out[d] = v;
            pos = end + 1;
        }
        return out;
    }

    /** The v3 {@code chunk_key_encoding} metadata. */
    public ObjectNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode().put("name", kind.jsonName());
        n.putObject("configuration").put("separator", String.valueOf(separator));
        return n;
    }

    public static ChunkKeyEncoding fromJson(JsonNode node) {
        if (node == null || !node.isObject() || !node.path("name").isTextual()) {
            throw new ZarrException("chunk_key_encoding must be an object with a \"name\", found " + node);
        }
        String name = node.get("name").asText();
        JsonNode sep = node.path("configuration").path("separator");
        Kind kind = switch (name) {
            case "default" -> Kind.DEFAULT;
            case "v2" -> Kind.V2;
            default -> throw new ZarrException("unsupported chunk key encoding '" + name + "'; supported: default, v2");
        };
        char separator;
        if (sep.isMissingNode() || sep.isNull()) {
            separator = kind == Kind.DEFAULT ? '/' : '.';
        } else if (sep.isTextual() && sep.asText().length() == 1) {
            separator = sep.asText().charAt(0);
        } else {
            throw new ZarrException("chunk key separator must be \"/\" or \".\", found " + sep);
        }
        return new ChunkKeyEncoding(kind, separator);
    }

    @Override
    public String toString() {
        return kind.jsonName() + "('" + separator + "')";
    }
}
