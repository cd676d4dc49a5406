package dev.cubed.lambda.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One execution environment's log file. The child's stdout and stderr are redirected into it by the
 * operating system (appending), and LocalLambda appends Lambda's START/END/REPORT lines. Because the
 * child writes its lines before it posts its response, everything an invocation printed is in the file
 * when the response arrives: an invocation's log is the byte range between its START and its REPORT.
 */
final class EnvironmentLog {

    /** Lambda returns the last 4 KB of an invocation's log. */
    static final int TAIL_BYTES = 4096;

    private final Path file;

    EnvironmentLog(Path file) {
        this.file = file;
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, new byte[0], StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the environment log " + file, e);
        }
    }

    Path file() {
        return file;
    }

    long size() {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    /** Appends one line with a single write, so it never interleaves with the child's output mid-line. */
    synchronized void appendLine(String line) {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } catch (IOException e) {
            // Losing a log line must not fail an invocation.
        }
    }

    /** The bytes written from {@code start} to now (at most {@code limit}, the last ones). */
    byte[] readFrom(long start, int limit) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long end = channel.size();
            long from = Math.max(start, end - limit);
            if (from >= end) {
                return new byte[0];
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) (end - from));
            while (buffer.hasRemaining() && channel.read(buffer, from + buffer.position()) > 0) {
                // keep reading
            }
            byte[] bytes = buffer.array();
            // Do not start inside a UTF-8 character: skip continuation bytes.
            int skip = 0;
            while (from > start && skip < bytes.length && (bytes[skip] & 0xC0) == 0x80) {
                skip++;
            }
            return skip == 0 ? bytes : java.util.Arrays.copyOfRange(bytes, skip, bytes.length);
        } catch (IOException e) {
            return new byte[0];
        }
    }

    /** The last 4 KB written since {@code start}: what {@code X-Amz-Log-Result} carries. */
    byte[] tailFrom(long start) {
        return readFrom(start, TAIL_BYTES);
    }

    /** Whether the text written since {@code start} (up to 1 MB back from the end) contains {@code marker}. */
    boolean containsSince(long start, String marker) {
        return new String(readFrom(start, 1 << 20), StandardCharsets.UTF_8).contains(marker);
    }

    /** The first line written since {@code start} that contains {@code marker}, or null. */
    String lineSince(long start, String marker) {
        String text = new String(readFrom(start, 1 << 20), StandardCharsets.UTF_8);
        int at = text.indexOf(marker);
        if (at < 0) {
            return null;
        }
        int end = text.indexOf('\n', at);
        return text.substring(at, end < 0 ? text.length() : end).strip();
    }
}
