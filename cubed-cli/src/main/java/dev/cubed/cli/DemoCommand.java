package dev.cubed.cli;

import dev.cubed.array.ComputeOptions;
import dev.cubed.array.Cubed;
import dev.cubed.array.LazyArray;
import dev.cubed.array.Spec;
import dev.cubed.block.Block;
import dev.cubed.diagnostics.ComputeHistory;
import dev.cubed.diagnostics.HistoryCallback;
import dev.cubed.diagnostics.MemoryWarningCallback;
import dev.cubed.diagnostics.ProgressBars;
import dev.cubed.plan.FinalizedPlan;
import dev.cubed.storage.zarr.ZarrArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;


import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code cubed demo}: a small real computation on the threads executor with progress bars. The
 * quadratic means of two seeded random arrays (mean over axis 0 of u*u, v*v and u*v, planned and
 * run together) and a rechunk of u stored as Zarr; every value is checked against the same
 * arithmetic done directly in memory, and the history and plots are written next to the arrays.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run a small computation on the threads executor: the quadratic means of two random arrays"
                + " and a rechunk, checked against an in-memory computation, with progress bars, history and plots."})
final class DemoCommand implements Callable<Integer> {
    static final long SEED = 20240101L;
    static final long ALLOWED_MEM = 500_000_000L;

    @picocli.CommandLine.Spec
    CommandSpec spec;

    @Option(names = "--dir", paramLabel = "PATH",
            description = "Work directory (default: cubed-work/demo under the project directory (CUBED_HOME) or the current directory)")
    Path dir;

    @Option(names = "--n", defaultValue = "3000", description = "Side of the square arrays (default: ${DEFAULT-VALUE})")
    int n;

    @Option(names = "--chunk", defaultValue = "500", description = "Side of the square chunks (default: ${DEFAULT-VALUE})")
    int chunk;

    @Option(names = "--no-progress", description = "Do not show progress bars")
    boolean noProgress;

    @Override
    public Integer call() throws java.io.IOException {
        if (n < 2 || chunk < 1 || chunk > n) {
            throw new IllegalArgumentException("--n must be at least 2 and --chunk between 1 and --n; got --n " + n
                    + " --chunk " + chunk);
        }
        java.util.Optional<Integer> sized = HeapSizing.runSized(HeapSizing.budget(ALLOWED_MEM,
                Runtime.getRuntime().availableProcessors()), spec.root().commandLine().getParseResult().originalArgs(),
                System.err);
        if (sized.isPresent()) {
            return sized.get();
        }
        PrintWriter out = spec.commandLine().getOut();
        Path work = (dir != null ? dir
                : Path.of(System.getenv().getOrDefault("CUBED_HOME", "."), "cubed-work", "demo")).toAbsolutePath().normalize();
        Path historyDir = work.resolve("history");
        String rechunked = work.resolve("u-rechunked.zarr").toUri().toString();
        HistoryCallback history = HistoryCallback.builder().directory(historyDir).build();
        MemoryWarningCallback memory = new MemoryWarningCallback();
        List<dev.cubed.runtime.Callback> callbacks = new ArrayList<>(List.of(history, memory));
        if (!noProgress) {
            callbacks.add(ProgressBars.toStderr());
        }
        ComputeOptions options = ComputeOptions.defaults().withCallbacks(callbacks.toArray(new dev.cubed.runtime.Callback[0]));
        Spec cubedSpec = Spec.builder().workDir(work.resolve("intermediate")).executor("threads").allowedMem(ALLOWED_MEM)
                .build();

        out.printf(Locale.ROOT, "cubed demo: quadratic means of two %d x %d random float64 arrays in %d x %d chunks,"
                + " and a rechunk%n", n, n, chunk, chunk);
        out.printf(Locale.ROOT, "  work dir   %s%n%n", work);
        out.flush();
        // the intermediates serve only this run (resume is not offered): removed however it ends, so
        // that runs do not pile them up; the outputs and history stay, overwritten by the next run
        Path intermediate = work.resolve("intermediate");
        RunMarker.mark(intermediate);
        try (CommandInterruption stop = CommandInterruption.watch(() -> "cubed: demo interrupted; its intermediates ("
                + intermediate + ") deleted, outputs and history in " + work + " kept; run it again with: ./cubed "
                + String.join(" ", spec.root().commandLine().getParseResult().originalArgs()), System.err)) {
            try {
                return compute(cubedSpec, options, history, memory, rechunked, work, out);
            } catch (RuntimeException e) {
                if (stop.interrupted()) {
                    return 130;
                }
                throw e;
            } finally {
                stop.beforeCleanup();
                BenchCommand.deleteTree(intermediate);
            }
        }
    }

