package dev.cubed.primitive;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Objects;

/**
 * The housekeeping operation every plan starts with: task {@code i} writes the metadata of
 * array {@code i}, so that compute tasks only ever write chunks.
 */
public record CreateArraysSpec(@JsonProperty("name") String name,
                               @JsonProperty("arrays") List<StoredArray> arrays) implements OperationSpec {

    public CreateArraysSpec {
        Objects.requireNonNull(name, "name");
        arrays = List.copyOf(arrays);
    }

    @Override
    @JsonIgnore
    public ChunkGrid taskGrid() {
        return new ChunkGrid(new long[] {arrays.size()}, new int[] {1});
    }
}
