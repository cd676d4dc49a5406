package dev.cubed.cli;

import dev.cubed.plan.MemorySize;
import dev.cubed.storage.FileStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code cubed clean [WORK_DIR...]}: removes what finished or abandoned runs left on local disk:
 * bench runs ({@code run-*}, kept with {@code --keep} or left by a killed bench), the bench's
 * temporary work dirs, computations' intermediate arrays ({@code cubed-<plan hash>}, only resume
 * needs them) and temporary files of killed writes. Directories of a bench or demo still running
 * are left alone.
 */
@Command(name = "clean", mixinStandardHelpOptions = true,
        description = {"Remove what finished or abandoned runs left: bench runs (run-*), the bench's temporary"
                + " work dirs (cubed-bench*, cubed-rechunk* in the temp directory), intermediate arrays (cubed-<hash>, needed only"
                + " to resume) and temporary files of killed writes (.cubed-tmp-*).",
            "Runs still in progress are left alone."})
final class CleanCommand implements Callable<Integer> {
    private static final Pattern RUN = Pattern.compile("run-[0-9a-f]+");
    private static final Pattern INTERMEDIATES = Pattern.compile("cubed-[0-9a-f]{8,}");
    /** The temporary work dirs of bench and of zarr copy's rechunk (Files.createTempDirectory names). */
    private static final Pattern BENCH_TEMP = Pattern.compile("cubed-(bench|rechunk)[0-9]+");

    /** Intermediates written to this recently may belong to a computation still running. */
    private static final java.time.Duration IN_USE = java.time.Duration.ofMinutes(10);

    private final Map<String, String> environment;

    CleanCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @picocli.CommandLine.Spec
    CommandSpec spec;

    @Parameters(paramLabel = "WORK_DIR", arity = "0..*",
            description = "Directories to clean (default: cubed-work in the checkout, and the bench's temporary"
                    + " directories)")
    List<Path> dirs = new ArrayList<>();

    @Option(names = "--dry-run", description = "List what would be removed, remove nothing")
    boolean dryRun;

    /** Something to remove: where, what it is, its size. */
    record Litter(Path path, String what, long bytes) {
    }

    @Override
    public Integer call() throws IOException {
        List<Path> roots = new ArrayList<>(dirs);
        if (roots.isEmpty()) {
            roots.add(Path.of(environment.getOrDefault("CUBED_HOME", "."), "cubed-work"));
            roots.add(Path.of(System.getProperty("java.io.tmpdir")));
        }
        List<Litter> found = new ArrayList<>();
        for (Path root : roots) {
            if (!Files.isDirectory(root)) {
                if (!dirs.isEmpty()) {
                    throw new IllegalArgumentException("cubed clean: " + root + " is not a directory");
                }
                continue;
            }
            Path r = root.toAbsolutePath().normalize();
            if (dirs.isEmpty() && r.equals(temp())) {
                findBenchTemporaries(r, found); // not the rest of a directory every program shares
            } else {
                find(r, found);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        long total = 0;
        for (Litter l : found) {
            if (!dryRun) {
                BenchCommand.deleteTree(l.path());
            }
            total += l.bytes();
            out.printf(Locale.ROOT, "%s %10s  %s (%s)%n", dryRun ? "would remove" : "removed", MemorySize.format(l.bytes()),
                    l.path(), l.what());
        }
        out.printf(Locale.ROOT, "%s %d item(s), %s%n", dryRun ? "would remove" : "removed", found.size(),
                MemorySize.format(total) + (dryRun ? " (dry run: nothing removed)" : ""));
        return 0;
    }

    private static Path temp() {
        return Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();
    }

    private static void findBenchTemporaries(Path temp, List<Litter> found) throws IOException {
        try (Stream<Path> s = Files.list(temp)) {
            for (Path p : s.filter(p -> BENCH_TEMP.matcher(p.getFileName().toString()).matches() && Files.isDirectory(p))
                    .toList()) {
                if (!RunMarker.inUse(p)) {
                    found.add(new Litter(p, "bench work dir", size(p)));
                }
            }
        }
    }

    private static void find(Path root, List<Litter> found) throws IOException {
        List<Path> claimed = new ArrayList<>();
        try (Stream<Path> all = Files.walk(root, 4)) {
            for (Path p : all.filter(Files::isDirectory).toList()) {
                if (claimed.stream().anyMatch(p::startsWith)) {
                    continue;
                }
                String name = p.getFileName() == null ? "" : p.getFileName().toString();
                String what = null;
                if (p.getParent() != null && p.getParent().equals(root) && BENCH_TEMP.matcher(name).matches()) {
                    what = "bench work dir";
                } else if (RUN.matcher(name).matches()) {
                    what = "bench run";
                } else if (INTERMEDIATES.matcher(name).matches()) {
                    what = "intermediate arrays of a computation";
                } else if (name.equals("intermediate") && p.getParent() != null
                        && p.getParent().getFileName() != null && p.getParent().getFileName().toString().equals("demo")) {
                    what = "demo intermediates";
                }
                if (what != null) {
                    claimed.add(p);
                    // a program's session leaves no marker: intermediates written to lately may be in use
                    boolean recent = what.startsWith("intermediate") && modifiedWithin(p, IN_USE);
                    if (!RunMarker.inUse(p) && !recent) {
                        found.add(new Litter(p, what, size(p)));
                    }
                }
            }
        } catch (java.io.UncheckedIOException e) {
            throw new IOException("cannot look through " + root + ": " + e.getCause().getMessage(), e.getCause());
        }
        for (Path p : new FileStore(root).abandonedWrites("")) {
            if (claimed.stream().noneMatch(p::startsWith)) {
                found.add(new Litter(p, "temporary file of a killed write", p.toFile().length()));
            }
        }
    }

    private static boolean modifiedWithin(Path dir, java.time.Duration d) {
        java.time.Instant since = java.time.Instant.now().minus(d);
        try (Stream<Path> s = Files.walk(dir)) {
            return s.anyMatch(p -> {
                try {
                    return Files.getLastModifiedTime(p).toInstant().isAfter(since);
                } catch (IOException e) {
                    return false;
                }
            });
        } catch (IOException | java.io.UncheckedIOException e) {
            return true;
        }
    }

    private static long size(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0;
        }
    }
}
