package dev.cubed.storage.zarr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cubed.block.Block;
import dev.cubed.block.DataType;
import dev.cubed.storage.FileStore;
import dev.cubed.storage.MemoryStore;
import dev.cubed.storage.Store;
import dev.cubed.storage.zarr.codec.BytesCodec;
import dev.cubed.storage.zarr.codec.Codec;
import dev.cubed.storage.zarr.codec.Crc32cCodec;
import dev.cubed.storage.zarr.codec.ShardingCodec;
import dev.cubed.storage.zarr.codec.ZlibCodec;
import dev.cubed.storage.zarr.codec.ZstdCodec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Writes and reads back arrays of every data type with every codec in both formats. */
class RoundTripTest {

    enum Coding {
        NONE(true, true), GZIP(true, true), ZSTD(true, true), ZLIB(true, false), CRC32C(false, true),
        BIG_ENDIAN_ZSTD(true, true), ORDER_F_GZIP(true, true), TRANSPOSE_3D(false, true), SHARDING(false, true),
        SHARDING_INDEX_START_CRC(false, true);

        final boolean v2;
        final boolean v3;

        Coding(boolean v2, boolean v3) {
            this.v2 = v2;
            this.v3 = v3;
        }

        List<Codec> codecs() {
            return switch (this) {
                case NONE -> ArrayMetadata.Codecs.none();
                case GZIP -> ArrayMetadata.Codecs.gzip(5);
                case ZSTD -> ArrayMetadata.Codecs.zstd(3);
                case ZLIB -> List.of(BytesCodec.LITTLE, new ZlibCodec(1));
                case CRC32C -> ArrayMetadata.Codecs.crc32c();
                case BIG_ENDIAN_ZSTD -> ArrayMetadata.Codecs.bigEndian(new ZstdCodec(1));
                case ORDER_F_GZIP -> ArrayMetadata.Codecs.gzip(1);
                case TRANSPOSE_3D -> ArrayMetadata.Codecs.transpose(new int[] {2, 0, 1}, ArrayMetadata.Codecs.zstd(1));
                case SHARDING -> ArrayMetadata.Codecs.sharding(new int[] {2, 2, 3});
                case SHARDING_INDEX_START_CRC -> ArrayMetadata.Codecs.sharding(new int[] {3, 1, 3},
                        List.of(BytesCodec.LITTLE, new Crc32cCodec()), ShardingCodec.IndexLocation.START);
            };
        }
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (DataType t : DataType.values()) {
            for (Coding c : Coding.values()) {
                for (ZarrFormat f : ZarrFormat.values()) {
                    if (f == ZarrFormat.V2 ? c.v2 : c.v3) {
                        out.add(Arguments.of(t, c, f));
                    }
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void everyTypeCodecAndFormat(DataType type, Coding coding, ZarrFormat format) {
        Store store = new MemoryStore();
        // 3-d with edge chunks on every axis (shards are 6x4x6 with inner chunks dividing them)
        long[] shape = {13, 9, 10};
        int[] chunks = {6, 4, 6};
        ArrayMetadata.Builder b = ArrayMetadata.builder().format(format).shape(shape).chunks(chunks).dataType(type)
                .codecs(coding.codecs());
        if (coding == Coding.ORDER_F_GZIP) {
            b.order('F');
        }
        ArrayMetadata m = b.build();
        ZarrArray a = ZarrArray.create(store, "group/arr", m);
        Block data = TestArrays.random(type, type.ordinal() * 31L + coding.ordinal(), TestArrays.ints(shape));
        a.write(new long[3], data);

        // a fresh open reads the metadata back from the store and the values
        ZarrArray reopened = ZarrArray.open(store, "group/arr");
        assertThat(reopened.metadata()).isEqualTo(m);
        Block back = reopened.read(new long[3], TestArrays.ints(shape));
        assertThat(back.sameValues(data)).as("whole array").isTrue();
        assertThat(reopened.storedChunks()).hasSize(3 * 3 * 2);

        // every chunk, clipped at the edges
        for (long[] c : m.chunkCoordinates()) {
            Block chunk = reopened.readChunk(c);
            int[] start = new int[3];
            int[] stop = new int[3];
            for (int d = 0; d < 3; d++) {
                start[d] = (int) c[d] * chunks[d];
                stop[d] = start[d] + m.chunkShape(c)[d];
            }
            assertThat(chunk.sameValues(data.slice(start, stop))).as("chunk %s", Arrays.toString(c)).isTrue();
        }
        // arbitrary regions against slices of the in-memory original
        Random r = new Random(7);
        for (int k = 0; k < 20; k++) {
            long[] off = new long[3];
            int[] sh = new int[3];
            int[] stop = new int[3];
            for (int d = 0; d < 3; d++) {
                off[d] = r.nextInt((int) shape[d]);
                sh[d] = r.nextInt((int) (shape[d] - off[d])) + 1;
                stop[d] = (int) off[d] + sh[d];
            }
            Block region = reopened.read(off, sh);
            assertThat(region.sameValues(data.slice(TestArrays.ints(off), stop)))
                    .as("region %s + %s", Arrays.toString(off), Arrays.toString(sh)).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formats")
    void zeroDimensionalArray(ZarrFormat format) {
        Store store = new MemoryStore();
        ArrayMetadata m = ArrayMetadata.builder().format(format).shape().dataType(DataType.FLOAT64).fillValue(-1.5).build();
        ZarrArray a = ZarrArray.create(store, "scalar", m);
        assertThat(m.chunkGridShape()).isEmpty();
        assertThat(m.chunkCount()).isEqualTo(1);
        assertThat(a.chunkKey()).isEqualTo(format == ZarrFormat.V3 ? "scalar/c" : "scalar/0");
        assertThat(a.readChunk().getDoubleAt(0)).isEqualTo(-1.5);
        a.writeChunk(new long[0], Block.scalar(DataType.FLOAT64, 3.25));
        assertThat(store.exists(a.chunkKey())).isTrue();
        ZarrArray back = ZarrArray.open(store, "scalar");
        assertThat(back.read(new long[0], new int[0]).getDoubleAt(0)).isEqualTo(3.25);
        assertThat(back.storedChunks()).hasSize(1);
        assertThat(back.storedChunks().get(0)).isEmpty();
    }

    static Stream<ZarrFormat> formats() {
        return Stream.of(ZarrFormat.values());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formats")
    void sizeZeroAndSizeOneDimensions(ZarrFormat format) {
        Store store = new MemoryStore();
        ArrayMetadata empty = ArrayMetadata.builder().format(format).shape(0, 5).chunks(2, 2).dataType(DataType.INT32).build();
        ZarrArray e = ZarrArray.create(store, "empty", empty);
        assertThat(empty.chunkGridShape()).containsExactly(0, 3);
        assertThat(empty.chunkCoordinates()).isEmpty();
        assertThat(e.read(new long[2], new int[] {0, 5}).shape()).containsExactly(0, 5);
        e.write(new long[2], Block.allocate(DataType.INT32, 0, 5));
        assertThat(e.storedChunks()).isEmpty();

        ArrayMetadata ones = ArrayMetadata.builder().format(format).shape(1, 7, 1).chunks(1, 3, 1).dataType(DataType.INT16)
                .codecs(ArrayMetadata.Codecs.gzip(1)).build();
        ZarrArray o = ZarrArray.create(store, "ones", ones);
        Block data = TestArrays.random(DataType.INT16, 3, 1, 7, 1);
        o.write(new long[3], data);
        assertThat(ZarrArray.open(store, "ones").read(new long[3], new int[] {1, 7, 1}).sameValues(data)).isTrue();
        assertThat(o.readChunk(0, 2, 0).shape()).containsExactly(1, 1, 1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formats")
    void specialFloatFillValuesFillMissingChunksAndPadding(ZarrFormat format) {
        for (Object fill : new Object[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, "NaN",
                                         "Infinity", "-Infinity"}) {
            for (DataType t : new DataType[] {DataType.FLOAT32, DataType.FLOAT64}) {
                Store store = new MemoryStore();
                ArrayMetadata m = ArrayMetadata.builder().format(format).shape(5, 5).chunks(3, 3).dataType(t)
                        .fillValue(fill).codecs(ArrayMetadata.Codecs.none()).build();
                ZarrArray a = ZarrArray.create(store, "a", m);
                a.writeChunk(new long[] {1, 1}, Block.full(t, 2.0, 2, 2)); // an edge chunk: stored padded
                ZarrArray back = ZarrArray.open(store, "a");
                assertThat(back.metadata()).isEqualTo(m);
                double want = fill instanceof String s ? Double.parseDouble(s) : (Double) fill;
                Block all = back.read(new long[2], new int[] {5, 5});
                for (int i = 0; i < 25; i++) {
                    double v = all.getDoubleAt(i);
                    boolean inWritten = i / 5 >= 3 && i % 5 >= 3;
                    if (inWritten) {
                        assertThat(v).isEqualTo(2.0);
                    } else if (Double.isNaN(want)) {
                        assertThat(v).isNaN();
                    } else {
                        assertThat(Double.doubleToRawLongBits(v)).as("%s %s fill %s", format, t, fill)
                                .isEqualTo(Double.doubleToRawLongBits(want));
                    }
                }
                // the padding of the stored edge chunk is the fill value too
                java.nio.ByteBuffer raw = store.get(back.chunkKey(1, 1)).orElseThrow().order(java.nio.ByteOrder.LITTLE_ENDIAN);
                double pad = t == DataType.FLOAT64 ? raw.getDouble(8 * 8) : raw.getFloat(8 * 4);
                assertThat(Double.isNaN(want) ? Double.isNaN(pad) : Double.compare(pad, want) == 0).isTrue();
            }
        }
    }

    @Test
    void nanPayloadFillValueRoundTripsThroughHex() {
        ArrayMetadata m = ArrayMetadata.builder().shape(4).chunks(2).dataType(DataType.FLOAT32).fillValue("0x7fc00001").build();
        assertThat(m.toJson().get("fill_value").asText()).isEqualTo("0x7fc00001");
        assertThat(ArrayMetadata.fromJson(m.toJson())).isEqualTo(m);
        Store store = new MemoryStore();
        Block b = ZarrArray.create(store, "x", m).readChunk(0);
        assertThat(Float.floatToRawIntBits(((float[]) b.data())[0])).isEqualTo(0x7fc00001);
    }

    static Stream<Arguments> keyEncodings() {
        return Stream.of(
                Arguments.of(ZarrFormat.V3, ChunkKeyEncoding.defaultEncoding('/'), "a/c/1/2"),
                Arguments.of(ZarrFormat.V3, ChunkKeyEncoding.defaultEncoding('.'), "a/c.1.2"),
                Arguments.of(ZarrFormat.V3, ChunkKeyEncoding.v2('.'), "a/1.2"),
                Arguments.of(ZarrFormat.V3, ChunkKeyEncoding.v2('/'), "a/1/2"),
                Arguments.of(ZarrFormat.V2, ChunkKeyEncoding.v2('.'), "a/1.2"),
                Arguments.of(ZarrFormat.V2, ChunkKeyEncoding.v2('/'), "a/1/2"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("keyEncodings")
    void chunkKeyEncodingsAndSeparators(ZarrFormat format, ChunkKeyEncoding enc, String key12, @TempDir Path dir) {
        Store store = new FileStore(dir);
        ArrayMetadata m = ArrayMetadata.builder().format(format).shape(20, 30).chunks(10, 10).dataType(DataType.UINT16)
                .chunkKeyEncoding(enc).build();
        ZarrArray a = ZarrArray.create(store, "a", m);
        assertThat(a.chunkKey(1, 2)).isEqualTo(key12);
        Block data = TestArrays.random(DataType.UINT16, 5, 20, 30);
        a.write(new long[2], data);
        assertThat(store.exists(key12)).isTrue();
        ZarrArray back = ZarrArray.open(store, "a");
        assertThat(back.metadata().chunkKeyEncoding()).isEqualTo(enc);
        assertThat(back.storedChunks()).hasSize(6);
        assertThat(back.read(new long[2], new int[] {20, 30}).sameValues(data)).isTrue();
    }

    @Test
    void writesMissingChunksOnlyWhereWritten() {
        Store store = new MemoryStore();
        ArrayMetadata m = ArrayMetadata.builder().shape(10, 10).chunks(5, 5).dataType(DataType.INT32).fillValue(42).build();
        ZarrArray a = ZarrArray.create(store, "", m);
        a.writeChunk(new long[] {0, 1}, Block.full(DataType.INT32, 7, 5, 5));
        assertThat(a.storedChunks()).containsExactly(new long[] {0, 1});
        assertThat(a.chunkExists(0, 1)).isTrue();
        assertThat(a.chunkExists(1, 1)).isFalse();
        Block all = a.read(new long[2], new int[] {10, 10});
        for (int i = 0; i < 100; i++) {
            assertThat(all.getLongAt(i)).isEqualTo(i / 10 < 5 && i % 10 >= 5 ? 7 : 42);
        }
    }

    @Test
    void partialShardReadsFetchOnlyTheInnerChunksNeeded() {
        CountingStore store = new CountingStore(new MemoryStore());
        ArrayMetadata m = ArrayMetadata.builder().shape(40, 40).chunks(20, 20).dataType(DataType.FLOAT64)
                .codecs(ArrayMetadata.Codecs.sharding(new int[] {5, 5})).build();
        ZarrArray a = ZarrArray.create(store, "s", m);
        Block data = TestArrays.random(DataType.FLOAT64, 11, 40, 40);
        a.write(new long[2], data);
        // a region inside one shard touches 2 x 3 of its 4 x 4 inner chunks: index + 6 ranges, no whole shard
        store.reset();
        assertThat(a.read(new long[] {3, 7}, new int[] {4, 9}).sameValues(data.slice(new int[] {3, 7}, new int[] {7, 16})))
                .isTrue();
        assertThat(store.gets.get()).isZero();
        assertThat(store.suffixes.get()).isEqualTo(1);
        assertThat(store.ranges.get()).isEqualTo(6);
        assertThat(store.bytesRead.get()).isLessThan(store.inner.get(a.chunkKey(0, 0)).orElseThrow().remaining() / 2);
        // most of a shard: one request for all of it
        store.reset();
        assertThat(a.read(new long[] {1, 1}, new int[] {18, 18}).sameValues(data.slice(new int[] {1, 1}, new int[] {19, 19})))
                .isTrue();
        assertThat(store.gets.get()).isEqualTo(1);
        assertThat(store.ranges.get() + store.suffixes.get()).isZero();
        // a region across four shards
        assertThat(a.read(new long[] {17, 12}, new int[] {8, 20})
                .sameValues(data.slice(new int[] {17, 12}, new int[] {25, 32}))).isTrue();
        // a missing shard reads as fill through the partial path too
        store.delete(a.chunkKey(1, 1));
        Block r = a.read(new long[] {19, 19}, new int[] {3, 3});
        assertThat(r.getDoubleAt(0)).isEqualTo(data.getDouble(19, 19));
        assertThat(r.getDoubleAt(8)).isEqualTo(0.0);
    }

    @Test
    void shardsWithMissingInnerChunksReadAsFill() {
        // zarr-python leaves inner chunks that are all fill out of a shard; we must read those
        Store store = new MemoryStore();
        int[] inner = {2, 2};
        ArrayMetadata m = ArrayMetadata.builder().shape(4, 4).chunks(4, 4).dataType(DataType.INT32).fillValue(-9)
                .codecs(ArrayMetadata.Codecs.sharding(inner, ArrayMetadata.Codecs.none())).build();
        ZarrArray a = ZarrArray.create(store, "s", m);
        Block data = TestArrays.random(DataType.INT32, 1, 4, 4);
        a.writeChunk(new long[2], data);
        // rewrite the index so inner chunk (1,0) is marked missing (2^64-1, 2^64-1)
        java.nio.ByteBuffer shard = store.get(a.chunkKey(0, 0)).orElseThrow();
        byte[] bytes = new byte[shard.remaining()];
        shard.get(bytes);
        int indexAt = bytes.length - (4 * 16 + 4);
        java.nio.ByteBuffer idx = java.nio.ByteBuffer.wrap(bytes, indexAt, 64).slice().order(java.nio.ByteOrder.LITTLE_ENDIAN);
        idx.putLong(2 * 16, -1L).putLong(2 * 16 + 8, -1L);
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(bytes, indexAt, 64);
        java.nio.ByteBuffer.wrap(bytes, bytes.length - 4, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt((int) crc.getValue());
        store.put(a.chunkKey(0, 0), java.nio.ByteBuffer.wrap(bytes));
        Block back = a.readChunk(0, 0);
        for (int i = 0; i < 16; i++) {
            boolean missing = i / 4 >= 2 && i % 4 < 2;
            assertThat(back.getLongAt(i)).isEqualTo(missing ? -9 : data.getLongAt(i));
        }
        assertThat(a.read(new long[] {2, 0}, new int[] {1, 1}).getLongAt(0)).isEqualTo(-9);
    }

    @Test
    void fileStoreRoundTripOfEveryTypeWithDefaultCodecs(@TempDir Path dir) {
        for (DataType t : DataType.values()) {
            Store store = new FileStore(dir);
            ArrayMetadata m = ArrayMetadata.builder().shape(7, 11).chunks(4, 4).dataType(t).build();
            ZarrArray a = ZarrArray.create(store, t.zarrName(), m);
            Block data = TestArrays.random(t, t.ordinal(), 7, 11);
            a.write(new long[2], data);
            assertThat(ZarrArray.open(store, t.zarrName()).read(new long[2], new int[] {7, 11}).sameValues(data)).isTrue();
        }
    }

    /** Threads sharing one array (and so its pipelines' spare buffers) never see each other's bytes. */
    @Test
    void concurrentChunkWritesAndReadsThroughOneArray() throws Exception {
        Store store = new MemoryStore();
        for (List<Codec> codecs : List.of(ArrayMetadata.Codecs.zstd(1), ArrayMetadata.Codecs.gzip(1),
                ArrayMetadata.Codecs.sharding(new int[] {8, 8}))) {
            ArrayMetadata m = ArrayMetadata.builder().shape(64, 64).chunks(16, 16).dataType(DataType.INT64)
                    .codecs(codecs).build();
            ZarrArray a = ZarrArray.create(store, "c" + codecs.hashCode(), m);
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
            try {
                List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
                for (long[] c : m.chunkCoordinates()) {
                    futures.add(pool.submit(() -> {
                        for (int round = 0; round < 5; round++) {
                            long tag = (c[0] * 4 + c[1]) * 1000 + round;
                            a.writeChunk(c, Block.full(DataType.INT64, tag, 16, 16));
                            Block back = a.readChunk(c);
                            for (int i = 0; i < back.size(); i++) {
                                if (back.getLongAt(i) != tag) {
                                    throw new AssertionError("chunk " + Arrays.toString(c) + " read " + back.getLongAt(i)
                                            + " at " + i + ", wrote " + tag);
                                }
                            }
                        }
                        return null;
                    }));
                }
                for (java.util.concurrent.Future<?> f : futures) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void recreatingAnArrayKeepsItsChunksForResume() {
        Store store = new MemoryStore();
        ArrayMetadata m = ArrayMetadata.builder().shape(4).chunks(2).dataType(DataType.INT8).build();
        ZarrArray.create(store, "r", m).writeChunk(new long[] {1}, Block.wrap(DataType.INT8, new byte[] {5, 6}, 2));
        ZarrArray again = ZarrArray.create(store, "r", m);
        assertThat(again.storedChunks()).containsExactly(new long[] {1});
        assertThat(again.readChunk(1).getLongAt(1)).isEqualTo(6);
    }
}
