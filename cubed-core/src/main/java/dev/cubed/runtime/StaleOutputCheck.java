package dev.cubed.runtime;

import dev.cubed.plan.FinalizedPlan;
import dev.cubed.plan.PlanFingerprint;
import dev.cubed.plan.PlannedOperation;
import dev.cubed.primitive.ComputeSpec;
import dev.cubed.primitive.StoredArray;
import dev.cubed.storage.Storage;
import dev.cubed.storage.Store;
import dev.cubed.storage.zarr.ArrayMetadata;
import dev.cubed.storage.zarr.ZarrArray;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Before a resumed computation runs: every array it writes that already holds chunks must have
 * been written by the same plan (its {@link PlanFingerprint}), or resume would hand back another
 * computation's chunks as this one's. Stale arrays are refused, or emptied when asked to recompute.
 */
public final class StaleOutputCheck {
    private StaleOutputCheck() {
    }

    /**
     * Checks (and with {@code recompute}, empties) the arrays {@code plan} writes.
     *
     * @throws IllegalStateException an output holds chunks of another computation and {@code recompute} is off
     */
    public static void check(FinalizedPlan plan, Storage storage, boolean recompute) {
        List<String> stale = new ArrayList<>();
        for (PlannedOperation op : plan.operations()) {
            if (!(op.spec() instanceof ComputeSpec cs)) {
                continue;
            }
            for (ComputeSpec.Output o : cs.outputs()) {
                StoredArray a = o.array();
                Map<String, ArrayMetadata> parts = a.isPlain() ? Map.of(a.url(), a.metadata())
                        : fieldMetadata(a);
                for (Map.Entry<String, ArrayMetadata> part : parts.entrySet()) {
                    String found = staleFingerprint(storage.open(part.getKey()), part.getValue());
                    if (found != null) {
                        if (recompute) {
                            storage.open(part.getKey()).deletePrefix("");
                        } else {
                            stale.add(part.getKey() + " (" + found + ")");
                        }
                    }
                }
            }
        }
        if (!stale.isEmpty()) {
            String planned = plan.intermediateDir().substring(plan.intermediateDir().lastIndexOf("cubed-") + 6);
            throw new IllegalStateException("cannot resume: " + String.join(", ", stale) + (stale.size() == 1 ? " holds"
                    : " hold") + " chunks of another computation (this plan's fingerprint is " + planned + "), and"
                    + " resume would return them as this one's. Write to another URL, delete the array, or recompute it:"
                    + " ComputeOptions.withStaleOutputsRecomputed(true) (CLI: --recompute-stale)");
        }
    }

    private static Map<String, ArrayMetadata> fieldMetadata(StoredArray a) {
        Map<String, ArrayMetadata> m = new java.util.LinkedHashMap<>();
        a.fields().forEach((name, meta) -> m.put(a.fieldUrl(name), meta));
        return m;
    }

    /** Null when the stored array is absent, empty or this plan's; else what it was written by. */
    private static String staleFingerprint(Store store, ArrayMetadata planned) {
        if (!store.exists("zarr.json") && !store.exists(".zarray")) {
            return null;
        }
        ZarrArray stored;
        try {
            stored = ZarrArray.open(store, "");
        } catch (RuntimeException unreadable) {
            return "unreadable metadata: " + unreadable.getMessage();
        }
        String want = PlanFingerprint.of(planned).orElse(null);
        String have = PlanFingerprint.of(stored.metadata()).orElse(null);
        if (want != null && want.equals(have)) {
            return null;
        }
        if (stored.storedChunks().isEmpty()) {
            return null;
        }
        return have == null ? "no plan fingerprint: written by something else" : "written by plan " + have;
    }
}
