package dev.cubed.plan;

import dev.cubed.primitive.OperationSpec;

import java.util.List;
import java.util.Objects;

/**
 * One operation of a finalised plan: its name ({@code op-003}), what it does ({@code add →
 * sum}), the task description shared by its tasks, its projected memory per task, its task
 * count, and the operations it depends on.
 */
public record PlannedOperation(String name, String label, OperationSpec spec, long projectedMem,
                               long numTasks, List<String> dependsOn, int fusedOperations) {

    public PlannedOperation {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(spec, "spec");
        dependsOn = List.copyOf(dependsOn);
    }

    public boolean isCreateArrays() {
        return spec instanceof dev.cubed.primitive.CreateArraysSpec;
    }
}
