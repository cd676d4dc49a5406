package dev.cubed.ops;

import java.util.Arrays;

/** Normalises user-given chunk shapes against an array shape. */
public final class Chunks {
    private Chunks() {
    }

    /**
     * Chunk sizes per axis: {@code -1} means the whole axis; sizes above the axis length are
     * clipped; every size is at least 1 (also along empty axes).
     */
    public static int[] normalize(long[] shape, int[] chunks) {
        if (chunks.length != shape.length) {
            throw new IllegalArgumentException("chunks " + Arrays.toString(chunks) + " have " + chunks.length
                    + " axes but the shape " + Arrays.toString(shape) + " has " + shape.length);
        }
        int[] out = new int[chunks.length];
        for (int i = 0; i < chunks.length; i++) {
            long c = chunks[i];
            if (c == -1) {
                c = shape[i];
            } else if (c < 1) {
                throw new IllegalArgumentException("chunk sizes must be >= 1 or -1 (whole axis), got "
                        + Arrays.toString(chunks));
            }
            c = Math.min(c, shape[i]);
            if (c > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("a chunk of " + c + " elements along axis " + i
                        + " is too large; give explicit chunks");
            }
            out[i] = (int) Math.max(c, 1);
        }
        return out;
    }

    /**
     * Chunks of roughly {@code targetBytes} for an array of {@code shape}: whole trailing axes
     * first, splitting the first axis that does not fit (the C-order layout keeps reads
     * contiguous).
     */
    public static int[] auto(long[] shape, int itemSize, long targetBytes) {
        int[] out = new int[shape.length];
        long budget = Math.max(1, targetBytes / Math.max(1, itemSize));
        for (int i = shape.length - 1; i >= 0; i--) {
            long n = Math.max(shape[i], 1);
            if (n <= budget) {
                out[i] = (int) Math.min(n, Integer.MAX_VALUE - 8);
                budget /= n;
            } else {
                out[i] = (int) Math.max(1, Math.min(budget, Integer.MAX_VALUE - 8));
                budget = 1;
            }
        }
        return out;
    }
}
