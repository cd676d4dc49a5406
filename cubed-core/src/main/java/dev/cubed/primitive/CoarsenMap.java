package dev.cubed.primitive;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Arrays;

/**
 * One child chunk per parent chunk at {@code coords / factor} per axis: a child whose chunks each
 * serve {@code factor} consecutive parent chunks (the block offsets of a scan, gathered
 * {@code factor} to a chunk).
 */
public record CoarsenMap(@JsonProperty("factor") long[] factor) implements KeyMap.Single {

    public CoarsenMap {
        for (long f : factor) {
            if (f < 1) {
                throw new IllegalArgumentException("coarsening factors must be >= 1: " + Arrays.toString(factor));
            }
        }
        factor = factor.clone();
    }

    /** Factor {@code f} on {@code axis} of {@code ndim} axes, 1 on the others. */
    public static CoarsenMap along(int ndim, int axis, long f) {
        long[] factor = new long[ndim];
        Arrays.fill(factor, 1);
        factor[axis] = f;
        return new CoarsenMap(factor);
    }

    @Override
    public long[] factor() {
        return factor.clone();
    }

    @Override
    public long[] one(long[] coords) {
        long[] c = new long[factor.length];
        for (int j = 0; j < factor.length; j++) {
            c[j] = coords[j] / factor[j];
        }
        return c;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CoarsenMap m && Arrays.equals(m.factor, factor);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(factor);
    }

    @Override
    public String toString() {
        return "CoarsenMap" + Arrays.toString(factor);
    }
}
