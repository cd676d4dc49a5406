package dev.cubed.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The file a running bench or demo puts in the local directories it works in, naming its process:
 * {@code cubed clean} leaves a directory alone while that process runs.
 */
final class RunMarker {
    static final String FILE = "cubed-run.pid";

    private RunMarker() {
    }

    /** Marks {@code dir} (created if needed) as used by this process. */
    static void mark(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(FILE), Long.toString(ProcessHandle.current().pid()), StandardCharsets.US_ASCII);
    }

    /** Removes this process's mark from {@code dir}: the run is over. */
    static void unmark(Path dir) throws IOException {
        Files.deleteIfExists(dir.resolve(FILE));
    }

    /** Whether a marker in {@code dir} or a directory just below it names a running process. */
    static boolean inUse(Path dir) {
        try (Stream<Path> markers = Files.find(dir, 2, (p, a) -> p.getFileName().toString().equals(FILE))) {
            return markers.anyMatch(RunMarker::alive);
        } catch (IOException | java.io.UncheckedIOException e) {
            return true; // cannot tell: leave it
        }
    }

    private static boolean alive(Path marker) {
        try {
            long pid = Long.parseLong(Files.readString(marker, StandardCharsets.US_ASCII).trim());
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }
}
