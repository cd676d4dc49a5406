package dev.cubed.runtime;

import java.util.Arrays;
import java.util.Map;

/**
 * A task finished. Timestamps are epoch seconds, always ordered
 * {@code taskCreate <= functionStart <= functionEnd <= taskResult}: created when the executor
 * first launched it, function start and end where it ran, result when the executor got it.
 * Peak memory is the process's peak resident memory before and after the task where it ran
 * (-1 when unknown); {@link #peakMemScope()} says whether that figure is this task's or the whole
 * process's.
 */
public record TaskEndEvent(String computeId, String operation, long[] coords, double taskCreate,
                           double functionStart, double functionEnd, double taskResult, long peakMemStart,
                           long peakMemEnd, long bytesRead, long bytesWritten, int attempts, boolean backupLaunched,
                           boolean backupWon, Map<String, Object> extras) {

    /** Key of {@link #extras()} naming the {@link PeakMemoryScope} of the peak memory figures. */
    public static final String PEAK_MEM_SCOPE = "peak_mem_scope";

    public TaskEndEvent {
        coords = coords.clone();
        extras = Map.copyOf(extras);
    }

    @Override
    public long[] coords() {
        return coords.clone();
    }

    /** Whether the peak memory figures describe this task alone or the whole process running it. */
    public PeakMemoryScope peakMemScope() {
        return PeakMemoryScope.fromLabel(extras.get(PEAK_MEM_SCOPE));
    }

    @Override
    public String toString() {
        return "TaskEndEvent(" + operation + " " + Arrays.toString(coords) + ", attempts=" + attempts + ")";
    }
}
