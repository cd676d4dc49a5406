package dev.cubed.diagnostics;

import dev.cubed.plan.PlannedOperation;
import dev.cubed.runtime.PeakMemoryScope;
import dev.cubed.runtime.TaskEndEvent;
import dev.cubed.runtime.engine.RunSummary;

/** Folds one operation's task events into its {@link OperationStats}, so events need not be kept. */
final class OperationAccumulator {
    private final PlannedOperation op;
    private final long allowedMem;
    private final long reservedMem;
    private long tasks;
    private long peakStartMax = -1;
    private long peakEndMax = -1;
    private long deltaMax = -1;
    private double durationSum;
    private double durationMax;
    private long retriesSeen;
    private long backupsLaunched;
    private long backupsWon;
    private long bytesRead;
    private long bytesWritten;
    private long allocatedMax = -1;
    private PeakMemoryScope scope;
    private RunSummary summary;

    OperationAccumulator(PlannedOperation op, long allowedMem, long reservedMem) {
        this.op = op;
        this.allowedMem = allowedMem;
        this.reservedMem = reservedMem;
    }

    void add(TaskEndEvent e) {
        tasks++;
        if (e.peakMemStart() >= 0) {
            peakStartMax = Math.max(peakStartMax, e.peakMemStart());
        }
        if (e.peakMemEnd() >= 0) {
            peakEndMax = Math.max(peakEndMax, e.peakMemEnd());
            if (e.peakMemStart() >= 0) {
                deltaMax = Math.max(deltaMax, e.peakMemEnd() - e.peakMemStart());
            }
        }
        double d = e.functionEnd() - e.functionStart();
        durationSum += d;
        durationMax = Math.max(durationMax, d);
        // a backup is an extra attempt too; what is left over were retries
        retriesSeen += Math.max(0, e.attempts() - 1 - (e.backupLaunched() ? 1 : 0));
        backupsLaunched += e.backupLaunched() ? 1 : 0;
        backupsWon += e.backupWon() ? 1 : 0;
        bytesRead += e.bytesRead();
        bytesWritten += e.bytesWritten();
        if (e.extras().get("allocated_bytes") instanceof Number n) {
            allocatedMax = Math.max(allocatedMax, n.longValue());
        }
        PeakMemoryScope s = e.peakMemScope();
        scope = scope == null || scope == s ? s : PeakMemoryScope.UNKNOWN;
    }

    /** The engine's own counts, which also see attempts of tasks that never ended. */
    void summary(RunSummary summary) {
        this.summary = summary;
    }

    long tasks() {
        return tasks;
    }

    OperationStats stats() {
        double utilization = peakEndMax >= 0 && op.projectedMem() > 0 ? (double) peakEndMax / op.projectedMem()
                : Double.NaN;
        return new OperationStats(op.name(), op.label(), tasks, op.projectedMem(), allowedMem, reservedMem,
                peakStartMax, peakEndMax, deltaMax, utilization, scope == null ? PeakMemoryScope.UNKNOWN : scope,
                tasks == 0 ? Double.NaN : durationSum / tasks, tasks == 0 ? Double.NaN : durationMax,
                summary != null ? summary.retries() : retriesSeen,
                summary != null ? summary.backupsLaunched() : backupsLaunched,
                summary != null ? summary.backupsWon() : backupsWon, bytesRead, bytesWritten, allocatedMax);
    }
}
