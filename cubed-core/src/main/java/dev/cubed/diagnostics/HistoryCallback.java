package dev.cubed.diagnostics;

import dev.cubed.plan.FinalizedPlan;
import dev.cubed.plan.PlannedOperation;
import dev.cubed.runtime.Callback;
import dev.cubed.runtime.ComputeEndEvent;
import dev.cubed.runtime.ComputeStartEvent;
import dev.cubed.runtime.OperationEndEvent;
import dev.cubed.runtime.TaskEndEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Records each computation in {@code <directory>/<computeId>/}: the plan ({@code plan.csv}), one
 * line per task ({@code events.csv}, written as tasks end, so a killed run keeps what it did),
 * per-operation statistics with projected against measured memory ({@code stats.csv}), and two
 * plots: {@code timeline.png} (every task's four timestamps) and {@code memory.png} (projected,
 * measured and allowed memory per operation). Memory figures are bytes; timestamps epoch seconds.
 * A computation that fails is recorded too. See {@code docs/diagnostics.md}.
 *
 * <p>One instance may record several computations, one after another.
 */
public final class HistoryCallback implements Callback {
    static final String PLAN_CSV = "plan.csv";
    static final String EVENTS_CSV = "events.csv";
    static final String STATS_CSV = "stats.csv";
    static final String TIMELINE_PNG = "timeline.png";
    static final String MEMORY_PNG = "memory.png";

    static final List<String> PLAN_COLUMNS = List.of("operation", "what", "tasks", "projected_mem", "allowed_mem",
            "reserved_mem", "fused_operations", "depends_on");
    static final List<String> EVENT_COLUMNS = List.of("operation", "chunk", "task_create_tstamp",
            "function_start_tstamp", "function_end_tstamp", "task_result_tstamp", "peak_measured_mem_start",
            "peak_measured_mem_end", "peak_mem_scope", "bytes_read", "bytes_written", "attempts", "backup_launched",
            "backup_won", "allocated_bytes", "chunks_written", "extras");
    static final List<String> STATS_COLUMNS = List.of("operation", "what", "tasks", "projected_mem", "allowed_mem",
            "reserved_mem", "peak_measured_mem_start_max", "peak_measured_mem_end_max",
            "peak_measured_mem_delta_max", "projected_mem_utilization", "peak_mem_scope", "task_duration_mean_s",
            "task_duration_max_s", "retries", "backups_launched", "backups_won", "bytes_read", "bytes_written",
            "allocated_bytes_max");

    private static final Logger LOG = LoggerFactory.getLogger(HistoryCallback.class);

    private final Path directory;
    private final boolean plots;
    private final int plotWidth;
    private final int plotHeight;
    private Recording recording;
    private ComputeHistory last;

