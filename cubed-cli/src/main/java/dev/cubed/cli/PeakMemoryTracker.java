package dev.cubed.cli;

import dev.cubed.runtime.Callback;
import dev.cubed.runtime.TaskEndEvent;
import dev.cubed.task.ProcessMemory;

/**
 * The process's peak resident memory over a command. The kernel's peak (VmHWM) is reset before
 * each task by the single-threaded executor, so the peak is the largest of what tasks saw at
 * their end and what the process holds at the time of asking.
 */
final class PeakMemoryTracker implements Callback {
    private long peak = ProcessMemory.peakRss();

    @Override
    public void onTaskEnd(TaskEndEvent event) {
        peak = Math.max(peak, event.peakMemEnd());
    }

    synchronized long peakBytes() {
        peak = Math.max(peak, ProcessMemory.peakRss());
        return peak;
    }
}
