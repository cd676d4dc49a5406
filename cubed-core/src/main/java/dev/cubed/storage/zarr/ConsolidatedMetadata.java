package dev.cubed.storage.zarr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The metadata of every node below a group, stored once with the group, so that a reader learns
 * the whole hierarchy from one document: v2's {@code .zmetadata}
 * ({@code {"zarr_consolidated_format": 1, "metadata": {"a/.zarray": {...}, ...}}}) or the
 * {@code consolidated_metadata} field of a v3 group's {@code zarr.json} (zarr-python 3's
 * {@code {"kind": "inline", "must_understand": false, "metadata": {"a": {...}, "g/b": {...}}}}).
 *
 * <p>Paths are relative to the group that holds the document. Array documents are kept as JSON
 * and parsed when an array is opened, so one array of a type this library cannot read does not
 * keep the others from opening. Immutable.
 */
final class ConsolidatedMetadata {
    static final String V2_DOCUMENT = ".zmetadata";
    static final String V3_FIELD = "consolidated_metadata";

    /** One node: an array's documents (v3 zarr.json, or v2 .zarray with .zattrs) or a group's attributes. */
    record Node(String path, boolean array, JsonNode document, JsonNode attributes) {
    }

    private final ZarrFormat format;
    private final String source;
    private final TreeMap<String, Node> nodes;

    private ConsolidatedMetadata(ZarrFormat format, String source, TreeMap<String, Node> nodes) {
        this.format = format;
        this.source = source;
        this.nodes = nodes;
    }

