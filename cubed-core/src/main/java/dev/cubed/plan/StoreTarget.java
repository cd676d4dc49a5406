package dev.cubed.plan;

import dev.cubed.storage.zarr.ArrayMetadata;
import dev.cubed.storage.zarr.ZarrFormat;
import dev.cubed.storage.zarr.codec.Codec;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a user asked an array to be stored ({@code toZarr}), and optionally a metadata template
 * whose format, codecs, chunk key encoding and attributes the stored array takes (its shape,
 * chunks and data type always come from the computed array). Without a template: Zarr v3 with
 * the Zarr layer's default codecs ({@link ArrayMetadata.Codecs#standard}: bytes + Blosc LZ4 with shuffle, and the
 * format's checksum).
 */
public record StoreTarget(String url, ArrayMetadata template) {

    public StoreTarget {
        Objects.requireNonNull(url, "url");
    }

    public static StoreTarget of(String url) {
        return new StoreTarget(url, null);
    }

    /** A target in Zarr format {@code zarrFormat} (2 or 3) with a codec {@link ArrayMetadata.Codecs#named named}. */
    public static StoreTarget of(String url, int zarrFormat, String codec) {
        return of(url).withFormat(zarrFormat).withCodec(codec);
    }

    public Optional<ArrayMetadata> templateIfAny() {
        return Optional.ofNullable(template);
    }

    /**
     * The same target with another codec, by its {@link ArrayMetadata.Codecs#named short name}, with
     * the format's checksum as every array this project writes.
     */
    public StoreTarget withCodec(String codec) {
        List<Codec> codecs = ArrayMetadata.Codecs.named(codec);
        return new StoreTarget(url, base().checksummedCodecs(codecs).build());
    }

    /** The same target in Zarr format 2 or 3. */
    public StoreTarget withFormat(int zarrFormat) {
        if (zarrFormat != 2 && zarrFormat != 3) {
            throw new IllegalArgumentException("zarr format must be 2 or 3, got " + zarrFormat);
        }
        return new StoreTarget(url, base().format(zarrFormat == 2 ? ZarrFormat.V2 : ZarrFormat.V3).build());
    }

    public ZarrFormat format() {
        return template == null ? ZarrFormat.V3 : template.format();
    }

    /** A template-in-progress: the current one, or a placeholder whose shape and type the plan replaces. */
    private ArrayMetadata.Builder base() {
        return template != null ? template.toBuilder()
                : ArrayMetadata.builder().shape(1).chunks(1).dataType(dev.cubed.block.DataType.FLOAT64).fillValue(0);
    }
}
