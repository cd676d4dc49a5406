package dev.cubed.cli;

import dev.cubed.storage.Storage;
import dev.cubed.storage.Store;
import dev.cubed.storage.zarr.ZarrArray;
import dev.cubed.storage.zarr.ZarrException;
import dev.cubed.storage.zarr.ZarrGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code cubed zarr verify URL}: decodes every stored chunk of an array (or of every array in a
 * group), which checks each chunk's checksum where the array has one, and lists the bad chunks.
 * Exit status 1 when any chunk is bad.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Decode every stored chunk of an array, or of each array in a group, and list the chunks that"
                + " are corrupt (checksum mismatch, broken compression). Exit status 1 if any is.",
            "Arrays written by cubed carry a checksum (v3 crc32c, v2 crc32); without one only broken compression shows."})
final class ZarrVerifyCommand implements Callable<Integer> {
    private final Map<String, String> environment;

    ZarrVerifyCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @picocli.CommandLine.Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PATH_OR_URL", description = "The array or group: a path, file://..., s3://...")
    String url;

    @Mixin
    S3AccessOptions access;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Storage storage = new AwsSettings(environment, null).storage()) {
            Store store = storage.open(access.apply(url));
            List<ZarrArray> arrays = new ArrayList<>();
            try {
                arrays.add(ZarrArray.open(store, ""));
            } catch (ZarrException notAnArray) {
                ZarrGroup group;
                try {
                    group = ZarrGroup.open(store, "", ZarrGroup.Consolidation.IGNORE);
                } catch (ZarrException notAGroup) {
                    throw notAnArray;
                }
                collect(group, arrays);
            }
            long bad = 0;
            long chunks = 0;
            for (ZarrArray a : arrays) {
                if (!a.store().supportsListing()) {
                    throw new IllegalArgumentException("cannot verify " + a.where() + ": its store cannot list the"
                            + " chunks it holds");
                }
                long mine = 0;
                List<long[]> stored = a.storedChunks();
                for (long[] c : stored) {
                    try {
                        a.readStoredChunk(c);
                    } catch (ZarrException e) {
                        out.printf(Locale.ROOT, "BAD  %s%n", e.getMessage());
                        mine++;
                    }
                }
                chunks += stored.size();
                bad += mine;
                out.printf(Locale.ROOT, "%s %s: %d chunks, %d bad (%s)%n", mine == 0 ? "ok  " : "BAD ", a.where(),
                        stored.size(), mine, a.metadata().describeCodecs());
            }
            out.printf(Locale.ROOT, "%d of %d chunks in %d array%s are bad%n", bad, chunks, arrays.size(),
                    arrays.size() == 1 ? "" : "s");
            out.flush();
            return bad == 0 ? 0 : 1;
        }
    }

    private static void collect(ZarrGroup group, List<ZarrArray> into) {
        for (String name : group.arrayNames()) {
            into.add(group.openArray(name));
        }
        for (String name : group.groupNames()) {
            collect(group.openGroup(name), into);
        }
    }
}
