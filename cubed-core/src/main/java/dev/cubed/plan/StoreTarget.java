package dev.cubed.plan;

import dev.cubed.storage.zarr.ArrayMetadata;
import dev.cubed.storage.zarr.ZarrFormat;
import dev.cubed.storage.zarr.codec.Codec;

import java.util.List;
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

    /** The same target with another codec ({@code none}, {@code gzip}, {@code zstd}). */
    public StoreTarget withCodec(String codec) {
        return new StoreTarget(url, zarrFormat, codec);
    }

    public ZarrFormat format() {
        return zarrFormat == 2 ? ZarrFormat.V2 : ZarrFormat.V3;
    }

    /** The codec list the stored array gets: uncompressed, gzip level 5, or zstd level 1. */
    public List<Codec> codecs() {
        switch (codec) {
            case "none":
                return ArrayMetadata.Codecs.none();
            case "gzip":
                return ArrayMetadata.Codecs.gzip(5);
            default:
                return ArrayMetadata.Codecs.zstd(1);
        }
    }
}
