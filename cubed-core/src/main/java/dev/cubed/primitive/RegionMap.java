package dev.cubed.primitive;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.util.Arrays;

/**
 * Which region of an input a {@link ReadRegion} node reads for one of its chunks: element
 * {@code i} (per axis) of the node's chunk comes from input element {@code start + i * step}.
 * The identity ({@code start 0, step 1}) is what a rechunk copy reads.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "region")
@JsonSubTypes({@JsonSubTypes.Type(value = RegionMap.Strided.class, name = "strided")})
public sealed interface RegionMap permits RegionMap.Strided {

    /** First input element of each axis for node element 0. */
    long[] start();

    /** Input step per node element on each axis (non-zero; negative walks backwards). */
    long[] step();

    static RegionMap identity(int ndim) {
        long[] one = new long[ndim];
        Arrays.fill(one, 1);
        return new Strided(new long[ndim], one);
    }

    record Strided(@JsonProperty("start") long[] start, @JsonProperty("step") long[] step) implements RegionMap {
        public Strided {
            if (start.length != step.length) {
                throw new IllegalArgumentException("start and step differ in length");
            }
            for (long s : step) {
                if (s == 0) {
                    throw new IllegalArgumentException("a region step must not be zero");
                }
            }
            start = start.clone();
            step = step.clone();
        }

        @Override
        public long[] start() {
            return start.clone();
        }

        @Override
        public long[] step() {
            return step.clone();
        }

        @JsonIgnore
        public boolean isIdentity() {
            for (int i = 0; i < start.length; i++) {
                if (start[i] != 0 || step[i] != 1) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Strided s && Arrays.equals(s.start, start) && Arrays.equals(s.step, step);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(start) + Arrays.hashCode(step);
        }
    }
}
