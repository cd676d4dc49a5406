package dev.cubed.plan;

/**
 * How many extra copies of a chunk storage makes when reading and writing: one each way for
 * local files (the compressed buffer), two for object stores (the HTTP buffer too). Part of the
 * memory projection.
 */
public record BufferCopies(int read, int write) {

    public BufferCopies {
        if (read < 0 || write < 0) {
            throw new IllegalArgumentException("buffer copies must be >= 0");
        }
    }

    public static BufferCopies forWorkDir(String workDir) {
        return isObjectStore(workDir) ? new BufferCopies(2, 2) : new BufferCopies(1, 1);
    }

    public static boolean isObjectStore(String url) {
        return url != null && (url.startsWith("s3://") || url.startsWith("gs://") || url.startsWith("az://"));
    }
}
