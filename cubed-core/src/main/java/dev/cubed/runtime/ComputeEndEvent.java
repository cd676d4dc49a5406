package dev.cubed.runtime;

import dev.cubed.plan.FinalizedPlan;

import java.time.Instant;
import java.util.Optional;

/** A computation ended, successfully or with {@code failure}. */
public record ComputeEndEvent(String computeId, FinalizedPlan plan, Instant start, Instant end, Throwable failure) {

    public Optional<Throwable> failureIfAny() {
        return Optional.ofNullable(failure);
    }

    public boolean succeeded() {
        return failure == null;
    }
}
