package dev.cubed.runtime;

import java.util.Arrays;
import java.util.Map;

/**
 * A task finished. Timestamps are epoch seconds, always ordered
 * {@code taskCreate <= functionStart <= functionEnd <= taskResult}: created when the executor
 * first launched it, function start and end where it ran, result when the executor got it.
 * Peak memory is the process's peak resident memory before and after the task where it ran
 * (-1 when unknown).
 */
public record TaskEndEvent(String computeId, String operation, long[] coords, double taskCreate,
                           double functionStart, double functionEnd, double taskResult, long peakMemStart,
                           long peakMemEnd, long bytesRead, long bytesWritten, int attempts, boolean backupLaunched,
                           boolean backupWon, Map<String, Object> extras) {

    public TaskEndEvent {
        coords = coords.clone();
        extras = Map.copyOf(extras);
    }

    @Override
    public long[] coords() {
        return coords.clone();
    }

    @Override
    public String toString() {
        return "TaskEndEvent(" + operation + " " + Arrays.toString(coords) + ", attempts=" + attempts + ")";
    }
}
