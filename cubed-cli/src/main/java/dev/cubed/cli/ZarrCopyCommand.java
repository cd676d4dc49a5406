package dev.cubed.cli;

import dev.cubed.block.Block;
import dev.cubed.storage.Storage;
import dev.cubed.storage.Store;
import dev.cubed.storage.zarr.ArrayMetadata;
import dev.cubed.storage.zarr.ZarrArray;
import dev.cubed.storage.zarr.ZarrException;
import dev.cubed.storage.zarr.ZarrFormat;
import dev.cubed.storage.zarr.codec.Codec;
import dev.cubed.storage.zarr.codec.GzipCodec;
import dev.cubed.storage.zarr.codec.ZlibCodec;
import dev.cubed.array.ComputeOptions;
import dev.cubed.array.Cubed;
import dev.cubed.array.LazyArray;
import dev.cubed.array.Spec;
import dev.cubed.plan.FinalizedPlan;
import dev.cubed.plan.MemorySize;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;


/**
 * {@code cubed zarr copy SRC DST}: copies an array chunk by chunk (one chunk in memory at a
 * time), converting the format or codec. Chunks missing in the source stay missing; from a
 * source that cannot be listed (https://) every chunk is asked for and the missing ones skipped.
 */
@Command(name = "copy", mixinStandardHelpOptions = true,
        description = {"Copy an array chunk by chunk, converting Zarr format (2/3) or codec; bounded memory.",
            "SRC may be public data: s3://bucket/x.zarr with --anon, or https://host/x.zarr."})
final class ZarrCopyCommand implements Runnable {


    private final Map<String, String> environment;

    ZarrCopyCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    /** --anon / --requester-pays: for SRC only; DST is written with your credentials. */
    @Mixin
    S3AccessOptions access;

    @picocli.CommandLine.Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SRC", description = "The source array (path or URL)")
    String src;

    @Parameters(index = "1", paramLabel = "DST", description = "Where to write the copy (path or URL)")
    String dst;

    @Option(names = "--format", paramLabel = "2|3", description = "Zarr format of the copy (default: the source's)")
    String format;

    @Option(names = "--codec", paramLabel = "NAME",
            description = "Compression of the copy: blosc (LZ4, shuffle), blosc-noshuffle, blosc-zstd, lz4, zstd (level 1),"
                    + " gzip (level 5) or none; default: keep the source's")
    String codec;

    @Option(names = "--chunks", paramLabel = "c1,c2,...", split = ",",
            description = "New chunk shape (-1 = whole axis): rechunked in stages that fit --allowed-mem")
    int[] chunks;

    @Option(names = "--allowed-mem", paramLabel = "SIZE", defaultValue = "2GB",
            description = "Memory per task when rechunking, e.g. 2GB or 500MB (default: ${DEFAULT-VALUE})")
    String allowedMem;

    @Option(names = "--work-dir", paramLabel = "PATH|URL",
            description = "Where rechunking keeps its intermediate arrays (default: a temporary directory)")
    String workDir;

    @Option(names = "--overwrite", description = "Replace an array or group already at DST (deletes everything under it)")
    boolean overwrite;

