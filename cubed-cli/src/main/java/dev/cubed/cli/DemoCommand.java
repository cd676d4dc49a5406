package dev.cubed.cli;

import dev.cubed.block.Block;
import dev.cubed.block.DataType;
import dev.cubed.storage.FileStore;
import dev.cubed.storage.zarr.ArrayMetadata;
import dev.cubed.storage.zarr.ZarrArray;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cubed demo} (interim, until the runtime brings a real computation): computes a small
 * array, writes it as Zarr v3 in a local work directory, reads it back and checks every value.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Write a computed array as Zarr, read it back and verify it (an interim demo of the storage layer).")
final class DemoCommand implements java.util.concurrent.Callable<Integer> {
    static final String FORMULA = "sin(i/17)*cos(j/23) + i*j/10000";

    @Spec
    CommandSpec spec;

    @Option(names = "--dir", paramLabel = "PATH",
            description = "Work directory (default: cubed-work/demo under CUBED_HOME or the current directory)")
    Path dir;

    static double value(long i, long j) {
        return Math.sin(i / 17.0) * Math.cos(j / 23.0) + i * j / 10000.0;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Path work = dir != null ? dir : Path.of(System.getenv().getOrDefault("CUBED_HOME", "."), "cubed-work", "demo");
        FileStore store = new FileStore(work);
        String name = "field.zarr";
        store.deletePrefix(name + "/");
        int rows = 200;
        int cols = 300;
        ArrayMetadata m = ArrayMetadata.builder().shape(rows, cols).chunks(64, 64).dataType(DataType.FLOAT64)
                .codecs(ArrayMetadata.Codecs.zstd(3)).dimensionNames("i", "j")
                .attributes(java.util.Map.of("formula", FORMULA)).build();

        double[] values = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                values[i * cols + j] = value(i, j);
            }
        }
        long t0 = System.nanoTime();
        ZarrArray a = ZarrArray.create(store, name, m);
        a.write(new long[2], Block.of(values, rows, cols));
        long writeMicros = (System.nanoTime() - t0) / 1000;

        t0 = System.nanoTime();
        ZarrArray back = ZarrArray.open(store, name);
        Block all = back.read(new long[2], new int[] {rows, cols});
        long readMicros = (System.nanoTime() - t0) / 1000;
        long[] regionAt = {30, 40};
        int[] regionShape = {50, 70};
        Block region = back.read(regionAt, regionShape);

        long checked = 0;
        long bad = 0;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                checked++;
                if (all.getDouble(i, j) != value(i, j)) {
                    bad++;
                }
            }
        }
        for (int i = 0; i < regionShape[0]; i++) {
            for (int j = 0; j < regionShape[1]; j++) {
                checked++;
                if (region.getDouble(i, j) != value(regionAt[0] + i, regionAt[1] + j)) {
                    bad++;
                }
            }
        }
        long stored = back.storedBytes();
        out.printf(Locale.ROOT, "cubed demo: a Zarr round trip in %s%n", work.toAbsolutePath());
        out.printf(Locale.ROOT, "  wrote   %s (Zarr v%d) in %.1f ms%n", back.where(), m.format().number(), writeMicros / 1000.0);
        out.printf(Locale.ROOT, "          shape %s, chunks %s (%d chunks, edge chunks clipped), %s, values %s%n",
                Arrays.toString(m.shape()), Arrays.toString(m.chunks()), m.chunkCount(), m.dataType(), FORMULA);
        out.printf(Locale.ROOT, "          codecs %s: %d bytes of data stored in %d bytes (%.2fx)%n", m.describeCodecs(),
                m.nbytes(), stored, (double) m.nbytes() / stored);
        out.printf(Locale.ROOT, "  read    the whole array in %.1f ms, and a %s region at %s that crosses chunk edges%n",
                readMicros / 1000.0, Arrays.toString(regionShape), Arrays.toString(regionAt));
        out.printf(Locale.ROOT, "  check   %d of %d values equal the formula recomputed in memory: %s%n", checked - bad,
                checked, bad == 0 ? "OK" : "FAILED");
        out.flush();
        return bad == 0 ? 0 : 1;
    }
}
