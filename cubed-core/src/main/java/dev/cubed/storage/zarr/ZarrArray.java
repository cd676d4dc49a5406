package dev.cubed.storage.zarr;

import dev.cubed.block.Block;
import dev.cubed.storage.Store;

import java.util.List;

/** PLACEHOLDER until the Zarr layer lands: signatures only. */
public final class ZarrArray {
    public static ZarrArray open(Store store, String path) {
        throw new UnsupportedOperationException("zarr layer pending");
    }

    public static ZarrArray open(Store store, String path, ArrayMetadata metadata) {
        throw new UnsupportedOperationException("zarr layer pending");
    }

    public static ZarrArray create(Store store, String path, ArrayMetadata metadata) {
        throw new UnsupportedOperationException("zarr layer pending");
    }

    public ArrayMetadata metadata() {
        throw new UnsupportedOperationException("zarr layer pending");
    }

    public Block readChunk(long... coords) {
        throw new UnsupportedOperationException("zarr layer pending");
    }

    public void writeChunk(long[] coords, Block block) {
        throw new UnsupportedOperationException("zarr layer pending");
    }

    public Block read(long[] offset, int[] shape) {
        throw new UnsupportedOperationException("zarr layer pending");
    }

    public void write(long[] offset, Block block) {
        throw new UnsupportedOperationException("zarr layer pending");
    }

    public boolean chunkExists(long... coords) {
        throw new UnsupportedOperationException("zarr layer pending");
    }

    public List<long[]> storedChunks() {
        throw new UnsupportedOperationException("zarr layer pending");
    }
}
