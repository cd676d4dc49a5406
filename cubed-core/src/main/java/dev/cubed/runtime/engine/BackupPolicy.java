package dev.cubed.runtime.engine;

import java.time.Duration;
import java.util.Collection;
import java.util.Objects;

/**
 * When the engine launches a backup copy of a straggling task (the rule Cubed uses).
 *
 * <p>With {@code started} tasks launched so far and the durations of the {@code finished} ones
 * sorted ascending, let {@code n = ceil(started * finishedFraction) - 1}. A running task gets a
 * backup when {@code started >= minStarted}, {@code finished > n}, and it has been running for
 * longer than {@code durations[n] * slowFactor}. With the defaults: once at least 10 tasks have
 * started and at least half have finished, a task running more than 3 times the median
 * finished duration gets a backup. A task gets at most one backup; the first copy to succeed
 * wins and the other is cancelled. Backups rely on tasks being idempotent with atomic
 * whole-chunk writes.
 *
 * <p>The engine measures durations itself, from launching an attempt to receiving its result,
 * with {@link EngineSettings#clock()}; a running task's elapsed time is measured from the launch
 * of its current attempt.
 *
 * @param minStarted       tasks that must have started before any backup, >= 1
 * @param finishedFraction the fraction of started tasks that must have finished, in (0, 1]
 * @param slowFactor       how many times slower than the reference duration a straggler is, >= 1
 * @param checkInterval    how often running tasks are checked, in (0, 2 s]
 */
public record BackupPolicy(int minStarted, double finishedFraction, double slowFactor, Duration checkInterval) {

    /** The reference rule checks at least this often. */
    public static final Duration MAX_CHECK_INTERVAL = Duration.ofSeconds(2);

    public BackupPolicy {
        if (minStarted < 1) {
            throw new IllegalArgumentException("BackupPolicy minStarted must be >= 1 but was " + minStarted);
        }
        if (!(finishedFraction > 0.0 && finishedFraction <= 1.0)) {
            throw new IllegalArgumentException("BackupPolicy finishedFraction must be in (0, 1] but was " + finishedFraction);
        }
        if (!(slowFactor >= 1.0) || Double.isInfinite(slowFactor)) {
            throw new IllegalArgumentException("BackupPolicy slowFactor must be a finite number >= 1 but was " + slowFactor);
        }
        Objects.requireNonNull(checkInterval, "BackupPolicy checkInterval");
        if (checkInterval.isNegative() || checkInterval.isZero() || checkInterval.compareTo(MAX_CHECK_INTERVAL) > 0) {
            throw new IllegalArgumentException("BackupPolicy checkInterval must be in (0, " + MAX_CHECK_INTERVAL
                    + "] so stragglers are noticed in time, but was " + checkInterval);
        }
    }

    /** The reference parameters: 10 tasks started, half finished, 3 times slower, checked every second. */
    public static BackupPolicy defaults() {
        return new BackupPolicy(10, 0.5, 3.0, Duration.ofSeconds(1));
    }

    public BackupPolicy withMinStarted(int minStarted) {
        return new BackupPolicy(minStarted, finishedFraction, slowFactor, checkInterval);
    }

    public BackupPolicy withCheckInterval(Duration checkInterval) {
        return new BackupPolicy(minStarted, finishedFraction, slowFactor, checkInterval);
    }

    /**
     * Whether a task that has been running for {@code elapsed} is due a backup.
     *
     * @param started  tasks launched so far
     * @param finished durations of the finished tasks, in any order
     */
    public boolean isBackupDue(long started, Collection<Duration> finished, Duration elapsed) {
        FinishedDurations durations = new FinishedDurations();
        for (Duration d : finished) {
            durations.add(d.toNanos());
        }
        return elapsed.toNanos() > slowThresholdNanos(started, durations);
    }

    /**
     * The elapsed time (ns) beyond which a running task is due a backup, or
     * {@link Double#POSITIVE_INFINITY} while too few tasks have started or finished.
     */
    double slowThresholdNanos(long started, FinishedDurations finished) {
        if (started < minStarted) {
            return Double.POSITIVE_INFINITY;
        }
        long n = (long) Math.ceil(started * finishedFraction) - 1;
        if (finished.count() <= n) {
            return Double.POSITIVE_INFINITY;
        }
        return finished.select((int) n) * slowFactor;
    }
}
