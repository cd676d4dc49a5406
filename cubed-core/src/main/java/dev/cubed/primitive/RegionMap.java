package dev.cubed.primitive;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.util.Arrays;

/**
 * Which region of an input a {@link ReadRegion} node reads for one of its chunks, axis by axis:
 * {@link Strided} (element {@code i} of an axis comes from input element {@code start + i * step};
 * the identity is what a rechunk copy reads) or {@link Orthogonal} (each axis picks its input
 * elements through its own {@link AxisMap}: slices, rolls, tiles, repeats, index lists).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "region")
@JsonSubTypes({
        @JsonSubTypes.Type(value = RegionMap.Strided.class, name = "strided"),
        @JsonSubTypes.Type(value = RegionMap.Orthogonal.class, name = "orthogonal")
})
public sealed interface RegionMap permits RegionMap.Strided, RegionMap.Orthogonal {

    /** The number of axes of the node (and of the input). */
    int ndim();

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

        @Override
        public int ndim() {
            return start.length;
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

    /** Each axis selects independently through its own {@link AxisMap}. */
    record Orthogonal(@JsonProperty("axes") java.util.List<AxisMap> axes) implements RegionMap {
        public Orthogonal {
            axes = java.util.List.copyOf(axes);
        }

        @Override
        public int ndim() {
            return axes.size();
        }
    }
}
