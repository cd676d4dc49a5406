package dev.cubed.infra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a command line tool (python, cfn-lint) to completion and captures what it printed. */
record ExternalCommand(int exitCode, String stdout, String stderr) {

    static ExternalCommand run(Path workingDirectory, Map<String, String> environment, Duration timeout,
                               List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile());
        builder.environment().putAll(environment);
        Path out = java.nio.file.Files.createTempFile("cmd-out", ".txt");
        Path err = java.nio.file.Files.createTempFile("cmd-err", ".txt");
        try {
            Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout);
            }
            return new ExternalCommand(process.exitValue(),
                    java.nio.file.Files.readString(out, StandardCharsets.UTF_8),
                    java.nio.file.Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            java.nio.file.Files.deleteIfExists(out);
            java.nio.file.Files.deleteIfExists(err);
        }
    }

    /** Whether the command runs and exits with 0 (the tool is installed). */
    static boolean succeeds(List<String> command) {
        try {
            return run(Path.of("."), Map.of(), Duration.ofSeconds(60), command).exitCode() == 0;
        } catch (IOException | RuntimeException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
