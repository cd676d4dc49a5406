package dev.cubed.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cubed.block.Block;
import dev.cubed.storage.FileStore;
import dev.cubed.storage.zarr.ArrayMetadata;
import dev.cubed.storage.zarr.ZarrArray;
import dev.cubed.storage.zarr.ZarrFormat;
import dev.cubed.storage.zarr.codec.GzipCodec;
import dev.cubed.storage.zarr.codec.ZstdCodec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The zarr commands, run through {@link Main#run} as the shell would. */
class ZarrCommandTest {
    static final Path FIXTURES = Path.of("..", "cubed-core", "src", "test", "resources", "zarr-fixtures").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void infoDescribesAnArray() {
        Result r = run("zarr", "info", FIXTURES.resolve("v2/i4_gzip_edge").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("format          Zarr v2")
                .contains("shape           [12, 10]")
                .contains("chunks          [5, 4]  (grid [3, 3], 9 chunks")
                .contains("data type       int32  (<i4)")
                .contains("fill value      0")
                .contains("codecs          bytes(little) -> gzip(level=5)")
                .contains("chunks present  9 of 9")
                .contains("bytes stored    795 ");
        Result missing = run("zarr", "info", FIXTURES.resolve("v3/i4_missing_fill42").toUri().toString());
        assertThat(missing.out()).contains("chunks present  5 of 9").contains("fill value      42").contains("Zarr v3");
    }

    @Test
    void infoDescribesAGroupAndReportsErrors() {
        Result g = run("zarr", "info", FIXTURES.resolve("v2/group").toString());
        assertThat(g.code()).isZero();
        assertThat(g.out()).contains("arrays          a, b").contains("\"title\":\"v2 fixture group\"");
        Result bad = run("zarr", "info", dir.resolve("nothing").toString());
        assertThat(bad.code()).isNotZero();
        assertThat(bad.err()).contains("no Zarr array at").contains("nothing");
    }

    @Test
    void copyV2FixtureToV3AndBackReproducesTheValues() {
        Path src = FIXTURES.resolve("v2/i4_missing_fill42"); // zlib, fill 42, missing chunks
        Path v3 = dir.resolve("copy-v3");
        Path back = dir.resolve("copy-v2");
        Result r = run("zarr", "copy", src.toString(), v3.toString(), "--format", "3");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("copied 5 of 9 chunks");
        Result r2 = run("zarr", "copy", v3.toString(), back.toString(), "--format", "2", "--codec", "zstd");
        assertThat(r2.code()).as(r2.err()).isZero();

        ZarrArray original = ZarrArray.open(new FileStore(src), "");
        ZarrArray inV3 = ZarrArray.open(new FileStore(v3), "");
        ZarrArray inV2 = ZarrArray.open(new FileStore(back), "");
        assertThat(inV3.metadata().format()).isEqualTo(ZarrFormat.V3);
        assertThat(inV3.metadata().codecs()).contains(new GzipCodec(5)); // zlib has no v3 spec: gzip it is
        assertThat(inV2.metadata().format()).isEqualTo(ZarrFormat.V2);
        assertThat(inV2.metadata().codecs()).contains(new ZstdCodec(1));
        for (ZarrArray copy : new ZarrArray[] {inV3, inV2}) {
            ArrayMetadata m = copy.metadata();
            assertThat(m.shape()).containsExactly(original.metadata().shape());
            assertThat(m.chunks()).containsExactly(original.metadata().chunks());
            assertThat(m.fillValue()).isEqualTo(42L);
            assertThat(copy.storedChunks()).hasSameSizeAs(original.storedChunks());
            Block a = original.read(new long[2], new int[] {12, 12});
            Block b = copy.read(new long[2], new int[] {12, 12});
            assertThat(b.sameValues(a)).isTrue();
            // the formula of the fixture, independently: idx * 3 - 100 except in missing chunks
            assertThat(b.getLong(0, 0)).isEqualTo(-100);
            assertThat(b.getLong(0, 5)).isEqualTo(42); // chunk (0, 1) was never written
            assertThat(b.getLong(11, 3)).isEqualTo(11 * 12 * 3 + 3 * 3 - 100);
        }
    }

    @Test
    void copyWithNewChunksRechunksWithinMemory() {
        Path src = FIXTURES.resolve("v2/i4_3d_zlib"); // shape (4, 5, 6), int32: idx * 3 - 100
        Path dst = dir.resolve("rechunked");
        Result r = run("zarr", "copy", src.toString(), dst.toString(), "--chunks", "4,1,-1", "--format", "3",
                "--codec", "zstd", "--allowed-mem", "2000", "--work-dir", dir.resolve("work").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("rechunked [4, 5, 6]").contains("to [4, 1, 6]");
        ZarrArray copy = ZarrArray.open(new FileStore(dst), "");
        assertThat(copy.metadata().chunks()).containsExactly(4, 1, 6);
        assertThat(copy.metadata().format()).isEqualTo(ZarrFormat.V3);
        assertThat(copy.metadata().codecs()).anyMatch(c -> c instanceof ZstdCodec);
        Block b = copy.read(new long[3], new int[] {4, 5, 6});
        for (int i = 0; i < b.size(); i++) {
            assertThat(b.getLongAt(i)).isEqualTo(i * 3L - 100);
        }
    }

    @Test
    void verifyDecodesEveryChunkAndNamesTheCorruptOnes() throws Exception {
        Path src = FIXTURES.resolve("v2/i4_missing_fill42");
        for (String format : new String[] {"2", "3"}) {
            Path dst = dir.resolve("verify-v" + format);
            assertThat(run("zarr", "copy", src.toString(), dst.toString(), "--format", format).code()).isZero();
            Result clean = run("zarr", "verify", dst.toString());
            assertThat(clean.code()).as(clean.err()).isZero();
            assertThat(clean.out()).contains("5 chunks, 0 bad").contains(format.equals("2") ? "crc32" : "crc32c");
            ZarrArray copy = ZarrArray.open(new FileStore(dst), "");
            String key = copy.chunkKey(copy.storedChunks().get(2));
            Path chunk = dst.resolve(key);
            byte[] b = java.nio.file.Files.readAllBytes(chunk);
            for (int i = 0; i < 8; i++) {
                b[b.length / 2 + i - 4] ^= 0x21;
            }
            java.nio.file.Files.write(chunk, b);
            Result bad = run("zarr", "verify", dst.toString());
            assertThat(bad.code()).isEqualTo(1);
            assertThat(bad.out()).contains("BAD  chunk '" + key + "'").contains("is corrupt").contains("5 chunks, 1 bad")
                    .contains("1 of 5 chunks in 1 array are bad");
            // a copy does not pass the corruption on
            Result passOn = run("zarr", "copy", dst.toString(), dir.resolve("copy-of-bad-v" + format).toString());
            assertThat(passOn.code()).isNotZero();
            assertThat(passOn.err()).contains("chunk '" + key + "'").contains("is corrupt");
        }
    }

    @Test
    void copyResumesOnlyTheSameCopy() throws Exception {
        Path src = FIXTURES.resolve("v2/i4_missing_fill42");
        Path dst = dir.resolve("resumed");
        assertThat(run("zarr", "copy", src.toString(), dst.toString(), "--format", "3").code()).isZero();
        ZarrArray copy = ZarrArray.open(new FileStore(dst), "");
        long[] first = copy.storedChunks().get(0);
        java.nio.file.Files.delete(dst.resolve(copy.chunkKey(first))); // as if the copy had been interrupted
        Result resumed = run("zarr", "copy", src.toString(), dst.toString(), "--format", "3", "--resume");
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("copied 5 of 9 chunks").contains("resumed: 4 were already there");
        assertThat(ZarrArray.open(new FileStore(dst), "").read(new long[2], new int[] {12, 12})
                .sameValues(ZarrArray.open(new FileStore(src), "").read(new long[2], new int[] {12, 12}))).isTrue();

        Result other = run("zarr", "copy", FIXTURES.resolve("v2/i4_3d_zlib").toString(), dst.toString(), "--format", "3",
                "--resume");
        assertThat(other.code()).isEqualTo(2);
        assertThat(other.err()).contains("cannot resume the copy").contains("not by this copy").contains("--overwrite");
        Result otherCodec = run("zarr", "copy", src.toString(), dst.toString(), "--format", "3", "--codec", "none",
                "--resume");
        assertThat(otherCodec.code()).isEqualTo(2);
        assertThat(otherCodec.err()).contains("not by this copy");
    }

    @Test
    void copyRefusesWhatItCannotDo() {
        Path src = FIXTURES.resolve("v3/f8_bytes_le");
        Result tooBig = run("zarr", "copy", src.toString(), dir.resolve("x").toString(), "--chunks", "10,12",
                "--allowed-mem", "500");
        assertThat(tooBig.code()).isNotZero();
        assertThat(tooBig.err()).contains("exceeds max_mem").contains("--allowed-mem on the command line")
                .contains("to at least").containsPattern("chunks of at most [0-9]+ bytes");
        java.util.regex.Matcher least = java.util.regex.Pattern.compile("to at least ([0-9.]+ ?[a-zA-Z]+)")
                .matcher(tooBig.err());
        assertThat(least.find()).isTrue();
        Result fits = run("zarr", "copy", src.toString(), dir.resolve("x2").toString(), "--chunks", "10,12",
                "--allowed-mem", least.group(1).replace(" ", "").replace("bytes", ""));
        assertThat(fits.code()).as("--allowed-mem %s: %s", least.group(1), fits.err()).isZero();
        Path dst = dir.resolve("y");
        assertThat(run("zarr", "copy", src.toString(), dst.toString()).code()).isZero();
        Result again = run("zarr", "copy", src.toString(), dst.toString());
        assertThat(again.code()).isEqualTo(2);
        assertThat(again.err()).contains("is not empty").contains("--overwrite");
        assertThat(run("zarr", "copy", src.toString(), dst.toString(), "--overwrite", "--codec", "gzip").code()).isZero();
        // Blosc written by other libraries copies into any of our codecs, and back into Blosc
        Result blosc = run("zarr", "copy", FIXTURES.resolve("v2/f8_blosc_lz4").toString(), dir.resolve("z").toString(),
                "--codec", "zstd");
        assertThat(blosc.code()).as(blosc.err()).isZero();
        Result back = run("zarr", "copy", dir.resolve("z").toString(), dir.resolve("z2").toString(), "--codec", "blosc");
        assertThat(back.code()).as(back.err()).isZero();
        ZarrArray original = ZarrArray.open(new FileStore(FIXTURES), "v2/f8_blosc_lz4");
        ZarrArray copy = ZarrArray.open(new FileStore(dir), "z2");
        assertThat(copy.metadata().describeCodecs()).contains("blosc(lz4");
        assertThat(copy.read(new long[2], new int[] {10, 10}).sameValues(original.read(new long[2], new int[] {10, 10})))
                .isTrue();
        Result badCodec = run("zarr", "copy", src.toString(), dir.resolve("z3").toString(), "--codec", "snappy");
        assertThat(badCodec.code()).isNotZero();
        assertThat(badCodec.err()).contains("blosc, blosc-noshuffle, blosc-zstd, lz4, zstd, gzip, none");
        assertThat(dir.resolve("z3")).doesNotExist(); // refused before writing anything
    }

    @Test
    void benchRunsEveryCodecOnSmallData() {
        Result r = run("zarr", "bench", "--mib", "2", "--chunk-mib", "1", "--repeat", "1", "--dir", dir.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("none").contains("gzip(level=5)").contains("zstd(level=1)").contains("crc32c")
                .contains("sharding").contains("raw zstd-jni level 1").contains("zstd codec vs raw zstd-jni")
                .contains("blosc(lz4, shuffle)").contains("blosc(lz4, noshuffle)").contains("raw lz4-java")
                .contains("blosc(lz4, shuffle) vs raw lz4-java");
        Result bad = run("zarr", "bench", "--mib", "3", "--chunk-mib", "2");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("multiple of --chunk-mib");
    }
}
