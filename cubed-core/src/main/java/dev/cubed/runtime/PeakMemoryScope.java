package dev.cubed.runtime;

import java.util.Locale;

/**
 * What a task's peak memory figures cover. The measure is the process's peak resident set size;
 * it describes one task only when the process ran that task alone and its peak was reset when the
 * task started (the single-threaded executor, a Lambda worker). In a process running tasks on
 * several threads the figure is the whole process's, all concurrent tasks and the JVM included.
 */
public enum PeakMemoryScope {
    /** The peak was reset at the task's start and nothing else ran: the figure is this task's. */
    TASK,
    /** The figure is the whole process's peak so far (concurrent tasks, the JVM's heap as sized by its GC). */
    PROCESS,
    /** The executor did not say. */
    UNKNOWN;

    /** The value carried in a task's extra statistics under {@link TaskEndEvent#PEAK_MEM_SCOPE}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static PeakMemoryScope fromLabel(Object label) {
        if (label == null) {
            return UNKNOWN;
        }
        for (PeakMemoryScope s : values()) {
            if (s.label().equals(String.valueOf(label))) {
                return s;
            }
        }
        return UNKNOWN;
    }
}
