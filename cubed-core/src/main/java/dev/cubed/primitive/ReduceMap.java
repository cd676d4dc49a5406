package dev.cubed.primitive;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Arrays;
import java.util.Iterator;

/**
 * One round of a tree reduction: parent chunk {@code b} on a reduced axis covers child chunks
 * {@code [b * split, min((b + 1) * split, n))}; other axes map one to one. Axes with
 * {@code split[j] <= 1} are not reduced.
 */
public record ReduceMap(@JsonProperty("split") int[] split,
                        @JsonProperty("childBlocks") long[] childBlocks) implements KeyMap {

    public ReduceMap {
        if (split.length != childBlocks.length) {
            throw new IllegalArgumentException("split and child blocks differ in length");
        }
        split = split.clone();
        childBlocks = childBlocks.clone();
    }

    @Override
    public int[] split() {
        return split.clone();
    }

    @Override
    public long[] childBlocks() {
        return childBlocks.clone();
    }

    @Override
    public boolean isMany() {
        return true;
    }

    @Override
    public long[] one(long[] coords) {
        throw new UnsupportedOperationException("a reduction round yields several chunks");
    }

    @Override
    public Iterator<long[]> many(long[] coords) {
        int n = split.length;
        long[] lo = new long[n];
        long[] hi = new long[n];
        for (int j = 0; j < n; j++) {
            if (split[j] > 1) {
                lo[j] = coords[j] * split[j];
                hi[j] = Math.min((coords[j] + 1) * split[j], childBlocks[j]);
            } else {
                lo[j] = coords[j];
                hi[j] = coords[j] + 1;
            }
        }
        return BlockRange.of(lo, hi).iterator();
    }

    @Override
    public long maxBlocks() {
        long n = 1;
        for (int j = 0; j < split.length; j++) {
            if (split[j] > 1) {
                n *= Math.min(split[j], childBlocks[j]);
            }
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReduceMap m && Arrays.equals(m.split, split) && Arrays.equals(m.childBlocks, childBlocks);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(split) + Arrays.hashCode(childBlocks);
    }

    @Override
    public String toString() {
        return "ReduceMap" + Arrays.toString(split);
    }
}
