package dev.cubed.storage.zarr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cubed.array.Cubed;
import dev.cubed.array.LazyArray;
import dev.cubed.array.Spec;
import dev.cubed.block.Block;
import dev.cubed.block.DataType;
import dev.cubed.plan.StoreTarget;
import dev.cubed.runtime.engine.TaskFailedException;
import dev.cubed.storage.FileStore;
import dev.cubed.storage.zarr.codec.Crc32Codec;
import dev.cubed.storage.zarr.codec.Crc32cCodec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Arrays this project writes carry a checksum by default (v3 crc32c, v2 the numcodecs crc32
 * filter); bytes flipped in a stored chunk then fail the read with the array's and chunk's names,
 * and a computation over them fails at once instead of retrying or returning a wrong result.
 */
class ChecksumTest {
    @TempDir
    Path dir;

    @Test
    void crc32PutsTheLittleEndianCrcOfTheRawBytesInFront() {
        byte[] raw = "zarr v2 crc32 filter".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        ByteBuffer enc = new Crc32Codec().encode(ByteBuffer.wrap(raw));
        CRC32 crc = new CRC32();
        crc.update(raw);
        assertThat(enc.remaining()).isEqualTo(raw.length + 4);
        assertThat(enc.duplicate().order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL).isEqualTo(crc.getValue());
        byte[] rest = new byte[raw.length];
        enc.duplicate().position(4).get(rest);
        assertThat(rest).isEqualTo(raw);
        ByteBuffer dec = new Crc32Codec().decode(enc.duplicate(), raw.length);
        byte[] back = new byte[dec.remaining()];
        dec.get(back);
        assertThat(back).isEqualTo(raw);
        byte[] broken = new byte[enc.remaining()];
        enc.duplicate().get(broken);
        broken[7] ^= 0x10;
        assertThatThrownBy(() -> new Crc32Codec().decode(ByteBuffer.wrap(broken), raw.length))
                .hasMessageContaining("crc32 checksum mismatch");
    }

    @Test
    void theDefaultCodecsOfEitherFormatAreChecksummed() throws Exception {
        ArrayMetadata v3 = ArrayMetadata.builder().shape(4).chunks(2).dataType(DataType.FLOAT64).build();
        assertThat(v3.codecs()).last().isEqualTo(new Crc32cCodec());
        // the default compression, its Blosc typesize bound to the data type
        assertThat(v3.codecs()).contains(dev.cubed.storage.zarr.codec.BloscCodec.lz4Shuffle().withTypesize(8));
        ArrayMetadata v2 = ArrayMetadata.builder().format(ZarrFormat.V2).shape(4).chunks(2).dataType(DataType.FLOAT64)
                .build();
        JsonNode zarray = new ObjectMapper().readTree(v2.zarrayJson().toString());
        assertThat(zarray.get("filters").toString()).isEqualTo("[{\"id\":\"crc32\"}]");
        assertThat(zarray.get("compressor").get("id").asText()).isEqualTo("blosc");
        // what a v2 reader gives back is the same metadata
        assertThat(ArrayMetadata.fromV2(zarray, null)).isEqualTo(v2);
        // a target's codec choice keeps the checksum of its format
        StoreTarget t = StoreTarget.of("file:///x", 2, "gzip");
        assertThat(t.template().codecs()).contains(new Crc32Codec()).doesNotContain(new Crc32cCodec());
        assertThat(StoreTarget.of("file:///x").withCodec("none").template().codecs()).contains(new Crc32cCodec());
    }

    private Spec spec() {
        return Spec.builder().workDir(dir.resolve("work")).allowedMem("100MB").reservedMem("10MB").executor("threads")
                .executorOption("workers", 2).build();
    }

    /** Flips 8 bytes in the middle of the stored chunk file {@code chunk}. */
    private static void flip(Path chunk) throws Exception {
        byte[] b = Files.readAllBytes(chunk);
        for (int i = 0; i < 8; i++) {
            b[b.length / 2 + i] ^= (byte) 0x5a;
        }
        Files.write(chunk, b);
    }

    @Test
    void aFlippedByteInAStoredChunkFailsTheComputationAtOnceNamingArrayAndChunk() throws Exception {
        for (int format : new int[] {3, 2}) {
            for (String codec : new String[] {"zstd", "none"}) {
                String name = "x" + format + codec + ".zarr";
                String url = dir.resolve(name).toUri().toString();
                try (Cubed cb = Cubed.session(spec())) {
                    LazyArray x = cb.randomUniform(new long[] {40, 40}, new int[] {10, 10}, 3);
                    cb.toZarr(x, url, StoreTarget.of(url, format, codec).template(),
                            dev.cubed.array.ComputeOptions.defaults());
                    double sum = cb.fromZarr(url).sum().compute().getDouble();
                    assertThat(sum).isPositive();
                    String key = ZarrArray.open(new FileStore(dir.resolve(name)), "").chunkKey(1, 2);
                    flip(dir.resolve(name).resolve(key));

                    assertThatThrownBy(() -> ZarrArray.open(new FileStore(dir.resolve(name)), "").readChunk(1, 2))
                            .as("v%d %s", format, codec).isInstanceOf(CorruptChunkException.class)
                            .hasMessageContaining("chunk '" + key + "'").hasMessageContaining(name);
                    Throwable failure = catchFailure(() -> cb.fromZarr(url).sum().compute());
                    assertThat(failure).as("v%d %s: no wrong sum", format, codec).isNotNull();
                    TaskFailedException tf = find(failure, TaskFailedException.class);
                    assertThat(tf).as("v%d %s: %s", format, codec, failure).isNotNull();
                    assertThat(tf.attempts()).as("a corrupt chunk is not retried").isEqualTo(1);
                    assertThat(tf.getMessage()).contains("retrying cannot fix").contains("chunk '" + key + "'")
                            .contains(name).contains("corrupt");
                }
            }
        }
    }

    private static Throwable catchFailure(Runnable r) {
        try {
            r.run();
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    private static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    @Test
    void aBlockWrittenAndReadBackWithTheChecksumIsUnchanged() {
        for (ZarrFormat f : ZarrFormat.values()) {
            FileStore s = new FileStore(dir.resolve(f.name()));
            ArrayMetadata m = ArrayMetadata.builder().format(f).shape(5, 3).chunks(2, 2).dataType(DataType.INT32).build();
            ZarrArray a = ZarrArray.create(s, "", m);
            Block b = Block.wrap(DataType.INT32, new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, 5, 3);
            a.write(new long[2], b);
            assertThat(ZarrArray.open(s, "").read(new long[2], new int[] {5, 3}).sameValues(b)).isTrue();
        }
    }
}
