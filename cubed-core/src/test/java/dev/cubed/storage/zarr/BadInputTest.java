package dev.cubed.storage.zarr;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cubed.block.Block;
import dev.cubed.block.DataType;
import dev.cubed.storage.FileStore;
import dev.cubed.storage.Store;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of bad input fails with a message naming the array (or chunk) and the problem. */
class BadInputTest {
    @TempDir
    Path dir;

    private Store store() {
        return new FileStore(dir);
    }

    private static ByteBuffer text(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void missingMetadata() {
        assertThatThrownBy(() -> ZarrArray.open(store(), "nope/arr"))
                .isInstanceOf(ZarrException.class)
                .hasMessageContaining("no Zarr array at '" + new FileStore(dir).url() + "/nope/arr'")
                .hasMessageContaining("zarr.json").hasMessageContaining(".zarray");
        assertThatThrownBy(() -> ZarrGroup.open(store(), "nope")).hasMessageContaining("no Zarr group").hasMessageContaining("nope");
    }

    @Test
    void corruptMetadata() {
        Store s = store();
        s.put("bad/zarr.json", text("{\"zarr_format\": 3, \"node_type\": \"array\", "));
        assertThatThrownBy(() -> ZarrArray.open(s, "bad"))
                .hasMessageContaining("corrupt metadata at '" + s.url() + "/bad/zarr.json'").hasMessageContaining("not valid JSON");
        s.put("bad2/.zarray", text("{\"zarr_format\": 2, \"shape\": [3], \"dtype\": \"<f8\"}"));
        assertThatThrownBy(() -> ZarrArray.open(s, "bad2"))
                .hasMessageContaining("invalid array metadata in '" + s.url() + "/bad2/.zarray'")
                .hasMessageContaining("\"chunks\"");
        s.put("bad3/zarr.json", text("{\"zarr_format\": 3, \"node_type\": \"array\", \"shape\": [3], \"data_type\": \"int8\"}"));
        assertThatThrownBy(() -> ZarrArray.open(s, "bad3")).hasMessageContaining("bad3/zarr.json").hasMessageContaining("chunk grid");
    }

    @Test
    void unknownDataTypes() {
        Store s = store();
        ArrayMetadata m = ArrayMetadata.builder().shape(3).dataType(DataType.INT8).build();
        String doc = new String(jsonBytes(m), StandardCharsets.UTF_8).replace("\"int8\"", "\"complex128\"");
        s.put("c/zarr.json", text(doc));
        assertThatThrownBy(() -> ZarrArray.open(s, "c"))
                .hasMessageContaining(s.url() + "/c/zarr.json").hasMessageContaining("unknown data type 'complex128'");
        s.put("d/.zarray", text("{\"zarr_format\": 2, \"shape\": [3], \"chunks\": [3], \"dtype\": \"<c16\", "
                + "\"compressor\": null, \"fill_value\": 0, \"order\": \"C\", \"filters\": null}"));
        assertThatThrownBy(() -> ZarrArray.open(s, "d"))
                .hasMessageContaining(s.url() + "/d/.zarray").hasMessageContaining("unknown data type '<c16'");
    }

    private static byte[] jsonBytes(ArrayMetadata m) {
        ByteBuffer b = Json.bytes(m.toJson());
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    @Test
    void chunkOfTheWrongByteLength() throws Exception {
        Store s = store();
        ZarrArray a = ZarrArray.create(s, "a", ArrayMetadata.builder().shape(8).chunks(4).dataType(DataType.FLOAT64)
                .codecs(ArrayMetadata.Codecs.none()).build());
        a.write(new long[1], Block.of(new double[8], 8));
        Files.write(dir.resolve("a/c/1"), new byte[20]); // 2.5 doubles
        assertThatThrownBy(() -> a.readChunk(1))
                .hasMessageContaining("chunk 'a/c/1' of array '" + s.url() + "/a'")
                .hasMessageContaining("has 20 bytes").hasMessageContaining("needs 32");
        assertThatThrownBy(() -> a.read(new long[] {2}, new int[] {4})).hasMessageContaining("a/c/1");
    }

    @Test
    void crc32cMismatch() throws Exception {
        Store s = store();
        ZarrArray a = ZarrArray.create(s, "k", ArrayMetadata.builder().shape(4).chunks(4).dataType(DataType.INT32)
                .codecs(ArrayMetadata.Codecs.crc32c()).build());
        a.writeChunk(new long[] {0}, Block.of(new int[] {1, 2, 3, 4}, 4));
        Path chunk = dir.resolve("k/c/0");
        byte[] b = Files.readAllBytes(chunk);
        b[5] ^= 1;
        Files.write(chunk, b);
        assertThatThrownBy(() -> a.readChunk(0))
                .hasMessageContaining("chunk 'k/c/0' of array '" + s.url() + "/k'")
                .hasMessageContaining("crc32c checksum mismatch");
    }

    @Test
    void corruptCompressedChunks() throws Exception {
        Store s = store();
        for (var codecs : java.util.List.of(ArrayMetadata.Codecs.zstd(1), ArrayMetadata.Codecs.gzip(1))) {
            String name = codecs.get(1).name();
            ZarrArray a = ZarrArray.create(s, name, ArrayMetadata.builder().shape(100).chunks(100).dataType(DataType.INT32)
                    .codecs(codecs).build());
            a.writeChunk(new long[] {0}, Block.of(new int[100], 100));
            Path chunk = dir.resolve(name + "/c/0");
            byte[] b = Files.readAllBytes(chunk);
            Files.write(chunk, java.util.Arrays.copyOf(b, b.length / 2));
            assertThatThrownBy(() -> a.readChunk(0))
                    .as(name).hasMessageContaining("chunk '" + name + "/c/0' of array '" + s.url() + "/" + name + "'")
                    .hasMessageContaining(name);
        }
    }

    @Test
    void misalignedRegionWrite() {
        Store s = store();
        ZarrArray a = ZarrArray.create(s, "m", ArrayMetadata.builder().shape(10, 10).chunks(4, 4).dataType(DataType.INT8).build());
        assertThatThrownBy(() -> a.write(new long[] {4, 2}, Block.allocate(DataType.INT8, 4, 4)))
                .hasMessageContaining("array '" + s.url() + "/m'")
                .hasMessageContaining("on axis 1").hasMessageContaining("starts at 2");
        assertThatThrownBy(() -> a.write(new long[] {0, 0}, Block.allocate(DataType.INT8, 4, 6)))
                .hasMessageContaining("on axis 1").hasMessageContaining("ends at 6");
        // ending at the array's end is aligned
        a.write(new long[] {8, 8}, Block.allocate(DataType.INT8, 2, 2));
        assertThatThrownBy(() -> a.write(new long[] {8, 8}, Block.allocate(DataType.INT8, 4, 4)))
                .hasMessageContaining("outside the array shape [10, 10]");
    }

    @Test
    void wrongBlockTypeOrShape() {
        Store s = store();
        ZarrArray a = ZarrArray.create(s, "t", ArrayMetadata.builder().shape(10).chunks(4).dataType(DataType.FLOAT64).build());
        assertThatThrownBy(() -> a.writeChunk(new long[] {0}, Block.allocate(DataType.FLOAT32, 4)))
                .hasMessageContaining("float32 block to array '" + s.url() + "/t' of type float64")
                .hasMessageContaining("astype");
        assertThatThrownBy(() -> a.writeChunk(new long[] {2}, Block.allocate(DataType.FLOAT64, 4)))
                .hasMessageContaining("chunk 't/c/2'").hasMessageContaining("shape is [2]");
        assertThatThrownBy(() -> a.readChunk(3)).hasMessageContaining("outside the chunk grid [3]")
                .hasMessageContaining(s.url() + "/t");
    }

    @Test
    void openingAGroupAsAnArrayAndBack() {
        Store s = store();
        ZarrGroup.create(s, "g", ZarrFormat.V2, (java.util.Map<String, ?>) null);
        assertThatThrownBy(() -> ZarrArray.open(s, "g")).hasMessageContaining("is a Zarr v2 group, not an array");
        ZarrArray.create(s, "arr", ArrayMetadata.builder().shape(1).dataType(DataType.INT8).build());
        assertThatThrownBy(() -> ZarrGroup.open(s, "arr")).hasMessageContaining("is a Zarr v3 array, not a group");
    }
}
