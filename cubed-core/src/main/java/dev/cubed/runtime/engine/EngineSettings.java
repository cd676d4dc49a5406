package dev.cubed.runtime.engine;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;

/**
 * How a {@link TaskEngine} runs tasks. Build with {@link #builder()}; every value is checked
 * when it is set, and the error names the setting.
 *
 * <p>Defaults: {@code maxInFlight} = the number of available processors (executors set it to
 * their backend's parallelism), {@code retries} 2 (3 attempts), retry backoff 100 ms doubling up
 * to 10 s with half jitter, throttle backoff 100 ms doubling up to 20 s with full jitter,
 * throttle timeout 15 min, no attempt timeout, no backups, the system clock, and a scheduler
 * owned by the engine.
 */
public final class EngineSettings {
    private final int maxInFlight;
    private final int retries;
    private final Backoff retryBackoff;
    private final Backoff throttleBackoff;
    private final Duration throttleTimeout;
    private final Duration attemptTimeout;
    private final BackupPolicy backupPolicy;
    private final InstantSource clock;
    private final ScheduledExecutorService scheduler;

    private EngineSettings(Builder b) {
        this.maxInFlight = b.maxInFlight;
        this.retries = b.retries;
        this.retryBackoff = b.retryBackoff;
        this.throttleBackoff = b.throttleBackoff;
        this.throttleTimeout = b.throttleTimeout;
        this.attemptTimeout = b.attemptTimeout;
        this.backupPolicy = b.backupPolicy;
        this.clock = b.clock;
        this.scheduler = b.scheduler;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The default settings. */
    public static EngineSettings defaults() {
        return builder().build();
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.maxInFlight = maxInFlight;
        b.retries = retries;
        b.retryBackoff = retryBackoff;
        b.throttleBackoff = throttleBackoff;
        b.throttleTimeout = throttleTimeout;
        b.attemptTimeout = attemptTimeout;
        b.backupPolicy = backupPolicy;
        b.clock = clock;
        b.scheduler = scheduler;
        return b;
    }

    /**
     * The most tasks a run holds at once: launched and not finished, including those waiting
     * to be retried or resubmitted after a throttle. The engine never pulls more inputs than
     * that ahead of their completion, and never has more attempts (backups included) in flight.
     */
    public int maxInFlight() {
        return maxInFlight;
    }

    /** How many times a task is retried after all its running copies failed (attempts = retries + 1). */
    public int retries() {
        return retries;
    }

    /** The wait before a retry; the n-th retry of a task waits the n-th delay. */
    public Backoff retryBackoff() {
        return retryBackoff;
    }

    /** The wait before resubmitting a refused attempt; the n-th refusal in a row of an attempt waits
     *  the n-th delay, or the backend's retry-after when that is longer. */
    public Backoff throttleBackoff() {
        return throttleBackoff;
    }

    /** How long one attempt may keep being refused before the run fails (a backup or original whose
     *  twin is still running is dropped instead, like a failed copy). */
    public Duration throttleTimeout() {
        return throttleTimeout;
    }

    /** The engine-side deadline for one attempt, from its launch to its result. */
    public Optional<Duration> attemptTimeout() {
        return Optional.ofNullable(attemptTimeout);
    }

    /** When to launch backup copies of stragglers; empty for never. */
    public Optional<BackupPolicy> backupPolicy() {
        return Optional.ofNullable(backupPolicy);
    }

    /** The source of every timestamp and of the durations the backup rule compares. */
    public InstantSource clock() {
        return clock;
    }

    /**
     * The scheduler for timers (timeouts, backoff, backup checks); empty means the engine makes
     * its own single daemon thread and shuts it down on {@link TaskEngine#close()}. A supplied
     * scheduler is not shut down by the engine; a {@code ScheduledThreadPoolExecutor} with
     * {@code setRemoveOnCancelPolicy(true)} keeps cancelled timeouts from piling up.
     */
    public Optional<ScheduledExecutorService> scheduler() {
        return Optional.ofNullable(scheduler);
    }

    @Override
    public String toString() {
        return "EngineSettings[maxInFlight=" + maxInFlight + ", retries=" + retries + ", retryBackoff=" + retryBackoff
                + ", throttleBackoff=" + throttleBackoff + ", throttleTimeout=" + throttleTimeout
                + ", attemptTimeout=" + attemptTimeout + ", backupPolicy=" + backupPolicy + ", clock=" + clock
                + ", scheduler=" + (scheduler == null ? "engine-owned" : scheduler) + "]";
    }

    /** Builds {@link EngineSettings}; each setter rejects a bad value at once. */
    public static final class Builder {
        private int maxInFlight = Runtime.getRuntime().availableProcessors();
        private int retries = 2;
        private Backoff retryBackoff = new Backoff(Duration.ofMillis(100), 2.0, Duration.ofSeconds(10), 0.5);
        private Backoff throttleBackoff = new Backoff(Duration.ofMillis(100), 2.0, Duration.ofSeconds(20), 1.0);
        private Duration throttleTimeout = Duration.ofMinutes(15);
        private Duration attemptTimeout;
        private BackupPolicy backupPolicy;
        private InstantSource clock = InstantSource.system();
        private ScheduledExecutorService scheduler;

        private Builder() {
        }

        public Builder maxInFlight(int maxInFlight) {
            if (maxInFlight < 1) {
                throw new IllegalArgumentException("maxInFlight must be >= 1 but was " + maxInFlight);
            }
            this.maxInFlight = maxInFlight;
            return this;
        }

        public Builder retries(int retries) {
            if (retries < 0) {
                throw new IllegalArgumentException("retries must be >= 0 (0 means one attempt) but was " + retries);
            }
            this.retries = retries;
            return this;
        }

        public Builder retryBackoff(Backoff retryBackoff) {
            this.retryBackoff = Objects.requireNonNull(retryBackoff, "retryBackoff (use Backoff.none() for none)");
            return this;
        }

        public Builder throttleBackoff(Backoff throttleBackoff) {
            this.throttleBackoff = Objects.requireNonNull(throttleBackoff, "throttleBackoff");
            return this;
        }

        public Builder throttleTimeout(Duration throttleTimeout) {
            Objects.requireNonNull(throttleTimeout, "throttleTimeout");
            if (throttleTimeout.isNegative() || throttleTimeout.isZero()) {
                throw new IllegalArgumentException("throttleTimeout must be positive but was " + throttleTimeout);
            }
            this.throttleTimeout = throttleTimeout;
            return this;
        }

        /** The per-attempt deadline; null for none. */
        public Builder attemptTimeout(Duration attemptTimeout) {
            if (attemptTimeout != null && (attemptTimeout.isNegative() || attemptTimeout.isZero())) {
                throw new IllegalArgumentException("attemptTimeout must be positive (or null for none) but was " + attemptTimeout);
            }
            this.attemptTimeout = attemptTimeout;
            return this;
        }

        /** The backup rule; null for no backups. */
        public Builder backupPolicy(BackupPolicy backupPolicy) {
            this.backupPolicy = backupPolicy;
            return this;
        }

        public Builder clock(InstantSource clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** A scheduler for the engine's timers; null to let the engine own one. */
        public Builder scheduler(ScheduledExecutorService scheduler) {
            this.scheduler = scheduler;
            return this;
        }

        public EngineSettings build() {
            return new EngineSettings(this);
        }
    }
}
