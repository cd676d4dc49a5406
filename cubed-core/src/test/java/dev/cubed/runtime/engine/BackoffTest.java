package dev.cubed.runtime.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void growsGeometricallyUpToTheCap() {
        Backoff b = new Backoff(Duration.ofMillis(100), 2.0, Duration.ofSeconds(1), 0.0);
        assertThat(b.delay(1, 0.7)).isEqualTo(Duration.ofMillis(100));
        assertThat(b.delay(2, 0.7)).isEqualTo(Duration.ofMillis(200));
        assertThat(b.delay(4, 0.7)).isEqualTo(Duration.ofMillis(800));
        assertThat(b.delay(5, 0.7)).isEqualTo(Duration.ofSeconds(1));
        assertThat(b.delay(10_000, 0.7)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void jitterTakesAFractionOff() {
        Backoff half = new Backoff(Duration.ofMillis(100), 2.0, Duration.ofSeconds(1), 0.5);
        assertThat(half.delay(1, 0.0)).isEqualTo(Duration.ofMillis(100));
        assertThat(half.delay(1, 0.5)).isEqualTo(Duration.ofMillis(75));
        assertThat(half.delay(2, 0.999999)).isBetween(Duration.ofMillis(100), Duration.ofMillis(101));
        Backoff full = new Backoff(Duration.ofMillis(100), 2.0, Duration.ofSeconds(1), 1.0);
        assertThat(full.delay(1, 0.9)).isEqualTo(Duration.ofMillis(10));
    }

    @Test
    void noneNeverWaits() {
        assertThat(Backoff.none().delay(1, 0.3)).isZero();
        assertThat(Backoff.none().delay(50, 0.3)).isZero();
    }

    @Test
    void rejectsBadValues() {
        assertThatThrownBy(() -> new Backoff(Duration.ofMillis(-1), 2, Duration.ofSeconds(1), 0))
                .hasMessageContaining("initial");
        assertThatThrownBy(() -> new Backoff(Duration.ofMillis(1), 0.5, Duration.ofSeconds(1), 0))
                .hasMessageContaining("multiplier").hasMessageContaining("0.5");
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), 2, Duration.ofSeconds(1), 0))
                .hasMessageContaining("max");
        assertThatThrownBy(() -> new Backoff(Duration.ofMillis(1), 2, Duration.ofSeconds(1), 1.5))
                .hasMessageContaining("jitter");
        assertThatThrownBy(() -> Backoff.none().delay(0, 0.1)).hasMessageContaining("1-based");
    }
}
