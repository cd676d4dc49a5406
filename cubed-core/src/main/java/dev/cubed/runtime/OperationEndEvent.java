package dev.cubed.runtime;

import dev.cubed.plan.PlannedOperation;
import dev.cubed.runtime.engine.RunSummary;

/** An operation finished all its tasks; the summary counts attempts, retries, backups, throttles. */
public record OperationEndEvent(String computeId, PlannedOperation operation, RunSummary summary) {
}
