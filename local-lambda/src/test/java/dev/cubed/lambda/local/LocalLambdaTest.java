package dev.cubed.lambda.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaAsyncClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Architecture;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationResponse;
import software.amazon.awssdk.services.lambda.model.GetFunctionResponse;
import software.amazon.awssdk.services.lambda.model.InvalidRequestContentException;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LogType;
import software.amazon.awssdk.services.lambda.model.RequestTooLargeException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.lambda.model.State;
import software.amazon.awssdk.services.lambda.model.ThrottleReason;
import software.amazon.awssdk.services.lambda.model.TooManyRequestsException;

/**
 * LocalLambda as the AWS SDK v2 sees it, running the probe handler's real deployment zip in child JVMs;
 * every fault is produced by the handler itself (throw, exit, sleep, allocate), not simulated.
 */
class LocalLambdaTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static LocalLambda lambda;
    static LambdaClient client;

    @BeforeAll
    static void start() throws Exception {
        Path zip = ProbePackage.build(dir.resolve("probe.zip"));
        lambda = LocalLambda.builder()
                .logDirectory(Path.of("target", "local-lambda-logs", "LocalLambdaTest"))
                .function(FunctionConfig.builder().name("probe").code(zip).handler(ProbePackage.HANDLER)
                        .memoryMb(256).timeout(Duration.ofSeconds(3)).reservedConcurrency(2)
                        .architecture(dev.cubed.lambda.local.Architecture.ARM64).runtime("java21")
                        .environmentVariable("PROBE_SETTING", "from-config").description("test probe").build())
                .function(FunctionConfig.builder().name("tiny-heap").code(zip).handler(ProbePackage.HANDLER)
                        .memoryMb(128).timeout(Duration.ofSeconds(20)).build())
                .function(FunctionConfig.builder().name("missing-class").code(zip)
                        .handler("dev.cubed.lambda.local.probe.NoSuchHandler::handleRequest").build())
                .function(FunctionConfig.builder().name("failing-init").code(zip)
                        .handler(ProbePackage.FAILING_INIT_HANDLER).build())
                .build().start();
        client = LambdaClients.sync(lambda.endpoint());
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (lambda != null) {
            lambda.close();
        }
    }

    @Test
    void echoesThePayload() {
        String payload = "{\"action\":\"echo\",\"text\":\"h\\u00e9llo \\\"quoted\\\"\",\"n\":[1,2,3]}";
        InvokeResponse response = invoke("probe", payload);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.functionError()).isNull();
        assertThat(response.executedVersion()).isEqualTo("$LATEST");
        assertThat(response.payload().asUtf8String()).isEqualTo(payload);
    }

    @Test
    void reusesAWarmEnvironmentAndGivesTheHandlerLambdasContext() throws Exception {
        InvokeResponse first = invoke("probe", "{\"action\":\"whoami\"}");
        long startedAfterFirst = lambda.stats("probe").environmentsStarted();
        InvokeResponse second = invoke("probe", "{\"action\":\"whoami\"}");
        JsonNode a = JSON.readTree(first.payload().asByteArray());
        JsonNode b = JSON.readTree(second.payload().asByteArray());

        assertThat(b.get("pid").asLong()).isEqualTo(a.get("pid").asLong());
        assertThat(b.get("invocationsInThisJvm").asInt()).isEqualTo(a.get("invocationsInThisJvm").asInt() + 1);
        assertThat(lambda.stats("probe").environmentsStarted()).isEqualTo(startedAfterFirst);

        assertThat(b.get("requestId").asText()).isEqualTo(second.responseMetadata().requestId());
        assertThat(b.get("functionName").asText()).isEqualTo("probe");
        assertThat(b.get("memoryLimitMb").asInt()).isEqualTo(256);
        assertThat(b.get("remainingMillis").asLong()).isBetween(1L, 3_000L);
        assertThat(b.get("functionArn").asText()).isEqualTo(lambda.functionArn("probe"));
        assertThat(b.get("maxHeapMb").asLong()).isBetween(200L, 218L);
    }

    @Test
    void givesTheFunctionLambdasEnvironmentAndNothingOfOurs() throws Exception {
        JsonNode env = JSON.readTree(invoke("probe", "{\"action\":\"env\",\"names\":\"AWS_LAMBDA_FUNCTION_NAME,"
                + "AWS_LAMBDA_FUNCTION_MEMORY_SIZE,AWS_LAMBDA_FUNCTION_VERSION,AWS_REGION,AWS_LAMBDA_LOG_GROUP_NAME,"
                + "AWS_LAMBDA_RUNTIME_API,PROBE_SETTING,AWS_ACCESS_KEY_ID,USER,MAVEN_OPTS,JAVA_HOME\"}")
                .payload().asByteArray());
        assertThat(env.get("AWS_LAMBDA_FUNCTION_NAME").asText()).isEqualTo("probe");
        assertThat(env.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE").asText()).isEqualTo("256");
        assertThat(env.get("AWS_LAMBDA_FUNCTION_VERSION").asText()).isEqualTo("$LATEST");
        assertThat(env.get("AWS_REGION").asText()).isEqualTo("us-east-1");
        assertThat(env.get("AWS_LAMBDA_LOG_GROUP_NAME").asText()).isEqualTo("/aws/lambda/probe");
        assertThat(env.get("AWS_LAMBDA_RUNTIME_API").asText())
                .startsWith(lambda.endpoint().getHost() + ":" + lambda.endpoint().getPort() + "/runtime/probe-");
        assertThat(env.get("PROBE_SETTING").asText()).isEqualTo("from-config");
        assertThat(env.get("AWS_ACCESS_KEY_ID").asText()).isNotEqualTo("<unset>");
        assertThat(env.get("USER").asText()).isEqualTo("<unset>");
        assertThat(env.get("MAVEN_OPTS").asText()).isEqualTo("<unset>");
        assertThat(env.get("JAVA_HOME").asText()).isEqualTo("<unset>");
    }

    @Test
    void handlerExceptionIsUnhandledWithTheHandlersTypeAndMessage() throws Exception {
        InvokeResponse response = invoke("probe", "{\"action\":\"throw\",\"message\":\"bad chunk 3.4\"}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.functionError()).isEqualTo("Unhandled");
        JsonNode error = JSON.readTree(response.payload().asByteArray());
        assertThat(error.get("errorType").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(error.get("errorMessage").asText()).isEqualTo("bad chunk 3.4");
        assertThat(error.get("stackTrace").toString()).contains("ProbeHandler.handleRequest");
        // The environment survives a handler exception.
        assertThat(invoke("probe", "{\"action\":\"echo\"}").functionError()).isNull();
    }

    @Test
    void aStackOverflowIsReportedWithItsHugeErrorCauseAndTheEnvironmentReplaced() throws Exception {
        long pid = pidOfWarmProbe();
        InvokeResponse response = invoke("probe", "{\"action\":\"recurse\"}");
        assertThat(response.functionError()).isEqualTo("Unhandled");
        JsonNode error = JSON.readTree(response.payload().asByteArray());
        assertThat(error.get("errorType").asText()).isEqualTo("java.lang.StackOverflowError");
        // The runtime ends its JVM after a VirtualMachineError; the next invocation must not notice.
        waitUntilDead(pid);
        assertThat(invoke("probe", "{\"action\":\"echo\"}").functionError()).isNull();
    }

    @Test
    void aWarmEnvironmentKilledWhileIdleIsReplacedWithoutFailingAnInvocation() throws Exception {
        long pid = pidOfWarmProbe();
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        waitUntilDead(pid);
        InvokeResponse response = invoke("probe", "{\"action\":\"whoami\"}");
        assertThat(response.functionError()).isNull();
        assertThat(JSON.readTree(response.payload().asByteArray()).get("pid").asLong()).isNotEqualTo(pid);
    }

    @Test
    void processExitIsRuntimeExitErrorAndTheEnvironmentIsReplaced() throws Exception {
        long pid = pidOfWarmProbe();
        InvokeResponse response = invoke("probe", "{\"action\":\"exit\",\"status\":7}");
        assertThat(response.functionError()).isEqualTo("Unhandled");
        JsonNode error = JSON.readTree(response.payload().asByteArray());
        assertThat(error.get("errorType").asText()).isEqualTo("Runtime.ExitError");
        assertThat(error.get("errorMessage").asText()).isEqualTo("RequestId: " + response.responseMetadata().requestId()
                + " Error: Runtime exited with error: exit status 7");
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(pidOfWarmProbe()).isNotEqualTo(pid);
    }

    @Test
    void runningPastTheTimeoutIsSandboxTimedoutAndKillsTheEnvironment() throws Exception {
        long pid = pidOfWarmProbe();
        long t0 = System.nanoTime();
        InvokeResponse response = invoke("probe", "{\"action\":\"sleep\",\"millis\":20000}");
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertThat(response.functionError()).isEqualTo("Unhandled");
        JsonNode error = JSON.readTree(response.payload().asByteArray());
        assertThat(error.get("errorType").asText()).isEqualTo("Sandbox.Timedout");
        assertThat(error.get("errorMessage").asText()).isEqualTo("RequestId: " + response.responseMetadata().requestId()
                + " Error: Task timed out after 3.00 seconds");
        assertThat(seconds).isBetween(2.9, 10.0);
        waitUntilDead(pid);
        assertThat(pidOfWarmProbe()).isNotEqualTo(pid);
    }

    @Test
    void overflowingTheHeapIsRuntimeOutOfMemory() throws Exception {
        InvokeResponse response = invoke("tiny-heap", "{\"action\":\"allocate\",\"megabytes\":400}");
        assertThat(response.functionError()).isEqualTo("Unhandled");
        JsonNode error = JSON.readTree(response.payload().asByteArray());
        assertThat(error.get("errorType").asText()).isEqualTo("Runtime.OutOfMemory");
        assertThat(error.get("errorMessage").asText())
                .startsWith("RequestId: " + response.responseMetadata().requestId() + " Error: Runtime exited with error:")
                .contains("OutOfMemoryError");
        assertThat(lambda.stats("tiny-heap").environments()).isZero();
        // Within the heap it works, on a fresh environment.
        assertThat(invoke("tiny-heap", "{\"action\":\"allocate\",\"megabytes\":20}").functionError()).isNull();
    }

    @Test
    void tailReturnsOnlyThisInvocationsLog() {
        InvokeResponse first = client.invoke(b -> b.functionName("probe").logType(LogType.TAIL)
                .payload(SdkBytes.fromUtf8String("{\"action\":\"log\",\"lines\":\"alpha-line,beta-line\"}")));
        String firstLog = new String(Base64.getDecoder().decode(first.logResult()), StandardCharsets.UTF_8);
        String id = first.responseMetadata().requestId();
        assertThat(firstLog).contains("START RequestId: " + id, "alpha-line", "beta-line",
                "via LambdaLogger: 2 lines", "END RequestId: " + id, "REPORT RequestId: " + id, "Memory Size: 256 MB");

        InvokeResponse second = client.invoke(b -> b.functionName("probe").logType(LogType.TAIL)
                .payload(SdkBytes.fromUtf8String("{\"action\":\"log\",\"lines\":\"gamma-line\"}")));
        String secondLog = new String(Base64.getDecoder().decode(second.logResult()), StandardCharsets.UTF_8);
        assertThat(secondLog).contains("gamma-line").doesNotContain("alpha-line", "beta-line");

        InvokeResponse withoutTail = invoke("probe", "{\"action\":\"log\",\"lines\":\"delta-line\"}");
        assertThat(withoutTail.logResult()).isNull();
    }

    @Test
    void tailIsLimitedToTheLast4Kilobytes() {
        StringBuilder lines = new StringBuilder("first-of-many");
        for (int i = 0; i < 200; i++) {
            lines.append(",line-").append(i).append("-0123456789012345678901234567890123456789");
        }
        InvokeResponse response = client.invoke(b -> b.functionName("probe").logType(LogType.TAIL)
                .payload(SdkBytes.fromUtf8String("{\"action\":\"log\",\"lines\":\"" + lines + "\"}")));
        byte[] log = Base64.getDecoder().decode(response.logResult());
        assertThat(log.length).isLessThanOrEqualTo(4096).isGreaterThan(3000);
        assertThat(new String(log, StandardCharsets.UTF_8)).contains("line-199-", "REPORT RequestId")
                .doesNotContain("first-of-many");
    }

    @Test
    void invocationsBeyondTheReservedConcurrencyAreThrottledUntilOthersFinish() throws Exception {
        List<CompletableFuture<InvokeResponse>> running = new ArrayList<>();
        try (LambdaAsyncClient async = LambdaClients.async(lambda.endpoint())) {
            for (int i = 0; i < 2; i++) {
                running.add(async.invoke(b -> b.functionName("probe")
                        .payload(SdkBytes.fromUtf8String("{\"action\":\"sleep\",\"millis\":1500}"))));
            }
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (lambda.stats("probe").inFlight() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(lambda.stats("probe").inFlight()).isEqualTo(2);
            long throttledBefore = lambda.stats("probe").throttled();

            assertThatThrownBy(() -> invoke("probe", "{\"action\":\"echo\"}"))
                    .isInstanceOfSatisfying(TooManyRequestsException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(429);
                        assertThat(e.reason()).isEqualTo(ThrottleReason.RESERVED_FUNCTION_CONCURRENT_INVOCATION_LIMIT_EXCEEDED);
                        assertThat(e.retryAfterSeconds()).isEqualTo("1");
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("TooManyRequestsException");
                    });
            assertThat(lambda.stats("probe").throttled()).isEqualTo(throttledBefore + 1);

            for (CompletableFuture<InvokeResponse> r : running) {
                assertThat(r.join().functionError()).isNull();
            }
        }
        assertThat(invoke("probe", "{\"action\":\"echo\"}").functionError()).isNull();
        assertThat(lambda.stats("probe").environments()).isLessThanOrEqualTo(2);
    }

    @Test
    void unknownFunctionsAndQualifiersAreResourceNotFound() {
        assertThatThrownBy(() -> invoke("no-such-function", "{}"))
                .isInstanceOfSatisfying(ResourceNotFoundException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.getMessage()).contains("Function not found: arn:aws:lambda:us-east-1:000000000000:function:no-such-function");
                });
        assertThatThrownBy(() -> client.invoke(b -> b.functionName("probe").qualifier("live")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> client.getFunctionConfiguration(b -> b.functionName("nope")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void functionsAreFoundByNameOrArn() {
        assertThat(invoke(lambda.functionArn("probe"), "{\"action\":\"echo\"}").statusCode()).isEqualTo(200);
        assertThat(invoke("probe:$LATEST", "{\"action\":\"echo\"}").statusCode()).isEqualTo(200);
    }

    @Test
    void payloadsOver6MegabytesAreRequestTooLarge() {
        String big = "\"" + "x".repeat(6 * 1024 * 1024) + "\"";
        assertThatThrownBy(() -> invoke("probe", big))
                .isInstanceOfSatisfying(RequestTooLargeException.class, e -> assertThat(e.statusCode()).isEqualTo(413));
        // The connection and the function are still fine.
        assertThat(invoke("probe", "{\"action\":\"echo\"}").functionError()).isNull();
    }

    @Test
    void responsesOver6MegabytesAreAFunctionError() throws Exception {
        InvokeResponse response = invoke("probe", "{\"action\":\"big-response\",\"megabytes\":7}");
        assertThat(response.functionError()).isEqualTo("Unhandled");
        JsonNode error = JSON.readTree(response.payload().asByteArray());
        assertThat(error.get("errorType").asText()).isEqualTo("Function.ResponseSizeTooLarge");
        assertThat(error.get("errorMessage").asText()).contains("exceeded maximum allowed payload size (6291556 bytes)");
    }

    @Test
    void payloadsThatAreNotJsonAreRefused() {
        assertThatThrownBy(() -> invoke("probe", "{not json"))
                .isInstanceOfSatisfying(InvalidRequestContentException.class, e -> assertThat(e.statusCode()).isEqualTo(400));
    }

    @Test
    void functionConfigurationIsReadableThroughTheSdk() {
        GetFunctionConfigurationResponse config = client.getFunctionConfiguration(b -> b.functionName("probe"));
        assertThat(config.functionName()).isEqualTo("probe");
        assertThat(config.functionArn()).isEqualTo("arn:aws:lambda:us-east-1:000000000000:function:probe");
        assertThat(config.memorySize()).isEqualTo(256);
        assertThat(config.timeout()).isEqualTo(3);
        assertThat(config.runtime()).isEqualTo(Runtime.JAVA21);
        assertThat(config.handler()).isEqualTo(ProbePackage.HANDLER);
        assertThat(config.architectures()).containsExactly(Architecture.ARM64);
        assertThat(config.state()).isEqualTo(State.ACTIVE);
        assertThat(config.role()).startsWith("arn:aws:iam::000000000000:role/");
        assertThat(config.environment().variables()).containsEntry("PROBE_SETTING", "from-config");
        assertThat(config.codeSize()).isGreaterThan(0);
        assertThat(config.codeSha256()).isNotEmpty();
        assertThat(config.description()).isEqualTo("test probe");

        GetFunctionResponse function = client.getFunction(b -> b.functionName("probe"));
        assertThat(function.configuration().memorySize()).isEqualTo(256);
        assertThat(function.concurrency().reservedConcurrentExecutions()).isEqualTo(2);
        assertThat(client.getFunction(b -> b.functionName("tiny-heap")).concurrency()).isNull();

        assertThat(client.listFunctions().functions()).extracting(f -> f.functionName())
                .containsExactly("probe", "tiny-heap", "missing-class", "failing-init");
    }

    @Test
    void eventInvocationsAreAcceptedAndRunInTheBackground() throws Exception {
        Path marker = dir.resolve("event-marker.txt");
        InvokeResponse response = client.invoke(b -> b.functionName("probe").invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromUtf8String("{\"action\":\"write\",\"path\":\"" + marker + "\",\"content\":\"ran\"}")));
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.payload().asByteArray()).isEmpty();
        waitUntil(() -> {
            try {
                return Files.exists(marker) && Files.readString(marker).equals("ran");
            } catch (java.io.IOException e) {
                return false;
            }
        });
    }

    @Test
    void dryRunChecksTheFunctionWithoutRunningIt() {
        long invocations = lambda.stats("probe").invocations();
        InvokeResponse response = client.invoke(b -> b.functionName("probe").invocationType(InvocationType.DRY_RUN));
        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(lambda.stats("probe").invocations()).isEqualTo(invocations);
    }

    @Test
    void theAsyncNettyClientWorksToo() {
        try (LambdaAsyncClient async = LambdaClients.async(lambda.endpoint())) {
            InvokeResponse response = async.invoke(b -> b.functionName("probe")
                    .payload(SdkBytes.fromUtf8String("{\"action\":\"echo\",\"via\":\"netty\"}"))).join();
            assertThat(response.payload().asUtf8String()).isEqualTo("{\"action\":\"echo\",\"via\":\"netty\"}");
        }
    }

    @Test
    void aMissingHandlerClassFailsTheInvocationAsLambdasJavaRuntimeDoes() throws Exception {
        InvokeResponse response = invoke("missing-class", "{}");
        assertThat(response.functionError()).isEqualTo("Unhandled");
        JsonNode error = JSON.readTree(response.payload().asByteArray());
        assertThat(error.get("errorType").asText()).isEqualTo("java.lang.ClassNotFoundException");
        assertThat(error.get("errorMessage").asText())
                .isEqualTo("Class not found: dev.cubed.lambda.local.probe.NoSuchHandler");
    }

    @Test
    void aHandlerThatCannotInitialiseReportsTheRuntimesInitError() throws Exception {
        InvokeResponse response = invoke("failing-init", "{}");
        assertThat(response.functionError()).isEqualTo("Unhandled");
        JsonNode error = JSON.readTree(response.payload().asByteArray());
        assertThat(error.get("errorType").asText()).isEqualTo("java.lang.ExceptionInInitializerError");
        assertThat(error.get("errorMessage").asText())
                .startsWith("Error loading class dev.cubed.lambda.local.probe.FailingInitHandler");
        waitUntil(() -> lambda.stats("failing-init").environments() == 0);
    }

    private static InvokeResponse invoke(String function, String payload) {
        return client.invoke(b -> b.functionName(function).payload(SdkBytes.fromUtf8String(payload)));
    }

    private static long pidOfWarmProbe() throws Exception {
        return JSON.readTree(invoke("probe", "{\"action\":\"whoami\"}").payload().asByteArray()).get("pid").asLong();
    }

    private static void waitUntilDead(long pid) throws InterruptedException {
        waitUntil(() -> !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(condition.getAsBoolean()).as("condition within 10 s").isTrue();
    }
}
