package dev.cubed.runtime.engine;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;

/** A clock the test sets by hand, read from any thread. */
final class ManualClock implements InstantSource {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.EPOCH);

    @Override
    public Instant instant() {
        return now.get();
    }

    /** Sets the time to {@code sinceEpoch} after the epoch. */
    void set(Duration sinceEpoch) {
        now.set(Instant.EPOCH.plus(sinceEpoch));
    }

    void setSeconds(long seconds) {
        set(Duration.ofSeconds(seconds));
    }
}
