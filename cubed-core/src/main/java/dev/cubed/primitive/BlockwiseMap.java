package dev.cubed.primitive;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Arrays;

/**
 * One child chunk per parent chunk, with axes rearranged and broadcast: child axis {@code j}
 * takes the parent's coordinate on axis {@code dims[j]}, or 0 when {@code dims[j] < 0} (an axis
 * the parent does not have) or when the child has a single chunk on that axis (broadcasting).
 * Covers elementwise operations with broadcasting, transposes, and added or removed axes.
 */
public record BlockwiseMap(@JsonProperty("dims") int[] dims,
                           @JsonProperty("childBlocks") long[] childBlocks) implements KeyMap.Single {

    public BlockwiseMap {
        if (dims.length != childBlocks.length) {
            throw new IllegalArgumentException("dims " + Arrays.toString(dims) + " and child blocks "
                    + Arrays.toString(childBlocks) + " differ in length");
        }
        dims = dims.clone();
        childBlocks = childBlocks.clone();
    }

    @Override
    public int[] dims() {
        return dims.clone();
    }

    @Override
    public long[] childBlocks() {
        return childBlocks.clone();
    }

    @Override
    public long[] one(long[] coords) {
        long[] c = new long[dims.length];
        for (int j = 0; j < dims.length; j++) {
            c[j] = dims[j] < 0 || childBlocks[j] == 1 ? 0 : coords[dims[j]];
        }
        return c;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BlockwiseMap m && Arrays.equals(m.dims, dims) && Arrays.equals(m.childBlocks, childBlocks);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(dims) + Arrays.hashCode(childBlocks);
    }

    @Override
    public String toString() {
        return "BlockwiseMap" + Arrays.toString(dims);
    }
}
