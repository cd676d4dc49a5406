package dev.cubed.plan;

import java.util.Objects;

/**
 * Where a user asked an array to be stored ({@code toZarr}), and how: Zarr format (2 or 3) and
 * codec ({@code none}, {@code gzip}, {@code zstd}).
 */
public record StoreTarget(String url, int zarrFormat, String codec) {

    public StoreTarget {
        Objects.requireNonNull(url, "url");
        if (zarrFormat != 2 && zarrFormat != 3) {
            throw new IllegalArgumentException("zarr format must be 2 or 3, got " + zarrFormat);
        }
        Objects.requireNonNull(codec, "codec");
        if (!codec.equals("none") && !codec.equals("gzip") && !codec.equals("zstd")) {
            throw new IllegalArgumentException("codec must be none, gzip or zstd, got " + codec);
        }
    }

    public static StoreTarget of(String url) {
        return new StoreTarget(url, 3, "zstd");
    }
}
