package dev.cubed.spark;

import dev.cubed.array.Cubed;
import dev.cubed.array.Spec;
import dev.cubed.block.Block;
import dev.cubed.runtime.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the executor refuses before any Spark job runs (no context is started for a plan that
 * cannot run), and a computation on a context the executor starts and stops itself.
 */
class SparkExecutorChecksTest {
    @TempDir
    Path dir;

    @AfterEach
    void noContextLeftRunning() {
        assertThat(SparkExecutor.activeContext().isDefined()).as("a Spark context is left running").isFalse();
    }

    private Spec.Builder spec(String allowedMem) {
        return Spec.builder().executor(SparkExecutor.NAME).workDir(dir.resolve("work")).allowedMem(allowedMem)
                .reservedMem("10MB").executorOption("spark.ui.enabled", "false")
                .executorOption(SparkExecutorSettings.KEEP_CONTEXT, "false");
    }

    @Test
    void aPlanThatCannotFitTheDriversHeapInLocalModeFailsBeforeAnyJobNamingSparkDriverMemory() {
        // the test JVM has -Xmx2g; two slots of 1.5 GB cannot fit
        Cubed cb = Cubed.session(spec("1500MB").executorOption("master", "local[2]").build());
        assertThatThrownBy(() -> cb.ones(new long[] {4}, new int[] {2}).add(1).compute())
                .hasMessageContaining("spark.driver.memory")
                .hasMessageContaining("local[N]")
                .hasMessageContaining("allowed_mem * 2");
        assertThat(dir.resolve("work")).satisfiesAnyOf(p -> assertThat(Files.exists(p)).isFalse(),
                p -> assertThat(Files.list(p).filter(f -> f.getFileName().toString().startsWith("cubed-"))).isEmpty());
    }

    @Test
    void aPlanThatCannotFitAnExecutorFailsBeforeAnyJobNamingSparkExecutorMemory() {
        // nothing listens on this master: starting a context would fail differently (or hang)
        Cubed cb = Cubed.session(spec("500MB").executorOption("master", "spark://127.0.0.1:9")
                .executorOption("spark.executor.memory", "1g").executorOption("spark.executor.cores", "4")
                .executorOption("spark.executor.instances", "3").build());
        assertThatThrownBy(() -> cb.ones(new long[] {4}, new int[] {2}).add(1).compute())
                .hasMessageContaining("spark.executor.memory")
                .hasMessageContaining("spark.executor.cores")
                // 4 slots * 500 MB (decimal) + Spark's reserved 300 MiB = 2208 MiB
                .hasMessageContaining("at least 2208m");
    }

    @Test
    void workersComeFromTheSparkSettings() {
        assertThat(Executors.workers(SparkExecutor.NAME, Map.of("master", "local[3]"))).isEqualTo(3);
        assertThat(Executors.workers(SparkExecutor.NAME, Map.of("master", "yarn", "spark.executor.instances", "5",
                "spark.executor.cores", "4", "spark.task.cpus", "2"))).isEqualTo(10);
        assertThat(Executors.workers(SparkExecutor.NAME, Map.of("master", "yarn", "workers", "7"))).isEqualTo(7);
        assertThatThrownBy(() -> Executors.workers(SparkExecutor.NAME, Map.of("master", "yarn")))
                .hasMessageContaining("workers").hasMessageContaining("spark.executor.instances");
    }

    @Test
    void aContextTheExecutorStartedStaysForTheNextComputationByDefault() {
        Spec kept = spec("200MB").executorOption("master", "local[2]")
                .executorOption(SparkExecutorSettings.KEEP_CONTEXT, "true").build();
        try {
            assertThat(Cubed.session(kept).arange(4, 2).add(1).compute().getDoubleAt(3)).isEqualTo(4.0);
            org.apache.spark.SparkContext first = SparkExecutor.activeContext().get();
            assertThat(Cubed.session(kept).arange(4, 2).add(2).compute().getDoubleAt(3)).isEqualTo(5.0);
            assertThat(SparkExecutor.activeContext().get()).isSameAs(first);
            // a kept context cannot take other settings: the option that disagrees is named
            Cubed other = Cubed.session(kept.toBuilder().executorOption("spark.executor.memory", "3g").build());
            assertThatThrownBy(() -> other.arange(4, 2).compute())
                    .hasMessageContaining("spark.executor.memory=3g cannot apply");
        } finally {
            if (SparkExecutor.activeContext().isDefined()) {
                SparkExecutor.activeContext().get().stop();
            }
        }
    }

    @Test
    void sparkRetriesSpeculationAndUnknownOptionsAreRefused() {
        assertThatThrownBy(() -> SparkExecutorSettings.fromOptions(Map.of("spark.task.maxFailures", "4")))
                .hasMessageContaining("spark.task.maxFailures=4").hasMessageContaining("retries=3");
        assertThatThrownBy(() -> SparkExecutorSettings.fromOptions(Map.of("spark.speculation", "true")))
                .hasMessageContaining("backups=true");
        assertThatThrownBy(() -> SparkExecutorSettings.fromOptions(Map.of("function", "x")))
                .hasMessageContaining("[function]").hasMessageContaining("spark.*");
        assertThatThrownBy(() -> SparkExecutorSettings.fromOptions(Map.of("spark.master", "local")))
                .hasMessageContaining("master=local");
        assertThatThrownBy(() -> SparkExecutorSettings.fromOptions(Map.of("timeout", "soon")))
                .hasMessageContaining("timeout=soon");
    }

    @Test
    void withoutARunningContextTheExecutorStartsOneFromItsOptionsAndStopsItWithKeepContextFalse() {
        Cubed cb = Cubed.session(spec("200MB").executorOption("master", "local[2]")
                .executorOption("spark.app.name", "cubed-checks").build());
        Block b = cb.arange(10, 3).multiply(2).compute();
        for (int i = 0; i < 10; i++) {
            assertThat(b.getDoubleAt(i)).isEqualTo(2.0 * i);
        }
        // noContextLeftRunning: the context it started is stopped at the end of the computation
    }
}
