package dev.cubed.storage.zarr;

/** The Zarr storage specification version of an array or group. */
public enum ZarrFormat {
    /** Zarr v2: {@code .zarray}, {@code .zgroup} and {@code .zattrs} documents. */
    V2(2),
    /** Zarr v3: one {@code zarr.json} document per node. */
    V3(3);

    private final int number;

    ZarrFormat(int number) {
        this.number = number;
    }

    /** The {@code zarr_format} value: 2 or 3. */
    public int number() {
        return number;
    }

    /** The format for a {@code zarr_format} value or a CLI argument such as {@code 2}, {@code "v3"}. */
    public static ZarrFormat of(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        return switch (t) {
            case "2", "v2" -> V2;
            case "3", "v3" -> V3;
            default -> throw new IllegalArgumentException("unknown Zarr format '" + text + "'; use 2 or 3");
        };
    }
}
