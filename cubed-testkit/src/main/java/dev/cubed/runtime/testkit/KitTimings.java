package dev.cubed.runtime.testkit;

import java.time.Duration;
import java.util.Objects;

/**
 * The durations the {@link ExecutorTestKit} injects and the limits it holds an executor to. The
 * defaults ({@link #local()}) suit executors that run tasks in this JVM and keep the whole kit
 * well under a minute. A remote executor, whose every invocation costs a round trip, stretches
 * them so that an injected delay stays long next to that overhead, for example:
 *
 * <pre>{@code
 * KitTimings.local().toBuilder().timeout(10, 30).straggler(60, 15).caseLimit(Duration.ofMinutes(3)).build()
 * }</pre>
 *
 * <p>Every value is checked when built, so a scaled set still describes cases that can pass.
 */
public final class KitTimings {
    /** How often the engine looks for stragglers ({@code BackupPolicy.defaults()}). */
    private static final double BACKUP_CHECK_SECONDS = 1.0;

    private final double taskSeconds;
    private final double failSeconds;
    private final int timeoutSeconds;
    private final double hangSeconds;
    private final double stragglerSeconds;
    private final double slowSeconds;
    private final Duration quickFailure;
    private final Duration caseLimit;

    private KitTimings(Builder b) {
        this.taskSeconds = nonNegative("taskSeconds", b.taskSeconds);
        this.failSeconds = nonNegative("failSeconds", b.failSeconds);
        this.timeoutSeconds = b.timeoutSeconds;
        this.hangSeconds = b.hangSeconds;
        this.stragglerSeconds = b.stragglerSeconds;
        this.slowSeconds = b.slowSeconds;
        this.quickFailure = Objects.requireNonNull(b.quickFailure, "quickFailure");
        this.caseLimit = Objects.requireNonNull(b.caseLimit, "caseLimit");
        if (timeoutSeconds < 1) {
            throw new IllegalArgumentException("timeoutSeconds must be >= 1 (the executor option is whole seconds), got "
                    + timeoutSeconds);
        }
        if (hangSeconds < 2 * timeoutSeconds) {
            throw new IllegalArgumentException("hangSeconds (" + hangSeconds + ") must be at least twice timeoutSeconds ("
                    + timeoutSeconds + "), or a run that waits for the hung attempt cannot be told from one that did not");
        }
        if (slowSeconds <= 2 * BACKUP_CHECK_SECONDS) {
            throw new IllegalArgumentException("slowSeconds (" + slowSeconds + ") must exceed twice the engine's backup "
                    + "check interval (" + BACKUP_CHECK_SECONDS + " s), or a backup would not have had time to start");
        }
        if (stragglerSeconds < 2 * slowSeconds) {
            throw new IllegalArgumentException("stragglerSeconds (" + stragglerSeconds + ") must be at least twice "
                    + "slowSeconds (" + slowSeconds + "): the backed-up run must finish in under half of it");
        }
        if (caseLimit.toMillis() < (long) (stragglerSeconds * 1000)) {
            throw new IllegalArgumentException("caseLimit (" + caseLimit + ") is shorter than stragglerSeconds ("
                    + stragglerSeconds + ")");
        }
    }

    private static double nonNegative(String name, double v) {
        if (!(v >= 0)) {
            throw new IllegalArgumentException(name + " must be >= 0, got " + v);
        }
        return v;
    }

    /** Durations for executors that run tasks in this JVM. */
    public static KitTimings local() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.taskSeconds = taskSeconds;
        b.failSeconds = failSeconds;
        b.timeoutSeconds = timeoutSeconds;
        b.hangSeconds = hangSeconds;
        b.stragglerSeconds = stragglerSeconds;
        b.slowSeconds = slowSeconds;
        b.quickFailure = quickFailure;
        b.caseLimit = caseLimit;
        return b;
    }

    /** How long a task without an injected fault sleeps (the fault kernel's default). */
    public double taskSeconds() {
        return taskSeconds;
    }

    /** How long an injected failure runs before it throws. */
    public double failSeconds() {
        return failSeconds;
    }

    /** The executor option {@code timeout} of the timeout case. */
    public int timeoutSeconds() {
        return timeoutSeconds;
    }

    /** How long the hung attempt of the timeout case would run; the run must not wait for it. */
    public double hangSeconds() {
        return hangSeconds;
    }

    /** How long the straggler runs in the backups-on case; the run must end in under half of it. */
    public double stragglerSeconds() {
        return stragglerSeconds;
    }

    /** How long the slow task runs in the backups-off case: long enough that a backup would have started. */
    public double slowSeconds() {
        return slowSeconds;
    }

    /** How soon the lazy-submission case must fail. */
    public Duration quickFailure() {
        return quickFailure;
    }

    /** The most one case may take before the kit gives up on it (a hung executor). */
    public Duration caseLimit() {
        return caseLimit;
    }

    @Override
    public String toString() {
        return "KitTimings[task=" + taskSeconds + " s, fail=" + failSeconds + " s, timeout=" + timeoutSeconds
                + " s, hang=" + hangSeconds + " s, straggler=" + stragglerSeconds + " s, slow=" + slowSeconds
                + " s, quickFailure=" + quickFailure + ", caseLimit=" + caseLimit + "]";
    }

    /** Builds {@link KitTimings}; {@link #build()} checks that the values describe passable cases. */
    public static final class Builder {
        private double taskSeconds = 0.01;
        private double failSeconds = 0.01;
        private int timeoutSeconds = 2;
        private double hangSeconds = 6;
        private double stragglerSeconds = 8;
        private double slowSeconds = 2.5;
        private Duration quickFailure = Duration.ofSeconds(15);
        private Duration caseLimit = Duration.ofSeconds(60);

        private Builder() {
        }

        public Builder taskSeconds(double seconds) {
            this.taskSeconds = seconds;
            return this;
        }

        public Builder failSeconds(double seconds) {
            this.failSeconds = seconds;
            return this;
        }

        /** The attempt timeout and how long the hung attempt would run (at least twice the timeout). */
        public Builder timeout(int timeoutSeconds, double hangSeconds) {
            this.timeoutSeconds = timeoutSeconds;
            this.hangSeconds = hangSeconds;
            return this;
        }

        /** The straggler of the backups-on case and the slow task of the backups-off case. */
        public Builder straggler(double stragglerSeconds, double slowSeconds) {
            this.stragglerSeconds = stragglerSeconds;
            this.slowSeconds = slowSeconds;
            return this;
        }

        public Builder quickFailure(Duration limit) {
            this.quickFailure = limit;
            return this;
        }

        public Builder caseLimit(Duration limit) {
            this.caseLimit = limit;
            return this;
        }

        public KitTimings build() {
            return new KitTimings(this);
        }
    }
}
