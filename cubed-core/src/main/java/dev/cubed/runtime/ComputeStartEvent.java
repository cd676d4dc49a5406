package dev.cubed.runtime;

import dev.cubed.plan.FinalizedPlan;

import java.time.Instant;

/** A computation is starting: its id (also the history directory's name), the plan and the executor. */
public record ComputeStartEvent(String computeId, FinalizedPlan plan, String executor, Instant start) {
}
