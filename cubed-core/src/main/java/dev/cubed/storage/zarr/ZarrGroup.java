package dev.cubed.storage.zarr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cubed.storage.Store;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A Zarr group: a v3 {@code zarr.json} with {@code node_type: group}, or a v2 {@code .zgroup}
 * with its attributes in {@code .zattrs}. Lists its child arrays and groups.
 *
 * <p><b>Consolidated metadata.</b> When the group carries the metadata of its whole hierarchy
 * (v2 {@code .zmetadata}, v3 {@code consolidated_metadata} in {@code zarr.json}), opening uses
 * it by default, as zarr-python 3 does: members are listed from it without listing the store
 * (HTTP stores cannot list), and arrays and child groups open from it without reading their own
 * metadata. The consolidated copy is trusted where it disagrees with the store, as in
 * zarr-python opened consolidated: a node added after consolidation is not a member, one
 * deleted since is still listed (its chunks read as missing), and changed metadata shows the
 * old values. Chunks are always read from the store. Re-consolidate after changing the
 * hierarchy ({@link #consolidate}), or open with {@link Consolidation#IGNORE} to read every
 * node's own metadata.
 */
public final class ZarrGroup {
    /** Whether {@link #open(Store, String, Consolidation)} uses consolidated metadata. */
    public enum Consolidation {
        /** Use it when the group has it (the default), else read the store. */
        USE_IF_PRESENT,
        /** Use it; fail when the group has none. */
        REQUIRE,
        /** Never use it: read each node's own metadata and list the store. */
        IGNORE
    }

    /**
     * A node below a group.
     *
     * @param path the node's path relative to the group, e.g. {@code "sub/mask"}
     * @param metadata an array's metadata; null for groups and for arrays that cannot be read
     * @param problem why an array's metadata cannot be read (an unsupported data type, ...); null otherwise
     */
    public record Member(String path, boolean isArray, ArrayMetadata metadata, String problem) {
        public Member {
            if (!isArray && (metadata != null || problem != null)) {
                throw new IllegalArgumentException("a group member has neither metadata nor a problem");
            }
            if (isArray && (metadata == null) == (problem == null)) {
                throw new IllegalArgumentException("an array member has either metadata or a problem");
            }
        }
    }

    private final Store store;
    private final String path;
    private final ZarrFormat format;
    private final ObjectNode attributes;
    private final ConsolidatedMetadata consolidated;

    private ZarrGroup(Store store, String path, ZarrFormat format, ObjectNode attributes, ConsolidatedMetadata consolidated) {
        this.store = store;
        this.path = ZarrArray.normalise(path);
        this.format = format;
        this.attributes = Json.canonical(attributes);
        this.consolidated = consolidated;
    }

    /** Writes group metadata at {@code path} ("" for the store root), replacing any there. */
    public static ZarrGroup create(Store store, String path, ZarrFormat format, Map<String, ?> attributes) {
        return create(store, path, format, attributes == null ? null : Json.fromMap(attributes));
    }

    public static ZarrGroup create(Store store, String path, ZarrFormat format, ObjectNode attributes) {
        ZarrGroup g = new ZarrGroup(store, path, format, attributes, null);
        if (format == ZarrFormat.V3) {
            store.put(g.key(ZarrArray.V3_METADATA), Json.bytes(g.v3Document(null)));
        } else {
            ObjectNode doc = Json.object();
            doc.put("zarr_format", 2);
            store.put(g.key(ZarrArray.V2_GROUP), Json.bytes(doc));
            if (g.attributes.isEmpty()) {
                if (store.exists(g.key(ZarrArray.V2_ATTRIBUTES))) {
                    store.delete(g.key(ZarrArray.V2_ATTRIBUTES));
                }
            } else {
                store.put(g.key(ZarrArray.V2_ATTRIBUTES), Json.bytes(g.attributes));
            }
        }
        return g;
    }

    private ObjectNode v3Document(ObjectNode consolidatedField) {
        ObjectNode doc = Json.object();
        doc.put("zarr_format", 3);
        doc.put("node_type", "group");
        doc.set("attributes", attributes.deepCopy());
        if (consolidatedField != null) {
            doc.set(ConsolidatedMetadata.V3_FIELD, consolidatedField);
        }
        return doc;
    }

    /** Opens the group at {@code path}, reading its metadata (v3 or v2), with consolidated metadata when it has some. */
    public static ZarrGroup open(Store store, String path) {
        return open(store, path, Consolidation.USE_IF_PRESENT);
    }

    /** Opens the group at {@code path}, using its consolidated metadata as {@code consolidation} says. */
    public static ZarrGroup open(Store store, String path, Consolidation consolidation) {
        String p = ZarrArray.normalise(path);
        String where = ZarrArray.where(store, p);
        String prefix = p.isEmpty() ? "" : p + "/";
        Optional<ByteBuffer> v3 = store.get(prefix + ZarrArray.V3_METADATA);
        if (v3.isPresent()) {
            String doc3 = "'" + where + "/" + ZarrArray.V3_METADATA + "'";
            JsonNode doc = Json.parse(v3.get(), doc3);
            if (!"group".equals(doc.path("node_type").asText())) {
                throw new ZarrException("'" + where + "' is a Zarr v3 " + doc.path("node_type").asText("node")
                        + ", not a group");
            }
            JsonNode attrs = doc.get("attributes");
            if (attrs != null && !attrs.isNull() && !attrs.isObject()) {
                throw new ZarrException("invalid group metadata in " + doc3 + ": attributes must be an object");
            }
            JsonNode field = doc.get(ConsolidatedMetadata.V3_FIELD);
            ConsolidatedMetadata cm = null;
            if (consolidation != Consolidation.IGNORE && field != null && !field.isNull()) {
                cm = ConsolidatedMetadata.fromV3(field, doc3);
            }
            if (cm == null && consolidation == Consolidation.REQUIRE) {
                throw noConsolidated(where, "its zarr.json has no consolidated_metadata");
            }
            return new ZarrGroup(store, p, ZarrFormat.V3, (ObjectNode) attrs, cm);
        }
        if (consolidation != Consolidation.IGNORE) {
            Optional<ByteBuffer> zmetadata = store.get(prefix + ConsolidatedMetadata.V2_DOCUMENT);
            if (zmetadata.isPresent()) {
                String docName = "'" + where + "/" + ConsolidatedMetadata.V2_DOCUMENT + "'";
                ConsolidatedMetadata cm = ConsolidatedMetadata.fromV2(Json.parse(zmetadata.get(), docName), docName);
                ConsolidatedMetadata.Node self = cm.node("");
                if (self == null || self.array()) {
                    throw new ZarrException("invalid consolidated metadata in " + docName + ": it has no .zgroup entry"
                            + " for the group itself" + (self != null ? " (it describes an array there)" : ""));
                }
                checkV2Group(self.document(), docName);
                return new ZarrGroup(store, p, ZarrFormat.V2, checkAttributes(self.attributes(), docName), cm);
            }
        }
        Optional<ByteBuffer> v2 = store.get(prefix + ZarrArray.V2_GROUP);
        if (v2.isPresent()) {
            checkV2Group(Json.parse(v2.get(), "'" + where + "/" + ZarrArray.V2_GROUP + "'"), "'" + where + "/.zgroup'");
            if (consolidation == Consolidation.REQUIRE) {
                throw noConsolidated(where, "it has no .zmetadata");
            }
            JsonNode attrs = store.get(prefix + ZarrArray.V2_ATTRIBUTES)
                    .map(b -> Json.parse(b, "'" + where + "/.zattrs'")).orElse(null);
            return new ZarrGroup(store, p, ZarrFormat.V2, checkAttributes(attrs, "'" + where + "/.zattrs'"), null);
        }
        if (store.exists(prefix + ZarrArray.V2_METADATA)) {
            throw new ZarrException("'" + where + "' is a Zarr v2 array, not a group; open it with ZarrArray.open");
        }
        throw new ZarrException("no Zarr group at '" + where + "': neither zarr.json (v3) nor .zgroup (v2) exists there");
    }

    private static void checkV2Group(JsonNode doc, String docName) {
        if (doc.path("zarr_format").asInt() != 2) {
            throw new ZarrException("invalid group metadata in " + docName + ": zarr_format is " + doc.get("zarr_format")
                    + ", expected 2");
        }
    }

    private static ObjectNode checkAttributes(JsonNode attrs, String docName) {
        if (attrs != null && !attrs.isNull() && !attrs.isObject()) {
            throw new ZarrException("invalid group metadata in " + docName + ": attributes must be an object");
        }
        return attrs == null || attrs.isNull() ? null : (ObjectNode) attrs;
    }

    private static ZarrException noConsolidated(String where, String why) {
        return new ZarrException("the group '" + where + "' has no consolidated metadata (" + why + "); consolidate it"
                + " (ZarrGroup.consolidate, or zarr.consolidate_metadata in zarr-python) or open it without requiring it");
    }

    private String key(String name) {
        return path.isEmpty() ? name : path + "/" + name;
    }

    public Store store() {
        return store;
    }

    public String path() {
        return path;
    }

    public ZarrFormat format() {
        return format;
    }

    /** The store URL and path, as messages name the group. */
    public String where() {
        return ZarrArray.where(store, path);
    }

    public ObjectNode attributes() {
        return attributes.deepCopy();
    }

    public Map<String, Object> attributesMap() {
        return Json.toMap(attributes);
    }

    /** Whether members and their metadata come from consolidated metadata rather than the store. */
    public boolean isConsolidated() {
        return consolidated != null;
    }

    /**
     * Where the members' metadata comes from, for people: the consolidated document (and how
     * many nodes it describes) or "each node's own metadata (the store is listed)".
     */
    public String metadataSource() {
        if (consolidated == null) {
            return "each node's own metadata, found by listing the store";
        }
        int n = consolidated.descendants().size();
        return "consolidated: " + consolidated.source() + " (" + n + " node" + (n == 1 ? "" : "s") + ")";
    }

    /** Names of the child arrays, sorted. */
    public List<String> arrayNames() {
        return consolidated != null ? consolidated.children("", true) : children(true);
    }

    /** Names of the child groups, sorted. */
    public List<String> groupNames() {
        return consolidated != null ? consolidated.children("", false) : children(false);
    }

    private List<String> children(boolean arrays) {
        String prefix = path.isEmpty() ? "" : path + "/";
        TreeSet<String> names = new TreeSet<>();
        for (String k : listStore(prefix)) {
            String rel = k.substring(prefix.length());
            int slash = rel.indexOf('/');
            if (slash <= 0 || rel.indexOf('/', slash + 1) >= 0) {
                continue; // only metadata documents one level down
            }
            String child = rel.substring(0, slash);
            String doc = rel.substring(slash + 1);
            if (format == ZarrFormat.V3 && doc.equals(ZarrArray.V3_METADATA)) {
                if (nodeType(k).equals(arrays ? "array" : "group")) {
                    names.add(child);
                }
            } else if (format == ZarrFormat.V2 && doc.equals(arrays ? ZarrArray.V2_METADATA : ZarrArray.V2_GROUP)) {
                names.add(child);
            }
        }
        return new ArrayList<>(names);
    }

    private String nodeType(String zarrJsonKey) {
        return store.get(zarrJsonKey).map(b -> Json.parse(b, "'" + ZarrArray.where(store, zarrJsonKey) + "'"))
                .map(n -> n.path("node_type").asText()).orElse("");
    }

    private List<String> listStore(String prefix) {
        if (!store.supportsListing()) {
            throw new ZarrException("cannot find the members of the group '" + where() + "': " + store.url()
                    + " cannot be listed (HTTP has no listing) and the group has no consolidated metadata (.zmetadata"
                    + " for Zarr v2, consolidated_metadata in zarr.json for v3). Consolidate it where it is written"
                    + " (zarr.consolidate_metadata in zarr-python, ZarrGroup.consolidate here), or open its arrays by path");
        }
        return store.list(prefix);
    }

    /**
     * Every array and group below this one, parents before children, each array with its
     * metadata (or why it cannot be read). From the consolidated metadata when the group has it;
     * otherwise from one listing of the store and each node's metadata.
     */
    public List<Member> members() {
        List<Member> out = new ArrayList<>();
        if (consolidated != null) {
            for (ConsolidatedMetadata.Node n : consolidated.descendants()) {
                out.add(n.array() ? arrayMember(n.path(), () -> consolidated.arrayMetadata(n, childWhere(n.path())))
                        : new Member(n.path(), false, null, null));
            }
            return out;
        }
        for (Map.Entry<String, Boolean> e : storedNodes().entrySet()) {
            String rel = e.getKey();
            out.add(e.getValue() ? arrayMember(rel, () -> ZarrArray.open(store, childPath(rel)).metadata())
                    : new Member(rel, false, null, null));
        }
        return out;
    }

    private static Member arrayMember(String path, java.util.function.Supplier<ArrayMetadata> metadata) {
        try {
            return new Member(path, true, metadata.get(), null);
        } catch (ZarrException e) {
            return new Member(path, true, null, e.getMessage());
        }
    }

    /** Paths below this group (relative) of the stored nodes of this group's format: true for arrays. */
    private TreeMap<String, Boolean> storedNodes() {
        String prefix = path.isEmpty() ? "" : path + "/";
        TreeMap<String, Boolean> nodes = new TreeMap<>();
        for (String k : listStore(prefix)) {
            String rel = k.substring(prefix.length());
            int slash = rel.lastIndexOf('/');
            if (slash <= 0) {
                continue; // this group's own documents
            }
            String node = rel.substring(0, slash);
            String doc = rel.substring(slash + 1);
            if (format == ZarrFormat.V3 && doc.equals(ZarrArray.V3_METADATA)) {
                String type = nodeType(k);
                if (type.equals("array") || type.equals("group")) {
                    nodes.put(node, type.equals("array"));
                }
            } else if (format == ZarrFormat.V2 && (doc.equals(ZarrArray.V2_METADATA) || doc.equals(ZarrArray.V2_GROUP))) {
                nodes.put(node, doc.equals(ZarrArray.V2_METADATA));
            }
        }
        // a node inside an array (a chunk key that looks like metadata) is not a member
        nodes.keySet().removeIf(n -> {
            for (String parent = parentOf(n); parent != null; parent = parentOf(parent)) {
                if (Boolean.TRUE.equals(nodes.get(parent))) {
                    return true;
                }
            }
            return false;
        });
        return nodes;
    }

    private static String parentOf(String p) {
        int slash = p.lastIndexOf('/');
        return slash < 0 ? null : p.substring(0, slash);
    }

    /**
     * The child array {@code name} (a path such as {@code "sub/mask"} works too). With
     * consolidated metadata nothing is read from the store; the name must be in it.
     */
    public ZarrArray openArray(String name) {
        String rel = ZarrArray.normalise(name);
        if (consolidated == null) {
            return ZarrArray.open(store, childPath(rel));
        }
        ConsolidatedMetadata.Node n = consolidated.node(rel);
        if (n == null || !n.array()) {
            throw notInConsolidated(rel, "array", n != null);
        }
        return ZarrArray.open(store, childPath(rel), consolidated.arrayMetadata(n, childWhere(rel)));
    }

    /** The child group {@code name}; with consolidated metadata it opens from it, reading nothing. */
    public ZarrGroup openGroup(String name) {
        String rel = ZarrArray.normalise(name);
        if (consolidated == null) {
            return open(store, childPath(rel), Consolidation.USE_IF_PRESENT);
        }
        ConsolidatedMetadata.Node n = consolidated.node(rel);
        if (n == null || n.array()) {
            throw notInConsolidated(rel, "group", n != null);
        }
        return new ZarrGroup(store, childPath(rel), format, checkAttributes(n.attributes(), consolidated.source()),
                consolidated.below(rel));
    }

    private ZarrException notInConsolidated(String rel, String kind, boolean otherKind) {
        String members = String.join(", ", consolidated.descendants().stream().map(ConsolidatedMetadata.Node::path).toList());
        return new ZarrException(otherKind ? "'" + childWhere(rel) + "' is not " + (kind.equals("array") ? "an " : "a ")
                + kind + " in the consolidated metadata"
                + " of the group '" + where() + "'"
                : "no " + kind + " '" + rel + "' in the consolidated metadata of the group '" + where() + "' (it lists "
                + (members.isEmpty() ? "nothing" : members) + "); if it was added after consolidation, consolidate again"
                + " or open the group with Consolidation.IGNORE");
    }

    /** Creates a child array; its metadata's format should match the group's. */
    public ZarrArray createArray(String name, ArrayMetadata metadata) {
        if (metadata.format() != format) {
            throw new ZarrException("cannot create a Zarr " + metadata.format() + " array in the Zarr " + format
                    + " group '" + where() + "'; use the same format");
        }
        return ZarrArray.create(store, childPath(name), metadata);
    }

    public ZarrGroup createGroup(String name, Map<String, ?> attributes) {
        return create(store, childPath(name), format, attributes);
    }

    /**
     * Writes the consolidated metadata of the group at {@code path} from what is in the store
     * now (which must list): v2 {@code .zmetadata} with every {@code .zarray}, {@code .zgroup}
     * and {@code .zattrs} below it, as zarr-python 2's {@code consolidate_metadata}; for v3 the
     * group's {@code zarr.json} gains {@code consolidated_metadata} with every node's
     * {@code zarr.json}, as zarr-python 3's. Returns the group opened with it.
     */
    public static ZarrGroup consolidate(Store store, String path) {
        ZarrGroup g = open(store, path, Consolidation.IGNORE);
        TreeMap<String, Boolean> nodes = g.storedNodes();
        String prefix = g.path.isEmpty() ? "" : g.path + "/";
        if (g.format == ZarrFormat.V2) {
            ObjectNode metadata = Json.object();
            metadata.set(ZarrArray.V2_GROUP, Json.object().put("zarr_format", 2));
            if (!g.attributes.isEmpty()) {
                metadata.set(ZarrArray.V2_ATTRIBUTES, g.attributes.deepCopy());
            }
            for (Map.Entry<String, Boolean> e : nodes.entrySet()) {
                String rel = e.getKey();
                String doc = e.getValue() ? ZarrArray.V2_METADATA : ZarrArray.V2_GROUP;
                metadata.set(rel + "/" + doc, g.storedDocument(prefix + rel + "/" + doc));
                String attrsKey = prefix + rel + "/" + ZarrArray.V2_ATTRIBUTES;
                store.get(attrsKey).ifPresent(b -> metadata.set(rel + "/" + ZarrArray.V2_ATTRIBUTES,
                        Json.parse(b, "'" + ZarrArray.where(store, attrsKey) + "'")));
            }
            ObjectNode doc = Json.object();
            doc.set("metadata", metadata);
            doc.put("zarr_consolidated_format", 1);
            store.put(prefix + ConsolidatedMetadata.V2_DOCUMENT, Json.bytes(doc));
        } else {
            ObjectNode field = Json.object();
            field.put("kind", "inline");
            field.put("must_understand", false);
            ObjectNode metadata = field.putObject("metadata");
            for (Map.Entry<String, Boolean> e : nodes.entrySet()) {
                JsonNode doc = g.storedDocument(prefix + e.getKey() + "/" + ZarrArray.V3_METADATA);
                if (!e.getValue()) {
                    // as zarr-python 3 writes a child group: its entry with an empty inline consolidation
                    ObjectNode group = ((ObjectNode) doc).deepCopy();
                    group.putObject(ConsolidatedMetadata.V3_FIELD).put("kind", "inline").put("must_understand", false)
                            .putObject("metadata");
                    doc = group;
                }
                metadata.set(e.getKey(), doc);
            }
            store.put(prefix + ZarrArray.V3_METADATA, Json.bytes(g.v3Document(field)));
        }
        return open(store, path, Consolidation.REQUIRE);
    }

    private JsonNode storedDocument(String key) {
        String where = "'" + ZarrArray.where(store, key) + "'";
        return Json.parse(store.get(key).orElseThrow(() -> new ZarrException("cannot consolidate the group '" + where()
                + "': " + where + " disappeared while it was being read")), where);
    }

    private String childPath(String name) {
        String n = ZarrArray.normalise(name);
        return path.isEmpty() ? n : path + "/" + n;
    }

    private String childWhere(String rel) {
        return ZarrArray.where(store, childPath(rel));
    }

    @Override
    public String toString() {
        return "ZarrGroup(" + where() + ", " + format + (consolidated != null ? ", consolidated" : "") + ")";
    }
}
