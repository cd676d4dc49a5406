package dev.cubed.lambda.executor;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the executor checks before any invocation, from the function's configuration. */
class LambdaExecutorChecksTest {
    private static final FunctionRef NAME = FunctionRef.parse("cubed-worker", null);

    private static WorkerFunctionConfig function(int memoryMb, Duration timeout, String state, String allowed) {
        return new WorkerFunctionConfig("arn:aws:lambda:us-east-1:000000000000:function:cubed-worker", memoryMb, timeout,
                "arm64", state, null, allowed);
    }

    @Test
    void memoryBelowAllowedMemFailsNamingBothAndWhatToDo() {
        WorkerFunctionConfig f = function(1024, Duration.ofSeconds(300), "Active", null);
        assertThatThrownBy(() -> LambdaExecutor.checkPlanFits(f, NAME, "s3://b/w", 2_000_000_000L))
                .hasMessageStartingWith("Runtime memory (1.1 GB) is less than allowed_mem (2.0 GB)")
                .hasMessageContaining("MemorySize parameter to at least 1908")
                .hasMessageContaining("lower the Spec's allowed_mem");
        // 2048 MB is 2.15 GB: enough for 2 GB
        assertThatCode(() -> LambdaExecutor.checkPlanFits(function(2048, Duration.ofSeconds(300), "Active", null), NAME,
                "s3://b/w", 2_000_000_000L)).doesNotThrowAnyException();
    }

    @Test
    void theWorkDirMustBeOnS3AndAllowedByTheWorker() {
        WorkerFunctionConfig f = function(2048, Duration.ofSeconds(300), "Active", "s3://cubed-work/");
        assertThatThrownBy(() -> LambdaExecutor.checkPlanFits(f, NAME, "/tmp/work", 1_000_000))
                .hasMessageContaining("needs an s3:// work dir");
        assertThatThrownBy(() -> LambdaExecutor.checkPlanFits(f, NAME, "s3://other/work", 1_000_000))
                .hasMessageContaining("may only use s3://cubed-work/").hasMessageContaining("refuse the work dir s3://other/work");
        assertThatCode(() -> LambdaExecutor.checkPlanFits(f, NAME, "s3://cubed-work/cubed", 1_000_000))
                .doesNotThrowAnyException();
    }

    @Test
    void aFunctionThatIsNotActiveIsNotUsed() {
        assertThatThrownBy(() -> LambdaExecutor.checkPlanFits(function(2048, Duration.ofSeconds(300), "Failed", null),
                NAME, "s3://b/w", 1)).hasMessageContaining("is Failed, not Active");
    }

    @Test
    void theFunctionTimeoutMustExistAndCoverTheTaskTimeout() {
        LambdaExecutorSettings plain = LambdaExecutorSettings.fromOptions(Map.of("function", "cubed-worker"));
        LambdaExecutorSettings minute = LambdaExecutorSettings.fromOptions(Map.of("function", "cubed-worker",
                "timeout", "60"));
        assertThatThrownBy(() -> LambdaExecutor.checkTimeout(function(2048, null, "Active", null), plain))
                .hasMessageContaining("has no timeout");
        assertThatThrownBy(() -> LambdaExecutor.checkTimeout(function(2048, Duration.ofSeconds(30), "Active", null), minute))
                .hasMessageContaining("(30 s) is shorter than the task timeout (executor option timeout=60 s)")
                .hasMessageContaining("Timeout=60");
        assertThat(LambdaExecutor.checkTimeout(function(2048, Duration.ofSeconds(300), "Active", null), minute))
                .isEqualTo(Duration.ofSeconds(60));
        assertThat(LambdaExecutor.checkTimeout(function(2048, Duration.ofSeconds(300), "Active", null), plain))
                .as("function timeout + margin").isEqualTo(Duration.ofSeconds(330));
    }

    @Test
    void theNettyClientsPoolExhaustionIsRecognised() {
        // the messages of the SDK's Netty client (NettyUtils) when no connection is free in time
        assertThat(InvocationLauncher.isPoolExhausted(SdkClientException.create("Unable to execute HTTP request:"
                + " Acquire operation took longer than the configured maximum time. This indicates that a request"
                + " cannot get a connection from the pool within the specified maximum time.",
                new Throwable("Acquire operation took longer than 10000 milliseconds.")))).isTrue();
        assertThat(InvocationLauncher.isPoolExhausted(SdkClientException.create("Unable to execute HTTP request:"
                + " Maximum pending connection acquisitions exceeded.", new IllegalStateException(
                "Too many outstanding acquire operations")))).isTrue();
        assertThat(InvocationLauncher.isPoolExhausted(SdkClientException.create("Unable to execute HTTP request:"
                + " Connection refused", new java.net.ConnectException("Connection refused")))).isFalse();
        assertThat(InvocationLauncher.isPoolExhausted(new TimeoutException("read timed out"))).isFalse();
    }
}