    private int compute(Spec cubedSpec, ComputeOptions options, HistoryCallback history, MemoryWarningCallback memory,
                        String rechunked, Path work, PrintWriter out) {
        try (Cubed cb = Cubed.session(cubedSpec)) {
            long[] shape = {n, n};
            int[] chunks = {chunk, chunk};
            LazyArray u = cb.randomUniform(shape, chunks, SEED);
            LazyArray v = cb.randomUniform(shape, chunks, SEED + 1);
            List<LazyArray> means = List.of(u.multiply(u).mean(0), v.multiply(v).mean(0), u.multiply(v).mean(0));
            FinalizedPlan plan = cb.plan(means);
            out.printf(Locale.ROOT, "plan of the quadratic means (computed together):%n%s%n", indent(plan.summary()));
            out.flush();

            long t0 = System.nanoTime();
            List<Block> results = cb.compute(means, options);
            double meansSeconds = (System.nanoTime() - t0) / 1e9;
            ComputeHistory meansHistory = history.last().orElse(null);

            t0 = System.nanoTime();
            int[] bands = {n, Math.max(1, chunk / 4)};
            u.rechunk(bands).toZarr(rechunked, options);
            double rechunkSeconds = (System.nanoTime() - t0) / 1e9;
            ComputeHistory rechunkHistory = history.last().orElse(null);

            // the check: the same values computed directly, in memory
            Block uIn = u.compute();
            Block vIn = v.compute();
            double[][] expected = new double[3][n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double a = uIn.getDouble(i, j);
                    double b = vIn.getDouble(i, j);
                    expected[0][j] += a * a;
                    expected[1][j] += b * b;
                    expected[2][j] += a * b;
                }
            }
            double worst = 0;
            for (int k = 0; k < 3; k++) {
                for (int j = 0; j < n; j++) {
                    expected[k][j] /= n;
                    worst = Math.max(worst, Math.abs(results.get(k).getDouble(j) - expected[k][j]) / expected[k][j]);
                }
            }
            boolean meansOk = worst < 1e-10; // only the order of the additions differs
            ZarrArray back = ZarrArray.open(cb.storage().open(rechunked), "");
            Block all = back.read(new long[2], new int[] {n, n});
            long mismatches = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    if (all.getDouble(i, j) != uIn.getDouble(i, j)) {
                        mismatches++;
                    }
                }
            }
            boolean rechunkOk = mismatches == 0 && Arrays.equals(back.metadata().chunks(), bands);

            out.printf(Locale.ROOT, "%nquadratic means in %.2f s (mean over axis 0; the first 4 of %d values):%n",
                    meansSeconds, n);
            String[] names = {"mean(u*u)", "mean(v*v)", "mean(u*v)"};
            double[] about = {1.0 / 3, 1.0 / 3, 1.0 / 4};
            for (int k = 0; k < 3; k++) {
                Block r = results.get(k);
                double overall = 0;
                for (int j = 0; j < n; j++) {
                    overall += r.getDouble(j);
                }
                out.printf(Locale.ROOT, "  %-10s %.6f %.6f %.6f %.6f ...  overall %.5f (uniform [0,1): %.5f)%n",
                        names[k], r.getDouble(0), r.getDouble(1), r.getDouble(2), r.getDouble(3), overall / n, about[k]);
            }
            out.printf(Locale.ROOT, "  check      %d values against the same sums done in memory: largest relative"
                    + " difference %.1e: %s%n", 3 * n, worst, meansOk ? "OK" : "FAILED");
            out.printf(Locale.ROOT, "%nrechunk of u from %s to %s chunks in %.2f s, stored as %s%n",
                    Arrays.toString(chunks), Arrays.toString(bands), rechunkSeconds, back.where());
            out.printf(Locale.ROOT, "  check      %d of %d values equal u read in memory: %s%n",
                    (long) n * n - mismatches, (long) n * n, rechunkOk ? "OK" : "FAILED");

            out.printf(Locale.ROOT, "%nhistory (plan.csv, events.csv, stats.csv, timeline.png, memory.png):%n");
            for (ComputeHistory h : new ComputeHistory[] {meansHistory, rechunkHistory}) {
                if (h != null) {
                    out.printf(Locale.ROOT, "  %s%n", h.directory());
                }
            }
            for (String w : memory.warnings()) {
                out.printf(Locale.ROOT, "warning: %s%n", w);
            }
            out.flush();
            return meansOk && rechunkOk ? 0 : 1;
        }
    }

    private static String indent(String text) {
        StringBuilder sb = new StringBuilder();
        for (String line : text.split("\n")) {
            sb.append("  ").append(line).append('\n');
        }
        return sb.toString();
    }
}
