package dev.cubed.cli;

import com.github.luben.zstd.Zstd;
import dev.cubed.block.Block;
import dev.cubed.block.DataType;
import dev.cubed.storage.FileStore;
import dev.cubed.storage.zarr.ArrayMetadata;
import dev.cubed.storage.zarr.ZarrArray;
import dev.cubed.storage.zarr.codec.BloscCodec;
import dev.cubed.storage.zarr.codec.Codec;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;
import net.jpountz.lz4.LZ4Factory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cubed zarr bench}: encode+write and read+decode throughput of each codec on a local
 * directory (one thread), next to raw zstd-jni compress/decompress of the same bytes.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure Zarr chunk write (encode + store) and read (load + decode) throughput per codec on one"
                + " thread, next to raw zstd-jni on the same bytes.")
final class ZarrBenchCommand implements Callable<Integer> {
    private static final int COLS = 1024;
    private static final int MIB = 1 << 20;

    @Spec
    CommandSpec spec;

    @Option(names = "--dir", paramLabel = "PATH", description = "Directory for the arrays (default: a temporary one, deleted after)")
    Path dir;

    @Option(names = "--mib", defaultValue = "64", description = "MiB of float64 data (default: ${DEFAULT-VALUE})")
    int mib;

    @Option(names = "--chunk-mib", defaultValue = "4", description = "MiB per chunk (default: ${DEFAULT-VALUE})")
    int chunkMib;

    @Option(names = "--repeat", defaultValue = "5", description = "Timed passes per measurement; the best is shown (default: ${DEFAULT-VALUE})")
    int repeat;

