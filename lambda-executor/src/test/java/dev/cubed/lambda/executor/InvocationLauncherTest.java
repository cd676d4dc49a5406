package dev.cubed.lambda.executor;

import dev.cubed.array.Cubed;
import dev.cubed.array.Spec;
import dev.cubed.block.DataType;
import dev.cubed.lambda.executor.bench.StubLambdaServer;
import dev.cubed.primitive.OperationSpec;
import dev.cubed.runtime.PlannedTask;
import dev.cubed.runtime.engine.Attempt;
import dev.cubed.runtime.engine.TaskOutcome;
import dev.cubed.runtime.engine.ThrottledException;
import dev.cubed.task.PreparedOperation;
import dev.cubed.task.TaskJson;
import dev.cubed.task.TaskMessages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaAsyncClient;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the launcher makes of the Invoke API's answers, through the real SDK client and Netty against
 * {@link StubLambdaServer} (an HTTP server speaking the Invoke API): only the client's own behaviour
 * is under test here, so answers are canned. Function errors and the worker's own behaviour are
 * tested end to end against the packaged worker in tests-integration.
 */
class InvocationLauncherTest {
    private static StubLambdaServer stub;
    private static ScheduledExecutorService timer;

    @TempDir
    static Path dir;

    private static OperationSpec op;
    private static PreparedOperation prepared;

    @BeforeAll
    static void start() throws Exception {
        stub = StubLambdaServer.start(0);
        timer = Executors.newSingleThreadScheduledExecutor();
        try (Cubed cb = Cubed.session(Spec.builder().workDir(dir.resolve("work")).build())) {
            var plan = cb.plan(List.of(cb.zeros(new long[] {4}, new int[] {1}, DataType.INT64).add(1)));
            op = plan.operations().get(1).spec();
            prepared = TaskMessages.builder().storage(cb.storage()).workDir("s3://bucket/work").build().prepare(op);
        }
    }

    @AfterAll
    static void stop() {
        stub.close();
        timer.shutdownNow();
    }