    private HistoryCallback(Builder b) {
        this.directory = b.directory;
        this.plots = b.plots;
        this.plotWidth = b.plotWidth;
        this.plotHeight = b.plotHeight;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** History under {@code history/} in the current directory, as Cubed does, with plots. */
    public static HistoryCallback create() {
        return builder().build();
    }

    /** The base directory; each computation gets a subdirectory named by its id. */
    public Path directory() {
        return directory;
    }

    /** The last computation recorded, once it has ended. */
    public Optional<ComputeHistory> last() {
        return Optional.ofNullable(last);
    }

    @Override
    public void onComputeStart(ComputeStartEvent event) {
        closeQuietly();
        try {
            recording = new Recording(event, directory.resolve(event.computeId()));
        } catch (IOException e) {
            recording = null;
            LOG.warn("cannot record the history of {} in {}: {}", event.computeId(), directory, e.toString());
        }
    }

    @Override
    public void onTaskEnd(TaskEndEvent event) {
        if (recording != null) {
            try {
                recording.task(event);
            } catch (IOException e) {
                LOG.warn("stopped recording the history of {}: {}", event.computeId(), e.toString());
                closeQuietly();
            }
        }
    }

    @Override
    public void onOperationEnd(OperationEndEvent event) {
        if (recording != null) {
            recording.operationEnd(event);
        }
    }

    @Override
    public void onComputeEnd(ComputeEndEvent event) {
        if (recording == null) {
            return;
        }
        Recording r = recording;
        recording = null;
        try {
            last = r.finish(event, plots, plotWidth, plotHeight);
        } catch (IOException e) {
            LOG.warn("cannot finish the history of {} in {}: {}", event.computeId(), r.dir, e.toString());
        }
    }

    private void closeQuietly() {
        if (recording != null) {
            recording.closeQuietly();
            recording = null;
        }
    }

    /** One computation being recorded. */
    private static final class Recording {
        final Path dir;
        final FinalizedPlan plan;
        final Instant start;
        final Map<String, OperationAccumulator> ops = new LinkedHashMap<>();
        final List<TimelinePlot.Task> timeline = new ArrayList<>();
        final CsvTable events;

        Recording(ComputeStartEvent event, Path dir) throws IOException {
            this.dir = dir;
            this.plan = event.plan();
            this.start = event.start();
            Files.createDirectories(dir);
            long allowed = plan.settings().allowedMem();
            long reserved = plan.settings().reservedMem();
            try (CsvTable t = new CsvTable(dir.resolve(PLAN_CSV), PLAN_COLUMNS)) {
                for (PlannedOperation op : plan.operations()) {
                    t.row(op.name(), op.label(), op.numTasks(), op.projectedMem(), allowed, reserved,
                            op.fusedOperations(), String.join(" ", op.dependsOn()));
                    ops.put(op.name(), new OperationAccumulator(op, allowed, reserved));
                }
            }
            this.events = new CsvTable(dir.resolve(EVENTS_CSV), EVENT_COLUMNS);
        }

        void task(TaskEndEvent e) throws IOException {
            OperationAccumulator acc = ops.get(e.operation());
            if (acc != null) {
                acc.add(e);
            }
            Map<String, Object> extras = new TreeMap<>(e.extras());
            Object allocated = extras.remove("allocated_bytes");
            Object chunks = extras.remove("chunks_written");
            extras.remove(TaskEndEvent.PEAK_MEM_SCOPE);
            events.row(e.operation(), chunk(e.coords()), seconds(e.taskCreate()), seconds(e.functionStart()),
                    seconds(e.functionEnd()), seconds(e.taskResult()), e.peakMemStart(), e.peakMemEnd(),
                    e.peakMemScope().label(), e.bytesRead(), e.bytesWritten(), e.attempts(), e.backupLaunched(),
                    e.backupWon(), allocated, chunks, extras.isEmpty() ? null : extras.toString());
            double t0 = start.getEpochSecond() + start.getNano() / 1e9;
            timeline.add(new TimelinePlot.Task(e.operation(), e.taskCreate() - t0, e.functionStart() - t0,
                    e.functionEnd() - t0, e.taskResult() - t0));
        }

        void operationEnd(OperationEndEvent e) {
            OperationAccumulator acc = ops.get(e.operation().name());
            if (acc != null) {
                acc.summary(e.summary());
            }
            try {
                events.flush();
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }

        ComputeHistory finish(ComputeEndEvent end, boolean drawPlots, int width, int height) throws IOException {
            events.close();
            List<OperationStats> stats = new ArrayList<>();
            for (OperationAccumulator acc : ops.values()) {
                if (acc.tasks() > 0) {
                    stats.add(acc.stats());
                }
            }
            try (CsvTable t = new CsvTable(dir.resolve(STATS_CSV), STATS_COLUMNS)) {
                for (OperationStats s : stats) {
                    t.row(s.operation(), s.what(), s.tasks(), s.projectedMem(), s.allowedMem(), s.reservedMem(),
                            s.peakMemStartMax(), s.peakMemEndMax(), s.peakMemDeltaMax(),
                            ratio(s.projectedMemUtilization()), s.peakMemScope().label(),
                            duration(s.durationMeanSeconds()), duration(s.durationMaxSeconds()), s.retries(),
                            s.backupsLaunched(), s.backupsWon(), s.bytesRead(), s.bytesWritten(),
                            s.allocatedBytesMax());
                }
            }
            List<Path> drawn = new ArrayList<>();
            if (drawPlots && !timeline.isEmpty()) {
                String id = end.computeId() + (end.succeeded() ? "" : " (failed)");
                try {
                    Path tl = dir.resolve(TIMELINE_PNG);
                    TimelinePlot.write(timeline, "Task timeline of " + id + " (" + timeline.size() + " tasks)", tl,
                            width, height);
                    drawn.add(tl);
                    Path mem = dir.resolve(MEMORY_PNG);
                    MemoryPlot.write(stats, plan.settings().parallelism(), "Memory per task of " + id, mem, width,
                            height);
                    drawn.add(mem);
                } catch (RuntimeException | Error e) {
                    // plots need AWT and fonts; a worker image without them still gets the CSV files
                    if (e instanceof VirtualMachineError vme) {
                        throw vme;
                    }
                    LOG.warn("could not draw the plots of {}: {}", end.computeId(), e.toString());
                }
            }
            return new ComputeHistory(end.computeId(), dir, stats, drawn, end.succeeded());
        }

        void closeQuietly() {
            try {
                events.close();
            } catch (IOException e) {
                LOG.debug("closing events.csv", e);
            }
        }

        private static String chunk(long[] coords) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < coords.length; i++) {
                sb.append(i == 0 ? "" : ".").append(coords[i]);
            }
            return sb.toString();
        }

        /** Microsecond precision, written as a plain number. */
        private static BigDecimal seconds(double t) {
            return BigDecimal.valueOf(t).setScale(6, RoundingMode.HALF_EVEN);
        }

        private static BigDecimal duration(double v) {
            return Double.isNaN(v) ? null : seconds(v);
        }

        private static BigDecimal ratio(double v) {
            return Double.isNaN(v) ? null : new BigDecimal(v, new MathContext(6)).stripTrailingZeros();
        }
    }

    public static final class Builder {
        private Path directory = Path.of("history");
        private boolean plots = true;
        private int plotWidth = 1200;
        private int plotHeight = 800;

        private Builder() {
        }

        /** Base directory of the history (default {@code history} in the current directory). */
        public Builder directory(Path directory) {
            this.directory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /** Draw {@code timeline.png} and {@code memory.png} (default on). */
        public Builder plots(boolean on) {
            this.plots = on;
            return this;
        }

        /** Size of the plots in pixels (default 1200 x 800). */
        public Builder plotSize(int width, int height) {
            if (width < 300 || height < 200) {
                throw new IllegalArgumentException("plots need at least 300 x 200 pixels, got " + width + " x " + height);
            }
            this.plotWidth = width;
            this.plotHeight = height;
            return this;
        }

        public HistoryCallback build() {
            return new HistoryCallback(this);
        }
    }
}
