package dev.cubed.diagnostics;

import dev.cubed.plan.PlannedOperation;
import dev.cubed.runtime.Callback;
import dev.cubed.runtime.ComputeEndEvent;
import dev.cubed.runtime.ComputeStartEvent;
import dev.cubed.runtime.OperationEndEvent;
import dev.cubed.runtime.OperationStartEvent;
import dev.cubed.runtime.TaskEndEvent;
import me.tongfei.progressbar.InteractiveConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A console progress bar per operation: labelled with the operation's name and what it does,
 * its total the tasks to run, stepped as each task ends and closed when the operation ends.
 *
 * <p>On a terminal the bars redraw in place. Elsewhere (a CI log, a file) redrawing would flood
 * the output, so each bar prints a line when it starts, at most one line per
 * {@link Builder#logInterval(Duration) log interval} while it runs, and a final line when done.
 *
 * <pre>{@code
 * LazyArray m = ...;
 * m.compute(ComputeOptions.defaults().withCallbacks(ProgressBars.toStderr()));
 * }</pre>
 */
public final class ProgressBars implements Callback {
    /** Set to {@code true} or {@code false} to say whether stderr is a terminal (the {@code ./cubed} wrapper does). */
    public static final String TERMINAL_PROPERTY = "cubed.stderr.terminal";
    /** Terminal width for redrawn bars; the {@code ./cubed} wrapper passes the terminal's. */
    public static final String COLUMNS_PROPERTY = "cubed.terminal.columns";
    private static final int DEFAULT_COLUMNS = 100;
    private static final int MAX_LABEL = 40;

    private final PrintStream out;
    private final boolean terminal;
    private final int columns;
    private final Duration logInterval;
    private final Clock clock;
    private final Map<String, ProgressBar> bars = new HashMap<>();
    private int labelWidth = 10;

    private ProgressBars(Builder b) {
        this.out = b.out;
        this.terminal = b.terminal;
        this.columns = b.columns;
        this.logInterval = b.logInterval;
        this.clock = b.clock;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Bars on standard error, redrawn in place when it is a terminal, as log lines otherwise. */
    public static ProgressBars toStderr() {
        return builder().build();
    }

    /** Whether standard error is a terminal: the {@value #TERMINAL_PROPERTY} property, else whether a console is attached. */
    static boolean stderrIsTerminal() {
        String declared = System.getProperty(TERMINAL_PROPERTY);
        if (declared != null) {
            return Boolean.parseBoolean(declared);
        }
        return System.console() != null && !"dumb".equals(System.getenv("TERM"));
    }

    static int terminalColumns() {
        try {
            int c = Integer.parseInt(System.getProperty(COLUMNS_PROPERTY, ""));
            return c >= 40 ? c : DEFAULT_COLUMNS;
        } catch (NumberFormatException e) {
            return DEFAULT_COLUMNS;
        }
    }

    @Override
    public void onComputeStart(ComputeStartEvent event) {
        closeAll();
        labelWidth = 10;
        for (PlannedOperation op : event.plan().operations()) {
            labelWidth = Math.max(labelWidth, label(op).length());
        }
    }

    @Override
    public void onOperationStart(OperationStartEvent event) {
        String name = event.operation().name();
        ProgressBar old = bars.remove(name);
        if (old != null) {
            old.close();
        }
        String label = String.format("%-" + labelWidth + "s", label(event.operation()));
        ProgressBarBuilder b = new ProgressBarBuilder().setTaskName(label).setInitialMax(event.tasksToRun())
                .setUnit(" tasks", 1).setConsumer(consumer());
        if (terminal) {
            b.setStyle(ProgressBarStyle.UNICODE_BLOCK).setUpdateIntervalMillis(200);
        } else {
            b.setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(1000);
        }
        if (event.tasksSkipped() > 0) {
            b.setTaskName(label + " (" + event.tasksSkipped() + " done before)");
        }
        bars.put(name, b.build());
    }

    private ProgressBarConsumer consumer() {
        // a fixed width keeps the library from probing the terminal itself (which logs warnings when it cannot)
        if (terminal) {
            return new InteractiveConsoleProgressBarConsumer(out, columns - 1);
        }
        return new ThrottledLineConsumer(out, Math.max(columns, 120), logInterval, clock);
    }

    @Override
    public void onTaskEnd(TaskEndEvent event) {
        ProgressBar bar = bars.get(event.operation());
        if (bar != null) {
            bar.step();
        }
    }

    @Override
    public void onOperationEnd(OperationEndEvent event) {
        ProgressBar bar = bars.remove(event.operation().name());
        if (bar != null) {
            bar.close();
        }
    }

    @Override
    public void onComputeEnd(ComputeEndEvent event) {
        closeAll();
    }

    private void closeAll() {
        for (ProgressBar bar : bars.values()) {
            bar.close();
        }
        bars.clear();
    }

    /** "op-003 add > sum", shortened to keep bars aligned; ASCII so any console shows it. */
    static String label(PlannedOperation op) {
        String what = op.label().replace(" → ", " > ");
        String s = op.name() + " " + what;
        return s.length() > MAX_LABEL ? s.substring(0, MAX_LABEL - 3) + "..." : s;
    }

    public static final class Builder {
        private PrintStream out = System.err;
        private Boolean terminalSetting;
        private boolean terminal;
        private int columns;
        private Duration logInterval = Duration.ofSeconds(10);
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** Where bars go (default standard error). */
        public Builder output(PrintStream out) {
            this.out = Objects.requireNonNull(out, "out");
            return this;
        }

        /** Redraw bars in place (a terminal) or print log lines; by default, whether stderr is a terminal. */
        public Builder terminal(boolean on) {
            this.terminalSetting = on;
            return this;
        }

        /** Width of redrawn bars (default the {@value #COLUMNS_PROPERTY} property, else 100). */
        public Builder columns(int columns) {
            if (columns < 40) {
                throw new IllegalArgumentException("progress bars need at least 40 columns, got " + columns);
            }
            this.columns = columns;
            return this;
        }

        /** When not on a terminal, the least time between two lines of one bar (default 10 s). */
        public Builder logInterval(Duration interval) {
            if (interval.isNegative()) {
                throw new IllegalArgumentException("log interval must not be negative, got " + interval);
            }
            this.logInterval = interval;
            return this;
        }

        /** The clock that times log lines (tests). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public ProgressBars build() {
            terminal = terminalSetting != null ? terminalSetting : stderrIsTerminal();
            if (columns == 0) {
                columns = terminalColumns();
            }
            return new ProgressBars(this);
        }
    }
}
