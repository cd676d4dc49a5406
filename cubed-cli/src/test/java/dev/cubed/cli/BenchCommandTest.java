package dev.cubed.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cubed.array.Cubed;
import dev.cubed.array.Spec;
import dev.cubed.block.Block;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cubed bench}, run through {@link Main#run} on small arrays. */
class BenchCommandTest {
    @TempDir
    Path dir;

    private static JsonNode json(ZarrCommandTest.Result r) throws IOException {
        assertThat(r.code()).as(r.err()).isZero();
        return new ObjectMapper().readTree(r.out().trim());
    }

    /** The bench's random inputs, generated and summed here without the bench. */
    private Block input(long seed, int n, int[] chunks) {
        try (Cubed cb = Cubed.session(Spec.builder().workDir(dir.resolve("ref")).build())) {
            return cb.randomUniform(new long[] {n, n}, chunks, seed).compute();
        }
    }

    @Test
    void addSumMatchesAnInMemorySumOnEitherExecutor() throws IOException {
        Block a = input(BenchCommand.DEFAULT_SEED, 200, new int[] {50, 50});
        Block b = input(BenchCommand.DEFAULT_SEED + 1, 200, new int[] {50, 50});
        double expected = 0;
        for (int i = 0; i < a.size(); i++) {
            expected += a.getDoubleAt(i) + b.getDoubleAt(i);
        }
        for (String executor : new String[] {"threads", "single-threaded"}) {
            JsonNode j = json(ZarrCommandTest.run("bench", "add-sum", "--n", "200", "--chunk", "50", "--executor", executor,
                    "--json"));
            assertThat(j.get("workload").asText()).isEqualTo("add-sum");
            assertThat(j.get("executor").asText()).isEqualTo(executor);
            assertThat(j.get("result").asDouble()).isCloseTo(expected, within(1e-9 * expected));
            assertThat(j.get("tasks").asLong()).isPositive();
            assertThat(j.get("wall_s").asDouble()).isPositive();
            assertThat(j.get("peak_rss_mb").asDouble()).isPositive();
            assertThat(j.get("max_projected_mem").asLong()).isPositive();
        }
    }

    @Test
    void quadMeansAreTheSameOnEveryExecutorAndWithZarrInputs() throws IOException {
        Block u = input(BenchCommand.DEFAULT_SEED, 120, new int[] {40, 40});
        Block v = input(BenchCommand.DEFAULT_SEED + 1, 120, new int[] {40, 40});
        double[] expected = new double[3];
        for (int i = 0; i < u.size(); i++) {
            expected[0] += u.getDoubleAt(i) * u.getDoubleAt(i);
            expected[1] += v.getDoubleAt(i) * v.getDoubleAt(i);
            expected[2] += u.getDoubleAt(i) * v.getDoubleAt(i);
        }
        JsonNode threads = json(ZarrCommandTest.run("bench", "quad-means", "--n", "120", "--chunk", "40", "--json"));
        JsonNode single = json(ZarrCommandTest.run("bench", "quad-means", "--n", "120", "--chunk", "40", "--json",
                "--executor", "single-threaded", "--inputs", "zarr", "--work-dir", dir.resolve("w").toString()));
        assertThat(single.get("prep_s").asDouble()).isPositive();
        assertThat(threads.get("prep_s").asDouble()).isZero();
        for (int k = 0; k < 3; k++) {
            // the mean of the mean over axis 0 is the mean of everything
            assertThat(threads.get("result").get(k).asDouble()).isCloseTo(expected[k] / u.size(), within(1e-12));
            assertThat(single.get("result").get(k).asDouble()).isCloseTo(threads.get("result").get(k).asDouble(),
                    within(1e-15));
        }
        try (Stream<Path> left = Files.list(dir.resolve("w"))) {
            assertThat(left).as("the run's directory is deleted afterwards").isEmpty();
        }
    }

    @Test
    void storingWorkloadsReportTheStoredShapeAndChunks() throws IOException {
        JsonNode rechunk = json(ZarrCommandTest.run("bench", "rechunk", "--n", "100", "--chunk", "20", "--inputs", "zarr",
                "--json"));
        assertThat(rechunk.get("result").get("shape").toString()).isEqualTo("[100,100]");
        assertThat(rechunk.get("result").get("chunks").toString()).isEqualTo("[100,20]");
        JsonNode matmul = json(ZarrCommandTest.run("bench", "matmul", "--n", "60", "--chunk", "20", "--json",
                "--repeat", "2"));
        assertThat(matmul.get("result").get("chunks").toString()).isEqualTo("[20,20]");
        assertThat(matmul.get("walls_s")).hasSize(2);
        JsonNode store = json(ZarrCommandTest.run("bench", "add-store", "--n", "60", "--chunk", "30", "--json",
                "--keep", "--work-dir", dir.resolve("kept").toString()));
        assertThat(store.get("result").get("shape").toString()).isEqualTo("[60,60]");
        try (Stream<Path> runs = Files.list(dir.resolve("kept"))) {
            Path run = runs.findFirst().orElseThrow();
            assertThat(run.resolve("out.zarr").resolve("zarr.json")).exists();
        }
    }

    @Test
    void theReportShowsThePlanTimesAndResult() {
        ZarrCommandTest.Result r = ZarrCommandTest.run("bench", "add-sum", "--n", "100", "--chunk", "50");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("cubed bench add-sum").contains("create-arrays").contains("wall ")
                .contains("peak RSS").contains("result ");
    }

    @Test
    void badArgumentsAndPlansThatCannotFitFailBeforeAnyWork() throws IOException {
        ZarrCommandTest.Result chunk = ZarrCommandTest.run("bench", "add-sum", "--n", "100", "--chunk", "0");
        assertThat(chunk.code()).isEqualTo(2);
        assertThat(chunk.err()).contains("--chunk must be between 1 and --n");
        ZarrCommandTest.Result overflow = ZarrCommandTest.run("bench", "add-sum", "--n", "9223372036854775807");
        assertThat(overflow.code()).isEqualTo(2);
        assertThat(overflow.err()).contains("--n 9223372036854775807 is too large").contains("the largest --n is")
                .doesNotContainPattern("-[0-9]");
        ZarrCommandTest.Result proc = ZarrCommandTest.run("bench", "add-store", "--n", "100", "--chunk", "50",
                "--work-dir", "/proc/cubed-nope");
        assertThat(proc.code()).isEqualTo(2);
        assertThat(proc.err()).contains("--work-dir /proc/cubed-nope cannot be used")
                .contains("no such file or directory").contains("choose a writable directory");
        ZarrCommandTest.Result unknown = ZarrCommandTest.run("bench", "fft");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown workload 'fft'").contains("quad-means");
        ZarrCommandTest.Result executor = ZarrCommandTest.run("bench", "add-sum", "--executor", "nope");
        assertThat(executor.err()).contains("unknown executor 'nope'");
        ZarrCommandTest.Result codec = ZarrCommandTest.run("bench", "add-sum", "--codec", "snappy");
        assertThat(codec.err()).contains("--codec must be one of blosc, blosc-noshuffle, blosc-zstd, lz4, zstd, gzip, none");
        ZarrCommandTest.Result huge = ZarrCommandTest.run("bench", "add-sum", "--allowed-mem", "100TB", "--reserved-mem", "1GB");
        assertThat(huge.code()).isEqualTo(2);
        assertThat(huge.err()).contains("more than this machine's memory").contains("lower --allowed-mem or --workers");

        Path work = dir.resolve("tight");
        Files.createDirectories(work);
        ZarrCommandTest.Result tight = ZarrCommandTest.run("bench", "add-sum", "--n", "1000", "--chunk", "1000",
                "--allowed-mem", "20MB", "--reserved-mem", "1MB", "--inputs", "zarr", "--work-dir", work.toString());
        assertThat(tight.code()).isNotZero();
        assertThat(tight.err()).contains("exceeds allowed_mem (20.0 MB)").contains("Raise allowed_mem to at least")
                .contains("--allowed-mem on the command line").containsPattern("about [0-9.]+x fewer elements");
        // the advice, followed to the letter, fits
        java.util.regex.Matcher least = java.util.regex.Pattern.compile("at least ([0-9.]+ [kMG]B)").matcher(tight.err());
        assertThat(least.find()).isTrue();
        ZarrCommandTest.Result fits = ZarrCommandTest.run("bench", "add-sum", "--n", "1000", "--chunk", "1000",
                "--allowed-mem", least.group(1).replace(" ", ""), "--reserved-mem", "1MB", "--inputs", "zarr",
                "--work-dir", work.toString(), "--json");
        assertThat(fits.code()).as(fits.err()).isZero();
        try (Stream<Path> left = Files.walk(work)) {
            assertThat(left.filter(Files::isRegularFile)).as("nothing written").isEmpty();
        }
    }
}
