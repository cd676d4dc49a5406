package dev.cubed.block;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The element type of a {@link Value} known at plan time: a plain data type (for a {@link Block})
 * or named fields, each of its own type (for {@link NamedBlocks}). Plans use it to create the
 * Zarr arrays that hold intermediates before any task runs.
 */
public final class ValueType {
    private final DataType plain;
    private final Map<String, DataType> fields;

    private ValueType(DataType plain, Map<String, DataType> fields) {
        this.plain = plain;
        this.fields = fields;
    }

    public static ValueType plain(DataType dtype) {
        return new ValueType(Objects.requireNonNull(dtype, "dtype"), null);
    }

    /** Named fields in the given order. */
    public static ValueType fields(Map<String, DataType> fields) {
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("a structured type needs at least one field");
        }
        for (String name : fields.keySet()) {
            if (name == null || name.isEmpty() || name.contains("/")) {
                throw new IllegalArgumentException("field names must be non-empty and contain no '/': '" + name + "'");
            }
        }
        return new ValueType(null, Collections.unmodifiableMap(new LinkedHashMap<>(fields)));
    }

    /** Builds from alternating names and types: {@code fields("sum", FLOAT64, "count", INT64)}. */
    public static ValueType fields(Object... namesAndTypes) {
        Map<String, DataType> m = new LinkedHashMap<>();
        for (int i = 0; i < namesAndTypes.length; i += 2) {
            m.put((String) namesAndTypes[i], (DataType) namesAndTypes[i + 1]);
        }
        return fields(m);
    }

    public boolean isPlain() {
        return plain != null;
    }

    /** The data type of a plain value; an error for a structured one. */
    public DataType dtype() {
        if (plain == null) {
            throw new IllegalStateException("a structured value " + fields + " has no single data type");
        }
        return plain;
    }

    /** The fields of a structured value; an error for a plain one. */
    public Map<String, DataType> fields() {
        if (fields == null) {
            throw new IllegalStateException("a plain " + plain + " value has no fields");
        }
        return fields;
    }

    /** Bytes per element, summed over fields. */
    public int itemSize() {
        if (plain != null) {
            return plain.itemSize();
        }
        int n = 0;
        for (DataType t : fields.values()) {
            n += t.itemSize();
        }
        return n;
    }

    /** True when {@code v} has this type (its dtype or its field names and dtypes). */
    public boolean matches(Value v) {
        if (plain != null) {
            return v instanceof Block b && b.dtype() == plain;
        }
        if (!(v instanceof NamedBlocks nb) || !nb.fields().keySet().equals(fields.keySet())) {
            return false;
        }
        for (Map.Entry<String, DataType> e : fields.entrySet()) {
            if (nb.get(e.getKey()).dtype() != e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** The type a value actually has. */
    public static ValueType of(Value v) {
        if (v instanceof Block b) {
            return plain(b.dtype());
        }
        Map<String, DataType> m = new LinkedHashMap<>();
        for (Map.Entry<String, Block> e : ((NamedBlocks) v).fields().entrySet()) {
            m.put(e.getKey(), e.getValue().dtype());
        }
        return fields(m);
    }

    /** JSON form: a data type name for a plain value, an object of field names to type names otherwise. */
    @JsonValue
    public Object toJson() {
        if (plain != null) {
            return plain.zarrName();
        }
        Map<String, String> m = new LinkedHashMap<>();
        fields.forEach((k, v) -> m.put(k, v.zarrName()));
        return m;
    }

    @JsonCreator
    public static ValueType fromJson(JsonNode node) {
        if (node.isTextual()) {
            return plain(DataType.fromName(node.textValue()));
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("a value type is a data type name or an object of fields, got " + node);
        }
        Map<String, DataType> m = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> m.put(e.getKey(), DataType.fromName(e.getValue().asText())));
        return fields(m);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ValueType t && Objects.equals(t.plain, plain) && Objects.equals(t.fields, fields);
    }

    @Override
    public int hashCode() {
        return Objects.hash(plain, fields);
    }

    @Override
    public String toString() {
        return plain != null ? plain.toString() : fields.toString();
    }
}
