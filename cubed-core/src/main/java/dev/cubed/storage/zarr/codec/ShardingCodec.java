package dev.cubed.storage.zarr.codec;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cubed.block.Block;
import dev.cubed.block.DataType;
import dev.cubed.storage.zarr.ZarrException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The v3 {@code sharding_indexed} codec: a chunk of the array (a shard) holds a grid of inner
 * chunks, each coded with the inner codecs, followed (or preceded) by an index of
 * {@code (offset, nbytes)} uint64 pairs in C order over the inner grid, coded with the index
 * codecs. An inner chunk that was never written has both fields set to 2^64-1 and reads as the
 * fill value. Writing codes whole shards.
 */
public final class ShardingCodec implements ArrayToBytesCodec {

    /** Where the index sits in the shard. */
    public enum IndexLocation {
        START, END;

        public String jsonName() {
            return this == START ? "start" : "end";
        }
    }

    private static final long MISSING = -1L; // 2^64 - 1

    private final int[] chunkShape;
    private final List<Codec> codecs;
    private final List<Codec> indexCodecs;
    private final IndexLocation indexLocation;
    /** Pipelines per shard spec (one per array in practice), kept so their scratch buffers are reused. */
    private final ConcurrentHashMap<ChunkSpec, CodecPipeline> innerPipelines = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<List<Integer>, CodecPipeline> indexPipelines = new ConcurrentHashMap<>();

    public ShardingCodec(int[] chunkShape, List<Codec> codecs, List<Codec> indexCodecs, IndexLocation indexLocation) {
        this.chunkShape = chunkShape.clone();
        for (int s : chunkShape) {
            if (s <= 0) {
                throw new ZarrException("sharding inner chunk shape " + Arrays.toString(chunkShape)
                        + " must be positive on every axis");
            }
        }
        this.codecs = List.copyOf(codecs);
        this.indexCodecs = List.copyOf(indexCodecs);
        this.indexLocation = Objects.requireNonNull(indexLocation, "indexLocation");
    }

    public List<Codec> codecs() {
        return codecs;
    }

    public List<Codec> indexCodecs() {
        return indexCodecs;
    }

    public IndexLocation indexLocation() {
        return indexLocation;
    }

    /** The index codecs the spec recommends: little-endian bytes then crc32c. */
    public static List<Codec> defaultIndexCodecs() {
        return List.of(BytesCodec.LITTLE, new Crc32cCodec());
    }

    public int[] chunkShape() {
        return chunkShape.clone();
    }

    @Override
    public String name() {
        return "sharding_indexed";
    }

    void checkFor(ChunkSpec shard) {
        int[] s = shard.shape();
        if (s.length != chunkShape.length) {
            throw new ZarrException("sharding inner chunk shape " + Arrays.toString(chunkShape) + " has "
                    + chunkShape.length + " axes but the shards have " + s.length);
        }
        for (int i = 0; i < s.length; i++) {
            if (s[i] % chunkShape[i] != 0) {
                throw new ZarrException("sharding inner chunk shape " + Arrays.toString(chunkShape)
                        + " does not divide the shard (chunk) shape " + Arrays.toString(s) + " on axis " + i
                        + "; pick inner chunks whose sizes divide the chunk sizes");
            }
        }
        innerPipeline(shard);
        if (indexPipeline(innerGrid(shard)).encodedSize() < 0) {
            throw new ZarrException("sharding index_codecs " + CodecPipeline.describe(indexCodecs)
                    + " do not have a fixed encoded size; use bytes (+ crc32c)");
        }
    }

