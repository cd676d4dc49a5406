package dev.cubed.primitive;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Arrays;

/**
 * One child chunk per parent chunk at {@code sign * coords + offset} per axis: shifts for
 * chunk-aligned slices and concatenation, and reversed order for flips ({@code sign = -1}).
 */
public record OffsetMap(@JsonProperty("sign") int[] sign, @JsonProperty("offset") long[] offset) implements KeyMap.Single {

    public OffsetMap {
        if (sign.length != offset.length) {
            throw new IllegalArgumentException("sign and offset differ in length");
        }
        for (int s : sign) {
            if (s != 1 && s != -1) {
                throw new IllegalArgumentException("signs must be 1 or -1: " + Arrays.toString(sign));
            }
        }
        sign = sign.clone();
        offset = offset.clone();
    }

    @Override
    public int[] sign() {
        return sign.clone();
    }

    @Override
    public long[] offset() {
        return offset.clone();
    }

    @Override
    public long[] one(long[] coords) {
        long[] c = new long[coords.length];
        for (int j = 0; j < coords.length; j++) {
            c[j] = sign[j] * coords[j] + offset[j];
        }
        return c;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OffsetMap m && Arrays.equals(m.sign, sign) && Arrays.equals(m.offset, offset);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(sign) + Arrays.hashCode(offset);
    }
}
