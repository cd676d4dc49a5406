package dev.cubed.storage.zarr;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.luben.zstd.Zstd;
import dev.cubed.block.Block;
import dev.cubed.block.DataType;
import dev.cubed.storage.FileStore;
import dev.cubed.storage.zarr.codec.BytesCodec;
import dev.cubed.storage.zarr.codec.Crc32cCodec;
import dev.cubed.storage.zarr.codec.ZlibCodec;
import dev.cubed.storage.zarr.codec.ZstdCodec;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32C;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the bytes we write against the specs with independent decoders (JDK gzip/zlib streams,
 * zstd-jni's plain API, hand-parsed shard indexes), not with our own codec classes.
 */
class OnDiskFormatTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static double[] ramp(int n) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = i * 0.25 - 3;
        }
        return d;
    }

    private static double[] doubles(byte[] raw, ByteOrder order) {
        double[] d = new double[raw.length / 8];
        ByteBuffer.wrap(raw).order(order).asDoubleBuffer().get(d);
        return d;
    }

    @Test
    void v3GzipChunksAreGzipMembersOfLittleEndianValues() throws Exception {
        ZarrArray a = ZarrArray.create(new FileStore(dir), "g", ArrayMetadata.builder().shape(4, 6).chunks(4, 3)
                .dataType(DataType.FLOAT64).codecs(ArrayMetadata.Codecs.gzip(6)).build());
        a.write(new long[2], Block.of(ramp(24), 4, 6));
        JsonNode meta = JSON.readTree(dir.resolve("g/zarr.json").toFile());
        assertThat(meta.get("codecs").get(1).get("name").asText()).isEqualTo("gzip");
        byte[] stored = Files.readAllBytes(dir.resolve("g/c/0/1"));
        byte[] raw = new GZIPInputStream(new ByteArrayInputStream(stored)).readAllBytes();
        double[] got = doubles(raw, ByteOrder.LITTLE_ENDIAN);
        // chunk (0,1) holds columns 3..5 of every row, in C order
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 3; c++) {
                assertThat(got[r * 3 + c]).isEqualTo((r * 6 + 3 + c) * 0.25 - 3);
            }
        }
    }

    @Test
    void v3ZstdAndCrc32cLayouts() throws Exception {
        FileStore store = new FileStore(dir);
        ZarrArray z = ZarrArray.create(store, "z", ArrayMetadata.builder().shape(10).chunks(10).dataType(DataType.FLOAT64)
                .codecs(BytesCodec.LITTLE, new ZstdCodec(3), new Crc32cCodec()).build());
        z.write(new long[1], Block.of(ramp(10), 10));
        byte[] stored = Files.readAllBytes(dir.resolve("z/c/0"));
        int n = stored.length - 4;
        CRC32C crc = new CRC32C();
        crc.update(stored, 0, n);
        assertThat(ByteBuffer.wrap(stored, n, 4).order(ByteOrder.LITTLE_ENDIAN).getInt()).isEqualTo((int) crc.getValue());
        byte[] frame = java.util.Arrays.copyOf(stored, n);
        byte[] raw = Zstd.decompress(frame, 80);
        assertThat(doubles(raw, ByteOrder.LITTLE_ENDIAN)).containsExactly(ramp(10));
    }

    @Test
    void v2ZlibBigEndianFortranChunks() throws Exception {
        ZarrArray a = ZarrArray.create(new FileStore(dir), "v2", ArrayMetadata.builder().format(ZarrFormat.V2)
                .shape(3, 4).chunks(3, 4).dataType(DataType.FLOAT64).order('F')
                .codecs(ArrayMetadata.Codecs.bigEndian(new ZlibCodec(5))).build());
        a.write(new long[2], Block.of(ramp(12), 3, 4));
        JsonNode zarray = JSON.readTree(dir.resolve("v2/.zarray").toFile());
        assertThat(zarray.get("dtype").asText()).isEqualTo(">f8");
        assertThat(zarray.get("order").asText()).isEqualTo("F");
        assertThat(zarray.get("compressor").get("id").asText()).isEqualTo("zlib");
        assertThat(Files.exists(dir.resolve("v2/.zattrs"))).isFalse();
        byte[] raw = new InflaterInputStream(new ByteArrayInputStream(Files.readAllBytes(dir.resolve("v2/0.0"))))
                .readAllBytes();
        double[] got = doubles(raw, ByteOrder.BIG_ENDIAN);
        // Fortran order: the first axis varies fastest
        for (int j = 0; j < 4; j++) {
            for (int i = 0; i < 3; i++) {
                assertThat(got[j * 3 + i]).isEqualTo((i * 4 + j) * 0.25 - 3);
            }
        }
    }

    @Test
    void edgeChunksAreStoredAtFullSizePaddedWithFill() throws Exception {
        ZarrArray a = ZarrArray.create(new FileStore(dir), "e", ArrayMetadata.builder().format(ZarrFormat.V2)
                .shape(5).chunks(4).dataType(DataType.INT32).fillValue(-7).codecs(ArrayMetadata.Codecs.none()).build());
        a.write(new long[1], Block.of(new int[] {1, 2, 3, 4, 5}, 5));
        byte[] edge = Files.readAllBytes(dir.resolve("e/1"));
        assertThat(edge).hasSize(16);
        int[] v = new int[4];
        ByteBuffer.wrap(edge).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(v);
        assertThat(v).containsExactly(5, -7, -7, -7);
    }

    @Test
    void shardLayoutFollowsTheShardingSpec() throws Exception {
        ZarrArray a = ZarrArray.create(new FileStore(dir), "s", ArrayMetadata.builder().shape(4, 4).chunks(4, 4)
                .dataType(DataType.FLOAT64).codecs(ArrayMetadata.Codecs.sharding(new int[] {2, 2})).build());
        a.write(new long[2], Block.of(ramp(16), 4, 4));
        JsonNode codec = JSON.readTree(dir.resolve("s/zarr.json").toFile()).get("codecs").get(0);
        assertThat(codec.get("name").asText()).isEqualTo("sharding_indexed");
        assertThat(codec.get("configuration").get("index_codecs")).isEqualTo(JSON.readTree(
                "[{\"name\":\"bytes\",\"configuration\":{\"endian\":\"little\"}},{\"name\":\"crc32c\"}]"));
        assertThat(codec.get("configuration").get("index_location").asText()).isEqualTo("end");
        byte[] shard = Files.readAllBytes(dir.resolve("s/c/0/0"));
        int indexBytes = 4 * 16;
        int indexAt = shard.length - indexBytes - 4;
        CRC32C crc = new CRC32C();
        crc.update(shard, indexAt, indexBytes);
        ByteBuffer idx = ByteBuffer.wrap(shard, indexAt, indexBytes + 4).slice().order(ByteOrder.LITTLE_ENDIAN);
        assertThat(idx.getInt(indexBytes)).isEqualTo((int) crc.getValue());
        // inner chunk (1, 0) = rows 2..3, columns 0..1, as a zstd frame of little-endian doubles
        long off = idx.getLong(2 * 16);
        long nb = idx.getLong(2 * 16 + 8);
        byte[] frame = java.util.Arrays.copyOfRange(shard, (int) off, (int) (off + nb));
        double[] inner = doubles(Zstd.decompress(frame, 32), ByteOrder.LITTLE_ENDIAN);
        assertThat(inner).containsExactly((2 * 4) * 0.25 - 3, (2 * 4 + 1) * 0.25 - 3, (3 * 4) * 0.25 - 3,
                (3 * 4 + 1) * 0.25 - 3);
        // offsets tile the data section in order, ending where the index starts
        long end = 0;
        for (int i = 0; i < 4; i++) {
            assertThat(idx.getLong(i * 16)).isEqualTo(end);
            end += idx.getLong(i * 16 + 8);
        }
        assertThat(end).isEqualTo(indexAt);
    }

    @Test
    void groupsWriteTheirDocuments() throws Exception {
        FileStore store = new FileStore(dir);
        ZarrGroup v3 = ZarrGroup.create(store, "g3", ZarrFormat.V3, java.util.Map.of("title", "t"));
        v3.createArray("x", ArrayMetadata.builder().shape(2).dataType(DataType.INT8).build());
        v3.createGroup("sub", null);
        assertThat(JSON.readTree(dir.resolve("g3/zarr.json").toFile()))
                .isEqualTo(JSON.readTree("{\"zarr_format\":3,\"node_type\":\"group\",\"attributes\":{\"title\":\"t\"}}"));
        assertThat(ZarrGroup.open(store, "g3").arrayNames()).isEqualTo(List.of("x"));
        assertThat(ZarrGroup.open(store, "g3").groupNames()).isEqualTo(List.of("sub"));
        ZarrGroup v2 = ZarrGroup.create(store, "g2", ZarrFormat.V2, java.util.Map.of("n", 1));
        v2.createArray("y", ArrayMetadata.builder().format(ZarrFormat.V2).shape(2).dataType(DataType.INT8).build());
        assertThat(JSON.readTree(dir.resolve("g2/.zgroup").toFile())).isEqualTo(JSON.readTree("{\"zarr_format\":2}"));
        assertThat(JSON.readTree(dir.resolve("g2/.zattrs").toFile())).isEqualTo(JSON.readTree("{\"n\":1}"));
        assertThat(ZarrGroup.open(store, "g2").arrayNames()).isEqualTo(List.of("y"));
        assertThat(ZarrGroup.open(store, "g2").attributesMap()).containsEntry("n", 1);
    }
}
