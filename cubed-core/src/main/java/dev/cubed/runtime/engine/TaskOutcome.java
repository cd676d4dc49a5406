package dev.cubed.runtime.engine;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the place that ran a task attempt reports about it. Every figure is measured where the
 * task ran (a local thread, a Lambda sandbox), so the timestamps come from that machine's clock;
 * the engine fits them into its own timeline (see {@link TaskEnd}).
 *
 * @param functionStart    when the task function started (epoch)
 * @param functionEnd      when it returned; not before {@code functionStart}
 * @param peakMemoryBefore peak memory of the process that ran the task, sampled just before it
 *                         started, in bytes; -1 when unknown
 * @param peakMemoryAfter  the same, sampled just after the task ended; -1 when unknown
 * @param bytesRead        bytes the task read from storage; -1 when unknown
 * @param bytesWritten     bytes the task wrote to storage; -1 when unknown
 * @param extraStats       a few backend-specific figures (billed duration, cold start, ...); keys are
 *                         non-blank, values are {@link String}, {@link Number} or {@link Boolean},
 *                         at most {@value #MAX_EXTRA_STATS} entries. Kept in insertion order.
 */
public record TaskOutcome(
        Instant functionStart,
        Instant functionEnd,
        long peakMemoryBefore,
        long peakMemoryAfter,
        long bytesRead,
        long bytesWritten,
        Map<String, Object> extraStats) {

    /** The stats map is for a handful of figures; a task result must stay tiny. */
    public static final int MAX_EXTRA_STATS = 16;

    /** Stands for a figure the runner did not measure. */
    public static final long UNKNOWN = -1;

    public TaskOutcome {
        Objects.requireNonNull(functionStart, "functionStart");
        Objects.requireNonNull(functionEnd, "functionEnd");
        if (functionEnd.isBefore(functionStart)) {
            throw new IllegalArgumentException("functionEnd (" + functionEnd + ") is before functionStart ("
                    + functionStart + "); measure both with the same clock");
        }
        requireKnownOrUnknown("peakMemoryBefore", peakMemoryBefore);
        requireKnownOrUnknown("peakMemoryAfter", peakMemoryAfter);
        requireKnownOrUnknown("bytesRead", bytesRead);
        requireKnownOrUnknown("bytesWritten", bytesWritten);
        Objects.requireNonNull(extraStats, "extraStats (use Map.of() for none)");
        if (extraStats.size() > MAX_EXTRA_STATS) {
            throw new IllegalArgumentException("extraStats has " + extraStats.size() + " entries, more than the limit of "
                    + MAX_EXTRA_STATS + "; report only a few figures per task " + extraStats.keySet());
        }
        extraStats = extraStats.isEmpty() ? Map.of() : validatedCopy(extraStats);
    }

    private static Map<String, Object> validatedCopy(Map<String, Object> extraStats) {
        Map<String, Object> copy = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : extraStats.entrySet()) {
            String key = e.getKey();
            Object value = e.getValue();
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException("extraStats keys must be non-blank, got '" + key + "'");
            }
            if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
                throw new IllegalArgumentException("extraStats['" + key + "'] must be a String, Number or Boolean, got "
                        + (value == null ? "null" : value.getClass().getName()));
            }
            copy.put(key, value);
        }
        return Collections.unmodifiableMap(copy);
    }

    /** An outcome that reports only the function's start and end. */
    public static TaskOutcome timed(Instant functionStart, Instant functionEnd) {
        return new TaskOutcome(functionStart, functionEnd, UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN, Map.of());
    }

    /** A copy with the given extra figure added (replacing one of the same name). */
    public TaskOutcome withExtraStat(String key, Object value) {
        Map<String, Object> m = new LinkedHashMap<>(extraStats);
        m.put(key, value);
        return new TaskOutcome(functionStart, functionEnd, peakMemoryBefore, peakMemoryAfter, bytesRead, bytesWritten, m);
    }

    private static void requireKnownOrUnknown(String name, long value) {
        if (value < UNKNOWN) {
            throw new IllegalArgumentException(name + " must be >= 0, or -1 when unknown, but was " + value);
        }
    }
}
