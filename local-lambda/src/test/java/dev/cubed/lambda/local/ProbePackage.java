package dev.cubed.lambda.local;

import dev.cubed.lambda.local.probe.ProbeHandler;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Builds a real Lambda deployment zip of the probe handlers at test time: their classes at the root and,
 * in {@code lib/}, aws-lambda-java-core plus the S3 SDK with the URL-connection HTTP client, taken from
 * the test class path (and nothing else: no Apache or Netty client, no test libraries).
 */
final class ProbePackage {

    static final String HANDLER = ProbeHandler.class.getName() + "::handleRequest";
    static final String FAILING_INIT_HANDLER = "dev.cubed.lambda.local.probe.FailingInitHandler::handleRequest";

    private ProbePackage() {
    }

    static Path build(Path zip) throws IOException {
        Path classes = Path.of(ProbeHandler.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        Path probeDir = classes.resolve("dev/cubed/lambda/local/probe");
        List<Path> libs = new ArrayList<>();
        for (String entry : classPath()) {
            if (entry.endsWith(".jar") && belongsInPackage(entry)) {
                libs.add(Path.of(entry));
            }
        }
        if (libs.stream().noneMatch(p -> p.getFileName().toString().startsWith("aws-lambda-java-core-"))) {
            throw new IllegalStateException("aws-lambda-java-core is not on the test class path: " + libs);
        }
        Files.createDirectories(zip.getParent());
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip));
             Stream<Path> files = Files.walk(probeDir)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                put(out, classes.relativize(file).toString().replace(File.separatorChar, '/'), file);
            }
            for (Path lib : libs) {
                put(out, "lib/" + lib.getFileName(), lib);
            }
        }
        return zip;
    }

    /** The test class path: surefire's java.class.path, or the loader's URLs under exec:java. */
    private static List<String> classPath() {
        List<String> entries = new ArrayList<>();
        if (ProbePackage.class.getClassLoader() instanceof java.net.URLClassLoader loader) {
            for (java.net.URL url : loader.getURLs()) {
                try {
                    entries.add(Path.of(url.toURI()).toString());
                } catch (java.net.URISyntaxException | IllegalArgumentException e) {
                    // not a file
                }
            }
        }
        if (entries.isEmpty()) {
            entries.addAll(List.of(System.getProperty("java.class.path").split(File.pathSeparator)));
        }
        return entries;
    }

    private static boolean belongsInPackage(String jar) {
        String path = jar.replace(File.separatorChar, '/');
        if (path.contains("/aws-lambda-java-core-")) {
            return true;
        }
        if (path.contains("/org/reactivestreams/") || path.contains("/slf4j-api-")) {
            return true;
        }
        if (!path.contains("/software/amazon/awssdk/")) {
            return false;
        }
        // The worker uses the URL-connection client; leave out the others (and the Lambda client itself).
        return !(path.contains("/apache5-client/") || path.contains("/apache-client/")
                || path.contains("/netty-nio-client/") || path.contains("/awssdk/lambda/")
                || path.contains("/aws-crt-client/"));
    }

    private static void put(ZipOutputStream out, String name, Path file) throws IOException {
        out.putNextEntry(new ZipEntry(name));
        Files.copy(file, out);
        out.closeEntry();
    }
}
