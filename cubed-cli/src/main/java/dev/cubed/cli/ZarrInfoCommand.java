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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cubed zarr info URL}: what an array (or group) is and how much of it is stored. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = {"Show an array's format, shape, chunks, data type, fill value, codecs, stored chunks and bytes,"
                + " or a group's attributes and its tree of arrays and groups (from its consolidated metadata when it"
                + " has some: groups served over https:// need it, since HTTP cannot list).",
            "Public data: s3://bucket/x.zarr --anon (unsigned requests), https://host/x.zarr."})
final class ZarrInfoCommand implements Runnable {
    private final Map<String, String> environment;

    ZarrInfoCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PATH_OR_URL",
            description = "The array or group: a path, file://..., s3://bucket/prefix, https://host/path")
    String url;

    @Mixin
    S3AccessOptions access;

    @Option(names = "--ignore-consolidated",
            description = "Read each node's own metadata (listing the store) instead of the group's consolidated metadata")
    boolean ignoreConsolidated;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        try (Storage storage = new AwsSettings(environment, null).storage()) {
            Store store = storage.open(access.apply(url));
            ZarrArray array;
            try {
                array = ZarrArray.open(store, "");
            } catch (ZarrException notAnArray) {
                ZarrGroup group;
                try {
                    group = ZarrGroup.open(store, "", ignoreConsolidated ? ZarrGroup.Consolidation.IGNORE
                            : ZarrGroup.Consolidation.USE_IF_PRESENT);
                } catch (ZarrException notAGroup) {
                    throw notAGroup.getMessage().startsWith("no Zarr group") ? notAnArray : notAGroup;
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
        if (a.store().supportsListing()) {
            long stored = a.storedChunks().size();
            row(out, "chunks present", stored + " of " + m.chunkCount());
            long storedBytes = a.storedBytes();
            row(out, "bytes stored", storedBytes + " (" + bytes(storedBytes) + "; uncompressed data " + bytes(m.nbytes())
                    + ")");
        } else {
            row(out, "chunks present", "not known: " + a.store().url() + " cannot be listed (of " + m.chunkCount() + ")");
            row(out, "bytes stored", "not known (uncompressed data " + bytes(m.nbytes()) + ")");
        }
        if (!m.attributes().isEmpty()) {
            row(out, "attributes", m.attributes().toString());
        }
        out.flush();
    }

    private static void printGroup(PrintWriter out, ZarrGroup g) {
        row(out, "group", g.where());
        row(out, "format", "Zarr " + g.format().name().toLowerCase(Locale.ROOT));
        row(out, "metadata", g.metadataSource());
        row(out, "arrays", g.arrayNames().isEmpty() ? "(none)" : String.join(", ", g.arrayNames()));
        row(out, "groups", g.groupNames().isEmpty() ? "(none)" : String.join(", ", g.groupNames()));
        row(out, "attributes", g.attributes().toString());
        List<ZarrGroup.Member> members = g.members();
        long arrays = members.stream().filter(ZarrGroup.Member::isArray).count();
        row(out, "tree", arrays + " array" + (arrays == 1 ? "" : "s") + ", " + (members.size() - arrays) + " group"
                + (members.size() - arrays == 1 ? "" : "s") + " below");
        for (ZarrGroup.Member member : members) {
            out.println(treeLine(member));
        }
        out.flush();
    }

    /** {@code   sub/mask  array  [5, 5]  chunks [3, 3]  uint8  bytes}, indented by depth. */
    static String treeLine(ZarrGroup.Member member) {
        String[] parts = member.path().split("/");
        String name = "  ".repeat(parts.length) + parts[parts.length - 1] + (member.isArray() ? "" : "/");
        if (!member.isArray()) {
            return String.format(Locale.ROOT, "%-24s group", name);
        }
        ArrayMetadata m = member.metadata();
        if (m == null) {
            return String.format(Locale.ROOT, "%-24s array  (cannot be read here: %s)", name, member.problem());
        }
        return String.format(Locale.ROOT, "%-24s array  %s  chunks %s  %s  %s", name, Arrays.toString(m.shape()),
                Arrays.toString(m.chunks()), m.dataType(), m.describeCodecs());
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
