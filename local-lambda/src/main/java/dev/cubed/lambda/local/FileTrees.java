package dev.cubed.lambda.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Deleting the directories LocalLambda made (task roots, per-environment /tmp, its work directory). */
final class FileTrees {

    private FileTrees() {
    }

    static void deleteQuietly(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort: a file still open by a dying child is removed by the OS later
                }
            });
        } catch (IOException e) {
            // best effort
        }
    }
}
