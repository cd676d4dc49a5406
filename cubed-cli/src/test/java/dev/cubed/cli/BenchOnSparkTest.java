package dev.cubed.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code cubed bench WORKLOAD --executor spark} on Spark's local mode in this JVM: each workload
 * runs on threads first (the default baseline), then on Spark, and both results must be the same
 * bit for bit (the same doubles, or stored arrays whose every object has the same bytes).
 */
class BenchOnSparkTest {
    @TempDir
    Path dir;

    @org.junit.jupiter.api.BeforeAll
    static void startLogging() {
        // logback prints its start-up status (two logback-test.xml on the test class path) to System.out,
        // which the first command run would capture as its output
        org.slf4j.LoggerFactory.getLogger(BenchOnSparkTest.class);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"add-sum", "add-store", "quad-means", "rechunk", "matmul"})
    void everyWorkloadGivesTheSameResultOnSparkAsOnThreads(String workload) throws IOException {
        ZarrCommandTest.Result r = ZarrCommandTest.run("bench", workload, "--n", "120", "--chunk", "40",
                "--executor", "spark", "--workers", "2", "--allowed-mem", "400MB", "--reserved-mem", "50MB",
                "--executor-option", "spark.ui.enabled=false", "--work-dir", dir.toString(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().trim()).as("stdout is the one JSON line").startsWith("{");
        JsonNode j = new ObjectMapper().readTree(r.out().trim());
        assertThat(j.get("executor").asText()).isEqualTo("spark");
        assertThat(j.get("workers").asInt()).isEqualTo(2);
        JsonNode baseline = j.get("baseline");
        assertThat(baseline.get("executor").asText()).isEqualTo("threads");
        assertThat(baseline.get("same_result").asBoolean()).as(j.toString()).isTrue();
        assertThat(baseline.get("wall_s").asDouble()).isPositive();
        assertThat(baseline.has("overhead_per_task_ms")).isTrue();
        if (j.get("result").isObject()) {
            assertThat(j.get("result").get("sha256").asText()).hasSize(64);
        }
    }

    @org.junit.jupiter.api.Test
    void resultsAreTheSameOnlyBitForBit() {
        assertThat(BenchCommand.sameResult(java.util.Map.of("shape", new long[] {2}, "chunks", new int[] {1}, "sha256",
                "a"), java.util.Map.of("shape", new long[] {2}, "chunks", new int[] {1}, "sha256", "b"))).isFalse();
        assertThat(BenchCommand.sameResult(0.1 + 0.2, 0.3)).isFalse();
        assertThat(BenchCommand.sameResult(0.5, 0.5)).isTrue();
        assertThat(BenchCommand.sameResult(java.util.List.of(0.5, -0.0), java.util.List.of(0.5, 0.0))).isFalse();
    }
}
