package dev.cubed.block;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Several blocks of one shape under field names, in a fixed order: the value of a structured intermediate. */
public record NamedBlocks(Map<String, Block> fields) implements Value {

    public NamedBlocks {
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("named blocks need at least one field");
        }
        int[] shape = null;
        for (Map.Entry<String, Block> e : fields.entrySet()) {
            int[] s = e.getValue().shape();
            if (shape == null) {
                shape = s;
            } else if (!Arrays.equals(shape, s)) {
                throw new IllegalArgumentException("field '" + e.getKey() + "' has shape " + Arrays.toString(s)
                        + " but the other fields have " + Arrays.toString(shape));
            }
        }
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** Builds from alternating names and blocks: {@code of("sum", s, "count", c)}. */
    public static NamedBlocks of(Object... namesAndBlocks) {
        if (namesAndBlocks.length % 2 != 0) {
            throw new IllegalArgumentException("expected name, block pairs");
        }
        Map<String, Block> m = new LinkedHashMap<>();
        for (int i = 0; i < namesAndBlocks.length; i += 2) {
            m.put((String) namesAndBlocks[i], (Block) namesAndBlocks[i + 1]);
        }
        return new NamedBlocks(m);
    }

    public Block get(String name) {
        Block b = fields.get(name);
        if (b == null) {
            throw new IllegalArgumentException("no field '" + name + "' among " + fields.keySet());
        }
        return b;
    }

    public List<String> names() {
        return List.copyOf(fields.keySet());
    }

    @Override
    public int[] shape() {
        return fields.values().iterator().next().shape();
    }

    @Override
    public long nbytes() {
        long n = 0;
        for (Block b : fields.values()) {
            n += b.nbytes();
        }
        return n;
    }
}
