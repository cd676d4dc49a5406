package dev.cubed.primitive;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Arrays;

/**
 * One child chunk per parent chunk with the same C-order position among all chunks: the parent's
 * coordinates are flattened over {@code parentBlocks} and unflattened over {@code childBlocks}.
 * A reshape whose chunks cover the same runs of elements on both sides (each chunk a contiguous
 * run of the flattened array, chunk for chunk) maps its blocks this way.
 */
public record RavelMap(@JsonProperty("parentBlocks") long[] parentBlocks,
                       @JsonProperty("childBlocks") long[] childBlocks) implements KeyMap.Single {

    public RavelMap {
        if (product(parentBlocks) != product(childBlocks)) {
            throw new IllegalArgumentException("parent blocks " + Arrays.toString(parentBlocks) + " and child blocks "
                    + Arrays.toString(childBlocks) + " differ in number");
        }
        parentBlocks = parentBlocks.clone();
        childBlocks = childBlocks.clone();
    }

    private static long product(long[] n) {
        long p = 1;
        for (long v : n) {
            p = Math.multiplyExact(p, v);
        }
        return p;
    }

    @Override
    public long[] parentBlocks() {
        return parentBlocks.clone();
    }

    @Override
    public long[] childBlocks() {
        return childBlocks.clone();
    }

    @Override
    public long[] one(long[] coords) {
        long flat = 0;
        for (int j = 0; j < parentBlocks.length; j++) {
            flat = flat * parentBlocks[j] + coords[j];
        }
        long[] c = new long[childBlocks.length];
        for (int j = childBlocks.length - 1; j >= 0; j--) {
            c[j] = flat % childBlocks[j];
            flat /= childBlocks[j];
        }
        return c;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RavelMap m && Arrays.equals(m.parentBlocks, parentBlocks)
                && Arrays.equals(m.childBlocks, childBlocks);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(parentBlocks) + Arrays.hashCode(childBlocks);
    }

    @Override
    public String toString() {
        return "RavelMap" + Arrays.toString(parentBlocks) + "->" + Arrays.toString(childBlocks);
    }
}
