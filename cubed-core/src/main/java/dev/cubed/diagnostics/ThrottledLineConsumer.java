package dev.cubed.diagnostics;

import me.tongfei.progressbar.ProgressBarConsumer;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Progress for output that is not a terminal: whole lines instead of redraws, the first one at
 * once, then at most one per interval, and always the final state when the bar closes.
 */
final class ThrottledLineConsumer implements ProgressBarConsumer {
    private final PrintStream out;
    private final int width;
    private final Duration interval;
    private final Clock clock;
    private Instant lastPrinted;
    private String lastLine;
    private String pending;

    ThrottledLineConsumer(PrintStream out, int width, Duration interval, Clock clock) {
        this.out = out;
        this.width = width;
        this.interval = interval;
        this.clock = clock;
    }

    @Override
    public int getMaxRenderedLength() {
        return width;
    }

    @Override
    public synchronized void accept(String rendered) {
        Instant now = clock.instant();
        if (lastPrinted == null || !now.isBefore(lastPrinted.plus(interval))) {
            print(rendered, now);
        } else {
            pending = rendered;
        }
    }

    private void print(String line, Instant now) {
        String text = line.stripTrailing();
        pending = null;
        if (text.equals(lastLine)) {
            return;
        }
        out.println(text);
        out.flush();
        lastPrinted = now;
        lastLine = text;
    }

    @Override
    public synchronized void close() {
        // the bar renders its final state just before closing; show it if the throttle held it back
        if (pending != null) {
            print(pending, clock.instant());
        }
    }
}
