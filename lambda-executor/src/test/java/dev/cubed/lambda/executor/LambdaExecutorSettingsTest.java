package dev.cubed.lambda.executor;

import dev.cubed.task.TaskMessages;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LambdaExecutorSettingsTest {

    @Test
    void defaultsNeedOnlyTheFunction() {
        LambdaExecutorSettings s = LambdaExecutorSettings.fromOptions(Map.of("function", "cubed-worker"));
        assertThat(s.function().name()).isEqualTo("cubed-worker");
        assertThat(s.inFlight()).isEqualTo(1000);
        assertThat(s.batchSize()).isEqualTo(1);
        assertThat(s.inlineLimit()).isEqualTo(TaskMessages.DEFAULT_INLINE_LIMIT);
        assertThat(s.retries()).isEqualTo(2);
        assertThat(s.backups()).as("on: chunk writes to S3 are atomic").isTrue();
        assertThat(s.taskTimeout()).isEmpty();
        assertThat(s.region()).isEmpty();
        assertThat(s.endpoint()).isEmpty();
    }

    @Test
    void everyOptionIsRead() {
        LambdaExecutorSettings s = LambdaExecutorSettings.fromOptions(Map.ofEntries(Map.entry("function", "w"),
                Map.entry("qualifier", "live"), Map.entry("region", "eu-west-1"),
                Map.entry("endpoint", "http://127.0.0.1:3001"), Map.entry("in-flight", "64"), Map.entry("batch-size", "4"),
                Map.entry("inline-limit", "0"), Map.entry("timeout", "120"), Map.entry("deadline-margin", "5"),
                Map.entry("retries", "0"), Map.entry("backups", "false"), Map.entry("backup-min-tasks", "20"),
                Map.entry("acquire-timeout", "30"), Map.entry("event-loop-threads", "2")));
        assertThat(s.function().toString()).isEqualTo("w:live");
        assertThat(s.region()).contains("eu-west-1");
        assertThat(s.endpoint()).contains(URI.create("http://127.0.0.1:3001"));
        assertThat(s.inFlight()).isEqualTo(64);
        assertThat(s.batchSize()).isEqualTo(4);
        assertThat(s.inlineLimit()).isZero();
        assertThat(s.taskTimeout()).contains(Duration.ofSeconds(120));
        assertThat(s.deadlineMargin()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.retries()).isZero();
        assertThat(s.backups()).isFalse();
        assertThat(s.backupMinTasks()).isEqualTo(20);
        assertThat(s.acquireTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.eventLoopThreads()).isEqualTo(2);
    }

    @Test
    void workersIsTheCommonNameForInFlight() {
        assertThat(LambdaExecutorSettings.fromOptions(Map.of("function", "w", "workers", "50")).inFlight()).isEqualTo(50);
        assertThat(LambdaExecutorSettings.fromOptions(Map.of("function", "w", "workers", "50", "in-flight", "50"))
                .inFlight()).isEqualTo(50);
        assertThatThrownBy(() -> LambdaExecutorSettings.fromOptions(Map.of("function", "w", "workers", "5",
                "in-flight", "50"))).hasMessageContaining("in-flight=50 and workers=5 disagree");
    }

    @Test
    void aMistypedOptionIsAnErrorListingTheKnownOnes() {
        assertThatThrownBy(() -> LambdaExecutorSettings.fromOptions(Map.of("function", "w", "inflight", "5")))
                .hasMessageContaining("unknown executor option [inflight]").hasMessageContaining("in-flight");
    }

    @Test
    void badValuesNameTheOptionAndTheLimit() {
        assertThatThrownBy(() -> LambdaExecutorSettings.fromOptions(Map.of("function", "w", "batch-size", "500")))
                .hasMessageContaining("batch-size=500 must be between 1 and 100");
        assertThatThrownBy(() -> LambdaExecutorSettings.fromOptions(Map.of("function", "w", "timeout", "1000")))
                .hasMessageContaining("timeout=1000 must be between 1 and 900");
        assertThatThrownBy(() -> LambdaExecutorSettings.fromOptions(Map.of("function", "w", "in-flight", "0")))
                .hasMessageContaining("in-flight=0 must be >= 1");
        assertThatThrownBy(() -> LambdaExecutorSettings.fromOptions(Map.of("function", "w", "endpoint", "localhost")))
                .hasMessageContaining("endpoint=localhost needs a scheme and a host");
        assertThatThrownBy(() -> LambdaExecutorSettings.fromOptions(Map.of()))
                .hasMessageContaining("set the executor option function");
    }

    @Test
    void anArnsRegionMustMatchTheRegionOption() {
        String arn = "arn:aws:lambda:eu-west-1:123456789012:function:w";
        assertThat(LambdaExecutorSettings.fromOptions(Map.of("function", arn)).region()).contains("eu-west-1");
        assertThatThrownBy(() -> LambdaExecutorSettings.fromOptions(Map.of("function", arn, "region", "us-east-1")))
                .hasMessageContaining("is in region eu-west-1 but the executor option region is us-east-1");
    }

    @Test
    void theDeadlineIsTheTaskTimeoutOrTheFunctionTimeoutPlusTheMargin() {
        LambdaExecutorSettings plain = LambdaExecutorSettings.fromOptions(Map.of("function", "w"));
        assertThat(plain.attemptDeadline(Duration.ofSeconds(300))).isEqualTo(Duration.ofSeconds(330));
        LambdaExecutorSettings timed = LambdaExecutorSettings.fromOptions(Map.of("function", "w", "timeout", "60"));
        assertThat(timed.attemptDeadline(Duration.ofSeconds(300))).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void theReadTimeoutStaysAboveAnyFunctionTimeoutAndTheDeadline() {
        LambdaExecutorSettings s = LambdaExecutorSettings.fromOptions(Map.of("function", "w", "timeout", "900"));
        assertThat(s.readTimeout()).isGreaterThan(Duration.ofSeconds(900))
                .isGreaterThan(s.attemptDeadline(Duration.ofSeconds(900)))
                .as("never the SDK's 30 s default, which re-invokes").isGreaterThan(Duration.ofSeconds(30));
        LambdaExecutorSettings d = LambdaExecutorSettings.fromOptions(Map.of("function", "w"));
        assertThat(d.readTimeout()).isGreaterThan(d.attemptDeadline(LambdaExecutorSettings.MAX_FUNCTION_TIMEOUT));
    }
}
