package dev.cubed.kernel.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A worker's deployment package with the fault-injection kernel added, for tests whose tasks run in
 * other processes (a local Lambda, a cluster). The kernel is offered only where this module is on the
 * class path; a remote worker gets it by running a package that holds this module's jar in
 * {@code lib/}, the layout of a Lambda deployment zip (classes at the root, libraries in {@code lib/}).
 */
public final class FaultKernelPackage {
    /** The name the kit's jar takes inside the package. */
    public static final String ENTRY = "lib/cubed-testkit.jar";

    private FaultKernelPackage() {
    }

    /**
     * Writes {@code target}: every entry of {@code deploymentZip} plus {@value #ENTRY}, this module's
     * jar. Returns {@code target}.
     *
     * @throws IllegalArgumentException if {@code deploymentZip} already holds {@value #ENTRY}
     */
    public static Path withFaultKernel(Path deploymentZip, Path target) {
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            try (InputStream in = Files.newInputStream(deploymentZip);
                 ZipInputStream zipIn = new ZipInputStream(in);
                 OutputStream out = Files.newOutputStream(target);
                 ZipOutputStream zipOut = new ZipOutputStream(out)) {
                ZipEntry entry;
                while ((entry = zipIn.getNextEntry()) != null) {
                    if (entry.getName().equals(ENTRY)) {
                        throw new IllegalArgumentException(deploymentZip + " already holds " + ENTRY);
                    }
                    zipOut.putNextEntry(new ZipEntry(entry.getName()));
                    zipIn.transferTo(zipOut);
                    zipOut.closeEntry();
                }
                zipOut.putNextEntry(new ZipEntry(ENTRY));
                writeKitJar(zipOut);
                zipOut.closeEntry();
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot add the fault kernel to " + deploymentZip + " as " + target
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * Copies this module's jar into {@code out}; inside the project's own build, where the class path
     * holds {@code target/classes} instead of the jar, packs that directory as a jar.
     */
    private static void writeKitJar(OutputStream out) throws IOException {
        Path location = codeLocation();
        if (Files.isRegularFile(location)) {
            Files.copy(location, out);
            return;
        }
        ZipOutputStream jar = new ZipOutputStream(out);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(location)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : files) {
            jar.putNextEntry(new ZipEntry(location.relativize(file).toString().replace('\\', '/')));
            Files.copy(file, jar);
            jar.closeEntry();
        }
        // finish, not close: closing would close the enclosing package's stream
        jar.finish();
    }

    private static Path codeLocation() {
        try {
            return Path.of(FaultInjectionKernels.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("cannot find the jar that holds " + FaultInjectionKernels.class.getName(),
                    e);
        }
    }
}
