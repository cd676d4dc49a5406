package dev.cubed.diagnostics;

import dev.cubed.array.ComputeOptions;
import dev.cubed.array.Cubed;
import dev.cubed.array.LazyArray;
import dev.cubed.array.Spec;
import dev.cubed.block.Block;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class HistoryCallbackTest {
    @TempDir
    Path tmp;

    @Test
    void threadsExecutorHistoryHasAnEventPerTaskAndConsistentStats() throws IOException {
        ComputeHistory h = runSumOfSquares("threads", 2);
        assertThat(h.succeeded()).isTrue();
        assertHistory(h, "process");
    }

    @Test
    void singleThreadedExecutorMeasuresEachTask() throws IOException {
        ComputeHistory h = runSumOfSquares("single-threaded", 1);
        assertHistory(h, "task");
    }

    /** sum((x + 1) * x) for x = arange(0..n) as a 2-d array: an elementwise op fused into a reduction. */
    private ComputeHistory runSumOfSquares(String executor, int workers) {
        Spec.Builder b = Spec.builder().workDir(tmp.resolve("work")).allowedMem("500MB").reservedMem("1MB")
                .executor(executor);
        Spec spec = workers > 1 ? b.executorOption("workers", workers).build() : b.build();
        HistoryCallback history = HistoryCallback.builder().directory(tmp.resolve("history")).build();
        try (Cubed cb = Cubed.session(spec)) {
            LazyArray x = cb.arange(0, 400, 1, 50, dev.cubed.block.DataType.FLOAT64);
            LazyArray y = x.add(1).multiply(x).sum();
            Block v = y.compute(ComputeOptions.defaults().withCallbacks(history));
            double expected = 0;
            for (int i = 0; i < 400; i++) {
                expected += (i + 1.0) * i;
            }
            assertThat(v.getDouble()).isEqualTo(expected);
        }
        assertThat(history.last()).isPresent();
        assertThat(history.last().get().directory().getParent()).isEqualTo(tmp.resolve("history"));
        return history.last().get();
    }

    private static void assertHistory(ComputeHistory h, String scope) throws IOException {
        List<Map<String, String>> plan = CsvRows.read(h.planCsv());
        List<Map<String, String>> events = CsvRows.read(h.eventsCsv());
        List<Map<String, String>> stats = CsvRows.read(h.statsCsv());

        // plan.csv: every operation with its tasks
        assertThat(plan).isNotEmpty();
        assertThat(plan.get(0).get("operation")).isEqualTo("op-001");
        assertThat(plan.get(0).get("what")).isEqualTo("create-arrays");
        Map<String, Long> plannedTasks = new HashMap<>();
        Map<String, Long> projected = new HashMap<>();
        for (Map<String, String> row : plan) {
            plannedTasks.put(row.get("operation"), Long.parseLong(row.get("tasks")));
            projected.put(row.get("operation"), Long.parseLong(row.get("projected_mem")));
            assertThat(Long.parseLong(row.get("allowed_mem"))).isEqualTo(500_000_000L);
            assertThat(Long.parseLong(row.get("reserved_mem"))).isEqualTo(1_000_000L);
        }
        assertThat(plan).anySatisfy(r -> assertThat(r.get("what")).contains("sum"));

        // events.csv: exactly one line per task, with ordered timestamps and one line per chunk
        Map<String, Long> eventsPerOp = new HashMap<>();
        Map<String, Long> peakEndMax = new HashMap<>();
        Set<String> chunks = new HashSet<>();
        for (Map<String, String> e : events) {
            eventsPerOp.merge(e.get("operation"), 1L, Long::sum);
            assertThat(chunks.add(e.get("operation") + "/" + e.get("chunk"))).as("one line per chunk").isTrue();
            double create = Double.parseDouble(e.get("task_create_tstamp"));
            double start = Double.parseDouble(e.get("function_start_tstamp"));
            double end = Double.parseDouble(e.get("function_end_tstamp"));
            double result = Double.parseDouble(e.get("task_result_tstamp"));
            assertThat(create).isLessThanOrEqualTo(start);
            assertThat(start).isLessThanOrEqualTo(end);
            assertThat(end).isLessThanOrEqualTo(result);
            assertThat(result - create).isLessThan(60);
            long peakStart = Long.parseLong(e.get("peak_measured_mem_start"));
            long peakEnd = Long.parseLong(e.get("peak_measured_mem_end"));
            assertThat(peakStart).isPositive();
            assertThat(peakEnd).isGreaterThanOrEqualTo(peakStart);
            assertThat(e.get("peak_mem_scope")).isEqualTo(scope);
            assertThat(Integer.parseInt(e.get("attempts"))).isEqualTo(1);
            peakEndMax.merge(e.get("operation"), peakEnd, Math::max);
        }
        assertThat(eventsPerOp).isEqualTo(plannedTasks);

        // stats.csv: a row per operation, utilization = max peak at end / projected
        assertThat(stats).hasSize(plan.size());
        for (Map<String, String> s : stats) {
            String op = s.get("operation");
            assertThat(Long.parseLong(s.get("tasks"))).isEqualTo(plannedTasks.get(op));
            assertThat(Long.parseLong(s.get("peak_measured_mem_end_max"))).isEqualTo(peakEndMax.get(op));
            double utilization = Double.parseDouble(s.get("projected_mem_utilization"));
            assertThat(utilization).isCloseTo((double) peakEndMax.get(op) / projected.get(op), within(1e-4 * utilization));
            assertThat(s.get("peak_mem_scope")).isEqualTo(scope);
            assertThat(Double.parseDouble(s.get("task_duration_max_s")))
                    .isGreaterThanOrEqualTo(Double.parseDouble(s.get("task_duration_mean_s")));
            assertThat(s.get("retries")).isEqualTo("0");
        }
        assertThat(h.stats()).hasSize(stats.size());

        // the plots: the configured size, and drawn (many colours, not a blank canvas)
        assertThat(h.plots()).containsExactly(h.directory().resolve("timeline.png"), h.directory().resolve("memory.png"));
        for (Path png : h.plots()) {
            BufferedImage img = ImageIO.read(png.toFile());
            assertThat(img.getWidth()).isEqualTo(1200);
            assertThat(img.getHeight()).isEqualTo(800);
            assertThat(colours(img)).as("distinct colours in " + png.getFileName()).isGreaterThan(10);
        }
    }

    @Test
    void timelineDrawsEveryTaskRunningInItsOperationsColour() throws IOException {
        List<TimelinePlot.Task> tasks = List.of(new TimelinePlot.Task("op-002", 0, 0.1, 1.0, 1.1),
                new TimelinePlot.Task("op-002", 0, 0.2, 2.0, 2.05), new TimelinePlot.Task("op-003", 2.1, 2.2, 3.0, 3.1));
        Path png = tmp.resolve("t.png");
        TimelinePlot.write(tasks, "test", png, 600, 400);
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img.getWidth()).isEqualTo(600);
        // the palette's first two colours mark op-002's and op-003's running segments
        assertThat(count(img, 0x1F77B4)).isGreaterThan(100);
        assertThat(count(img, 0xFF7F0E)).isGreaterThan(50);
    }

    static int colours(BufferedImage img) {
        Set<Integer> seen = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                seen.add(img.getRGB(x, y) & 0xFFFFFF);
            }
        }
        return seen.size();
    }

    static int count(BufferedImage img, int rgb) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if ((img.getRGB(x, y) & 0xFFFFFF) == rgb) {
                    n++;
                }
            }
        }
        return n;
    }
}
