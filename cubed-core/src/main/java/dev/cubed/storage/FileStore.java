package dev.cubed.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;

/**
 * A store in a local directory; keys are relative file paths. {@link #put} writes a uniquely
 * named temporary file in the target's directory and renames it over the target
 * ({@code ATOMIC_MOVE}), so a reader opens either the old file or the complete new one. Temporary
 * files (names starting with {@value #TEMP_PREFIX}, then the writer's pid) never appear in
 * listings. One left by a killed writer is removed by the next write of the same key, by
 * {@link #removeAbandonedWrites} (resume calls it) and by {@link #deletePrefix}.
 *
 * <p>Writes are not fsync'ed: atomicity protects concurrent readers and retried tasks, not
 * against losing recent writes in a machine crash.
 */
public final class FileStore implements Store {
    /** Name prefix of in-flight temporary files. */
    public static final String TEMP_PREFIX = ".cubed-tmp-";

    /**
     * The most bytes one read or write call moves. The JDK stages I/O on a heap buffer through a
     * temporary native buffer of the call's size and keeps it cached per thread, so whole-chunk
     * calls left every worker thread holding chunk-sized native memory outside the heap (with
     * 64-256 MB chunks, hundreds of MB beyond the heap). A 1 MiB piece keeps that cache small,
     * and is no slower: the staging buffer stays in the CPU cache.
     */
    static final int IO_PIECE = 1 << 20;

    /**
     * Unmaps a mapping now, through {@code sun.misc.Unsafe.invokeCleaner} (module jdk.unsupported,
     * there on every JDK 17+); null where it cannot be reached, and mappings then wait for a GC.
     */
    private static final java.lang.invoke.MethodHandle UNMAP = findUnmap();
    /** Objects at least this large are memory-mapped rather than copied when read. */
    static final long MAP_THRESHOLD = 256 * 1024;
    /**
     * A temporary file this old is abandoned even when a process with its writer's pid runs here:
     * the pid may have been reused, or the writer is another machine sharing the directory. No
     * single write of a chunk takes this long.
     */
    static final Duration ABANDONED_AFTER = Duration.ofHours(1);
    private static final long PID = ProcessHandle.current().pid();

    private final Path root;

    public FileStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    @Override
    public String url() {
        String u = root.toUri().toString();
        return u.endsWith("/") && u.length() > "file:///".length() ? u.substring(0, u.length() - 1) : u;
    }

    private Path path(String key) {
        return root.resolve(StoreKeys.checkKey(key));
    }

    @Override
    public Optional<ByteBuffer> get(String key) {
        return read(key, 0, Long.MAX_VALUE, false);
    }

    @Override
    public Optional<ByteBuffer> getRange(String key, long offset, long length) {
        StoreKeys.clip(0, offset, length);
        return read(key, offset, length, false);
    }

    @Override
    public Optional<ByteBuffer> getSuffix(String key, long length) {
        if (length < 0) {
            throw new IllegalArgumentException("suffix length " + length + " must be >= 0");
        }
        return read(key, 0, length, true);
    }

