package dev.cubed.primitive;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Arrays;

/**
 * A regular chunking of an array: its shape and the shape of every chunk (edge chunks are
 * clipped). Coordinates of a chunk in the grid are {@code long[]}, one per axis.
 */
public record ChunkGrid(@JsonProperty("shape") long[] shape, @JsonProperty("chunks") int[] chunks) {

    public ChunkGrid {
        if (shape.length != chunks.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " and chunks "
                    + Arrays.toString(chunks) + " have different numbers of axes");
        }
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0) {
                throw new IllegalArgumentException("negative size in shape " + Arrays.toString(shape));
            }
            if (chunks[i] < 1) {
                throw new IllegalArgumentException("chunk sizes must be >= 1, got " + Arrays.toString(chunks));
            }
        }
        shape = shape.clone();
        chunks = chunks.clone();
    }

    public static ChunkGrid of(long[] shape, int[] chunks) {
        return new ChunkGrid(shape, chunks);
    }

    /** Chunks as large as the array (at least 1 along empty axes). */
    public static ChunkGrid single(long[] shape) {
        int[] c = new int[shape.length];
        for (int i = 0; i < shape.length; i++) {
            c[i] = (int) Math.max(1, Math.min(shape[i], Integer.MAX_VALUE));
        }
        return new ChunkGrid(shape, c);
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    @Override
    public int[] chunks() {
        return chunks.clone();
    }

    public int ndim() {
        return shape.length;
    }

    public long shape(int axis) {
        return shape[axis];
    }

    public int chunks(int axis) {
        return chunks[axis];
    }

    /** Number of chunks along each axis (0 along an empty axis). */
    @JsonIgnore
    public long[] numBlocks() {
        long[] n = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            n[i] = ceilDiv(shape[i], chunks[i]);
        }
        return n;
    }

    public long numBlocks(int axis) {
        return ceilDiv(shape[axis], chunks[axis]);
    }

    /** Total number of chunks. */
    @JsonIgnore
    public long numChunks() {
        long n = 1;
        for (int i = 0; i < shape.length; i++) {
            n = Math.multiplyExact(n, ceilDiv(shape[i], chunks[i]));
        }
        return n;
    }

    @JsonIgnore
    public long size() {
        long n = 1;
        for (long s : shape) {
            n = Math.multiplyExact(n, s);
        }
        return n;
    }

    /** Elements in a full (not clipped) chunk. */
    @JsonIgnore
    public long chunkSize() {
        long n = 1;
        for (int i = 0; i < shape.length; i++) {
            n *= Math.min(chunks[i], Math.max(shape[i], 1));
        }
        return n;
    }

    /** The first element of chunk {@code coords}. */
    public long[] origin(long[] coords) {
        checkCoords(coords);
        long[] o = new long[coords.length];
        for (int i = 0; i < coords.length; i++) {
            o[i] = coords[i] * chunks[i];
        }
        return o;
    }

    /** The shape of chunk {@code coords}, clipped at the array's end. */
    public int[] blockShape(long[] coords) {
        checkCoords(coords);
        int[] s = new int[coords.length];
        for (int i = 0; i < coords.length; i++) {
            long start = coords[i] * chunks[i];
            s[i] = (int) Math.min(chunks[i], shape[i] - start);
        }
        return s;
    }

    /** True when {@code coords} names a chunk of this grid. */
    public boolean contains(long[] coords) {
        if (coords.length != shape.length) {
            return false;
        }
        for (int i = 0; i < coords.length; i++) {
            if (coords[i] < 0 || coords[i] >= numBlocks(i)) {
                return false;
            }
        }
        return true;
    }

    private void checkCoords(long[] coords) {
        if (!contains(coords)) {
            throw new IndexOutOfBoundsException("chunk " + Arrays.toString(coords) + " is outside the grid of "
                    + Arrays.toString(numBlocks()) + " chunks");
        }
    }

    /** C-order index of a chunk, for naming and ordering. */
    public long linearIndex(long[] coords) {
        long idx = 0;
        for (int i = 0; i < coords.length; i++) {
            idx = idx * numBlocks(i) + coords[i];
        }
        return idx;
    }

    /** The chunk coordinates of C-order index {@code index}. */
    public long[] coordsOf(long index) {
        long[] nb = numBlocks();
        long[] c = new long[nb.length];
        for (int i = nb.length - 1; i >= 0; i--) {
            c[i] = index % nb[i];
            index /= nb[i];
        }
        return c;
    }

    /** Lazily enumerates every chunk's coordinates in C order. */
    public Iterable<long[]> allCoords() {
        return BlockRange.all(numBlocks());
    }

    /** True when every chunk of {@code finer} lies inside one chunk of this grid (same shape). */
    public boolean isMultipleOf(ChunkGrid finer) {
        if (!Arrays.equals(shape, finer.shape)) {
            return false;
        }
        for (int i = 0; i < shape.length; i++) {
            if (chunks[i] % finer.chunks[i] != 0 && chunks[i] < shape[i]) {
                return false;
            }
        }
        return true;
    }

    public static long ceilDiv(long a, long b) {
        return a == 0 ? 0 : (a + b - 1) / b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChunkGrid g && Arrays.equals(g.shape, shape) && Arrays.equals(g.chunks, chunks);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(chunks);
    }

    @Override
    public String toString() {
        return "shape " + Arrays.toString(shape) + " chunks " + Arrays.toString(chunks);
    }
}
