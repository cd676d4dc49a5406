package dev.cubed.storage;

/** PLACEHOLDER until the Zarr layer lands: signatures only. */
public final class Storage implements AutoCloseable {
    public static Storage defaults() {
        return new Storage();
    }

    public Store open(String url) {
        throw new UnsupportedOperationException("zarr layer pending");
    }

    @Override
    public void close() {
    }
}
