package dev.cubed.storage.zarr.codec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cubed.storage.zarr.ZarrException;

/**
 * A codec named in metadata that this library cannot run (e.g. blosc). It keeps the metadata as
 * written so the array can still be opened and described; reading or writing a chunk fails
 * with an error naming the codec.
 *
 * @param name the v3 codec name or the v2 numcodecs id
 * @param json the metadata as written: a v3 codec object, or a v2 numcodecs configuration
 * @param v2Filter true for an entry of a v2 {@code filters} list, false for a v2 compressor or a v3 codec
 */
public record UnsupportedCodec(String name, ObjectNode json, boolean v2Filter) implements Codec {

    public UnsupportedCodec {
        json = json.deepCopy();
    }

    @Override
    public ObjectNode json() {
        return json.deepCopy();
    }

    @Override
    public ObjectNode toJson() {
        return json.deepCopy();
    }

    @Override
    public String describe() {
        return name + " (unsupported)";
    }

    /** The error for using this codec. */
    public ZarrException unsupported() {
        return new ZarrException("codec '" + name + "' is not supported by this library (supported: "
                + CodecJson.SUPPORTED + "); re-encode the array with a supported codec such as zstd, using a tool"
                + " that reads '" + name + "' (zarr-python does)");
    }
}
