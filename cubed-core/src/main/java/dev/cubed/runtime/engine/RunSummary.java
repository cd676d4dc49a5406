package dev.cubed.runtime.engine;

import java.time.Duration;
import java.util.Objects;

/**
 * The figures of one engine run.
 *
 * @param tasks           tasks completed
 * @param attempts        attempts launched (first attempts, retries and backups; an attempt that
 *                        was throttled and resubmitted counts once)
 * @param retries         attempts launched because every running copy of a task had failed
 * @param failures        attempts that failed, timeouts included (a throttle is not a failure)
 * @param timeouts        attempts cancelled for running past the attempt timeout
 * @param throttles       times the backend refused to start an attempt
 * @param backupsLaunched backup copies launched for stragglers
 * @param backupsWon      backup copies that finished first
 * @param minConcurrency  the lowest in-flight target throttling drove the engine to
 *                        ({@link EngineSettings#maxInFlight()} when nothing was throttled)
 * @param wallTime        from the start of the run to its end, by the engine's clock
 */
public record RunSummary(
        long tasks,
        long attempts,
        long retries,
        long failures,
        long timeouts,
        long throttles,
        long backupsLaunched,
        long backupsWon,
        int minConcurrency,
        Duration wallTime) {

    public RunSummary {
        if (tasks < 0 || attempts < 0 || retries < 0 || failures < 0 || timeouts < 0 || throttles < 0
                || backupsLaunched < 0 || backupsWon < 0) {
            throw new IllegalArgumentException("run counts must be >= 0");
        }
        if (backupsWon > backupsLaunched) {
            throw new IllegalArgumentException("backupsWon (" + backupsWon + ") exceeds backupsLaunched (" + backupsLaunched + ")");
        }
        if (timeouts > failures) {
            throw new IllegalArgumentException("timeouts (" + timeouts + ") exceed failures (" + failures + ")");
        }
        if (minConcurrency < 1) {
            throw new IllegalArgumentException("minConcurrency must be >= 1 but was " + minConcurrency);
        }
        Objects.requireNonNull(wallTime, "wallTime");
    }
}
