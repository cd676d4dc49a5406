package dev.cubed.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cubed.storage.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cubed clean}: what finished and abandoned runs left goes, what a running one uses stays. */
class CleanCommandTest {
    @TempDir
    Path dir;

    private static void age(Path root) throws Exception {
        FileTime old = FileTime.from(Instant.now().minusSeconds(3600));
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.toList()) {
                Files.setLastModifiedTime(p, old);
            }
        }
    }

    @Test
    void removesKeptRunsOldIntermediatesAndKilledWritesButNotARunningRun() throws Exception {
        Path work = dir.resolve("work");
        ZarrCommandTest.Result kept = ZarrCommandTest.run("bench", "add-store", "--n", "60", "--chunk", "30", "--keep",
                "--work-dir", work.toString());
        assertThat(kept.code()).as(kept.err()).isZero();
        Path run;
        try (Stream<Path> s = Files.list(work)) {
            run = s.filter(p -> p.getFileName().toString().startsWith("run-")).findFirst().orElseThrow();
        }
        Path intermediates = work.resolve("session").resolve("cubed-0123456789abcdef");
        Files.createDirectories(intermediates.resolve("a.zarr"));
        Files.write(intermediates.resolve("a.zarr/zarr.json"), new byte[100]);
        age(intermediates);
        Path fresh = work.resolve("session").resolve("cubed-fedcba9876543210");
        Files.createDirectories(fresh);
        Files.write(fresh.resolve("zarr.json"), new byte[10]);
        Process writer = new ProcessBuilder("sleep", "60").start();
        writer.destroyForcibly();
        writer.waitFor();
        Path orphan = work.resolve("out.zarr/c/" + FileStore.TEMP_PREFIX + writer.pid() + "-ab-0");
        Files.createDirectories(orphan.getParent());
        Files.write(orphan, new byte[5]);
        Path running = work.resolve("run-abc");
        RunMarker.mark(running);
        Files.write(running.resolve("chunk"), new byte[7]);

        ZarrCommandTest.Result dry = ZarrCommandTest.run("clean", "--dry-run", work.toString());
        assertThat(dry.code()).as(dry.err()).isZero();
        assertThat(dry.out()).contains("would remove").contains(run.toString()).contains("bench run")
                .contains(intermediates.toString()).contains(orphan.toString()).contains("killed write")
                .doesNotContain(running.toString()).doesNotContain(fresh.toString())
                .contains("would remove 3 item(s)").contains("dry run: nothing removed");
        assertThat(run).exists();
        assertThat(orphan).exists();

        ZarrCommandTest.Result clean = ZarrCommandTest.run("clean", work.toString());
        assertThat(clean.code()).as(clean.err()).isZero();
        assertThat(clean.out()).contains("removed 3 item(s)");
        assertThat(run).doesNotExist();
        assertThat(intermediates).doesNotExist();
        assertThat(orphan).doesNotExist();
        assertThat(running.resolve("chunk")).as("a running bench's run").exists();
        assertThat(fresh).as("intermediates written to just now").exists();
    }
}
