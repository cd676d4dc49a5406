package dev.cubed.runtime;

import dev.cubed.plan.PlannedOperation;

/**
 * An operation is starting. {@code tasksToRun} excludes tasks skipped because their outputs
 * already exist (resume), which {@code tasksSkipped} counts.
 */
public record OperationStartEvent(String computeId, PlannedOperation operation, long tasksToRun, long tasksSkipped) {
}
