package dev.cubed.storage.zarr;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** JSON reading and writing of metadata documents (one configured, never-modified mapper). */
final class Json {
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private Json() {
    }

    /** Parses a stored metadata document; {@code where} names it for the error. */
    static JsonNode parse(ByteBuffer bytes, String where) {
        ByteBuffer b = bytes.duplicate();
        byte[] data = new byte[b.remaining()];
        b.get(data);
        try {
            JsonNode n = MAPPER.readTree(data);
            if (n == null || n.isMissingNode()) {
                throw new ZarrException("corrupt metadata at " + where + ": the document is empty");
            }
            return n;
        } catch (IOException e) {
            throw new ZarrException("corrupt metadata at " + where + ": not valid JSON (" + firstLine(e.getMessage())
                    + ")", e);
        }
    }

    /** The document as pretty-printed UTF-8, as zarr-python writes it. */
    static ByteBuffer bytes(JsonNode node) {
        try {
            return ByteBuffer.wrap(MAPPER.writeValueAsString(node).getBytes(StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new ZarrException("cannot serialise metadata: " + e.getMessage(), e);
        }
    }

    /**
     * A deep copy with canonical node types (as parsing its text would give), so attribute objects
     * built from Java maps compare equal to the same attributes read back from a store.
     */
    static ObjectNode canonical(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return MAPPER.createObjectNode();
        }
        if (!node.isObject()) {
            throw new ZarrException("attributes must be a JSON object, found " + node.getNodeType());
        }
        try {
            return (ObjectNode) MAPPER.readTree(MAPPER.writeValueAsBytes(node));
        } catch (IOException e) {
            throw new ZarrException("cannot copy attributes: " + e.getMessage(), e);
        }
    }

    static ObjectNode fromMap(Map<String, ?> map) {
        try {
            return canonical(MAPPER.valueToTree(map));
        } catch (IllegalArgumentException e) {
            throw new ZarrException("attributes cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> toMap(ObjectNode node) {
        return MAPPER.convertValue(node, Map.class);
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
