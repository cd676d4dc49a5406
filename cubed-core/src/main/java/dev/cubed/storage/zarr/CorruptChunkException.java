package dev.cubed.storage.zarr;

/**
 * A stored chunk does not decode: its checksum does not match, or its compressed stream is
 * broken. Reading it again gives the same bytes, so this is never worth retrying; the message
 * names the array and the chunk.
 */
public class CorruptChunkException extends ZarrException {
    private static final long serialVersionUID = 1L;

    private final String array;
    private final String chunk;

    public CorruptChunkException(String array, String chunk, String problem, Throwable cause) {
        super("chunk '" + chunk + "' of array '" + array + "' is corrupt: " + problem + ". Reading it again gives the"
                + " same bytes: write the chunk again (recompute or copy the array) or restore it from a backup;"
                + " ./cubed zarr verify lists every bad chunk", cause);
        this.array = array;
        this.chunk = chunk;
    }

    /** Where the array is. */
    public String array() {
        return array;
    }

    /** The chunk's key in the array. */
    public String chunk() {
        return chunk;
    }
}