    @Override
    public Integer call() throws IOException {
        if (mib <= 0 || chunkMib <= 0 || mib % chunkMib != 0) {
            throw new IllegalArgumentException("--mib (" + mib + ") must be a positive multiple of --chunk-mib (" + chunkMib + ")");
        }
        PrintWriter out = spec.commandLine().getOut();
        int chunkRows = chunkMib * MIB / 8 / COLS;
        int rows = mib * MIB / 8 / COLS;
        int nChunks = rows / chunkRows;
        double[] data = field(rows, COLS);
        Block whole = Block.of(data, rows, COLS);
        boolean temporary = dir == null;
        Path root = temporary ? Files.createTempDirectory("cubed-zarr-bench") : dir;
        out.printf(Locale.ROOT, "cubed zarr bench: %d MiB of float64 in %d chunks of %d MiB (%d x %d), in %s%n", mib, nChunks,
                chunkMib, chunkRows, COLS, root);
        out.printf(Locale.ROOT, "data: 280 + 15*sin(2*pi*i/%d)*cos(2*pi*j/%d) + gaussian noise (sd 0.5), rounded to 0.01 (like"
                + " sensor readings)%n", rows, COLS);
        out.printf(Locale.ROOT, "one thread, best of %d passes after a warm-up pass; files are read back from the page cache;"
                + " MiB/s of uncompressed data%n", repeat);
        out.printf(Locale.ROOT, "machine: %d cores, Java %s, %s%n%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), LocalDate.now());
        out.flush();

        Map<String, List<Codec>> codecs = new LinkedHashMap<>();
        codecs.put("none", ArrayMetadata.Codecs.none());
        codecs.put("gzip(level=5)", ArrayMetadata.Codecs.gzip(5));
        codecs.put("zstd(level=1)", ArrayMetadata.Codecs.zstd(1));
        codecs.put("blosc(lz4, shuffle)", ArrayMetadata.Codecs.blosc());
        codecs.put("blosc(lz4, noshuffle)", ArrayMetadata.Codecs.blosc("lz4", 5, BloscCodec.Shuffle.NOSHUFFLE));
        codecs.put("blosc(zstd 1, shuffle)", ArrayMetadata.Codecs.blosc("zstd", 1, BloscCodec.Shuffle.SHUFFLE));
        codecs.put("lz4", ArrayMetadata.Codecs.lz4());
        codecs.put("crc32c", ArrayMetadata.Codecs.crc32c());
        codecs.put("sharding(4 inner, zstd 1)", ArrayMetadata.Codecs.sharding(new int[] {chunkRows / 4, COLS}));

        // the raw libraries on the same bytes: what a codec adds (framing, shuffle, buffers, store,
        // checks) shows against these
        byte[][] raw = new byte[nChunks][];
        for (int c = 0; c < nChunks; c++) {
            raw[c] = new byte[chunkRows * COLS * 8];
            ByteBuffer.wrap(raw[c]).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().put(data, c * chunkRows * COLS,
                    chunkRows * COLS);
        }
        LZ4Factory lz4 = LZ4Factory.fastestInstance();
        List<RawLibrary> libraries = List.of(
                new RawLibrary("raw zstd-jni level 1", b -> Zstd.compress(b, 1), (b, n) -> Zstd.decompress(b, n)),
                new RawLibrary("raw lz4-java", b -> lz4.fastCompressor().compress(b),
                        (b, n) -> lz4.safeDecompressor().decompress(b, n)));
        byte[][] compressed = new byte[nChunks][];
        try {
            FileStore store = new FileStore(root);
            List<String> names = new ArrayList<>(codecs.keySet());
            List<ZarrArray> arrays = new ArrayList<>();
            for (String name : names) {
                ArrayMetadata m = ArrayMetadata.builder().shape(rows, COLS).chunks(chunkRows, COLS)
                        .dataType(DataType.FLOAT64).codecs(codecs.get(name)).build();
                String dirName = name.replaceAll("[^a-z0-9]+", "_") + ".zarr";
                store.deletePrefix(dirName + "/");
                arrays.add(ZarrArray.create(store, dirName, m));
            }
            // best of several rounds; each round measures every codec and raw zstd back to back, so
            // load from other processes on the machine hits them alike
            double[] write = new double[names.size() + libraries.size()];
            double[] read = new double[names.size() + libraries.size()];
            for (int pass = 0; pass <= repeat; pass++) {
                for (int k = 0; k < names.size(); k++) {
                    ZarrArray a = arrays.get(k);
                    long t0 = System.nanoTime();
                    for (int c = 0; c < nChunks; c++) {
                        a.writeChunk(new long[] {c, 0}, whole.slice(new int[] {c * chunkRows, 0},
                                new int[] {(c + 1) * chunkRows, COLS}));
                    }
                    long t1 = System.nanoTime();
                    double sum = 0;
                    for (int c = 0; c < nChunks; c++) {
                        sum += a.readChunk(c, 0).getDoubleAt(c);
                    }
                    long t2 = System.nanoTime();
                    if (Double.isNaN(sum)) {
                        throw new IllegalStateException("NaN in " + a.where()); // also keeps the reads alive
                    }
                    if (pass > 0) {
                        write[k] = Math.max(write[k], mib / ((t1 - t0) / 1e9));
                        read[k] = Math.max(read[k], mib / ((t2 - t1) / 1e9));
                    }
                }
                for (int l = 0; l < libraries.size(); l++) {
                    RawLibrary lib = libraries.get(l);
                    long t0 = System.nanoTime();
                    for (int c = 0; c < nChunks; c++) {
                        compressed[c] = lib.compress().apply(raw[c]);
                    }
                    long t1 = System.nanoTime();
                    long n = 0;
                    for (int c = 0; c < nChunks; c++) {
                        n += lib.decompress().apply(compressed[c], raw[c].length).length;
                    }
                    long t2 = System.nanoTime();
                    if (n != (long) mib * MIB) {
                        throw new IllegalStateException(lib.name() + " round trip lost bytes");
                    }
                    int k = names.size() + l;
                    if (pass > 0) {
                        write[k] = Math.max(write[k], mib / ((t1 - t0) / 1e9));
                        read[k] = Math.max(read[k], mib / ((t2 - t1) / 1e9));
                    }
                }
            }
            out.printf(Locale.ROOT, "%-28s %8s %14s %14s%n", "codec", "ratio", "write MiB/s", "read MiB/s");
            for (int k = 0; k < names.size(); k++) {
                ZarrArray a = arrays.get(k);
                verify(a, data, chunkRows, nChunks);
                double ratio = (double) mib * MIB / a.storedBytes();
                out.printf(Locale.ROOT, "%-28s %8.2f %14.0f %14.0f%n", names.get(k), ratio, write[k], read[k]);
            }
            for (int l = 0; l < libraries.size(); l++) {
                int k = names.size() + l;
                out.printf(Locale.ROOT, "%-28s %8s %14.0f %14.0f   (compress / decompress only, no I/O)%n",
                        libraries.get(l).name(), "", write[k], read[k]);
            }
            out.println();
            compare(out, "zstd codec vs raw zstd-jni", names.indexOf("zstd(level=1)"), names.size(), write, read);
            compare(out, "blosc(lz4, shuffle) vs raw lz4-java", names.indexOf("blosc(lz4, shuffle)"), names.size() + 1,
                    write, read);
            compare(out, "blosc(lz4, noshuffle) vs raw lz4-java", names.indexOf("blosc(lz4, noshuffle)"),
                    names.size() + 1, write, read);
            out.flush();
        } finally {
            if (temporary) {
                deleteTree(root);
            }
        }
        return 0;
    }

    private static void compare(PrintWriter out, String what, int codec, int library, double[] write, double[] read) {
        out.printf(Locale.ROOT, "%-40s write %.2fx, read %.2fx%n", what + ":", write[codec] / write[library],
                read[codec] / read[library]);
    }

    /** A compression library called directly on a chunk's bytes. */
    private record RawLibrary(String name, Function<byte[], byte[]> compress, BiFunction<byte[], Integer, byte[]> decompress) {
    }

    /** A smooth field plus noise, rounded to two decimals: compressible like real measurements, not like zeros. */
    static double[] field(int rows, int cols) {
        Random r = new Random(42);
        double[] d = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            double si = Math.sin(2 * Math.PI * i / rows);
            for (int j = 0; j < cols; j++) {
                double v = 280 + 15 * si * Math.cos(2 * Math.PI * j / cols) + 0.5 * r.nextGaussian();
                d[i * cols + j] = Math.round(v * 100) / 100.0;
            }
        }
        return d;
    }

    private static void verify(ZarrArray a, double[] data, int chunkRows, int nChunks) {
        int n = chunkRows * COLS;
        for (int c = 0; c < nChunks; c++) {
            double[] got = (double[]) a.readChunk(c, 0).data();
            if (!Arrays.equals(got, 0, n, data, c * n, (c + 1) * n)) {
                throw new IllegalStateException("chunk " + c + " of " + a.where() + " did not read back as written");
            }
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
