package dev.cubed.task;

import dev.cubed.storage.zarr.CorruptChunkException;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.util.Locale;
import java.util.Optional;

/**
 * Failures that running the task again cannot heal, recognised anywhere in a failure's causes:
 * no permission, a read-only file system, a full disk, a corrupt chunk, running out of memory
 * at the same size. For each: what to do next, said in the terms of the settings a user has.
 */
public final class PermanentCause {
    private PermanentCause() {
    }

    /** The next step for a failure that will not heal by itself, or empty when a retry may help. */
    public static Optional<String> of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CorruptChunkException) {
                return Optional.of("the stored data is corrupt (not retried: it reads the same every time)");
            }
            if (t instanceof OutOfMemoryError) {
                return Optional.of("the task ran out of memory (not retried: the same task needs the same memory);"
                        + " give each task more memory (--allowed-mem, allowed_mem in the Spec) or run fewer at once"
                        + " (--workers), or use smaller chunks");
            }
            String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (t instanceof AccessDeniedException || m.contains("permission denied")) {
                return Optional.of("no permission (not retried): make the directory writable by this user, or choose"
                        + " another --work-dir / work_dir");
            }
            if (m.contains("read-only file system")) {
                return Optional.of("the file system is read-only (not retried): choose a writable --work-dir / work_dir");
            }
            if (m.contains("no space left on device") || m.contains("disk quota exceeded")) {
                return Optional.of("the disk is full (not retried): free space (./cubed clean removes abandoned runs)"
                        + " or choose a --work-dir / work_dir on a disk with room");
            }
            if (m.contains("cannot create directory")) {
                return Optional.of("the directory cannot be created (not retried): check that the path exists and is"
                        + " writable, or choose another --work-dir / work_dir");
            }
            if (t instanceof java.nio.file.NotDirectoryException || t instanceof java.nio.file.FileAlreadyExistsException
                    || t instanceof FileSystemException && m.contains("not a directory")) {
                return Optional.of("a file is where a directory should be (not retried): check the path, e.g. the"
                        + " --work-dir / work_dir");
            }
        }
        return Optional.empty();
    }
}