    /** A client with {@code connections} connections that waits {@code acquire} for one, SDK retries off. */
    private static LambdaAsyncClient client(int connections, Duration acquire) {
        return LambdaAsyncClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + stub.port()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("k", "s")))
                .httpClient(NettyNioAsyncHttpClient.builder().maxConcurrency(connections)
                        .connectionAcquisitionTimeout(acquire).build())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    private static InvocationLauncher launcher(LambdaAsyncClient lambda, String function, InvocationStats stats,
                                               int batchSize) {
        return new InvocationLauncher(lambda, FunctionRef.parse(function, null), s -> prepared, new TaskJson(), stats,
                batchSize, batchSize > 1 ? timer : null);
    }

    private static PlannedTask task(long i) {
        return new PlannedTask(op, new long[] {i});
    }

    private static Throwable failure(CompletableFuture<TaskOutcome> f) {
        try {
            f.get(30, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aReplyBecomesTheOutcomeTheWorkerMeasured() throws Exception {
        InvocationStats stats = new InvocationStats();
        try (LambdaAsyncClient lambda = client(4, Duration.ofSeconds(10))) {
            TaskOutcome o = launcher(lambda, "bench", stats, 1).launch(task(2), new Attempt(2, 1, false))
                    .get(30, TimeUnit.SECONDS);
            assertThat(o.functionStart()).isEqualTo(Instant.ofEpochMilli(1795574544595L));
            assertThat(o.functionEnd()).isEqualTo(Instant.ofEpochMilli(1795574544611L));
            assertThat(o.peakMemoryAfter()).isEqualTo(172224512L);
            assertThat(o.bytesWritten()).isEqualTo(8192);
            assertThat(o.extraStats()).containsEntry("peak_mem_scope", "task").containsEntry("cold_start", false)
                    .containsEntry("billed_ms", 16L).containsEntry("max_memory_used_mb", 180)
                    .containsEntry("chunks_written", 1L).containsKeys("invoke_ms", "request_id");
        }
        LambdaCostSummary s = stats.summary("bench", new WorkerFunctionConfig("arn", 2048, Duration.ofSeconds(300),
                "arm64", "Active", null, null), Duration.ofSeconds(1));
        assertThat(s.invocations()).isEqualTo(1);
        assertThat(s.billedMillis()).as("from the REPORT line").isEqualTo(16);
        assertThat(s.reportedInvocations()).isEqualTo(1);
    }

    @Test
    void aLambdaEndpointWithNothingListeningIsNamedWithWhatToCheck() throws Exception {
        int port;
        try (java.net.ServerSocket closed = new java.net.ServerSocket(0)) {
            port = closed.getLocalPort();
        }
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        try (LambdaAsyncClient lambda = LambdaAsyncClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("k", "s")))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build()) {
            Throwable t = failure(launcher(lambda, "cubed-worker", new InvocationStats(), 1)
                    .launch(task(0), new Attempt(0, 1, false)));
            assertThat(t).isInstanceOf(InvokeFailedException.class)
                    .hasMessageContaining("invoking Lambda function cubed-worker for " + op.name() + " chunk [0]")
                    .hasMessageContaining("the Lambda endpoint " + endpoint + " cannot be reached")
                    .hasMessageContaining("AWS_ENDPOINT_URL_LAMBDA");
        }
    }

    @Test
    void a429IsAThrottleWithTheBackendsRetryAfter() {
        InvocationStats stats = new InvocationStats();
        try (LambdaAsyncClient lambda = client(4, Duration.ofSeconds(10))) {
            Throwable t = failure(launcher(lambda, "throttled", stats, 1).launch(task(0), new Attempt(0, 1, false)));
            assertThat(t).isInstanceOf(ThrottledException.class)
                    .hasMessageContaining("Lambda refused to invoke throttled for " + op.name() + " chunk [0] (429");
            assertThat(((ThrottledException) t).retryAfter()).contains(Duration.ofSeconds(2));
        }
        assertThat(stats.throttles()).isEqualTo(1);
        assertThat(stats.invocations()).as("a refused call is not an invocation").isZero();
    }

    @Test
    void noFreeConnectionInTimeIsAThrottleNotAFailure() throws Exception {
        InvocationStats stats = new InvocationStats();
        try (LambdaAsyncClient lambda = client(1, Duration.ofMillis(300))) {
            InvocationLauncher l = launcher(lambda, "slow", stats, 1);
            CompletableFuture<TaskOutcome> first = l.launch(task(0), new Attempt(0, 1, false));
            Thread.sleep(100); // the first call holds the only connection for 1.5 s
            Throwable t = failure(l.launch(task(1), new Attempt(1, 1, false)));
            assertThat(t).isInstanceOf(ThrottledException.class).hasMessageContaining("no free connection to Lambda");
            assertThat(first.get(30, TimeUnit.SECONDS).extraStats()).containsKey("billed_ms");
        }
        LambdaCostSummary s = stats.summary("slow", new WorkerFunctionConfig("arn", 2048, Duration.ofSeconds(300),
                "arm64", "Active", null, null), Duration.ofSeconds(1));
        assertThat(s.poolWaits()).isEqualTo(1);
        assertThat(s.invocations()).isEqualTo(1);
    }

    @Test
    void cancellingAnAttemptAbandonsItsCall() throws Exception {
        InvocationStats stats = new InvocationStats();
        try (LambdaAsyncClient lambda = client(4, Duration.ofSeconds(10))) {
            CompletableFuture<TaskOutcome> f = launcher(lambda, "slow", stats, 1).launch(task(0), new Attempt(0, 2, false));
            Thread.sleep(200);
            f.cancel(true);
            LambdaCostSummary s = stats.summary("slow", new WorkerFunctionConfig("arn", 2048, Duration.ofSeconds(300),
                    "arm64", "Active", null, null), Duration.ofSeconds(1));
            assertThat(s.abandoned()).isEqualTo(1);
            assertThat(s.invocations()).as("sent: Lambda runs it").isEqualTo(1);
            assertThat(s.retries()).as("attempt 2 was a retry").isEqualTo(1);
            // the call was really abandoned: the client is free again at once, no answer is awaited
            TaskOutcome next = launcher(lambda, "bench", stats, 1).launch(task(1), new Attempt(1, 1, false))
                    .get(1, TimeUnit.SECONDS);
            assertThat(next).isNotNull();
        }
    }

    @Test
    void attemptsLaunchedTogetherShareAnInvocation() throws Exception {
        InvocationStats stats = new InvocationStats();
        long before = stub.invocations();
        try (LambdaAsyncClient lambda = client(4, Duration.ofSeconds(10))) {
            InvocationLauncher l = launcher(lambda, "bench", stats, 3);
            List<CompletableFuture<TaskOutcome>> fs = List.of(l.launch(task(0), new Attempt(0, 1, false)),
                    l.launch(task(1), new Attempt(1, 1, false)), l.launch(task(2), new Attempt(2, 1, false)),
                    l.launch(task(3), new Attempt(3, 1, false)));
            for (int i = 0; i < 3; i++) {
                assertThat(fs.get(i).get(30, TimeUnit.SECONDS).extraStats()).containsEntry("batch_size", 3);
            }
            assertThat(fs.get(3).get(30, TimeUnit.SECONDS).extraStats()).doesNotContainKey("batch_size");
        }
        assertThat(stub.invocations() - before).as("a full batch of 3, then the last task after the linger").isEqualTo(2);
        assertThat(stats.invocations()).isEqualTo(2);
    }
}
