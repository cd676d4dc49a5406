package dev.cubed.lambda.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A function's code made ready to run: a zip unpacked into a fresh task root, or a directory used in place;
 * with the size and SHA-256 that GetFunction reports.
 *
 * @param taskRoot   the directory the child JVM runs in (classes at the root, {@code lib/*.jar})
 * @param codeSize   bytes of the zip (or of the directory's files)
 * @param codeSha256 base64 SHA-256 of the zip (or empty for a directory)
 * @param unpacked   true when the task root was made from a zip and is deleted on close
 */
record DeploymentPackage(Path taskRoot, long codeSize, String codeSha256, boolean unpacked) {

    /** Lambda's limit on a function's unzipped code. */
    static final long MAX_UNZIPPED_BYTES = 262_144_000L;

    static DeploymentPackage prepare(String functionName, Path code, Path freshTaskRoot) {
        if (Files.isDirectory(code)) {
            return new DeploymentPackage(code.toAbsolutePath(), directorySize(code), "", false);
        }
        if (!Files.isRegularFile(code)) {
            throw new IllegalArgumentException("Function " + functionName + ": code " + code
                    + " is neither a deployment zip nor a directory; build the package first"
                    + " (for the worker: mvn -pl lambda-worker -am package)");
        }
        try {
            Files.createDirectories(freshTaskRoot);
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            long unzipped = 0;
            try (InputStream file = Files.newInputStream(code);
                 DigestInputStream digest = new DigestInputStream(file, sha);
                 ZipInputStream zip = new ZipInputStream(digest)) {
                ZipEntry entry;
                Path root = freshTaskRoot.toAbsolutePath().normalize();
                while ((entry = zip.getNextEntry()) != null) {
                    Path target = root.resolve(entry.getName()).normalize();
                    if (!target.startsWith(root)) {
                        throw new IllegalArgumentException("Function " + functionName + ": zip " + code
                                + " has an entry outside the task root: " + entry.getName());
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(target);
                        continue;
                    }
                    Files.createDirectories(target.getParent());
                    try (OutputStream out = Files.newOutputStream(target)) {
                        unzipped += zip.transferTo(out);
                    }
                    if (unzipped > MAX_UNZIPPED_BYTES) {
                        throw new IllegalArgumentException("Function " + functionName + ": zip " + code
                                + " unpacks to more than Lambda's limit of " + MAX_UNZIPPED_BYTES
                                + " bytes; move large dependencies to a layer or trim the package");
                    }
                }
                digest.transferTo(OutputStream.nullOutputStream());
            }
            if (unzipped == 0) {
                throw new IllegalArgumentException("Function " + functionName + ": zip " + code
                        + " holds no files; is it a deployment package?");
            }
            return new DeploymentPackage(freshTaskRoot.toAbsolutePath(), Files.size(code),
                    Base64.getEncoder().encodeToString(sha.digest()), true);
        } catch (IOException e) {
            throw new UncheckedIOException("Function " + functionName + ": cannot unpack " + code
                    + " into " + freshTaskRoot + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static long directorySize(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read code directory " + dir, e);
        }
    }
}
