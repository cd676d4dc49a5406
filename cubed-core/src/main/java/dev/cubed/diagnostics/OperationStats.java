package dev.cubed.diagnostics;

import dev.cubed.runtime.PeakMemoryScope;

/**
 * What one operation's tasks measured, next to what was planned for them: a row of
 * {@code stats.csv}. Memory figures are bytes; -1 (or NaN for ratios) when no task reported one.
 *
 * @param operation              the operation's name ({@code op-003})
 * @param what                   what it does ({@code add → sum})
 * @param tasks                  tasks that ended (excluding tasks skipped on resume)
 * @param projectedMem           the plan's projected memory per task
 * @param allowedMem             the allowed memory per task (including reserved)
 * @param reservedMem            the reserved memory of an idle worker
 * @param peakMemStartMax        the largest peak resident memory seen when a task started
 * @param peakMemEndMax          the largest peak resident memory seen when a task ended
 * @param peakMemDeltaMax        the largest growth of the peak during one task
 * @param projectedMemUtilization {@code peakMemEndMax / projectedMem}, as Cubed defines it
 * @param peakMemScope           whether the peaks are per task or the whole process's (threads)
 * @param durationMeanSeconds    mean time from function start to end
 * @param durationMaxSeconds     longest time from function start to end
 * @param retries                attempts launched again after a failure
 * @param backupsLaunched        backup copies launched for stragglers
 * @param backupsWon             backup copies that finished first
 * @param bytesRead              block bytes read by all tasks (uncompressed)
 * @param bytesWritten           block bytes written by all tasks (uncompressed)
 * @param allocatedBytesMax      the most heap one task's thread allocated (a JVM measure of churn, not of peak)
 */
public record OperationStats(String operation, String what, long tasks, long projectedMem, long allowedMem,
                             long reservedMem, long peakMemStartMax, long peakMemEndMax, long peakMemDeltaMax,
                             double projectedMemUtilization, PeakMemoryScope peakMemScope,
                             double durationMeanSeconds, double durationMaxSeconds, long retries,
                             long backupsLaunched, long backupsWon, long bytesRead, long bytesWritten,
                             long allocatedBytesMax) {

    public OperationStats {
        if (tasks < 0) {
            throw new IllegalArgumentException("tasks must be >= 0, got " + tasks);
        }
        java.util.Objects.requireNonNull(operation, "operation");
        java.util.Objects.requireNonNull(peakMemScope, "peakMemScope");
    }

    /** True when some task's measured peak went over the allowed memory. */
    public boolean exceededAllowed() {
        return peakMemEndMax > allowedMem;
    }
}
