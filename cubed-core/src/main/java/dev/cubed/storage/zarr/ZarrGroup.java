package dev.cubed.storage.zarr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cubed.storage.Store;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A Zarr group: a v3 {@code zarr.json} with {@code node_type: group}, or a v2 {@code .zgroup}
 * with its attributes in {@code .zattrs}. Lists its child arrays and groups.
 */
public final class ZarrGroup {
    private final Store store;
    private final String path;
    private final ZarrFormat format;
    private final ObjectNode attributes;

    private ZarrGroup(Store store, String path, ZarrFormat format, ObjectNode attributes) {
        this.store = store;
        this.path = ZarrArray.normalise(path);
        this.format = format;
        this.attributes = Json.canonical(attributes);
    }

    /** Writes group metadata at {@code path} ("" for the store root), replacing any there. */
    public static ZarrGroup create(Store store, String path, ZarrFormat format, Map<String, ?> attributes) {
        return create(store, path, format, attributes == null ? null : Json.fromMap(attributes));
    }

    public static ZarrGroup create(Store store, String path, ZarrFormat format, ObjectNode attributes) {
        ZarrGroup g = new ZarrGroup(store, path, format, attributes);
        if (format == ZarrFormat.V3) {
            ObjectNode doc = Json.object();
            doc.put("zarr_format", 3);
            doc.put("node_type", "group");
            doc.set("attributes", g.attributes.deepCopy());
            store.put(g.key(ZarrArray.V3_METADATA), Json.bytes(doc));
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

    /** Opens the group at {@code path}, reading its metadata (v3 or v2). */
    public static ZarrGroup open(Store store, String path) {
        String p = ZarrArray.normalise(path);
        String where = ZarrArray.where(store, p);
        String prefix = p.isEmpty() ? "" : p + "/";
        Optional<ByteBuffer> v3 = store.get(prefix + ZarrArray.V3_METADATA);
        if (v3.isPresent()) {
            JsonNode doc = Json.parse(v3.get(), "'" + where + "/" + ZarrArray.V3_METADATA + "'");
            if (!"group".equals(doc.path("node_type").asText())) {
                throw new ZarrException("'" + where + "' is a Zarr v3 " + doc.path("node_type").asText("node")
                        + ", not a group");
            }
            JsonNode attrs = doc.get("attributes");
            if (attrs != null && !attrs.isNull() && !attrs.isObject()) {
                throw new ZarrException("invalid group metadata in '" + where + "/zarr.json': attributes must be an object");
            }
            return new ZarrGroup(store, p, ZarrFormat.V3, (ObjectNode) attrs);
        }
        Optional<ByteBuffer> v2 = store.get(prefix + ZarrArray.V2_GROUP);
        if (v2.isPresent()) {
            JsonNode doc = Json.parse(v2.get(), "'" + where + "/" + ZarrArray.V2_GROUP + "'");
            if (doc.path("zarr_format").asInt() != 2) {
                throw new ZarrException("invalid group metadata in '" + where + "/.zgroup': zarr_format is "
                        + doc.get("zarr_format") + ", expected 2");
            }
            JsonNode attrs = store.get(prefix + ZarrArray.V2_ATTRIBUTES)
                    .map(b -> Json.parse(b, "'" + where + "/.zattrs'")).orElse(null);
            if (attrs != null && !attrs.isObject()) {
                throw new ZarrException("invalid group metadata in '" + where + "/.zattrs': attributes must be an object");
            }
            return new ZarrGroup(store, p, ZarrFormat.V2, (ObjectNode) attrs);
        }
        if (store.exists(prefix + ZarrArray.V2_METADATA)) {
            throw new ZarrException("'" + where + "' is a Zarr v2 array, not a group; open it with ZarrArray.open");
        }
        throw new ZarrException("no Zarr group at '" + where + "': neither zarr.json (v3) nor .zgroup (v2) exists there");
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

    public ObjectNode attributes() {
        return attributes.deepCopy();
    }

    public Map<String, Object> attributesMap() {
        return Json.toMap(attributes);
    }

    /** Names of the child arrays, sorted. */
    public List<String> arrayNames() {
        return children(true);
    }

    /** Names of the child groups, sorted. */
    public List<String> groupNames() {
        return children(false);
    }

    private List<String> children(boolean arrays) {
        String prefix = path.isEmpty() ? "" : path + "/";
        TreeSet<String> names = new TreeSet<>();
        for (String k : store.list(prefix)) {
            String rel = k.substring(prefix.length());
            int slash = rel.indexOf('/');
            if (slash <= 0 || rel.indexOf('/', slash + 1) >= 0) {
                continue; // only metadata documents one level down
            }
            String child = rel.substring(0, slash);
            String doc = rel.substring(slash + 1);
            if (format == ZarrFormat.V3 && doc.equals(ZarrArray.V3_METADATA)) {
                String type = store.get(k).map(b -> Json.parse(b, "'" + ZarrArray.where(store, k) + "'"))
                        .map(n -> n.path("node_type").asText()).orElse("");
                if (type.equals(arrays ? "array" : "group")) {
                    names.add(child);
                }
            } else if (format == ZarrFormat.V2 && doc.equals(arrays ? ZarrArray.V2_METADATA : ZarrArray.V2_GROUP)) {
                names.add(child);
            }
        }
        return new ArrayList<>(names);
    }

    public ZarrArray openArray(String name) {
        return ZarrArray.open(store, childPath(name));
    }

    public ZarrGroup openGroup(String name) {
        return open(store, childPath(name));
    }

    /** Creates a child array; its metadata's format should match the group's. */
    public ZarrArray createArray(String name, ArrayMetadata metadata) {
        if (metadata.format() != format) {
            throw new ZarrException("cannot create a Zarr " + metadata.format() + " array in the Zarr " + format
                    + " group '" + ZarrArray.where(store, path) + "'; use the same format");
        }
        return ZarrArray.create(store, childPath(name), metadata);
    }

    public ZarrGroup createGroup(String name, Map<String, ?> attributes) {
        return create(store, childPath(name), format, attributes);
    }

    private String childPath(String name) {
        String n = ZarrArray.normalise(name);
        return path.isEmpty() ? n : path + "/" + n;
    }

    @Override
    public String toString() {
        return "ZarrGroup(" + ZarrArray.where(store, path) + ", " + format + ")";
    }
}
