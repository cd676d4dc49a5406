package dev.cubed.runtime.engine;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * The end of one task, as reported to {@link TaskListener#onTaskEnd}.
 *
 * <p>The four timestamps always satisfy {@code taskCreate <= functionStart <= functionEnd <= taskResult}:
 * <ul>
 *   <li>{@code taskCreate}: when the engine launched the task's first attempt (engine clock);</li>
 *   <li>{@code functionStart}, {@code functionEnd}: when the winning attempt's function ran, as
 *       measured where it ran ({@link TaskOutcome});</li>
 *   <li>{@code taskResult}: when the engine received the winning outcome (engine clock).</li>
 * </ul>
 * A remote machine's clock may be skewed against the engine's, so the engine fits the reported
 * function interval into the window from the winning attempt's launch to the result: it shifts
 * the interval (keeping its measured length) until it lies inside the window, and clamps it to
 * the window if it is longer. {@link #timestampsAdjusted()} says whether that happened;
 * {@link #outcome()} keeps the figures exactly as reported.
 *
 * @param task           the task input
 * @param taskIndex      its position in the run's input iterator
 * @param attempts       attempts launched for the task, retries and backup included
 * @param backupLaunched whether a backup copy was launched
 * @param backupWon      whether the backup copy finished first
 * @param outcome        the winning attempt's outcome, as reported
 */
public record TaskEnd<T>(
        T task,
        long taskIndex,
        Instant taskCreate,
        Instant functionStart,
        Instant functionEnd,
        Instant taskResult,
        int attempts,
        boolean backupLaunched,
        boolean backupWon,
        TaskOutcome outcome) {

    public TaskEnd {
        Objects.requireNonNull(taskCreate, "taskCreate");
        Objects.requireNonNull(functionStart, "functionStart");
        Objects.requireNonNull(functionEnd, "functionEnd");
        Objects.requireNonNull(taskResult, "taskResult");
        Objects.requireNonNull(outcome, "outcome");
        if (functionStart.isBefore(taskCreate) || functionEnd.isBefore(functionStart) || taskResult.isBefore(functionEnd)) {
            throw new IllegalArgumentException("timestamps of task #" + taskIndex + " must satisfy taskCreate <= functionStart"
                    + " <= functionEnd <= taskResult but were " + taskCreate + ", " + functionStart + ", " + functionEnd
                    + ", " + taskResult);
        }
        if (taskIndex < 0) {
            throw new IllegalArgumentException("taskIndex must be >= 0 but was " + taskIndex);
        }
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be >= 1 but was " + attempts);
        }
        if (backupWon && !backupLaunched) {
            throw new IllegalArgumentException("a backup of task #" + taskIndex + " cannot have won without being launched");
        }
    }

    /** Peak memory of the process that ran the winning attempt, before it; -1 when unknown. */
    public long peakMemoryBefore() {
        return outcome.peakMemoryBefore();
    }

    /** Peak memory of the process that ran the winning attempt, after it; -1 when unknown. */
    public long peakMemoryAfter() {
        return outcome.peakMemoryAfter();
    }

    /** Bytes the winning attempt read; -1 when unknown. */
    public long bytesRead() {
        return outcome.bytesRead();
    }

    /** Bytes the winning attempt wrote; -1 when unknown. */
    public long bytesWritten() {
        return outcome.bytesWritten();
    }

    /** The runner's extra figures (billed duration, cold start, ...). */
    public Map<String, Object> extraStats() {
        return outcome.extraStats();
    }

    /** Whether the reported function interval was moved or clamped to fit the engine's timeline. */
    public boolean timestampsAdjusted() {
        return !functionStart.equals(outcome.functionStart()) || !functionEnd.equals(outcome.functionEnd());
    }
}
