package dev.cubed.kernel;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cubed.block.DataType;

import java.util.Objects;

/**
 * A kernel's parameters: a small JSON object carried in the plan. Typed getters fail with a
 * message naming the parameter, so a malformed plan says what is wrong.
 */
public final class Params {
    private static final Params EMPTY = new Params(JsonNodeFactory.instance.objectNode());

    private final ObjectNode node;
    private volatile String canonical;

    private Params(ObjectNode node) {
        this.node = node;
    }

    public static Params empty() {
        return EMPTY;
    }

    /** Wraps a JSON object; the caller must not change it afterwards. */
    @JsonCreator
    public static Params of(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return EMPTY;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("kernel parameters must be a JSON object, got " + node);
        }
        return new Params((ObjectNode) node);
    }

    /** Starts a new parameter object. */
    public static Builder builder() {
        return new Builder();
    }

    public JsonNode json() {
        return node.deepCopy();
    }

    @JsonValue
    JsonNode jsonValue() {
        return node;
    }

    public boolean has(String name) {
        return node.hasNonNull(name);
    }

    public JsonNode get(String name) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("kernel parameter '" + name + "' is missing in " + node);
        }
        return v;
    }

    public int getInt(String name) {
        JsonNode v = get(name);
        if (!v.canConvertToInt()) {
            throw new IllegalArgumentException("kernel parameter '" + name + "' must be an int, got " + v);
        }
        return v.intValue();
    }

    public long getLong(String name) {
        JsonNode v = get(name);
        if (!v.canConvertToLong()) {
            throw new IllegalArgumentException("kernel parameter '" + name + "' must be a long, got " + v);
        }
        return v.longValue();
    }

    /** A double; the strings "NaN", "Infinity" and "-Infinity" are accepted as Zarr writes them. */
    public double getDouble(String name) {
        JsonNode v = get(name);
        if (v.isNumber()) {
            return v.doubleValue();
        }
        if (v.isTextual()) {
            switch (v.textValue()) {
                case "NaN": return Double.NaN;
                case "Infinity": return Double.POSITIVE_INFINITY;
                case "-Infinity": return Double.NEGATIVE_INFINITY;
                default: break;
            }
        }
        throw new IllegalArgumentException("kernel parameter '" + name + "' must be a number, got " + v);
    }

    public boolean getBoolean(String name) {
        JsonNode v = get(name);
        if (!v.isBoolean()) {
            throw new IllegalArgumentException("kernel parameter '" + name + "' must be true or false, got " + v);
        }
        return v.booleanValue();
    }

    public boolean getBoolean(String name, boolean defaultValue) {
        return has(name) ? getBoolean(name) : defaultValue;
    }

    public String getString(String name) {
        JsonNode v = get(name);
        if (!v.isTextual()) {
            throw new IllegalArgumentException("kernel parameter '" + name + "' must be a string, got " + v);
        }
        return v.textValue();
    }

    public DataType getDataType(String name) {
        return DataType.fromName(getString(name));
    }

    public int[] getIntArray(String name) {
        JsonNode v = get(name);
        if (!v.isArray()) {
            throw new IllegalArgumentException("kernel parameter '" + name + "' must be an array of ints, got " + v);
        }
        int[] out = new int[v.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = v.get(i).intValue();
        }
        return out;
    }

    public long[] getLongArray(String name) {
        JsonNode v = get(name);
        if (!v.isArray()) {
            throw new IllegalArgumentException("kernel parameter '" + name + "' must be an array of longs, got " + v);
        }
        long[] out = new long[v.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = v.get(i).longValue();
        }
        return out;
    }

    /** Equal when the JSON is the same text: 7 as an int and as a long are the same parameter. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Params p && p.canonical().equals(canonical());
    }

    @Override
    public int hashCode() {
        return canonical().hashCode();
    }

    private String canonical() {
        String c = canonical;
        if (c == null) {
            c = node.toString();
            canonical = c;
        }
        return c;
    }

    @Override
    public String toString() {
        return node.toString();
    }

    /** Builds a parameter object. */
    public static final class Builder {
        private final ObjectNode node = JsonNodeFactory.instance.objectNode();

        public Builder put(String name, int v) {
            node.put(name, v);
            return this;
        }

        public Builder put(String name, long v) {
            node.put(name, v);
            return this;
        }

        /** Non-finite doubles are written as the strings Zarr uses ("NaN", "Infinity", "-Infinity"). */
        public Builder put(String name, double v) {
            if (Double.isNaN(v)) {
                node.put(name, "NaN");
            } else if (Double.isInfinite(v)) {
                node.put(name, v > 0 ? "Infinity" : "-Infinity");
            } else {
                node.put(name, v);
            }
            return this;
        }

        public Builder put(String name, boolean v) {
            node.put(name, v);
            return this;
        }

        public Builder put(String name, String v) {
            node.put(name, Objects.requireNonNull(v, name));
            return this;
        }

        public Builder put(String name, DataType v) {
            node.put(name, v.zarrName());
            return this;
        }

        public Builder put(String name, int[] v) {
            var arr = node.putArray(name);
            for (int x : v) {
                arr.add(x);
            }
            return this;
        }

        public Builder put(String name, long[] v) {
            var arr = node.putArray(name);
            for (long x : v) {
                arr.add(x);
            }
            return this;
        }

        public Builder put(String name, JsonNode v) {
            node.set(name, v.deepCopy());
            return this;
        }

        public Params build() {
            return new Params(node.deepCopy());
        }
    }
}
