package dev.cubed.primitive;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.cubed.block.ValueType;

/**
 * A block function as data: a tree evaluated at the coordinates of one chunk of its
 * {@link #grid()}, producing that chunk's value. Leaves read operation inputs
 * ({@link Source}, {@link ReadRegion}); inner nodes apply registered kernels ({@link Apply}) or
 * fold a sequence of values with one ({@link Fold}). Each edge ({@link Arg}) carries the key map
 * from the parent's chunk coordinates to the child's, so fusing operations is substituting a
 * predecessor's tree for a leaf.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "node")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Source.class, name = "source"),
        @JsonSubTypes.Type(value = ReadRegion.class, name = "region"),
        @JsonSubTypes.Type(value = Apply.class, name = "apply"),
        @JsonSubTypes.Type(value = Fold.class, name = "fold")
})
public sealed interface BlockExpr permits Source, ReadRegion, Apply, Fold {

    /** The chunk grid this node's values are chunks of. */
    ChunkGrid grid();

    /** The type of this node's values. */
    ValueType type();

    /** Bytes of one (full) chunk of this node's values. */
    default long chunkBytes() {
        return grid().chunkSize() * type().itemSize();
    }
}
