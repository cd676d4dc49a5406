package dev.cubed.storage.zarr;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cubed.block.Block;
import dev.cubed.block.BlockAllocator;
import dev.cubed.storage.Store;
import dev.cubed.storage.zarr.codec.ChunkSpec;
import dev.cubed.storage.zarr.codec.CodecPipeline;
import dev.cubed.storage.zarr.codec.ShardingCodec;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Zarr array (v2 or v3) in a {@link Store}: chunk-level reads and writes that decode straight
 * into primitive blocks, plus region reads and chunk-aligned region writes.
 *
 * <p>Chunks are read and written whole and atomically through the store. A chunk that was never
 * written reads as the fill value. Edge chunks are handed out clipped to the array bounds and
 * stored padded with the fill value to the full chunk shape, as zarr-python does.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class ZarrArray {
    static final String V3_METADATA = "zarr.json";
    static final String V2_METADATA = ".zarray";
    static final String V2_ATTRIBUTES = ".zattrs";
    static final String V2_GROUP = ".zgroup";

    private final Store store;
    private final String path;
    private final ArrayMetadata metadata;
    private final String keyPrefix;
    private volatile CodecPipeline pipeline;

    private ZarrArray(Store store, String path, ArrayMetadata metadata) {
        this.store = store;
        this.path = normalise(path);
        this.metadata = metadata;
        this.keyPrefix = this.path.isEmpty() ? "" : this.path + "/";
    }

    /** Opens the array at {@code path} ("" for the store root), reading its metadata (v3 or v2). */
    public static ZarrArray open(Store store, String path) {
        String p = normalise(path);
        String where = where(store, p);
        Optional<ByteBuffer> v3 = store.get(key(p, V3_METADATA));
        if (v3.isPresent()) {
            JsonNode doc = Json.parse(v3.get(), "'" + where + "/" + V3_METADATA + "'");
            if ("group".equals(doc.path("node_type").asText())) {
                throw new ZarrException("'" + where + "' is a Zarr v3 group, not an array; open it with ZarrGroup.open");
            }
            return new ZarrArray(store, p, parse(doc, null, where + "/" + V3_METADATA));
        }
        Optional<ByteBuffer> v2 = store.get(key(p, V2_METADATA));
        if (v2.isPresent()) {
            JsonNode zarray = Json.parse(v2.get(), "'" + where + "/" + V2_METADATA + "'");
            JsonNode zattrs = store.get(key(p, V2_ATTRIBUTES))
                    .map(b -> Json.parse(b, "'" + where + "/" + V2_ATTRIBUTES + "'")).orElse(null);
            return new ZarrArray(store, p, parse(zarray, zattrs, where + "/" + V2_METADATA));
        }
        if (store.exists(key(p, V2_GROUP))) {
            throw new ZarrException("'" + where + "' is a Zarr v2 group, not an array; open it with ZarrGroup.open");
        }
        throw new ZarrException("no Zarr array at '" + where + "': neither " + V3_METADATA + " (v3) nor " + V2_METADATA
                + " (v2) exists there; check the path, or create the array first");
    }

    private static ArrayMetadata parse(JsonNode doc, JsonNode zattrs, String where) {
        try {
            return doc.has("zarr_format") && doc.get("zarr_format").asInt() == 2 ? ArrayMetadata.fromV2(doc, zattrs)
                    : ArrayMetadata.fromJson(doc);
        } catch (ZarrException e) {
            throw new ZarrException("invalid array metadata in '" + where + "': " + e.getMessage(), e);
        }
    }

    /** An array whose metadata the caller already has (e.g. from a plan): nothing is read. */
    public static ZarrArray open(Store store, String path, ArrayMetadata metadata) {
        return new ZarrArray(store, path, metadata);
    }

    /**
     * Writes the metadata (and attributes) of an array at {@code path}, replacing any metadata
     * there (of either format). Chunks already stored are kept, so a resumed computation can
     * recreate its arrays and skip the chunks that exist.
     */
    public static ZarrArray create(Store store, String path, ArrayMetadata metadata) {
        ZarrArray a = new ZarrArray(store, path, metadata);
        try {
            if (metadata.format() == ZarrFormat.V3) {
                store.put(a.key(V3_METADATA), Json.bytes(metadata.toJson()));
                a.deleteIfPresent(V2_METADATA);
                a.deleteIfPresent(V2_ATTRIBUTES);
            } else {
                store.put(a.key(V2_METADATA), Json.bytes(metadata.zarrayJson()));
                JsonNode attrs = metadata.zattrsJson();
                if (attrs.isEmpty()) {
                    a.deleteIfPresent(V2_ATTRIBUTES);
                } else {
                    store.put(a.key(V2_ATTRIBUTES), Json.bytes(attrs));
                }
                a.deleteIfPresent(V3_METADATA);
            }
        } catch (ZarrException e) {
            throw new ZarrException("cannot create array '" + a.where() + "': " + e.getMessage(), e);
        }
        return a;
    }

    private void deleteIfPresent(String name) {
        if (store.exists(key(name))) {
            store.delete(key(name));
        }
    }

    public ArrayMetadata metadata() {
        return metadata;
    }

    public Store store() {
        return store;
    }

    /** The array's path in the store ("" for the root). */
    public String path() {
        return path;
    }

    /** The store URL and path, as errors name the array. */
    public String where() {
        return where(store, path);
    }

    // ---------------------------------------------------------------- chunks

    /** The store key of a chunk. */
    public String chunkKey(long... coords) {
        return keyPrefix + metadata.chunkKeyEncoding().key(coords);
    }

    public boolean chunkExists(long... coords) {
        checkCoords(coords);
        return store.exists(chunkKey(coords));
    }

    /**
     * The chunk at {@code coords}, clipped to the array bounds (edge chunks are smaller); a chunk
     * that was never written reads as the fill value. The block is compact and new.
     */
    public Block readChunk(long... coords) {
        return readChunk(BlockAllocator.FRESH, coords);
    }

    /**
     * As {@link #readChunk(long...)}, with the storage of a whole (not edge) chunk's block taken
     * from {@code allocator}.
     */
    public Block readChunk(BlockAllocator allocator, long... coords) {
        return readStoredChunk(allocator, coords).orElseGet(() ->
                new ChunkSpec(metadata.chunkShape(coords), metadata.dataType(), metadata.fillNumber()).filledBlock());
    }

    /**
     * The chunk at {@code coords} as {@link #readChunk(long...)} gives it, or empty when it was
     * never written: one read, for stores that cannot list which chunks exist.
     */
    public Optional<Block> readStoredChunk(long... coords) {
        return readStoredChunk(BlockAllocator.FRESH, coords);
    }

    private Optional<Block> readStoredChunk(BlockAllocator allocator, long... coords) {
        checkCoords(coords);
        int[] clipped = metadata.chunkShape(coords);
        String key = chunkKey(coords);
        Optional<ByteBuffer> stored = store.get(key);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        boolean whole = Arrays.equals(clipped, metadata.chunks());
        Block full;
        try {
            full = decode(key, stored.get(), whole ? allocator : BlockAllocator.FRESH);
        } finally {
            store.release(stored.get()); // decoding copied everything out of it
        }
        return Optional.of(whole ? full : full.slice(new int[clipped.length], clipped).copy());
    }

    private Block decode(String key, ByteBuffer bytes) {
        return decode(key, bytes, BlockAllocator.FRESH);
    }

    private Block decode(String key, ByteBuffer bytes, BlockAllocator allocator) {
        CodecPipeline p = pipeline();
        try {
            return p.decode(bytes, allocator);
        } catch (ZarrException e) {
            throw new CorruptChunkException(where(), key, e.getMessage(), e);
        }
    }

    /**
     * Writes one chunk atomically. The block's shape must be the chunk's shape clipped to the
     * array bounds and its type the array's; edge chunks are padded with the fill value.
     */
    public void writeChunk(long[] coords, Block block) {
        checkCoords(coords);
        checkType(block);
        int[] clipped = metadata.chunkShape(coords);
        String key = chunkKey(coords);
        if (!Arrays.equals(block.shape(), clipped)) {
            throw new ZarrException("cannot write a block of shape " + Arrays.toString(block.shape()) + " to chunk '"
                    + key + "' of array '" + where() + "': the chunk's shape is " + Arrays.toString(clipped)
                    + " (edge chunks are clipped to the array shape " + Arrays.toString(metadata.shape()) + ")");
        }
        Block full = block;
        if (!Arrays.equals(clipped, metadata.chunks())) {
            full = metadata.chunkSpec().filledBlock();
            block.copyInto(full, new int[clipped.length]);
        }
        CodecPipeline p = pipeline();
        try {
            // the encoded bytes may live in a reused array: the put must finish with them first
            p.encodeTo(full, encoded -> store.put(key, encoded));
        } catch (ZarrException e) {
            throw new ZarrException("chunk '" + key + "' of array '" + where() + "' cannot be written: " + e.getMessage(), e);
        }
    }

    /** Coordinates of every chunk that is stored (from one store listing). */
    public List<long[]> storedChunks() {
        List<long[]> out = new ArrayList<>();
        long[] grid = metadata.chunkGridShape();
        int n = metadata.ndim();
        for (String k : store.list(keyPrefix)) {
            long[] c = metadata.chunkKeyEncoding().parse(k.substring(keyPrefix.length()), n);
            if (c != null && inGrid(c, grid)) {
                out.add(c);
            }
        }
        return out;
    }

    private static boolean inGrid(long[] c, long[] grid) {
        for (int i = 0; i < c.length; i++) {
            if (c[i] >= grid[i]) {
                return false;
            }
        }
        return true;
    }

    /** Bytes stored under the array's path: chunks and metadata. */
    public long storedBytes() {
        long total = 0;
        for (long s : store.listSizes(keyPrefix).values()) {
            total += s;
        }
        return total;
    }

    // ---------------------------------------------------------------- regions

    /** Any region of the array, assembled from the chunks it touches. */
    public Block read(long[] offset, int[] shape) {
        checkRegion(offset, shape, "read");
        int n = metadata.ndim();
        long[] first = new long[n];
        long[] last = new long[n];
        int[] cs = metadata.chunks();
        for (int i = 0; i < n; i++) {
            if (shape[i] == 0) {
                return Block.allocate(metadata.dataType(), shape);
            }
            first[i] = offset[i] / cs[i];
            last[i] = (offset[i] + shape[i] - 1) / cs[i];
        }
        if (Arrays.equals(first, last)) {
            long[] c = first;
            boolean whole = true;
            int[] clipped = metadata.chunkShape(c);
            for (int i = 0; i < n; i++) {
                whole &= offset[i] == c[i] * cs[i] && shape[i] == clipped[i];
            }
            if (whole) {
                return readChunk(c);
            }
        }
        Block out = Block.allocate(metadata.dataType(), shape);
        boolean partialShards = pipeline().isOnlyBytesCodec() && pipeline().bytesCodec() instanceof ShardingCodec;
        long[] c = first.clone();
        while (true) {
            copyChunkRegion(c, offset, shape, out, partialShards);
            int d = n - 1;
            while (d >= 0 && ++c[d] > last[d]) {
                c[d] = first[d];
                d--;
            }
            if (d < 0) {
                break;
            }
        }
        return out;
    }

    /** Copies the part of chunk {@code c} inside the region into {@code out}. */
    private void copyChunkRegion(long[] c, long[] offset, int[] shape, Block out, boolean partialShards) {
        int n = c.length;
        int[] cs = metadata.chunks();
        int[] clipped = metadata.chunkShape(c);
        int[] srcStart = new int[n];
        int[] srcStop = new int[n];
        int[] dst = new int[n];
        boolean wholeChunk = true;
        for (int i = 0; i < n; i++) {
            long origin = c[i] * cs[i];
            long lo = Math.max(offset[i], origin);
            long hi = Math.min(offset[i] + shape[i], origin + clipped[i]);
            srcStart[i] = (int) (lo - origin);
            srcStop[i] = (int) (hi - origin);
            dst[i] = (int) (lo - offset[i]);
            wholeChunk &= srcStart[i] == 0 && srcStop[i] == clipped[i];
        }
        if (partialShards && !wholeChunk && fewInnerChunks(srcStart, srcStop)) {
            readShardRegion(c, srcStart, srcStop, out, dst);
            return;
        }
        String key = chunkKey(c);
        Optional<ByteBuffer> stored = store.get(key);
        if (stored.isEmpty()) {
            fillRegion(out, dst, srcStart, srcStop);
            return;
        }
        Block decoded;
        try {
            decoded = decode(key, stored.get());
        } finally {
            store.release(stored.get());
        }
        decoded.slice(srcStart, srcStop).copyInto(out, dst);
    }

    /**
     * True when [start, stop) of a shard touches at most half its inner chunks: then fetching the
     * index and those inner chunks by range beats one request for the whole shard.
     */
    private boolean fewInnerChunks(int[] start, int[] stop) {
        int[] inner = ((ShardingCodec) pipeline().bytesCodec()).chunkShape();
        int[] cs = metadata.chunks();
        long touched = 1;
        long total = 1;
        for (int i = 0; i < start.length; i++) {
            touched *= (stop[i] - 1) / inner[i] - start[i] / inner[i] + 1;
            total *= cs[i] / inner[i];
        }
        return touched * 2 <= total;
    }

    private void fillRegion(Block out, int[] dst, int[] start, int[] stop) {
        int[] s = new int[start.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = stop[i] - start[i];
        }
        new ChunkSpec(s, metadata.dataType(), metadata.fillNumber()).filledBlock().copyInto(out, dst);
    }

    /**
     * Reads part of a shard: its index (a suffix or prefix range request), then only the inner
     * chunks that overlap [start, stop) of the shard.
     */
    private void readShardRegion(long[] c, int[] start, int[] stop, Block out, int[] dst) {
        ShardingCodec sc = (ShardingCodec) pipeline().bytesCodec();
        ChunkSpec shardSpec = metadata.chunkSpec();
        int[] grid = sc.innerGrid(shardSpec);
        int[] inner = sc.chunkShape();
        String key = chunkKey(c);
        long indexSize = sc.indexSize(grid);
        Optional<ByteBuffer> idx = sc.indexLocation() == ShardingCodec.IndexLocation.END
                ? store.getSuffix(key, indexSize) : store.getRange(key, 0, indexSize);
        if (idx.isEmpty()) {
            fillRegion(out, dst, start, stop);
            return;
        }
        long[] index;
        try {
            if (idx.get().remaining() != indexSize) {
                throw new ZarrException("the shard has " + idx.get().remaining() + " bytes, fewer than its "
                        + indexSize + "-byte index");
            }
            index = sc.decodeIndex(idx.get(), grid);
        } catch (ZarrException e) {
            throw new CorruptChunkException(where(), key, "its shard index: " + e.getMessage(), e);
        }
        int n = grid.length;
        int[] first = new int[n];
        int[] last = new int[n];
        for (int i = 0; i < n; i++) {
            first[i] = start[i] / inner[i];
            last[i] = (stop[i] - 1) / inner[i];
        }
        int[] ic = first.clone();
        int[] srcStart = new int[n];
        int[] srcStop = new int[n];
        int[] at = new int[n];
        int[] regionStart = new int[n];
        int[] regionStop = new int[n];
        while (true) {
            int flat = 0;
            for (int i = 0; i < n; i++) {
                flat = flat * grid[i] + ic[i];
                int origin = ic[i] * inner[i];
                int lo = Math.max(start[i], origin);
                int hi = Math.min(stop[i], origin + inner[i]);
                srcStart[i] = lo - origin;
                srcStop[i] = hi - origin;
                at[i] = dst[i] + (lo - start[i]);
                regionStart[i] = lo;
                regionStop[i] = hi;
            }
            long off = index[2 * flat];
            long nb = index[2 * flat + 1];
            if (off == -1L && nb == -1L) {
                fillRegion(out, at, regionStart, regionStop);
            } else {
                Optional<ByteBuffer> part = store.getRange(key, off, nb);
                if (part.isEmpty() || part.get().remaining() != nb) {
                    throw new CorruptChunkException(where(), key, "inner chunk " + Arrays.toString(ic) + " should have "
                            + nb + " bytes at offset " + off + " but the shard is shorter", null);
                }
                Block b;
                try {
                    b = sc.decodeInner(part.get(), shardSpec);
                } catch (ZarrException e) {
                    throw new CorruptChunkException(where(), key, "inner chunk " + Arrays.toString(ic) + ": "
                            + e.getMessage(), e);
                }
                b.slice(srcStart, srcStop).copyInto(out, at);
            }
            int d = n - 1;
            while (d >= 0 && ++ic[d] > last[d]) {
                ic[d] = first[d];
                d--;
            }
            if (d < 0) {
                break;
            }
        }
    }

    /**
     * Writes a region made of whole chunks (clipped at the array end): every boundary of the
     * region must fall on a chunk boundary or the array's end.
     */
    public void write(long[] offset, Block block) {
        checkType(block);
        int[] shape = block.shape();
        checkRegion(offset, shape, "write");
        int n = metadata.ndim();
        int[] cs = metadata.chunks();
        long[] arrayShape = metadata.shape();
        for (int i = 0; i < n; i++) {
            long end = offset[i] + shape[i];
            if (offset[i] % cs[i] != 0) {
                throw misaligned(offset, shape, i, "starts at " + offset[i] + ", which is not a multiple of the chunk size "
                        + cs[i]);
            }
            if (end % cs[i] != 0 && end != arrayShape[i]) {
                throw misaligned(offset, shape, i, "ends at " + end + ", which is neither a multiple of the chunk size "
                        + cs[i] + " nor the array's end " + arrayShape[i]);
            }
        }
        for (int i = 0; i < n; i++) {
            if (shape[i] == 0) {
                return;
            }
        }
        long[] first = new long[n];
        long[] last = new long[n];
        for (int i = 0; i < n; i++) {
            first[i] = offset[i] / cs[i];
            last[i] = (offset[i] + shape[i] - 1) / cs[i];
        }
        long[] c = first.clone();
        int[] start = new int[n];
        int[] stop = new int[n];
        while (true) {
            int[] clipped = metadata.chunkShape(c);
            for (int i = 0; i < n; i++) {
                start[i] = (int) (c[i] * cs[i] - offset[i]);
                stop[i] = start[i] + clipped[i];
            }
            writeChunk(c.clone(), block.slice(start, stop));
            int d = n - 1;
            while (d >= 0 && ++c[d] > last[d]) {
                c[d] = first[d];
                d--;
            }
            if (d < 0) {
                break;
            }
        }
    }

    private ZarrException misaligned(long[] offset, int[] shape, int axis, String what) {
        return new ZarrException("cannot write the region at offset " + Arrays.toString(offset) + " with shape "
                + Arrays.toString(shape) + " to array '" + where() + "': it is not aligned with the chunks "
                + Arrays.toString(metadata.chunks()) + " on axis " + axis + " (it " + what
                + "); write whole chunks, or read, modify and write the chunks it touches");
    }

    // ---------------------------------------------------------------- checks and helpers

    /**
     * The codec pipeline that encodes and decodes this array's (full, unclipped) chunks.
     *
     * @throws ZarrException naming the array when a codec is not supported
     */
    public CodecPipeline pipeline() {
        CodecPipeline p = pipeline;
        if (p == null) {
            try {
                p = new CodecPipeline(metadata.codecs(), metadata.chunkSpec());
            } catch (ZarrException e) {
                throw new ZarrException("array '" + where() + "': " + e.getMessage(), e);
            }
            pipeline = p;
        }
        return p;
    }

    private void checkCoords(long[] coords) {
        try {
            metadata.checkChunkCoords(coords);
        } catch (ZarrException e) {
            throw new ZarrException("array '" + where() + "': " + e.getMessage(), e);
        }
    }

    private void checkType(Block block) {
        if (block.dtype() != metadata.dataType()) {
            throw new ZarrException("cannot write a " + block.dtype() + " block to array '" + where() + "' of type "
                    + metadata.dataType() + "; convert it first with block.astype(DataType."
                    + metadata.dataType().name() + ")");
        }
    }

    private void checkRegion(long[] offset, int[] shape, String op) {
        long[] s = metadata.shape();
        boolean ok = offset.length == s.length && shape.length == s.length;
        for (int i = 0; ok && i < s.length; i++) {
            ok = offset[i] >= 0 && shape[i] >= 0 && offset[i] + shape[i] <= s[i];
        }
        if (!ok) {
            throw new ZarrException("cannot " + op + " the region at offset " + Arrays.toString(offset) + " with shape "
                    + Arrays.toString(shape) + " of array '" + where() + "': it is outside the array shape "
                    + Arrays.toString(s));
        }
    }

    private String key(String name) {
        return keyPrefix + name;
    }

    private static String key(String path, String name) {
        return path.isEmpty() ? name : path + "/" + name;
    }

    static String normalise(String path) {
        String p = path == null ? "" : path;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    static String where(Store store, String path) {
        return path.isEmpty() ? store.url() : store.url() + "/" + path;
    }

    /** Attributes as a Java map (a copy). */
    public Map<String, Object> attributes() {
        return metadata.attributesMap();
    }

    @Override
    public String toString() {
        return "ZarrArray(" + where() + ", " + metadata + ")";
    }
}
