package dev.cubed.primitive;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Objects;

/**
 * The child chunks that hold the elements of a parent chunk, when child element {@code e} sits at
 * parent element {@code e + offset} (per axis): the parent chunk's box, shifted back by
 * {@code offset} and clipped to the child's extent, and every child chunk it meets, in C order.
 * Parent chunks that lie outside the child get no chunks. This is how one input of a
 * concatenation is read: each output chunk visits just the input chunks it overlaps, one at a
 * time.
 */
public record OverlapMap(@JsonProperty("parent") ChunkGrid parent,
                         @JsonProperty("child") ChunkGrid child,
                         @JsonProperty("offset") long[] offset) implements KeyMap {

    public OverlapMap {
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(child, "child");
        if (parent.ndim() != child.ndim() || offset.length != parent.ndim()) {
            throw new IllegalArgumentException("parent " + parent + ", child " + child + " and offset "
                    + Arrays.toString(offset) + " must have the same number of axes");
        }
        offset = offset.clone();
    }

    @Override
    public long[] offset() {
        return offset.clone();
    }

    @Override
    public boolean isMany() {
        return true;
    }

    @Override
    public long[] one(long[] coords) {
        throw new UnsupportedOperationException("an overlap yields any number of chunks");
    }

    @Override
    public Iterator<long[]> many(long[] coords) {
        int n = offset.length;
        long[] lo = new long[n];
        long[] hi = new long[n];
        boolean empty = false;
        for (int j = 0; j < n; j++) {
            long start = coords[j] * parent.chunks(j) - offset[j];
            long end = Math.min((coords[j] + 1) * parent.chunks(j), parent.shape(j)) - offset[j];
            start = Math.max(start, 0);
            end = Math.min(end, child.shape(j));
            if (start >= end) {
                empty = true;
                break;
            }
            lo[j] = start / child.chunks(j);
            hi[j] = (end - 1) / child.chunks(j);
        }
        if (empty) {
            return java.util.Collections.emptyIterator();
        }
        return BlockRange.inclusive(lo, hi).iterator();
    }

    @Override
    public long maxBlocks() {
        long total = 1;
        for (int j = 0; j < offset.length; j++) {
            long span = Math.min(parent.chunks(j), parent.shape(j));
            long c = child.chunks(j);
            // a run of `span` elements meets at most this many chunks of length c
            long meets = span <= 0 ? 0 : Math.min(child.numBlocks(j), (span - 1) / c + 2);
            total *= meets;
        }
        return total;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OverlapMap m && m.parent.equals(parent) && m.child.equals(child)
                && Arrays.equals(m.offset, offset);
    }

    @Override
    public int hashCode() {
        return Objects.hash(parent, child, Arrays.hashCode(offset));
    }

    @Override
    public String toString() {
        return "OverlapMap" + Arrays.toString(offset);
    }
}
