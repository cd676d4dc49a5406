package dev.cubed.lambda.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The AWS Lambda runtime interface client as the child JVMs need it: its jars (with
 * aws-lambda-java-core, -serialization and utils-lite) as the system class path, the function's
 * code staying with the client's own class loader as on Lambda; and its JNI library extracted once.
 *
 * <p>The jars are found where this JVM loaded them from. When that is a fat jar (the command line's),
 * the client's packages are copied out of it, so the fat jar's other classes cannot shadow the
 * function's.
 *
 * @param classPath   the child's {@code -cp} entries
 * @param jniLibrary  the extracted native client, passed to each child as a system property
 */
record RuntimeInterfaceClient(List<Path> classPath, Path jniLibrary) {

    static final String MAIN_CLASS = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    static final String JNI_PROPERTY =
            "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";

    /** One class from each jar the client needs at run time. */
    private static final List<String> MARKER_CLASSES = List.of(
            MAIN_CLASS,
            "com.amazonaws.services.lambda.runtime.RequestStreamHandler",
            "com.amazonaws.services.lambda.runtime.serialization.PojoSerializer",
            "software.amazon.awssdk.utilslite.SdkInternalThreadLocal");
    /** What to copy out of a fat jar: the packages of those jars. */
    private static final List<String> PACKAGE_PREFIXES = List.of(
            "com/amazonaws/services/lambda/", "com/amazonaws/lambda/thirdparty/",
            "software/amazon/awssdk/utilslite/", "jni/", "META-INF/services/com.amazonaws.lambda.thirdparty.");

    /** Checks the platform, then resolves the class path and extracts the JNI library under {@code runtimeDir}. */
    static RuntimeInterfaceClient prepare(Path runtimeDir) {
        return prepare(runtimeDir, RuntimeInterfaceClient.class.getClassLoader());
    }

    /** As {@link #prepare(Path)}, finding the client's classes through {@code loader}. */
    static RuntimeInterfaceClient prepare(Path runtimeDir, ClassLoader loader) {
        String jniResource = jniResourceForThisPlatform();
        try {
            Files.createDirectories(runtimeDir);
            Set<Path> sources = new LinkedHashSet<>();
            for (String name : MARKER_CLASSES) {
                sources.add(codeSource(name, loader));
            }
            List<Path> classPath = new ArrayList<>();
            Path extracted = runtimeDir.resolve("classes");
            for (Path source : sources) {
                if (isFatJar(source)) {
                    copyPackages(source, extracted);
                    if (!classPath.contains(extracted)) {
                        classPath.add(extracted);
                    }
                } else {
                    classPath.add(source);
                }
            }
            Path jni = runtimeDir.resolve("libaws-lambda-jni.so");
            try (InputStream in = loader.getResourceAsStream(jniResource)) {
                if (in == null) {
                    throw new IllegalStateException("The runtime interface client jar lacks " + jniResource
                            + "; is aws-lambda-java-runtime-interface-client on the class path?");
                }
                Files.copy(in, jni, StandardCopyOption.REPLACE_EXISTING);
            }
            return new RuntimeInterfaceClient(List.copyOf(classPath), jni);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the Lambda runtime interface client under "
                    + runtimeDir + ": " + e.getMessage(), e);
        }
    }

    /** The client ships native code for Linux only (glibc or musl, x86-64 or aarch64). */
    static String jniResourceForThisPlatform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (!os.contains("linux")) {
            throw new IllegalStateException("LocalLambda runs functions with the AWS Lambda runtime interface"
                    + " client, whose native part exists for Linux only (this is " + System.getProperty("os.name")
                    + "); run on Linux (a VM or WSL2), or use the local executor instead of Lambda");
        }
        String arch = System.getProperty("os.arch", "");
        String cpu = switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch_64";
            default -> throw new IllegalStateException("The Lambda runtime interface client has no native"
                    + " library for CPU architecture " + arch + " (only x86-64 and aarch64)");
        };
        return "jni/libaws-lambda-jni." + (isMusl() ? "linux_musl-" : "linux-") + cpu + ".so";
    }

    private static boolean isMusl() {
        try (Stream<Path> lib = Files.list(Path.of("/lib"))) {
            return lib.anyMatch(p -> p.getFileName().toString().startsWith("ld-musl-"));
        } catch (IOException e) {
            return false;
        }
    }

    private static Path codeSource(String className, ClassLoader loader) {
        try {
            // Loaded without initialisation: the client's static blocks change security properties.
            Class<?> c = Class.forName(className, false, loader);
            CodeSource source = c.getProtectionDomain().getCodeSource();
            if (source == null || source.getLocation() == null) {
                throw new IllegalStateException("Cannot tell where " + className + " was loaded from");
            }
            return Path.of(source.getLocation().toURI());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("Class " + className + " is missing: add"
                    + " com.amazonaws:aws-lambda-java-runtime-interface-client to the class path", e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Cannot locate the jar of " + className, e);
        }
    }

    /** A jar that holds more than the client (this project's classes): only its client packages are used. */
    private static boolean isFatJar(Path source) throws IOException {
        if (Files.isDirectory(source)) {
            return Files.isDirectory(source.resolve("dev/cubed"));
        }
        try (JarFile jar = new JarFile(source.toFile())) {
            return jar.stream().anyMatch(e -> e.getName().startsWith("dev/cubed/"));
        }
    }

    private static void copyPackages(Path fatJar, Path target) throws IOException {
        if (Files.isDirectory(fatJar)) {
            throw new IllegalStateException("The runtime interface client classes are in the class directory "
                    + fatJar + " together with this project's; run from the module jars instead");
        }
        try (JarFile jar = new JarFile(fatJar.toFile())) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                if (entry.isDirectory() || PACKAGE_PREFIXES.stream().noneMatch(entry.getName()::startsWith)) {
                    continue;
                }
                Path out = target.resolve(entry.getName()).normalize();
                if (!out.startsWith(target)) {
                    continue;
                }
                Files.createDirectories(out.getParent());
                try (InputStream in = jar.getInputStream(entry)) {
                    Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
