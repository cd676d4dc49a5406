package dev.cubed.primitive;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.util.Arrays;

/**
 * Which input element one axis of an {@link RegionMap.Orthogonal} selection takes for each node
 * element along that axis, independently of the other axes: a slice with any step, a cyclic
 * shift (roll, tile), a repetition, or an explicit list of indices (take).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "axis")
@JsonSubTypes({
        @JsonSubTypes.Type(value = AxisMap.Affine.class, name = "affine"),
        @JsonSubTypes.Type(value = AxisMap.Cyclic.class, name = "cyclic"),
        @JsonSubTypes.Type(value = AxisMap.Repeat.class, name = "repeat"),
        @JsonSubTypes.Type(value = AxisMap.Listed.class, name = "listed")
})
public sealed interface AxisMap permits AxisMap.Affine, AxisMap.Cyclic, AxisMap.Repeat, AxisMap.Listed {

    /** The input element that node element {@code i} (counted from the start of the array) takes. */
    long inputIndex(long i);

    /** Input element {@code start + i * step}: a slice (negative steps walk backwards). */
    record Affine(@JsonProperty("start") long start, @JsonProperty("step") long step) implements AxisMap {
        public Affine {
            if (step == 0) {
                throw new IllegalArgumentException("a slice step must not be zero");
            }
        }

        public static Affine identity() {
            return new Affine(0, 1);
        }

        @Override
        public long inputIndex(long i) {
            return start + i * step;
        }
    }

    /** Input element {@code (start + i) mod period}: a roll ({@code start = -shift}) or a tile ({@code start = 0}). */
    record Cyclic(@JsonProperty("start") long start, @JsonProperty("period") long period) implements AxisMap {
        public Cyclic {
            if (period < 1) {
                throw new IllegalArgumentException("a cyclic period must be >= 1, got " + period);
            }
        }

        @Override
        public long inputIndex(long i) {
            return Math.floorMod(start + i, period);
        }
    }

    /** Input element {@code i / each}: every element repeated {@code each} times. */
    record Repeat(@JsonProperty("each") long each) implements AxisMap {
        public Repeat {
            if (each < 1) {
                throw new IllegalArgumentException("a repeat count must be >= 1, got " + each);
            }
        }

        @Override
        public long inputIndex(long i) {
            return i / each;
        }
    }

    /** Input element {@code indices[i]}: integer-array indexing along one axis. */
    record Listed(@JsonProperty("indices") long[] indices) implements AxisMap {
        public Listed {
            for (long v : indices) {
                if (v < 0) {
                    throw new IllegalArgumentException("listed indices must be normalised to >= 0, got " + v);
                }
            }
            indices = indices.clone();
        }

        @Override
        public long[] indices() {
            return indices.clone();
        }

        @Override
        public long inputIndex(long i) {
            return indices[(int) i];
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Listed l && Arrays.equals(l.indices, indices);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(indices);
        }

        @Override
        public String toString() {
            return "Listed[" + indices.length + " indices]";
        }
    }
}
