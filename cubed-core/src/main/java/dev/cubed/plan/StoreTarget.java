package dev.cubed.plan;

import dev.cubed.storage.zarr.ArrayMetadata;

import java.util.Objects;
import java.util.Optional;

/**
 * Where a user asked an array to be stored ({@code toZarr}), and optionally a metadata template
 * whose format, codecs, chunk key encoding and attributes the stored array takes (its shape,
 * chunks and data type always come from the computed array).
 */
public record StoreTarget(String url, ArrayMetadata template) {

    public StoreTarget {
        Objects.requireNonNull(url, "url");
    }

    public static StoreTarget of(String url) {
        return new StoreTarget(url, null);
    }

    public Optional<ArrayMetadata> templateIfAny() {
        return Optional.ofNullable(template);
    }
}
