package dev.cubed.cli;

import dev.cubed.runtime.Callback;
import dev.cubed.runtime.TaskEndEvent;
import dev.cubed.task.ProcessMemory;

/**
 * Peak resident memory over a command: of this process, and of the workers' tasks when they run
 * elsewhere (Lambda). The kernel's peak (VmHWM) is reset before each task by the single-threaded
 * executor, so this process's peak is the largest of what its tasks saw at their end and what it
 * holds at the time of asking; remote tasks' figures are the workers', never this process's.
 */
final class PeakMemoryTracker implements Callback {
    private final boolean remoteTasks;
    private long peak = ProcessMemory.peakRss();
    private long workerPeak = -1;

    /** @param remoteTasks whether tasks run in other processes (their peaks are then reported apart) */
    PeakMemoryTracker(boolean remoteTasks) {
        this.remoteTasks = remoteTasks;
    }

    @Override
    public synchronized void onTaskEnd(TaskEndEvent event) {
        if (remoteTasks) {
            workerPeak = Math.max(workerPeak, event.peakMemEnd());
        } else {
            peak = Math.max(peak, event.peakMemEnd());
        }
    }

    /** This process's peak. */
    synchronized long peakBytes() {
        peak = Math.max(peak, ProcessMemory.peakRss());
        return peak;
    }

    /** The largest peak a remote worker measured for a task, or -1 when tasks ran here (or none reported one). */
    synchronized long workerPeakBytes() {
        return workerPeak;
    }
}
