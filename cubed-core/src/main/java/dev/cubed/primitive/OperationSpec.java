package dev.cubed.primitive;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * Everything the tasks of one operation share: a task is this plus its coordinates. Serialised
 * once per operation (inline in a task message, or by reference), so per-task messages stay tiny.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "op")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ComputeSpec.class, name = "compute"),
        @JsonSubTypes.Type(value = CreateArraysSpec.class, name = "create-arrays")
})
public sealed interface OperationSpec permits ComputeSpec, CreateArraysSpec {

    /** The operation's name in its plan, e.g. {@code op-007}. */
    String name();

    /** The grid whose chunk coordinates identify this operation's tasks. */
    @JsonIgnore
    ChunkGrid taskGrid();

    @JsonIgnore
    default long numTasks() {
        return taskGrid().numChunks();
    }
}
