package dev.cubed.plan;

import dev.cubed.storage.zarr.ArrayMetadata;

import java.util.Optional;

/**
 * What computed a stored array: the hash of the plan that wrote it, recorded in the array's
 * attributes by the planner (the same hash names the plan's intermediate directory). Resume
 * compares it with the plan being run before reusing any chunk of the array.
 */
public final class PlanFingerprint {
    /** The attribute holding the fingerprint. */
    public static final String ATTRIBUTE = "cubed_plan_fingerprint";

    private PlanFingerprint() {
    }

    /** The fingerprint recorded in {@code metadata}, if any (arrays written elsewhere have none). */
    public static Optional<String> of(ArrayMetadata metadata) {
        var node = metadata.attributes().get(ATTRIBUTE);
        return node == null || !node.isTextual() ? Optional.empty() : Optional.of(node.asText());
    }
}
