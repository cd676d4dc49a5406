package dev.cubed.runtime.engine;

import java.time.Duration;
import java.util.Objects;

/**
 * Exponential backoff with jitter: before the n-th wait (n = 1, 2, ...) the base delay is
 * {@code min(max, initial * multiplier^(n-1))}, and the actual delay is drawn uniformly from
 * {@code [base * (1 - jitter), base]}. Jitter 0 waits exactly the base delay; jitter 1 is
 * "full jitter", which spreads a crowd of clients best.
 *
 * @param initial    the first base delay; zero retries at once
 * @param multiplier growth per wait, >= 1
 * @param max        the cap on the base delay, >= initial
 * @param jitter     the fraction of the base delay that is random, in [0, 1]
 */
public record Backoff(Duration initial, double multiplier, Duration max, double jitter) {

    public Backoff {
        Objects.requireNonNull(initial, "backoff initial delay");
        Objects.requireNonNull(max, "backoff max delay");
        if (initial.isNegative()) {
            throw new IllegalArgumentException("backoff initial delay must not be negative but was " + initial);
        }
        if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("backoff multiplier must be a finite number >= 1 but was " + multiplier);
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff max delay (" + max + ") must be >= the initial delay (" + initial + ")");
        }
        if (!(jitter >= 0.0 && jitter <= 1.0)) {
            throw new IllegalArgumentException("backoff jitter must be in [0, 1] but was " + jitter);
        }
    }

    /** No waiting at all. */
    public static Backoff none() {
        return new Backoff(Duration.ZERO, 1.0, Duration.ZERO, 0.0);
    }

    /**
     * The delay before the {@code n}-th wait.
     *
     * @param n      1 for the first wait
     * @param random a uniform draw from [0, 1)
     */
    public Duration delay(int n, double random) {
        if (n < 1) {
            throw new IllegalArgumentException("n is 1-based but was " + n);
        }
        double maxNanos = max.toNanos();
        // Math.pow may overflow to infinity for a long streak; min() then caps it at max.
        double base = Math.min(maxNanos, initial.toNanos() * Math.pow(multiplier, n - 1));
        return Duration.ofNanos(Math.round(base * (1.0 - jitter * random)));
    }
}