    /**
     * Reads a v2 {@code .zmetadata} document; {@code where} names it for errors. The entries of
     * the group itself ({@code .zgroup}, {@code .zattrs}) are the node with the path "".
     */
    static ConsolidatedMetadata fromV2(JsonNode doc, String where) {
        if (!doc.isObject()) {
            throw new ZarrException("invalid consolidated metadata in " + where + ": it must be a JSON object");
        }
        JsonNode version = doc.get("zarr_consolidated_format");
        if (version == null || !version.isInt() || version.asInt() != 1) {
            throw new ZarrException("invalid consolidated metadata in " + where + ": zarr_consolidated_format is "
                    + version + "; this library reads format 1");
        }
        JsonNode metadata = doc.get("metadata");
        if (metadata == null || !metadata.isObject()) {
            throw new ZarrException("invalid consolidated metadata in " + where + ": \"metadata\" must be an object of"
                    + " documents by key, found " + metadata);
        }
        TreeMap<String, JsonNode> arrays = new TreeMap<>();
        TreeMap<String, JsonNode> groups = new TreeMap<>();
        TreeMap<String, JsonNode> attrs = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : metadata.properties()) {
            String key = e.getKey();
            int slash = key.lastIndexOf('/');
            String node = slash < 0 ? "" : key.substring(0, slash);
            String name = key.substring(slash + 1);
            JsonNode v = e.getValue();
            switch (name) {
                case ZarrArray.V2_METADATA -> arrays.put(node, requireObject(v, key, where));
                case ZarrArray.V2_GROUP -> groups.put(node, requireObject(v, key, where));
                case ZarrArray.V2_ATTRIBUTES -> attrs.put(node, v.isNull() ? null : requireObject(v, key, where));
                default -> {
                    // other documents (none are defined) are not nodes
                }
            }
        }
        TreeMap<String, Node> nodes = new TreeMap<>();
        arrays.forEach((p, d) -> nodes.put(p, new Node(p, true, d, attrs.get(p))));
        groups.forEach((p, d) -> {
            if (nodes.containsKey(p)) {
                throw new ZarrException("invalid consolidated metadata in " + where + ": '" + p
                        + "' has both .zarray and .zgroup");
            }
            nodes.put(p, new Node(p, false, d, attrs.get(p)));
        });
        return new ConsolidatedMetadata(ZarrFormat.V2, where, nodes);
    }

    /** Reads the {@code consolidated_metadata} field of a v3 group's zarr.json; {@code where} names the document. */
    static ConsolidatedMetadata fromV3(JsonNode field, String where) {
        String what = "the consolidated_metadata of " + where;
        if (!field.isObject()) {
            throw new ZarrException("invalid " + what + ": it must be an object, found " + field.getNodeType());
        }
        String kind = field.path("kind").asText("");
        if (!kind.equals("inline")) {
            throw new ZarrException("invalid " + what + ": kind is '" + kind + "'; this library reads \"inline\"");
        }
        JsonNode metadata = field.get("metadata");
        if (metadata == null || !metadata.isObject()) {
            throw new ZarrException("invalid " + what + ": \"metadata\" must be an object of zarr.json documents by"
                    + " path, found " + metadata);
        }
        TreeMap<String, Node> nodes = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : metadata.properties()) {
            String path = ZarrArray.normalise(e.getKey());
            JsonNode doc = requireObject(e.getValue(), e.getKey(), what);
            if (doc.path("zarr_format").asInt() != 3) {
                throw new ZarrException("invalid " + what + ": the entry '" + path + "' has zarr_format "
                        + doc.get("zarr_format") + ", expected 3");
            }
            String type = doc.path("node_type").asText("");
            if (!type.equals("array") && !type.equals("group")) {
                throw new ZarrException("invalid " + what + ": the entry '" + path + "' has node_type '" + type
                        + "', expected \"array\" or \"group\"");
            }
            nodes.put(path, new Node(path, type.equals("array"), doc, doc.get("attributes")));
        }
        return new ConsolidatedMetadata(ZarrFormat.V3, what, nodes);
    }

    private static ObjectNode requireObject(JsonNode v, String key, String where) {
        if (!v.isObject()) {
            throw new ZarrException("invalid consolidated metadata in " + where + ": the entry '" + key
                    + "' must be a JSON object, found " + v.getNodeType());
        }
        return (ObjectNode) v;
    }

    ZarrFormat format() {
        return format;
    }

    /** Where the documents came from, for messages: {@code 'file:///x/.zmetadata'} or {@code the consolidated_metadata of ...}. */
    String source() {
        return source;
    }

    /** The node at {@code path} ("" is the group itself, present in v2 only). */
    Node node(String path) {
        return nodes.get(ZarrArray.normalise(path));
    }

    /** Every node below the group (not the group itself), parents before children. */
    List<Node> descendants() {
        List<Node> out = new ArrayList<>();
        for (Node n : nodes.values()) {
            if (!n.path().isEmpty()) {
                out.add(n);
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** Names of the arrays (or groups) directly below {@code groupPath}, sorted. */
    List<String> children(String groupPath, boolean arrays) {
        String prefix = groupPath.isEmpty() ? "" : groupPath + "/";
        List<String> out = new ArrayList<>();
        for (Node n : nodes.tailMap(prefix, true).values()) {
            if (!n.path().startsWith(prefix)) {
                break;
            }
            String rel = n.path().substring(prefix.length());
            if (!rel.isEmpty() && rel.indexOf('/') < 0 && n.array() == arrays) {
                out.add(rel);
            }
        }
        return out;
    }

    /** The same metadata seen from the child group at {@code path}: its descendants, re-rooted. */
    ConsolidatedMetadata below(String path) {
        String prefix = path + "/";
        TreeMap<String, Node> sub = new TreeMap<>();
        for (Node n : nodes.values()) {
            if (n.path().startsWith(prefix)) {
                String rel = n.path().substring(prefix.length());
                sub.put(rel, new Node(rel, n.array(), n.document(), n.attributes()));
            }
        }
        return new ConsolidatedMetadata(format, source, sub);
    }

    /** The metadata of an array node, parsed now; {@code where} names the array for errors. */
    ArrayMetadata arrayMetadata(Node n, String where) {
        try {
            return format == ZarrFormat.V2 ? ArrayMetadata.fromV2(n.document(), n.attributes())
                    : ArrayMetadata.fromJson(n.document());
        } catch (ZarrException e) {
            throw new ZarrException("invalid array metadata for '" + where + "' in " + source + ": " + e.getMessage(), e);
        }
    }

    int size() {
        return nodes.size();
    }
}
