package dev.cubed.diagnostics;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class ThrottledLineConsumerTest {
    /** A clock the test moves by hand. */
    private static final class HandClock extends Clock {
        Instant now = Instant.parse("2025-01-01T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void printsTheFirstLineThenAtMostOnePerIntervalAndTheLastOnClose() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        HandClock clock = new HandClock();
        ThrottledLineConsumer c = new ThrottledLineConsumer(new PrintStream(bytes, true, StandardCharsets.UTF_8), 120,
                Duration.ofSeconds(10), clock);
        c.accept("a 0%   ");
        clock.now = clock.now.plusSeconds(3);
        c.accept("a 10%");
        clock.now = clock.now.plusSeconds(3);
        c.accept("a 20%");
        clock.now = clock.now.plusSeconds(5);
        c.accept("a 50%");
        clock.now = clock.now.plusSeconds(1);
        c.accept("a 100%");
        c.close();
        assertThat(bytes.toString(StandardCharsets.UTF_8).split("\n")).containsExactly("a 0%", "a 50%", "a 100%");
    }

    @Test
    void theSameLineIsNotPrintedTwice() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        HandClock clock = new HandClock();
        ThrottledLineConsumer c = new ThrottledLineConsumer(new PrintStream(bytes, true, StandardCharsets.UTF_8), 120,
                Duration.ofSeconds(10), clock);
        c.accept("b 100%");
        c.accept("b 100% ");
        c.close();
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("b 100%\n");
    }

    @Test
    void nothingHeldBackMeansNothingMoreOnClose() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ThrottledLineConsumer c = new ThrottledLineConsumer(new PrintStream(bytes, true, StandardCharsets.UTF_8), 120,
                Duration.ZERO, new HandClock());
        c.accept("x 100%");
        c.close();
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("x 100%\n");
    }
}
