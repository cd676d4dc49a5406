package dev.cubed.cli;

import dev.cubed.storage.Storage;
import dev.cubed.storage.Store;
import dev.cubed.storage.zarr.ArrayMetadata;
import dev.cubed.storage.zarr.ZarrArray;
import dev.cubed.storage.zarr.ZarrException;
import dev.cubed.storage.zarr.ZarrFormat;
import dev.cubed.storage.zarr.ZarrGroup;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cubed zarr info URL}: what an array (or group) is and how much of it is stored. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Show an array's format, shape, chunks, data type, fill value, codecs, stored chunks and bytes"
                + " (or a group's attributes and members).")
final class ZarrInfoCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PATH_OR_URL", description = "The array or group: a path, file://..., s3://bucket/prefix")
    String url;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        try (Storage storage = Storage.defaults()) {
            Store store = storage.open(url);
            ZarrArray array;
            try {
                array = ZarrArray.open(store, "");
            } catch (ZarrException notAnArray) {
                ZarrGroup group;
                try {
                    group = ZarrGroup.open(store, "");
                } catch (ZarrException notAGroup) {
                    throw notAnArray;
                }
                printGroup(out, group);
                return;
            }
            printArray(out, array);
        }
    }

    static void printArray(PrintWriter out, ZarrArray a) {
        ArrayMetadata m = a.metadata();
        long[] grid = m.chunkGridShape();
        row(out, "array", a.where());
        row(out, "format", "Zarr " + m.format().name().toLowerCase(Locale.ROOT));
        row(out, "shape", Arrays.toString(m.shape()));
        row(out, "chunks", Arrays.toString(m.chunks()) + "  (grid " + Arrays.toString(grid) + ", " + m.chunkCount()
                + " chunks of " + bytes(m.chunkBytes()) + ")");
        row(out, "data type", m.dataType() + (m.format() == ZarrFormat.V2 ? "  (" + m.zarrayJson().get("dtype").asText()
                + ")" : ""));
        row(out, "fill value", m.describeFillValue());
        row(out, "codecs", m.describeCodecs());
        if (m.format() == ZarrFormat.V2) {
            row(out, "order", String.valueOf(m.order()));
        }
        row(out, "chunk keys", m.chunkKeyEncoding() + ", e.g. " + (m.chunkCount() > 0
                ? a.chunkKey(new long[m.ndim()]) : "(no chunks)"));
        if (m.dimensionNames() != null) {
            row(out, "dimensions", String.join(", ", m.dimensionNames().stream().map(String::valueOf).toList()));
        }
        long stored = a.storedChunks().size();
        row(out, "chunks present", stored + " of " + m.chunkCount());
        long storedBytes = a.storedBytes();
        row(out, "bytes stored", storedBytes + " (" + bytes(storedBytes) + "; uncompressed data " + bytes(m.nbytes()) + ")");
        if (!m.attributes().isEmpty()) {
            row(out, "attributes", m.attributes().toString());
        }
        out.flush();
    }

    private static void printGroup(PrintWriter out, ZarrGroup g) {
        row(out, "group", g.toString().replaceFirst("^ZarrGroup\\((.*), V\\d\\)$", "$1"));
        row(out, "format", "Zarr " + g.format().name().toLowerCase(Locale.ROOT));
        row(out, "arrays", g.arrayNames().isEmpty() ? "(none)" : String.join(", ", g.arrayNames()));
        row(out, "groups", g.groupNames().isEmpty() ? "(none)" : String.join(", ", g.groupNames()));
        row(out, "attributes", g.attributes().toString());
        out.flush();
    }

    private static void row(PrintWriter out, String label, String value) {
        out.printf(Locale.ROOT, "%-15s %s%n", label, value);
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
