package dev.cubed.lambda.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;

/** Starting, configuring and closing a LocalLambda. */
class LocalLambdaLifecycleTest {

    @TempDir
    Path dir;

    @Test
    void closeKillsTheChildrenAndDeletesTaskRootsButKeepsAConfiguredLogDirectory() throws Exception {
        Path zip = ProbePackage.build(dir.resolve("probe.zip"));
        Path work = dir.resolve("work");
        Path logs = dir.resolve("logs");
        long pid;
        String cwd;
        try (LocalLambda lambda = LocalLambda.builder().workDirectory(work).logDirectory(logs)
                .function(FunctionConfig.builder().name("probe").code(zip).handler(ProbePackage.HANDLER).build())
                .build().start();
             LambdaClient client = LambdaClients.sync(lambda.endpoint())) {
            var payload = new ObjectMapper().readTree(client.invoke(b -> b.functionName("probe")
                    .payload(SdkBytes.fromUtf8String("{\"action\":\"whoami\"}"))).payload().asByteArray());
            pid = payload.get("pid").asLong();
            cwd = payload.get("cwd").asText();
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true);
            assertThat(Path.of(cwd)).startsWith(work).isDirectory();
        }
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(Path.of(cwd)).doesNotExist();
        assertThat(work.resolve("tmp")).doesNotExist();
        assertThat(logs.resolve("probe").resolve("probe-1.log")).content().contains("REPORT RequestId");
    }

    @Test
    void anInitialisationLongerThanTheInitTimeoutFailsAndTheEnvironmentIsKilled() throws Exception {
        Path zip = ProbePackage.build(dir.resolve("probe.zip"));
        try (LocalLambda lambda = LocalLambda.builder().initTimeout(Duration.ofSeconds(2))
                .function(FunctionConfig.builder().name("slow").code(zip)
                        .handler("dev.cubed.lambda.local.probe.SlowInitHandler::handleRequest")
                        .environmentVariable("PROBE_INIT_SLEEP_MS", "30000").build())
                .build().start();
             LambdaClient client = LambdaClients.sync(lambda.endpoint())) {
            long t0 = System.nanoTime();
            var response = client.invoke(b -> b.functionName("slow").payload(SdkBytes.fromUtf8String("{}")));
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertThat(response.functionError()).isEqualTo("Unhandled");
            var error = new ObjectMapper().readTree(response.payload().asByteArray());
            assertThat(error.get("errorType").asText()).isEqualTo("Sandbox.Timedout");
            assertThat(error.get("errorMessage").asText()).contains("Init phase timed out after 2.00 seconds");
            assertThat(seconds).isBetween(1.9, 10.0);
            assertThat(lambda.stats("slow").environments()).isZero();
        }
    }

    @Test
    void functionsWithoutReservationShareTheAccountConcurrency() throws Exception {
        Path zip = ProbePackage.build(dir.resolve("probe.zip"));
        try (LocalLambda lambda = LocalLambda.builder().accountConcurrency(1)
                .function(FunctionConfig.builder().name("a").code(zip).handler(ProbePackage.HANDLER).build())
                .function(FunctionConfig.builder().name("b").code(zip).handler(ProbePackage.HANDLER).build())
                .build().start();
             LambdaClient client = LambdaClients.sync(lambda.endpoint());
             var async = LambdaClients.async(lambda.endpoint())) {
            var running = async.invoke(r -> r.functionName("a")
                    .payload(SdkBytes.fromUtf8String("{\"action\":\"sleep\",\"millis\":1000}")));
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (lambda.stats("a").inFlight() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThatThrownBy(() -> client.invoke(r -> r.functionName("b").payload(SdkBytes.fromUtf8String("{}"))))
                    .isInstanceOfSatisfying(software.amazon.awssdk.services.lambda.model.TooManyRequestsException.class,
                            e -> assertThat(e.reason()).isEqualTo(
                                    software.amazon.awssdk.services.lambda.model.ThrottleReason.CONCURRENT_INVOCATION_LIMIT_EXCEEDED));
            assertThat(running.join().functionError()).isNull();
            assertThat(client.invoke(r -> r.functionName("b").payload(SdkBytes.fromUtf8String("{}"))).functionError()).isNull();
        }
    }

    @Test
    void aDirectoryIsUsedAsTheTaskRootInPlace() throws Exception {
        Path zip = ProbePackage.build(dir.resolve("probe.zip"));
        Path taskRoot = dir.resolve("exploded");
        DeploymentPackage.prepare("probe", zip, taskRoot);
        try (LocalLambda lambda = LocalLambda.builder()
                .function(FunctionConfig.builder().name("probe").code(taskRoot).handler(ProbePackage.HANDLER).build())
                .build().start();
             LambdaClient client = LambdaClients.sync(lambda.endpoint())) {
            String cwd = new ObjectMapper().readTree(client.invoke(b -> b.functionName("probe")
                    .payload(SdkBytes.fromUtf8String("{\"action\":\"whoami\"}"))).payload().asByteArray())
                    .get("cwd").asText();
            assertThat(Path.of(cwd)).isEqualTo(taskRoot.toAbsolutePath());
        }
        assertThat(taskRoot.resolve("lib")).isDirectory();
    }

    @Test
    void childJvmsCanRunAnotherJavaSuchAsJdk25() throws Exception {
        Path jdk25 = findJdk(25);
        Assumptions.assumeTrue(jdk25 != null, "no JDK 25 under /usr/lib/jvm");
        Path zip = ProbePackage.build(dir.resolve("probe.zip"));
        Path logs = dir.resolve("logs");
        try (LocalLambda lambda = LocalLambda.builder().javaHome(jdk25).logDirectory(logs)
                .function(FunctionConfig.builder().name("probe").code(zip).handler(ProbePackage.HANDLER)
                        .runtime("java25").build())
                .build().start();
             LambdaClient client = LambdaClients.sync(lambda.endpoint())) {
            var payload = new ObjectMapper().readTree(client.invoke(b -> b.functionName("probe")
                    .payload(SdkBytes.fromUtf8String("{\"action\":\"whoami\"}"))).payload().asByteArray());
            assertThat(payload.get("javaVersion").asText()).startsWith("25");
        }
        // JNI is allowed explicitly: no restricted-method warning from the runtime client's native part.
        assertThat(logs.resolve("probe").resolve("probe-1.log")).content().doesNotContain("restricted method");
    }

    private static Path findJdk(int feature) throws java.io.IOException {
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return null;
        }
        try (var homes = Files.list(jvms)) {
            return homes.filter(h -> Files.isExecutable(h.resolve("bin/java")))
                    .filter(h -> {
                        try {
                            return ChildJvmLauncher.featureVersion(h) == feature;
                        } catch (RuntimeException e) {
                            return false;
                        }
                    })
                    .findFirst().orElse(null);
        }
    }

    @Test
    void configurationMistakesAreRefusedWithTheSettingNamed() {
        Path code = dir.resolve("code.zip");
        assertThatThrownBy(() -> FunctionConfig.builder().name("f").code(code).handler("a.B::handle").memoryMb(64).build())
                .hasMessageContaining("memory size 64 MB").hasMessageContaining("128-10240");
        assertThatThrownBy(() -> FunctionConfig.builder().name("f").code(code).handler("a.B::handle")
                .timeout(Duration.ofSeconds(901)).build()).hasMessageContaining("timeout");
        assertThatThrownBy(() -> FunctionConfig.builder().name("f").code(code).handler("a.B::handle")
                .timeout(Duration.ofMillis(1500)).build()).hasMessageContaining("whole number of seconds");
        assertThatThrownBy(() -> FunctionConfig.builder().name("f").code(code).handler("a.B::handle")
                .environmentVariable("AWS_REGION", "eu-west-1").build())
                .hasMessageContaining("AWS_REGION is reserved");
        assertThatThrownBy(() -> FunctionConfig.builder().name("bad name").code(code).handler("a.B::handle").build())
                .hasMessageContaining("Function name 'bad name'");
        assertThatThrownBy(() -> FunctionConfig.builder().name("f").code(code).handler("a.B::handle").runtime("python3.12").build())
                .hasMessageContaining("runtime 'python3.12'");
        assertThatThrownBy(() -> LocalLambda.builder().accountConcurrency(4)
                .function(FunctionConfig.builder().name("a").code(code).handler("a.B").reservedConcurrency(4).build())
                .function(FunctionConfig.builder().name("b").code(code).handler("a.B").build())
                .build()).hasMessageContaining("Reserved concurrency 4");
        assertThatThrownBy(() -> LocalLambda.builder()
                .function(FunctionConfig.builder().name("a").code(code).handler("a.B").build()).build().start())
                .hasMessageContaining("neither a deployment zip nor a directory");
    }

    @Test
    void aZipThatEscapesTheTaskRootIsRefused() throws Exception {
        Path zip = dir.resolve("evil.zip");
        try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new java.util.zip.ZipEntry("../escaped.txt"));
            out.write(1);
            out.closeEntry();
        }
        assertThatThrownBy(() -> DeploymentPackage.prepare("evil", zip, dir.resolve("root")))
                .hasMessageContaining("outside the task root");
        assertThat(dir.resolve("escaped.txt")).doesNotExist();
    }
}
