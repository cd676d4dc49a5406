package dev.cubed.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code cubed bench} in its own JVM, which re-launches itself in a heap-sized child JVM
 * (as under {@code ./cubed}), killed while it computes: the child must not outlive it, and what
 * the run wrote must go unless {@code --keep}.
 */
class BenchInterruptionTest {
    @TempDir
    Path dir;

    /** A bench big enough to be still running when killed: 256 tasks writing 0.5 MB chunks. */
    private static final List<String> BENCH = List.of("bench", "add-store", "--n", "4000", "--chunk", "250",
            "--allowed-mem", "300MB", "--workers", "2", "--codec", "none");

    private record Launched(Process parent, ProcessHandle child, Path out, Path err) {
        String stderr() throws IOException {
            return Files.readString(err, StandardCharsets.UTF_8);
        }
    }

    /** Starts the bench with {@code extra} arguments, and waits for its sized child to write its first chunks. */
    private Launched start(Path tmp, Path watched, String... extra) throws Exception {
        Files.createDirectories(tmp);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-Dcubed.heap.auto=true", "-Djava.io.tmpdir=" + tmp,
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(BENCH);
        cmd.addAll(List.of(extra));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process parent = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        ProcessHandle child = null;
        while (System.nanoTime() < deadline) {
            Optional<ProcessHandle> c = parent.children().findFirst();
            if (c.isPresent()) {
                child = c.get();
            }
            if (child != null && chunksUnder(watched) >= 4) {
                return new Launched(parent, child, out, err);
            }
            assertThat(parent.isAlive()).as("bench still running: %s", Files.readString(err)).isTrue();
            Thread.sleep(50);
        }
        parent.destroyForcibly();
        throw new AssertionError("the bench wrote no chunks in 90 s; child " + child + ": " + Files.readString(err));
    }

    private static long chunksUnder(Path root) throws IOException {
        if (!Files.exists(root)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.toString().contains("out.zarr") && Files.isRegularFile(p)
                    && !p.getFileName().toString().equals("zarr.json")).count();
        } catch (java.io.UncheckedIOException e) {
            return 0; // a file went while walking
        }
    }

    private static long filesUnder(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).count();
        }
    }

    private static void signal(Process p, String signal) throws Exception {
        assertThat(new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor()).isZero();
    }

    private static void assertGone(ProcessHandle child) throws Exception {
        child.onExit().get(40, TimeUnit.SECONDS);
        assertThat(child.isAlive()).as("the sized child JVM outlived its parent").isFalse();
    }

    @Test
    void sigtermStopsTheChildAndDeletesTheTemporaryWorkDir() throws Exception {
        Path tmp = dir.resolve("tmp");
        Launched b = start(tmp, tmp);
        assertThat(b.child().isAlive()).isTrue();
        b.parent().destroy(); // SIGTERM to the parent only, as `kill PID` or a CI timeout sends it
        assertThat(b.parent().waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertGone(b.child());
        assertThat(b.parent().exitValue()).as("killed, not finished").isEqualTo(143);
        assertThat(filesUnder(tmp)).as("work files left in " + tmp).isZero();
        try (Stream<Path> s = Files.list(tmp)) {
            assertThat(s.filter(p -> p.getFileName().toString().startsWith("cubed-bench"))).isEmpty();
        }
        assertThat(b.stderr()).containsOnlyOnce("cubed: bench add-store interrupted after")
                .contains("nothing kept").contains("run it with --keep: ./cubed bench add-store --n 4000");
    }

    @Test
    void sigkillOfTheParentStopsTheChildWhichDeletesItsRun() throws Exception {
        Path work = dir.resolve("work");
        Launched b = start(dir.resolve("tmp"), work, "--work-dir", work.toString());
        b.parent().destroyForcibly(); // SIGKILL: no shutdown hook runs in the parent
        assertGone(b.child());
        assertThat(filesUnder(work)).as("work files left in " + work).isZero();
    }

    @Test
    void sigintWithKeepKeepsTheRunAndPrintsTheCommandThatResumesIt() throws Exception {
        Path work = dir.resolve("work");
        Launched b = start(dir.resolve("tmp"), work, "--work-dir", work.toString(), "--keep");
        signal(b.parent(), "INT");
        assertThat(b.parent().waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertGone(b.child());
        assertThat(b.parent().exitValue()).isEqualTo(130);
        String err = b.stderr();
        Matcher m = Pattern.compile("kept (\\S+); resume with: ./cubed (.*)").matcher(err);
        assertThat(m.find()).as(err).isTrue();
        Path run = Path.of(m.group(1));
        assertThat(run.resolve("out.zarr").resolve("zarr.json")).exists();
        long kept = chunksUnder(run);
        assertThat(kept).isPositive();

        ZarrCommandTest.Result resumed = ZarrCommandTest.run(m.group(2).split(" "));
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(chunksUnder(run)).isEqualTo(256);
        // the kept run resumed with another seed would mix two computations: refused
        String otherSeed = m.group(2).replace("--resume", "--seed 99 --resume");
        ZarrCommandTest.Result stale = ZarrCommandTest.run(otherSeed.split(" "));
        assertThat(stale.code()).isNotZero();
        assertThat(stale.err()).contains("cannot resume").contains("out.zarr").contains("--recompute-stale");

        assertThat(resumed.out()).containsPattern("resumed +run-[0-9a-f]+: [1-9][0-9]* tasks skipped");
    }
}
