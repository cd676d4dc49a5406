package dev.cubed.primitive;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.util.Iterator;

/**
 * Maps the coordinates of a chunk in a parent node's grid to the coordinates of the chunk(s) of
 * a child node it needs: the "back key function" of Cubed, as data. A single map gives one child
 * chunk; a many map gives a sequence, read together or one at a time depending on the argument's
 * {@link ArgMode}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "map")
@JsonSubTypes({
        @JsonSubTypes.Type(value = KeyMap.Identity.class, name = "identity"),
        @JsonSubTypes.Type(value = BlockwiseMap.class, name = "blockwise"),
        @JsonSubTypes.Type(value = ContractionMap.class, name = "contraction"),
        @JsonSubTypes.Type(value = ReduceMap.class, name = "reduce"),
        @JsonSubTypes.Type(value = OffsetMap.class, name = "offset"),
        @JsonSubTypes.Type(value = RavelMap.class, name = "ravel"),
        @JsonSubTypes.Type(value = CoarsenMap.class, name = "coarsen"),
        @JsonSubTypes.Type(value = OverlapMap.class, name = "overlap")
})
public sealed interface KeyMap permits KeyMap.Single, ContractionMap, ReduceMap, OverlapMap {

    /** True when this map yields a sequence of child chunks. */
    @JsonIgnore
    boolean isMany();

    /** The child chunk for parent chunk {@code coords} (single maps). */
    long[] one(long[] coords);

    /** The child chunks for parent chunk {@code coords}, in order (many maps). */
    Iterator<long[]> many(long[] coords);

    /** The largest number of child chunks one parent chunk needs. */
    long maxBlocks();

    /** A map that gives exactly one child chunk per parent chunk. */
    sealed interface Single extends KeyMap permits Identity, BlockwiseMap, OffsetMap, RavelMap, CoarsenMap {
        @Override
        default boolean isMany() {
            return false;
        }

        @Override
        default Iterator<long[]> many(long[] coords) {
            return java.util.List.of(one(coords)).iterator();
        }

        @Override
        default long maxBlocks() {
            return 1;
        }
    }

    /** The same coordinates: for a child with the same grid as its parent. */
    record Identity() implements Single {
        public static final Identity INSTANCE = new Identity();

        @Override
        public long[] one(long[] coords) {
            return coords;
        }
    }
}
