package dev.cubed.storage.zarr;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cubed.block.Block;
import dev.cubed.block.DataType;
import dev.cubed.storage.FileStore;
import dev.cubed.storage.zarr.codec.BloscCodec;
import dev.cubed.storage.zarr.codec.BytesCodec;
import dev.cubed.storage.zarr.codec.Codec;
import dev.cubed.storage.zarr.codec.Crc32cCodec;
import dev.cubed.storage.zarr.codec.ShardingCodec;
import dev.cubed.storage.zarr.codec.ZlibCodec;
import dev.cubed.storage.zarr.codec.ZstdCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads what we write with other software: v2 arrays and groups with zarr-python, v3 arrays with
 * an independent numpy/numcodecs decoder of the v3 spec. Skipped when no python3 on this machine
 * has zarr and numcodecs (Debian: {@code apt-get install python3-zarr}).
 */
class ZarrPythonInteropTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final ObjectNode manifest = JSON.createObjectNode();
    private final ArrayNode arrays = manifest.putArray("arrays");

    @Test
    void zarrPythonReadsOurArrays() throws Exception {
        String python = findPython();
        Assumptions.assumeTrue(python != null, "no python3 with zarr and numcodecs on this machine");
        FileStore store = new FileStore(dir);

        // v2, read by zarr-python
        add(store, "v2/f8_zstd_edge_nan", v2().shape(13, 10).chunks(4, 4).dataType(DataType.FLOAT64).fillValue("NaN")
                .codecs(ArrayMetadata.Codecs.zstd(3)), new long[] {1, 1});
        add(store, "v2/i4_gzip_nested_fill42", v2().shape(9, 7).chunks(4, 3).dataType(DataType.INT32).fillValue(42)
                .dimensionSeparator('/').codecs(ArrayMetadata.Codecs.gzip(5)), new long[] {2, 0});
        add(store, "v2/f4_bigendian_zlib_orderF", v2().shape(6, 5, 4).chunks(4, 2, 3).dataType(DataType.FLOAT32)
                .order('F').codecs(ArrayMetadata.Codecs.bigEndian(new ZlibCodec(1))), null);
        add(store, "v2/u1_none", v2().shape(20).chunks(6).dataType(DataType.UINT8).codecs(ArrayMetadata.Codecs.none()), null);
        add(store, "v2/b1_zstd", v2().shape(5, 5).chunks(2, 3).dataType(DataType.BOOL), null);
        add(store, "v2/u8_gzip", v2().shape(11).chunks(4).dataType(DataType.UINT64).codecs(ArrayMetadata.Codecs.gzip(1)), null);
        add(store, "v2/i8_0d", v2().shape().dataType(DataType.INT64).codecs(List.of(BytesCodec.LITTLE, new ZlibCodec(9))), null);
        add(store, "v2/f8_crc32_gzip", v2().shape(9, 9).chunks(4, 4).dataType(DataType.FLOAT64)
                .checksummedCodecs(ArrayMetadata.Codecs.gzip(5)), new long[] {0, 1});
        add(store, "v2/i2_attrs", v2().shape(4, 4).chunks(2, 2).dataType(DataType.INT16).dimensionNames("y", "x")
                .attributes(Map.of("units", "m", "scale", 0.5)), null);
        // every Blosc variant this library writes, and numcodecs' LZ4
        DataType[] types = {DataType.FLOAT64, DataType.INT32, DataType.UINT8, DataType.INT16, DataType.FLOAT32};
        int k = 0;
        for (String cname : BloscCodec.CNAMES) {
            for (BloscCodec.Shuffle shuffle : BloscCodec.Shuffle.values()) {
                DataType t = types[k++ % types.length];
                int blocksize = k % 2 == 0 ? 0 : 1000;
                List<Codec> codecs = List.of(BytesCodec.LITTLE, new BloscCodec(cname, 5, shuffle, 0, blocksize));
                add(store, "v2/blosc_" + cname + "_" + shuffle.v3Name() + "_" + t.name().toLowerCase(), v2().shape(300, 70)
                        .chunks(128, 64).dataType(t).codecs(codecs), new long[] {1, 1});
                add(store, "v3/blosc_" + cname + "_" + shuffle.v3Name() + "_" + t.name().toLowerCase(), v3().shape(90, 70)
                        .chunks(64, 64).dataType(t).codecs(codecs), null);
            }
        }
        add(store, "v2/f8_blosc_clevel0", v2().shape(50, 50).chunks(20, 20).dataType(DataType.FLOAT64)
                .codecs(ArrayMetadata.Codecs.blosc("lz4", 0, BloscCodec.Shuffle.SHUFFLE)), null);
        add(store, "v2/f8_lz4", v2().shape(200, 30).chunks(64, 30).dataType(DataType.FLOAT64)
                .codecs(ArrayMetadata.Codecs.lz4()), null);
        add(store, "v3/i4_numcodecs_lz4", v3().shape(200, 30).chunks(64, 30).dataType(DataType.INT32)
                .codecs(ArrayMetadata.Codecs.lz4()), null);
        add(store, "v3/f8_sharded_blosc", v3().shape(64, 64).chunks(32, 64).dataType(DataType.FLOAT64)
                .codecs(ArrayMetadata.Codecs.sharding(new int[] {16, 32}, ArrayMetadata.Codecs.blosc())), null);
        ZarrGroup g = ZarrGroup.create(store, "v2/group", ZarrFormat.V2, Map.of("title", "from java", "n", 3));
        add(store, "v2/group/a", v2().shape(3, 3).chunks(2, 2).dataType(DataType.FLOAT64), null);
        add(store, "v2/group/b", v2().shape(5).chunks(5).dataType(DataType.UINT16), null);
        ObjectNode grp = manifest.putArray("groups").addObject();
        grp.put("path", dir.resolve("v2/group").toString());
        grp.set("members", JSON.valueToTree(List.of("a", "b")));
        grp.set("attributes", JSON.valueToTree(g.attributesMap()));

        // v3, read by the numpy decoder
        add(store, "v3/f8_zstd_edge", v3().shape(13, 10).chunks(4, 4).dataType(DataType.FLOAT64).fillValue(-1.5), new long[] {0, 2});
        add(store, "v3/i4_gzip_dot", v3().shape(9, 7).chunks(4, 3).dataType(DataType.INT32).dimensionSeparator('.')
                .codecs(ArrayMetadata.Codecs.gzip(5)), null);
        add(store, "v3/f4_bigendian", v3().shape(8, 8).chunks(3, 8).dataType(DataType.FLOAT32)
                .codecs(ArrayMetadata.Codecs.bigEndian(new ZstdCodec(1))), null);
        add(store, "v3/i8_transpose", v3().shape(5, 6, 7).chunks(2, 3, 4).dataType(DataType.INT64)
                .codecs(ArrayMetadata.Codecs.transpose(new int[] {2, 0, 1}, ArrayMetadata.Codecs.zstd(1))), null);
        add(store, "v3/f8_sharded", v3().shape(20, 12).chunks(8, 6).dataType(DataType.FLOAT64)
                .codecs(ArrayMetadata.Codecs.sharding(new int[] {4, 3})), new long[] {1, 1});
        List<Codec> inner = List.of(BytesCodec.LITTLE, new Crc32cCodec());
        add(store, "v3/u2_sharded_start", v3().shape(10, 10).chunks(10, 5).dataType(DataType.UINT16)
                .codecs(ArrayMetadata.Codecs.sharding(new int[] {5, 5}, inner, ShardingCodec.IndexLocation.START)), null);
        add(store, "v3/b_crc32c_v2keys", v3().shape(6, 6).chunks(4, 4).dataType(DataType.BOOL)
                .chunkKeyEncoding(ChunkKeyEncoding.v2('.')).codecs(ArrayMetadata.Codecs.crc32c()), null);
        add(store, "v3/f8_0d", v3().shape().dataType(DataType.FLOAT64), null);

        Path manifestFile = dir.resolve("manifest.json");
        JSON.writeValue(manifestFile.toFile(), manifest);
        Path script = Paths.get(getClass().getResource("/interop/read_our_zarr.py").toURI());
        Process p = new ProcessBuilder(python, script.toString(), manifestFile.toString()).redirectErrorStream(true).start();
        boolean finished = p.waitFor(120, TimeUnit.SECONDS);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!finished) {
            p.destroyForcibly();
        }
        assertThat(finished).as("python finished").isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out.lines().filter(l -> l.startsWith("OK")).count()).as(out).isEqualTo(arrays.size() + 1);
    }

    @Test
    void weReadAndCheckWhatZarrPythonWritesWithTheCrc32Filter() throws Exception {
        String python = findPython();
        Assumptions.assumeTrue(python != null, "no python3 with zarr and numcodecs on this machine");
        Path at = dir.resolve("py_crc32");
        String code = "import sys, numpy, zarr, numcodecs\n"
                + "z = zarr.open_array(sys.argv[1], mode='w', shape=(7, 5), chunks=(3, 3), dtype='<i4',"
                + " filters=[numcodecs.CRC32()], compressor=numcodecs.Zstd(level=1))\n"
                + "z[:] = numpy.arange(35, dtype='<i4').reshape(7, 5) * 3 - 50\n";
        Process p = new ProcessBuilder(python, "-c", code, at.toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
        ZarrArray a = ZarrArray.open(new FileStore(at), "");
        assertThat(a.metadata().codecs()).contains(new dev.cubed.storage.zarr.codec.Crc32Codec());
        Block b = a.read(new long[2], new int[] {7, 5});
        for (int i = 0; i < 35; i++) {
            assertThat(b.getLongAt(i)).isEqualTo(i * 3L - 50);
        }
        // a flipped byte in the stored data: the filter zarr-python wrote catches it here too
        Path chunk = at.resolve("1.1");
        byte[] raw = Files.readAllBytes(chunk);
        raw[raw.length - 3] ^= 0x01;
        Files.write(chunk, raw);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ZarrArray.open(new FileStore(at), "").readChunk(1, 1))
                .isInstanceOf(CorruptChunkException.class).hasMessageContaining("chunk '1.1'");
    }

    private static ArrayMetadata.Builder v2() {
        return ArrayMetadata.builder().format(ZarrFormat.V2);
    }

    private static ArrayMetadata.Builder v3() {
        return ArrayMetadata.builder().format(ZarrFormat.V3);
    }

    /** Writes random data (all chunks but {@code skip}), records the expected values with the fill where skipped. */
    private void add(FileStore store, String path, ArrayMetadata.Builder b, long[] skip) throws IOException {
        ArrayMetadata m = b.build();
        ZarrArray a = ZarrArray.create(store, path, m);
        int[] shape = TestArrays.ints(m.shape());
        Block data = TestArrays.random(m.dataType(), path.hashCode(), shape);
        Block expected = data.copy();
        for (long[] c : m.chunkCoordinates()) {
            int[] start = new int[shape.length];
            int[] stop = new int[shape.length];
            int[] cs = m.chunkShape(c);
            for (int d = 0; d < shape.length; d++) {
                start[d] = (int) c[d] * m.chunks()[d];
                stop[d] = start[d] + cs[d];
            }
            if (skip != null && java.util.Arrays.equals(c, skip)) {
                Block.full(m.dataType(), m.fillNumber(), cs).copyInto(expected, start);
            } else {
                a.writeChunk(c, data.slice(start, stop));
            }
        }
        Path raw = dir.resolve(path.replace('/', '_') + ".raw");
        Files.write(raw, TestArrays.littleEndian(expected));
        ObjectNode e = arrays.addObject();
        e.put("path", dir.resolve(path).toString());
        e.put("format", m.format().number());
        e.put("expected", raw.toString());
        e.put("dtype", V2Metadata.dtype(m.dataType(), ByteOrder.LITTLE_ENDIAN));
        e.set("shape", JSON.valueToTree(shape));
        e.set("attributes", JSON.valueToTree(m.attributesMap()));
    }

    static String findPython() {
        for (String candidate : List.of("python3", "/usr/bin/python3")) {
            try {
                Process p = new ProcessBuilder(candidate, "-c", "import zarr, numcodecs, numpy").redirectErrorStream(true).start();
                if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return candidate;
                }
                p.destroyForcibly();
            } catch (IOException | InterruptedException e) {
                // not this one
            }
        }
        return null;
    }
}
