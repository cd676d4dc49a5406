package dev.cubed.primitive;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.cubed.block.ValueType;

/**
 * An array a task reads or writes, described completely enough that a worker in another process
 * needs nothing else: a stored Zarr array (URL and metadata) or a virtual array whose chunks a
 * registered kernel computes from their coordinates.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
        @JsonSubTypes.Type(value = StoredArray.class, name = "stored"),
        @JsonSubTypes.Type(value = VirtualArray.class, name = "virtual")
})
public sealed interface ArrayRef permits StoredArray, VirtualArray {

    ChunkGrid grid();

    ValueType type();

    /** Bytes of the largest chunk, summed over fields. */
    default long chunkBytes() {
        return grid().chunkSize() * type().itemSize();
    }
}
