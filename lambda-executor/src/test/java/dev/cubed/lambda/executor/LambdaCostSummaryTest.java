package dev.cubed.lambda.executor;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LambdaCostSummaryTest {

    private static LambdaCostSummary summary(String arch, int memoryMb, long invocations, long billedMillis) {
        return new LambdaCostSummary("w", arch, memoryMb, invocations, invocations, 0, 0, 1, 2, 3, 0, 0, 4, invocations,
                billedMillis, LambdaPricing.forArchitecture(arch), Duration.ofSeconds(100));
    }

    @Test
    void gbSecondsAreBilledTimeTimesConfiguredMemory() {
        // the headline benchmark's shape: 1,680 invocations of about 20 s at 2,000 MB
        LambdaCostSummary s = summary("arm64", 2000, 1680, 1680L * 20_000);
        assertThat(s.gbSeconds()).isCloseTo(1680 * 20 * 2000 / 1024.0, within(1e-6));
        assertThat(s.computeUsd()).isCloseTo(s.gbSeconds() * 0.0000133334, within(1e-12));
        assertThat(s.requestUsd()).isCloseTo(1680 * 0.20 / 1e6, within(1e-12));
        assertThat(s.estimatedUsd()).isCloseTo(0.8754, within(0.0001));
    }

    @Test
    void x86CostsMorePerGbSecond() {
        LambdaCostSummary arm = summary("arm64", 1024, 1000, 1_000_000);
        LambdaCostSummary x86 = summary("x86_64", 1024, 1000, 1_000_000);
        assertThat(arm.gbSeconds()).isEqualTo(1000.0);
        assertThat(arm.computeUsd()).isCloseTo(0.0133334, within(1e-9));
        assertThat(x86.computeUsd()).isCloseTo(0.0166667, within(1e-9));
        assertThat(LambdaPricing.forArchitecture(null).architecture()).isEqualTo("x86_64");
    }

    @Test
    void theSummaryPrintsItsFigures() {
        String text = summary("arm64", 1024, 1000, 1_000_000).format();
        assertThat(text).contains("Lambda w (1024 MB, arm64): 1,000 invocations for 1,000 tasks in 100.0 s")
                .contains("1 retries, 2 backups, 3 throttled, 4 cold starts")
                .contains("billed 1,000.0 GB-s (1,000 of 1,000 invocations from REPORT lines): about $0.0135");
    }
}