    private Optional<ByteBuffer> read(String key, long offset, long length, boolean suffix) {
        Path p = path(key);
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            long size = ch.size();
            long start;
            long n;
            if (suffix) {
                n = Math.min(length, size);
                start = size - n;
            } else {
                long[] r = StoreKeys.clip(size, offset, length);
                start = r[0];
                n = r[1];
            }
            if (n > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("object " + url() + "/" + key + " has " + n
                        + " bytes, more than one buffer can hold (2 GiB); use smaller chunks");
            }
            if (n >= MAP_THRESHOLD) {
                // (callers give it back through release(), which unmaps it at once)
                // Mapped: the page cache is read in place, saving a copy of every chunk. Safe because
                // objects are only ever replaced by renames, never truncated while someone reads.
                // (Writes are not mapped: a full disk would then crash the JVM instead of failing a put.)
                return Optional.of(ch.map(FileChannel.MapMode.READ_ONLY, start, n));
            }
            ByteBuffer buf = ByteBuffer.allocate((int) n);
            long pos = start;
            while (buf.hasRemaining()) {
                buf.limit(Math.min(buf.capacity(), buf.position() + IO_PIECE));
                int got = ch.read(buf, pos);
                if (got < 0) {
                    break; // the file was shorter than its size said: impossible for a renamed-in file
                }
                pos += got;
                buf.limit(buf.capacity());
            }
            return Optional.of(buf.flip());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            if (Files.isDirectory(p)) {
                return Optional.empty(); // a directory is not an object
            }
            throw new UncheckedIOException("cannot read " + p + ": " + reason(e), e);
        }
    }

    @Override
    public void put(String key, ByteBuffer value) {
        Path target = path(key);
        // the writer's pid in the name tells an abandoned temporary file from one still being written
        Path tmp = target.resolveSibling(TEMP_PREFIX + PID + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong())
                + "-" + target.getFileName());
        try {
            Files.createDirectories(target.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": cannot create directory " + target.getParent()
                    + " (" + reason(e) + ")", e);
        }
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer b = value.duplicate();
                int end = b.limit();
                while (b.position() < end) {
                    b.limit(Math.min(end, b.position() + IO_PIECE));
                    ch.write(b);
                }
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            removeAbandoned(target.getParent(), target.getFileName().toString());
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new UncheckedIOException("cannot write " + target + ": " + reason(e), e);
        }
    }

    @Override
    public boolean exists(String key) {
        return Files.isRegularFile(path(key));
    }

    @Override
    public void delete(String key) {
        Path p = path(key);
        try {
            if (!Files.isDirectory(p)) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + p + ": " + reason(e), e);
        }
    }

    @Override
    public List<String> list(String prefix) {
        List<String> out = new ArrayList<>();
        walk(prefix, (k, size) -> out.add(k));
        return out;
    }

    @Override
    public Map<String, Long> listSizes(String prefix) {
        Map<String, Long> out = new HashMap<>();
        walk(prefix, out::put);
        return out;
    }

    @Override
    public List<String> removeAbandonedWrites(String prefix) {
        List<String> removed = new ArrayList<>();
        for (Path p : abandonedWrites(prefix)) {
            try {
                if (Files.deleteIfExists(p)) {
                    removed.add(relative(p));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove abandoned temporary file " + p + ": " + reason(e), e);
            }
        }
        return removed;
    }

    /** The temporary files under {@code prefix} whose writers are gone (what {@link #removeAbandonedWrites} removes). */
    public List<Path> abandonedWrites(String prefix) {
        List<Path> found = new ArrayList<>();
        for (Path p : temporaryFiles(prefix)) {
            try {
                if (isAbandoned(p)) {
                    found.add(p);
                }
            } catch (IOException e) {
                // gone meanwhile, or unreadable: not ours to judge
            }
        }
        return found;
    }

    /** The temporary files of writes to keys under {@code prefix}, finished or not. */
    private List<Path> temporaryFiles(String prefix) {
        Path base = baseDir(prefix);
        List<Path> found = new ArrayList<>();
        if (!Files.isDirectory(base)) {
            return found;
        }
        try {
            Files.walkFileTree(base, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (file.getFileName().toString().startsWith(TEMP_PREFIX) && relative(file).startsWith(prefix)) {
                        found.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    return FileVisitResult.CONTINUE; // vanished while we walked
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + base + ": " + reason(e), e);
        }
        return found;
    }

    /** Removes the abandoned temporary files of {@code name} in {@code dir} (a failure here fails no write). */
    private static void removeAbandoned(Path dir, String name) {
        try (var siblings = Files.newDirectoryStream(dir, TEMP_PREFIX + "*-" + name)) {
            for (Path p : siblings) {
                if (isAbandoned(p)) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException | java.nio.file.DirectoryIteratorException e) {
            // left for resume or the next write
        }
    }

    /** Whether no writer is still working on temporary file {@code p}: its process is gone, or it is old. */
    static boolean isAbandoned(Path p) throws IOException {
        String rest = p.getFileName().toString().substring(TEMP_PREFIX.length());
        int dash = rest.indexOf('-');
        long writer = -1;
        try {
            writer = Long.parseLong(rest.substring(0, Math.max(dash, 0)));
        } catch (NumberFormatException e) {
            // written before names carried the pid: only its age tells
        }
        if (writer >= 0 && writer != PID && ProcessHandle.of(writer).map(ProcessHandle::isAlive).orElse(false) == false) {
            return true;
        }
        try {
            return Files.getLastModifiedTime(p).toInstant().isBefore(java.time.Instant.now().minus(ABANDONED_AFTER));
        } catch (NoSuchFileException gone) {
            return false;
        }
    }

    @Override
    public void deletePrefix(String prefix) {
        for (String k : list(prefix)) {
            delete(k);
        }
        // temporary files too, or they keep their directories (whoever deletes a prefix has stopped its writers)
        for (Path p : temporaryFiles(prefix)) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete " + p + ": " + reason(e), e);
            }
        }
        // remove the directories the prefix covers, deepest first, when they are empty
        Path base = baseDir(prefix);
        if (!Files.isDirectory(base)) {
            return;
        }
        List<Path> dirs = new ArrayList<>();
        try {
            Files.walkFileTree(base, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) {
                    String rel = relative(dir);
                    if (!dir.equals(root) && (rel + "/").startsWith(prefix)) {
                        dirs.add(dir);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    return FileVisitResult.CONTINUE;
                }
            });
            for (Path d : dirs) {
                try (var entries = Files.list(d)) {
                    if (entries.findAny().isEmpty()) {
                        Files.deleteIfExists(d);
                    }
                } catch (NoSuchFileException ignored) {
                    // removed concurrently
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete under " + base + ": " + reason(e), e);
        }
    }

    /**
     * Why an I/O call failed, in words: the JDK's file exceptions often carry only the file's name
     * ({@code NoSuchFileException: /proc/x}), which reads as if the reason were missing.
     */
    public static String reason(IOException e) {
        if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() == null) {
            String what = e instanceof NoSuchFileException ? "no such file or directory"
                    : e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                    : e instanceof java.nio.file.NotDirectoryException ? "not a directory"
                    : e instanceof java.nio.file.FileAlreadyExistsException ? "already exists"
                    : e instanceof java.nio.file.DirectoryNotEmptyException ? "directory not empty"
                    : e.getClass().getSimpleName();
            return what + ": " + fs.getFile() + (fs.getOtherFile() == null ? "" : " -> " + fs.getOtherFile());
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** The directory that holds every key starting with {@code prefix}. */
    private Path baseDir(String prefix) {
        StoreKeys.checkPrefix(prefix);
        int slash = prefix.lastIndexOf('/');
        return slash < 0 ? root : root.resolve(prefix.substring(0, slash));
    }

    private String relative(Path p) {
        String rel = root.relativize(p).toString();
        return p.getFileSystem().getSeparator().equals("/") ? rel : rel.replace(p.getFileSystem().getSeparator(), "/");
    }

    private void walk(String prefix, BiConsumer<String, Long> sink) {
        Path base = baseDir(prefix);
        if (!Files.isDirectory(base)) {
            return;
        }
        try {
            Files.walkFileTree(base, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile() && !file.getFileName().toString().startsWith(TEMP_PREFIX)) {
                        String key = relative(file);
                        if (key.startsWith(prefix)) {
                            sink.accept(key, attrs.size());
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                    // files (temporary ones above all) may vanish while we walk
                    if (exc instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw exc;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + base + ": " + reason(e), e);
        }
    }

    @Override
    public String toString() {
        return url();
    }

    @Override
    public void release(ByteBuffer buffer) {
        if (UNMAP != null && buffer instanceof java.nio.MappedByteBuffer && buffer.isDirect()) {
            try {
                UNMAP.invoke(buffer);
            } catch (IllegalArgumentException e) {
                // a slice or duplicate, not the mapping itself: it goes with the next GC
            } catch (Throwable e) {
                throw new IllegalStateException("unmapping a chunk file failed", e);
            }
        }
    }

    private static java.lang.invoke.MethodHandle findUnmap() {
        try {
            Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
            java.lang.reflect.Field f = unsafeClass.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            Object unsafe = f.get(null);
            return java.lang.invoke.MethodHandles.lookup()
                    .findVirtual(unsafeClass, "invokeCleaner", java.lang.invoke.MethodType.methodType(void.class, ByteBuffer.class))
                    .bindTo(unsafe);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
