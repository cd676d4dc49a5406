package dev.cubed.primitive;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

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
        long total = maxBlocks();
        return new Iterator<>() {
            private final long[] next = base.clone();
            private long produced;

            @Override
            public boolean hasNext() {
                return produced < total;
            }

            @Override
            public long[] next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                long[] out = next.clone();
                produced++;
                for (int j = dims.length - 1; j >= 0; j--) {
                    if (dims[j] >= 0) {
                        continue;
                    }
                    if (++next[j] < childBlocks[j]) {
                        break;
                    }
                    next[j] = 0;
                }
                return out;
            }
        };
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