    @Option(names = "--resume",
            description = "Continue an interrupted copy into DST: chunks it holds are kept, provided DST is a copy of the"
                    + " same source with the same settings (else the copy is refused)")
    boolean resume;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        try (Storage storage = new AwsSettings(environment, null).storage()) {
            copy(storage, access.apply(src), out);
        }
    }

    private void copy(Storage storage, String sourceUrl, PrintWriter out) {
        ZarrArray source = ZarrArray.open(storage.open(sourceUrl), "");
        source.pipeline(); // fails here, before anything is written, when a source codec is unsupported
        ArrayMetadata sm = source.metadata();
        ZarrFormat target = format == null ? sm.format() : ZarrFormat.of(format);
        ArrayMetadata dm = targetMetadata(sm, target);
        if (chunks == null) {
            dm = withCopyFingerprint(source, dm);
        }
        Store dstStore = storage.open(dst);
        java.util.Set<String> kept = new java.util.HashSet<>();
        if (!dstStore.list("").isEmpty()) {
            if (resume && overwrite) {
                throw new IllegalArgumentException("--resume keeps what DST holds, --overwrite deletes it: pass one");
            }
            if (resume && chunks == null) {
                kept = resumable(dstStore, dm);
            } else if (!resume) {
                if (!overwrite) {
                    throw new IllegalArgumentException("'" + dstStore.url() + "' is not empty; pass --overwrite to"
                            + " replace what is there, --resume to continue an interrupted copy, or pick another"
                            + " destination");
                }
                dstStore.deletePrefix("");
            }
        }
        long t0 = System.nanoTime();
        if (chunks != null) {
            rechunkCopy(storage, sourceUrl, source, dm, out, t0);
            return;
        }
        ZarrArray dest = ZarrArray.create(dstStore, "", dm);
        boolean listable = source.store().supportsListing();
        long copied = 0;
        for (long[] c : listable ? source.storedChunks() : sm.chunkCoordinates()) {
            if (kept.contains(dest.chunkKey(c))) {
                copied++;
                continue;
            }
            Optional<Block> b = source.readStoredChunk(c);
            if (b.isPresent()) {
                dest.writeChunk(c, b.get());
                copied++;
            }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        out.printf(Locale.ROOT, "copied %d of %d chunks (%d never written, left missing)%s in %.2f s%n", copied,
                sm.chunkCount(), sm.chunkCount() - copied,
                kept.isEmpty() ? "" : "; resumed: " + kept.size() + " were already there", secs);
        out.printf(Locale.ROOT, "  from %s  (Zarr v%d, %s, %s)%n", source.where(), sm.format().number(),
                sm.describeCodecs(), listable ? ZarrInfoCommand.bytes(source.storedBytes()) : "size not known: no listing");
        out.printf(Locale.ROOT, "  to   %s  (Zarr v%d, %s, %s)%n", dest.where(), dm.format().number(),
                dm.describeCodecs(), ZarrInfoCommand.bytes(dest.storedBytes()));
        out.flush();
    }

    /** Copies with new chunks through the core's bounded-memory rechunk (staged copies within --allowed-mem). */
    private void rechunkCopy(Storage storage, String sourceUrl, ZarrArray source, ArrayMetadata dm, PrintWriter out, long t0) {
        Path tmp = null;
        try {
            String work = workDir;
            if (work == null) {
                tmp = Files.createTempDirectory("cubed-rechunk");
                work = tmp.toString();
            }
            Spec spec = dev.cubed.array.Spec.builder().workDir(work).allowedMem(allowedMem).reservedMem(0).build();
            try (Cubed cb = Cubed.session(spec, storage)) {
                LazyArray a = cb.fromZarr(sourceUrl);
                LazyArray r = a.rechunk(chunks);
                FinalizedPlan plan = cb.plan(List.of(r));
                long copies = plan.operations().stream().filter(op -> op.label().contains("rechunk")).count();
                LazyArray written = cb.toZarr(r, dst, dm, ComputeOptions.defaults().withResume(resume));
                double secs = (System.nanoTime() - t0) / 1e9;
                out.printf(Locale.ROOT, "rechunked %s from chunks %s to %s in %d copy stage%s within %s per task, in %.2f s%n",
                        Arrays.toString(a.shape()), Arrays.toString(a.chunks()), Arrays.toString(written.chunks()),
                        copies, copies == 1 ? "" : "s", MemorySize.format(spec.allowedMem()), secs);
                out.printf(Locale.ROOT, "  to   %s  (Zarr v%d, %s)%n", dst, dm.format().number(), dm.describeCodecs());
                out.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary work directory", e);
        } finally {
            if (tmp != null) {
                deleteTree(tmp);
            }
        }
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary directory is harmless
        }
    }

    /**
     * The copy's metadata with what made it recorded: the source and the copy's own metadata, so that
     * {@code --resume} continues only the same copy.
     */
    private static ArrayMetadata withCopyFingerprint(ZarrArray source, ArrayMetadata dm) {
        try {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            md.update(source.where().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            md.update(source.metadata().toJson().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            md.update(dm.toJson().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            String fingerprint = "copy-" + java.util.HexFormat.of().formatHex(md.digest()).substring(0, 12);
            com.fasterxml.jackson.databind.node.ObjectNode attrs = dm.attributes();
            attrs.put(dev.cubed.plan.PlanFingerprint.ATTRIBUTE, fingerprint);
            return dm.toBuilder().attributes(attrs).build();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The chunks an interrupted copy left in DST, after checking that it is this copy. */
    private static java.util.Set<String> resumable(Store dstStore, ArrayMetadata dm) {
        String want = dev.cubed.plan.PlanFingerprint.of(dm).orElseThrow();
        ZarrArray existing;
        try {
            existing = ZarrArray.open(dstStore, "");
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot resume the copy: '" + dstStore.url() + "' holds no readable array ("
                    + e.getMessage() + "); pass --overwrite to replace it", e);
        }
        String have = dev.cubed.plan.PlanFingerprint.of(existing.metadata()).orElse(null);
        if (!want.equals(have)) {
            throw new IllegalArgumentException("cannot resume the copy: '" + dstStore.url() + "' was written by "
                    + (have == null ? "something else (no fingerprint)" : have) + ", not by this copy (" + want
                    + ": same source, format, codec and chunks); its chunks would be mixed with this source's. Pass"
                    + " --overwrite to replace it, or pick another destination");
        }
        dstStore.removeAbandonedWrites("");
        java.util.Set<String> kept = new java.util.HashSet<>();
        for (long[] c : existing.storedChunks()) {
            kept.add(existing.chunkKey(c));
        }
        return kept;
    }

    /**
     * The copy's metadata: same shape, chunks, type, fill, names and attributes; the chosen format
     * and codecs, with the format's checksum.
     */
    ArrayMetadata targetMetadata(ArrayMetadata sm, ZarrFormat target) {
        ArrayMetadata.Builder b = sm.toBuilder().format(target);
        if (target != sm.format()) {
            b.chunkKeyEncoding(null); // the target format's default keys
        }
        if (codec != null) {
            b.checksummedCodecs(ArrayMetadata.Codecs.named(codec));
            return b.build();
        }
        List<Codec> cs = new ArrayList<>();
        for (Codec c : sm.codecs()) {
            // zlib has no v3 spec; gzip is the same deflate stream in a gzip wrapper
            cs.add(target == ZarrFormat.V3 && c instanceof ZlibCodec z ? new GzipCodec(z.level()) : c);
        }
        b.checksummedCodecs(cs); // the copy carries a checksum even when the source has none
        try {
            return b.build();
        } catch (ZarrException e) {
            throw new IllegalArgumentException("the source's codecs (" + sm.describeCodecs() + ") cannot be kept in Zarr v"
                    + target.number() + ": " + e.getMessage() + ". Choose them with --codec (" + String.join("|", ArrayMetadata.Codecs.NAMES) + ")", e);
        }
    }
}
