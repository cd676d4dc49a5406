package dev.cubed.task;

import dev.cubed.primitive.OperationSpec;
import dev.cubed.storage.Storage;
import dev.cubed.storage.Store;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The client side of task messages: keeps each invocation's payload small. An operation's spec is
 * serialised once ({@link #prepare}); when its JSON is at most the inline limit it travels inside
 * every message, otherwise it is written once under {@code <workDir>/task-specs/<sha256>.json}
 * and messages carry only its URL and hash.
 *
 * <pre>{@code
 * TaskMessages messages = TaskMessages.builder().storage(storage).workDir("s3://bucket/cubed").build();
 * PreparedOperation op = messages.prepare(plannedOperation.spec());
 * byte[] payload = op.encode(List.of(new long[] {0, 1}, new long[] {0, 2}));
 * }</pre>
 */
public final class TaskMessages {
    /** Lambda takes 6 MB per synchronous request; specs above this travel by reference. */
    public static final int DEFAULT_INLINE_LIMIT = 64 * 1024;
    /** The directory under the work dir holding specs sent by reference. */
    public static final String SPEC_DIRECTORY = "task-specs";

    private final Storage storage;
    private final String workDir;
    private final int inlineLimit;
    private final TaskJson json;

    private TaskMessages(Builder b) {
        this.storage = Objects.requireNonNull(b.storage, "storage");
        this.workDir = trimSlash(Objects.requireNonNull(b.workDir, "workDir"));
        this.inlineLimit = b.inlineLimit;
        this.json = b.json != null ? b.json : new TaskJson();
    }

    public static Builder builder() {
        return new Builder();
    }

    public int inlineLimit() {
        return inlineLimit;
    }

    /** The URL specs are written under. */
    public String specDirectory() {
        return workDir + "/" + SPEC_DIRECTORY;
    }

    public TaskJson json() {
        return json;
    }

    /**
     * Serialises {@code spec} once and decides how it travels; writes it to storage when it goes
     * by reference (an idempotent write: the name is its content's hash). Call once per operation.
     */
    public PreparedOperation prepare(OperationSpec spec) {
        byte[] bytes = json.writeBytes(spec);
        if (bytes.length <= inlineLimit) {
            return new PreparedOperation(spec, bytes, null, json);
        }
        String sha = sha256(bytes);
        String name = sha + ".json";
        Store dir = storage.open(specDirectory());
        try {
            dir.put(name, ByteBuffer.wrap(bytes));
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot write the spec of operation " + spec.name() + " ("
                    + bytes.length + " bytes, over the inline limit of " + inlineLimit + ") to "
                    + specDirectory() + "/" + name + ": " + e.getMessage()
                    + "; check that the work dir is writable", e);
        }
        return new PreparedOperation(spec, bytes, new OperationRef(specDirectory() + "/" + name, sha), json);
    }

    /** Lower-case hex SHA-256 of {@code bytes}: the name and check of a spec sent by reference. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    private static String trimSlash(String url) {
        String u = url;
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        if (u.isEmpty()) {
            throw new IllegalArgumentException("the work dir must not be empty");
        }
        return u;
    }

    /** Settings for {@link TaskMessages}: storage and work dir are required. */
    public static final class Builder {
        private Storage storage;
        private String workDir;
        private int inlineLimit = DEFAULT_INLINE_LIMIT;
        private TaskJson json;

        private Builder() {
        }

        /** Where specs sent by reference are written (the client's storage clients). */
        public Builder storage(Storage storage) {
            this.storage = storage;
            return this;
        }

        /** The work dir ({@code s3://bucket/prefix}) the workers may read. */
        public Builder workDir(String workDir) {
            this.workDir = workDir;
            return this;
        }

        /**
         * Specs whose JSON is at most this many bytes travel inline (default 64 KiB; 0 sends
         * every spec by reference). At most 1 MiB, far below Lambda's 6 MB request limit, so a
         * batch of tasks always fits.
         */
        public Builder inlineLimit(int bytes) {
            if (bytes < 0 || bytes > 1024 * 1024) {
                throw new IllegalArgumentException("the inline limit must be between 0 and 1 MiB, got " + bytes
                        + " bytes");
            }
            this.inlineLimit = bytes;
            return this;
        }

        /** The codec to use (default a new {@link TaskJson}). */
        public Builder json(TaskJson json) {
            this.json = json;
            return this;
        }

        public TaskMessages build() {
            return new TaskMessages(this);
        }
    }
}
