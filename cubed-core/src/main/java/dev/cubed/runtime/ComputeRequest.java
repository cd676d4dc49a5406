package dev.cubed.runtime;

import java.util.List;
import java.util.Objects;

/** One run of a plan: its id, who listens, and whether to skip work whose outputs already exist. */
public record ComputeRequest(String computeId, List<Callback> callbacks, boolean resume) {

    public ComputeRequest {
        Objects.requireNonNull(computeId, "computeId");
        callbacks = List.copyOf(callbacks);
    }
}
