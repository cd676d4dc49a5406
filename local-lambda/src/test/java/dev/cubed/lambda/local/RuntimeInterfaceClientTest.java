package dev.cubed.lambda.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding the runtime interface client's jars for the child JVMs' class path. */
class RuntimeInterfaceClientTest {

    @TempDir
    Path dir;

    @Test
    void usesTheClientsOwnJarsAndExtractsTheJniLibraryOnce() {
        RuntimeInterfaceClient client = RuntimeInterfaceClient.prepare(dir.resolve("runtime"));
        assertThat(client.classPath()).extracting(p -> p.getFileName().toString()).anyMatch(
                n -> n.startsWith("aws-lambda-java-runtime-interface-client-")).anyMatch(
                n -> n.startsWith("aws-lambda-java-core-")).anyMatch(
                n -> n.startsWith("aws-lambda-java-serialization-")).anyMatch(n -> n.startsWith("utils-lite-"));
        assertThat(client.jniLibrary()).isRegularFile().startsWith(dir);
    }

    @Test
    void copiesTheClientOutOfAFatJarSoTheProjectsClassesCannotShadowTheFunctions() throws Exception {
        RuntimeInterfaceClient normal = RuntimeInterfaceClient.prepare(dir.resolve("normal"));
        Path fat = dir.resolve("cubed.jar");
        Set<String> seen = new HashSet<>();
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(fat))) {
            out.putNextEntry(new ZipEntry("dev/cubed/cli/Main.class"));
            out.closeEntry();
            for (Path jar : normal.classPath()) {
                copyEntries(jar, out, seen);
            }
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {fat.toUri().toURL()}, null)) {
            RuntimeInterfaceClient client = RuntimeInterfaceClient.prepare(dir.resolve("from-fat"), loader);
            Path classes = dir.resolve("from-fat").resolve("classes");
            assertThat(client.classPath()).containsExactly(classes);
            assertThat(classes.resolve("com/amazonaws/services/lambda/runtime/api/client/AWSLambda.class")).isRegularFile();
            assertThat(classes.resolve("com/amazonaws/services/lambda/runtime/RequestStreamHandler.class")).isRegularFile();
            assertThat(classes.resolve("software/amazon/awssdk/utilslite/SdkInternalThreadLocal.class")).isRegularFile();
            assertThat(classes.resolve("dev")).doesNotExist();
            assertThat(client.jniLibrary()).isRegularFile();
        }
    }

    private static void copyEntries(Path jar, ZipOutputStream out, Set<String> seen) throws IOException {
        try (JarFile in = new JarFile(jar.toFile())) {
            for (var entry : (Iterable<java.util.jar.JarEntry>) in.stream()::iterator) {
                if (entry.isDirectory() || !seen.add(entry.getName())) {
                    continue;
                }
                out.putNextEntry(new ZipEntry(entry.getName()));
                in.getInputStream(entry).transferTo(out);
                out.closeEntry();
            }
        }
    }

    @Test
    void theJniLibraryMatchesThisPlatform() {
        String arch = System.getProperty("os.arch");
        assertThat(RuntimeInterfaceClient.jniResourceForThisPlatform())
                .startsWith("jni/libaws-lambda-jni.linux")
                .endsWith(List.of("amd64", "x86_64").contains(arch) ? "x86_64.so" : "aarch_64.so");
    }
}
