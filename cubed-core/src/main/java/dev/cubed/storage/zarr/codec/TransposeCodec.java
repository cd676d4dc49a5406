package dev.cubed.storage.zarr.codec;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cubed.block.Block;
import dev.cubed.storage.zarr.ZarrException;
import java.util.Arrays;

/**
 * The v3 {@code transpose} codec: axis {@code i} of the encoded chunk is axis {@code order[i]}
 * of the array. Zarr v2 {@code "order": "F"} is this codec with the axes reversed.
 */
public record TransposeCodec(int[] order) implements ArrayToArrayCodec {

    public TransposeCodec {
        order = order.clone();
        boolean[] seen = new boolean[order.length];
        for (int a : order) {
            if (a < 0 || a >= order.length || seen[a]) {
                throw new ZarrException("transpose order " + Arrays.toString(order) + " is not a permutation of 0.."
                        + (order.length - 1));
            }
            seen[a] = true;
        }
    }

    /** The transpose that stores a C-ordered chunk in Fortran order (v2 {@code order: F}). */
    public static TransposeCodec fortran(int ndim) {
        int[] o = new int[ndim];
        for (int i = 0; i < ndim; i++) {
            o[i] = ndim - 1 - i;
        }
        return new TransposeCodec(o);
    }

    /** True when this reverses the axes (Fortran order). */
    public boolean isFortran() {
        for (int i = 0; i < order.length; i++) {
            if (order[i] != order.length - 1 - i) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int[] order() {
        return order.clone();
    }

    @Override
    public String name() {
        return "transpose";
    }

    void checkFor(ChunkSpec spec) {
        if (order.length != spec.ndim()) {
            throw new ZarrException("transpose order " + Arrays.toString(order) + " has " + order.length
                    + " axes but the chunks have " + spec.ndim());
        }
    }

    @Override
    public ChunkSpec encodedSpec(ChunkSpec decoded) {
        checkFor(decoded);
        int[] s = decoded.shape();
        int[] e = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            e[i] = s[order[i]];
        }
        return decoded.withShape(e);
    }

    @Override
    public Block encode(Block chunk) {
        return chunk.transpose(order);
    }

    @Override
    public Block decode(Block encoded, ChunkSpec decoded) {
        int[] inverse = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            inverse[order[i]] = i;
        }
        return encoded.transpose(inverse);
    }

    @Override
    public ObjectNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode().put("name", "transpose");
        ArrayNode o = n.putObject("configuration").putArray("order");
        for (int a : order) {
            o.add(a);
        }
        return n;
    }

    @Override
    public String describe() {
        return "transpose" + Arrays.toString(order);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TransposeCodec t && Arrays.equals(order, t.order);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(order);
    }

    @Override
    public String toString() {
        return describe();
    }
}
