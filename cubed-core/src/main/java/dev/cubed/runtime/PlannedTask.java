package dev.cubed.runtime;

import dev.cubed.primitive.OperationSpec;

import java.util.Arrays;

/** One task of a plan as executors see it: the operation's shared description and the chunk to compute. */
public record PlannedTask(OperationSpec operation, long[] coords) {

    public PlannedTask {
        coords = coords.clone();
    }

    @Override
    public long[] coords() {
        return coords.clone();
    }

    @Override
    public String toString() {
        return operation.name() + " chunk " + Arrays.toString(coords);
    }
}
