package dev.cubed.primitive;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Arrays;
import java.util.Iterator;

/**
 * Several child chunks per parent chunk: child axes with {@code dims[j] >= 0} follow the parent's
 * coordinate on that axis (or 0 when broadcast), and every axis with {@code dims[j] < 0} is
 * contracted, enumerating all its chunks. Several arguments with the same contracted axes
 * enumerate them in the same (C) order, so a kernel can walk them in step (matmul's k blocks).
 */
public record ContractionMap(@JsonProperty("dims") int[] dims,
                             @JsonProperty("childBlocks") long[] childBlocks) implements KeyMap {

    public ContractionMap {
        if (dims.length != childBlocks.length) {
            throw new IllegalArgumentException("dims and child blocks differ in length");
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
    public boolean isMany() {
        return true;
    }

    @Override
    public long[] one(long[] coords) {
        throw new UnsupportedOperationException("a contraction yields several chunks");
    }

    @Override
    public Iterator<long[]> many(long[] coords) {
        long[] base = new long[dims.length];
        for (int j = 0; j < dims.length; j++) {
            base[j] = dims[j] < 0 || childBlocks[j] == 1 ? 0 : coords[dims[j]];
        }
        long[] hi = new long[dims.length];
        for (int j = 0; j < dims.length; j++) {
            if (dims[j] < 0) {
                base[j] = 0;
                hi[j] = childBlocks[j];
            } else {
                hi[j] = base[j] + 1;
            }
        }
        return BlockRange.of(base, hi).iterator();
    }

    @Override
    public long maxBlocks() {
        long n = 1;
        for (int j = 0; j < dims.length; j++) {
            if (dims[j] < 0) {
                n *= childBlocks[j];
            }
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ContractionMap m && Arrays.equals(m.dims, dims) && Arrays.equals(m.childBlocks, childBlocks);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(dims) + Arrays.hashCode(childBlocks);
    }

    @Override
    public String toString() {
        return "ContractionMap" + Arrays.toString(dims);
    }
}