    /** Number of inner chunks per axis of a shard. */
    public int[] innerGrid(ChunkSpec shard) {
        int[] s = shard.shape();
        int[] g = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            g[i] = s[i] / chunkShape[i];
        }
        return g;
    }

    CodecPipeline innerPipeline(ChunkSpec shard) {
        CodecPipeline p = innerPipelines.get(shard);
        if (p == null) {
            p = new CodecPipeline(codecs, shard.withShape(chunkShape));
            if (innerPipelines.size() < 16) {
                innerPipelines.put(shard, p);
            }
        }
        return p;
    }

    CodecPipeline indexPipeline(int[] grid) {
        List<Integer> key = Arrays.stream(grid).boxed().toList();
        CodecPipeline p = indexPipelines.get(key);
        if (p == null) {
            int[] shape = Arrays.copyOf(grid, grid.length + 1);
            shape[grid.length] = 2;
            p = new CodecPipeline(indexCodecs, new ChunkSpec(shape, DataType.UINT64, MISSING));
            if (indexPipelines.size() < 16) {
                indexPipelines.put(key, p);
            }
        }
        return p;
    }

    @Override
    public ByteBuffer encode(Block shard, ChunkSpec spec) {
        int[] grid = innerGrid(spec);
        CodecPipeline inner = innerPipeline(spec);
        CodecPipeline indexPipe = indexPipeline(grid);
        int n = Block.sizeOf(grid);
        ByteBuffer[] parts = new ByteBuffer[n];
        int[] coords = new int[grid.length];
        int[] start = new int[grid.length];
        int[] stop = new int[grid.length];
        for (int i = 0; i < n; i++) {
            for (int d = 0; d < grid.length; d++) {
                start[d] = coords[d] * chunkShape[d];
                stop[d] = start[d] + chunkShape[d];
            }
            parts[i] = inner.encode(shard.slice(start, stop));
            increment(coords, grid);
        }
        long indexSize = indexPipe.encodedSize();
        long[] index = new long[2 * n];
        long offset = indexLocation == IndexLocation.START ? indexSize : 0;
        for (int i = 0; i < n; i++) {
            index[2 * i] = offset;
            index[2 * i + 1] = parts[i].remaining();
            offset += parts[i].remaining();
        }
        long total = offset + (indexLocation == IndexLocation.END ? indexSize : 0);
        if (total > Integer.MAX_VALUE - 16) {
            throw new ZarrException("an encoded shard of " + total + " bytes is larger than 2 GiB; use smaller shards");
        }
        int[] indexShape = Arrays.copyOf(grid, grid.length + 1);
        indexShape[grid.length] = 2;
        ByteBuffer encodedIndex = indexPipe.encode(Block.wrap(DataType.UINT64, index, indexShape));
        ByteBuffer out = ByteBuffer.allocate((int) total);
        if (indexLocation == IndexLocation.START) {
            out.put(encodedIndex);
        }
        for (ByteBuffer p : parts) {
            out.put(p);
        }
        if (indexLocation == IndexLocation.END) {
            out.put(encodedIndex);
        }
        return out.flip();
    }

    @Override
    public Block decode(ByteBuffer bytes, ChunkSpec spec) {
        int[] grid = innerGrid(spec);
        long[] index = readIndex(bytes, grid, spec);
        int n = Block.sizeOf(grid);
        boolean anyMissing = false;
        for (int i = 0; i < n; i++) {
            anyMissing |= index[2 * i] == MISSING && index[2 * i + 1] == MISSING;
        }
        Block shard = anyMissing ? spec.filledBlock() : Block.allocate(spec.dataType(), spec.shape());
        CodecPipeline inner = innerPipeline(spec);
        ByteBuffer all = bytes.slice();
        int[] coords = new int[grid.length];
        int[] at = new int[grid.length];
        for (int i = 0; i < n; i++) {
            Optional<ByteBuffer> part = innerBytes(all, index, i, coords);
            if (part.isPresent()) {
                for (int d = 0; d < grid.length; d++) {
                    at[d] = coords[d] * chunkShape[d];
                }
                inner.decode(part.get()).copyInto(shard, at);
            }
            increment(coords, grid);
        }
        return shard;
    }

    /** Decodes the index at the start or end of a whole shard into (offset, nbytes) pairs. */
    long[] readIndex(ByteBuffer shardBytes, int[] grid, ChunkSpec spec) {
        CodecPipeline indexPipe = indexPipeline(grid);
        long indexSize = indexPipe.encodedSize();
        int len = shardBytes.remaining();
        if (len < indexSize) {
            throw new ZarrException("shard has " + len + " bytes, fewer than its " + indexSize + "-byte index for "
                    + Arrays.toString(grid) + " inner chunks; the shard is truncated");
        }
        int at = indexLocation == IndexLocation.START ? 0 : len - (int) indexSize;
        return decodeIndex(shardBytes.slice(shardBytes.position() + at, (int) indexSize), grid);
    }

    /** Decodes an encoded index (exactly {@link #indexSize} bytes). */
    public long[] decodeIndex(ByteBuffer encodedIndex, int[] grid) {
        try {
            return (long[]) indexPipeline(grid).decode(encodedIndex).data();
        } catch (ZarrException e) {
            throw new ZarrException("shard index does not decode: " + e.getMessage(), e);
        }
    }

    /** Encoded size of the index of a shard with this inner grid. */
    public long indexSize(int[] grid) {
        return indexPipeline(grid).encodedSize();
    }

    /** The stored bytes of inner chunk {@code i}, empty when it was never written. */
    private static Optional<ByteBuffer> innerBytes(ByteBuffer shard, long[] index, int i, int[] coords) {
        long off = index[2 * i];
        long nb = index[2 * i + 1];
        if (off == MISSING && nb == MISSING) {
            return Optional.empty();
        }
        if (off < 0 || nb < 0 || off + nb > shard.remaining()) {
            throw new ZarrException("shard index entry for inner chunk " + Arrays.toString(coords) + " points at bytes ["
                    + Long.toUnsignedString(off) + ", +" + Long.toUnsignedString(nb) + ") outside the shard's "
                    + shard.remaining() + " bytes; the shard is corrupt");
        }
        return Optional.of(shard.slice((int) off, (int) nb));
    }

    /** Decodes one inner chunk given its stored bytes (for reads that fetch only some inner chunks). */
    public Block decodeInner(ByteBuffer innerBytes, ChunkSpec shard) {
        return innerPipeline(shard).decode(innerBytes);
    }

    private static void increment(int[] coords, int[] grid) {
        for (int d = coords.length - 1; d >= 0; d--) {
            if (++coords[d] < grid[d]) {
                return;
            }
            coords[d] = 0;
        }
    }

    @Override
    public long encodedSize(ChunkSpec spec) {
        return -1;
    }

    @Override
    public ObjectNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode().put("name", "sharding_indexed");
        ObjectNode c = n.putObject("configuration");
        ArrayNode cs = c.putArray("chunk_shape");
        for (int s : chunkShape) {
            cs.add(s);
        }
        c.set("codecs", CodecJson.toJson(codecs));
        c.set("index_codecs", CodecJson.toJson(indexCodecs));
        c.put("index_location", indexLocation.jsonName());
        return n;
    }

    @Override
    public String describe() {
        return "sharding_indexed(inner " + Arrays.toString(chunkShape) + ": " + CodecPipeline.describe(codecs)
                + "; index " + indexLocation.jsonName() + ": " + CodecPipeline.describe(indexCodecs) + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ShardingCodec s && Arrays.equals(chunkShape, s.chunkShape) && codecs.equals(s.codecs)
                && indexCodecs.equals(s.indexCodecs) && indexLocation == s.indexLocation;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(chunkShape), codecs, indexCodecs, indexLocation);
    }

    @Override
    public String toString() {
        return describe();
    }
}
