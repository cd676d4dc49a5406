package dev.cubed.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cubed.storage.FileStore;
import dev.cubed.storage.zarr.ZarrArray;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cubed demo} on small arrays. */
class DemoCommandTest {
    @TempDir
    Path dir;

    @Test
    void computesChecksAndWritesHistory() throws IOException {
        ZarrCommandTest.Result r = ZarrCommandTest.run("demo", "--dir", dir.toString(), "--n", "300", "--chunk", "100",
                "--no-progress");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("mean(u*u)").contains("mean(v*v)").contains("mean(u*v)")
                .contains("900 values against the same sums done in memory").contains("90000 of 90000 values")
                .contains("create-arrays").doesNotContain("FAILED");
        ZarrArray rechunked = ZarrArray.open(new FileStore(dir), "u-rechunked.zarr");
        assertThat(rechunked.metadata().chunks()).containsExactly(300, 25);
        List<Path> computes;
        try (Stream<Path> s = Files.list(dir.resolve("history"))) {
            computes = s.toList();
        }
        assertThat(computes).hasSize(2);
        assertThat(dir.resolve("intermediate")).as("the run's intermediates are removed").doesNotExist();
        for (Path c : computes) {
            assertThat(c.resolve("timeline.png")).exists();
            assertThat(c.resolve("stats.csv")).exists();
            assertThat(r.out()).contains(c.toString());
        }
    }

    @Test
    void badSizesAreRefused() {
        ZarrCommandTest.Result r = ZarrCommandTest.run("demo", "--dir", dir.toString(), "--n", "10", "--chunk", "20");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--chunk between 1 and --n");
    }
}
