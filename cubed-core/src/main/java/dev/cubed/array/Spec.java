package dev.cubed.array;

import dev.cubed.plan.BufferCopies;
import dev.cubed.plan.MemorySize;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where and how a computation runs: the work directory for intermediate arrays (a local path or
 * {@code s3://bucket/prefix}), the memory one task may use (including the reserved baseline of an
 * idle worker), and the executor with its options. Immutable; build with {@link #builder()}.
 */
public final class Spec {
    /** Cubed's defaults: 2 GB per task, of which 100 MB is the worker's own baseline. */
    public static final long DEFAULT_ALLOWED_MEM = 2_000_000_000L;
    public static final long DEFAULT_RESERVED_MEM = 100_000_000L;
    public static final String DEFAULT_EXECUTOR = "threads";

    private final String workDir;
    private final long allowedMem;
    private final long reservedMem;
    private final String executor;
    private final Map<String, String> executorOptions;

    private Spec(Builder b) {
        this.workDir = normaliseWorkDir(b.workDir);
        this.allowedMem = b.allowedMem;
        this.reservedMem = b.reservedMem;
        this.executor = Objects.requireNonNull(b.executor, "executor");
        this.executorOptions = Collections.unmodifiableMap(new LinkedHashMap<>(b.executorOptions));
        if (allowedMem <= 0) {
            throw new IllegalArgumentException("allowed_mem must be positive, got " + allowedMem);
        }
        if (reservedMem < 0) {
            throw new IllegalArgumentException("reserved_mem must be >= 0, got " + reservedMem);
        }
        if (reservedMem >= allowedMem) {
            throw new IllegalArgumentException("reserved_mem (" + MemorySize.format(reservedMem)
                    + ") must be less than allowed_mem (" + MemorySize.format(allowedMem)
                    + "), which includes it; raise allowed_mem or lower reserved_mem (--allowed-mem / --reserved-mem on the"
                    + " command line)");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A spec with every default: local work dir under the system temp directory, 2 GB, threads. */
    public static Spec defaults() {
        return builder().build();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.workDir = workDir;
        b.allowedMem = allowedMem;
        b.reservedMem = reservedMem;
        b.executor = executor;
        b.executorOptions.putAll(executorOptions);
        return b;
    }

    /** The work directory as a URL ({@code file:///...} or {@code s3://...}). */
    public String workDir() {
        return workDir;
    }

    public long allowedMem() {
        return allowedMem;
    }

    public long reservedMem() {
        return reservedMem;
    }

    public String executor() {
        return executor;
    }

    public Map<String, String> executorOptions() {
        return executorOptions;
    }

    public String executorOption(String name, String defaultValue) {
        return executorOptions.getOrDefault(name, defaultValue);
    }

    public BufferCopies bufferCopies() {
        return BufferCopies.forWorkDir(workDir);
    }

    private static String normaliseWorkDir(String dir) {
        if (dir == null) {
            dir = Path.of(System.getProperty("java.io.tmpdir"), "cubed-work").toAbsolutePath().toString();
        }
        if (dir.contains("://")) {
            return dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir;
        }
        return Path.of(dir).toAbsolutePath().normalize().toUri().toString().replaceAll("/$", "");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Spec s && s.workDir.equals(workDir) && s.allowedMem == allowedMem
                && s.reservedMem == reservedMem && s.executor.equals(executor)
                && s.executorOptions.equals(executorOptions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(workDir, allowedMem, reservedMem, executor, executorOptions);
    }

    @Override
    public String toString() {
        return "Spec(workDir=" + workDir + ", allowedMem=" + MemorySize.format(allowedMem) + ", reservedMem="
                + MemorySize.format(reservedMem) + ", executor=" + executor + ", options=" + executorOptions + ")";
    }

    public static final class Builder {
        private String workDir;
        private long allowedMem = DEFAULT_ALLOWED_MEM;
        private long reservedMem = DEFAULT_RESERVED_MEM;
        private String executor = DEFAULT_EXECUTOR;
        private final Map<String, String> executorOptions = new LinkedHashMap<>();

        private Builder() {
        }

        /** A local path, {@code file://} URL or {@code s3://bucket/prefix}. */
        public Builder workDir(String workDir) {
            this.workDir = workDir;
            return this;
        }

        public Builder workDir(Path workDir) {
            this.workDir = workDir.toAbsolutePath().toString();
            return this;
        }

        public Builder allowedMem(long bytes) {
            this.allowedMem = bytes;
            return this;
        }

        /** E.g. "2GB" (decimal units, as Cubed) or "2GiB". */
        public Builder allowedMem(String size) {
            this.allowedMem = MemorySize.parse(size);
            return this;
        }

        public Builder reservedMem(long bytes) {
            this.reservedMem = bytes;
            return this;
        }

        public Builder reservedMem(String size) {
            this.reservedMem = MemorySize.parse(size);
            return this;
        }

        /** {@code threads} (default), {@code single-threaded}, {@code lambda}, or a registered executor's name. */
        public Builder executor(String name) {
            this.executor = name;
            return this;
        }

        public Builder executorOption(String name, Object value) {
            this.executorOptions.put(name, String.valueOf(value));
            return this;
        }

        public Builder executorOptions(Map<String, ?> options) {
            options.forEach((k, v) -> executorOptions.put(k, String.valueOf(v)));
            return this;
        }

        public Spec build() {
            return new Spec(this);
        }
    }
}
