package dev.cubed.lambda.executor;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LambdaReportTest {
    /** The shape AWS Lambda writes (tab-separated, a trailing tab), here of a cold start. */
    static final String AWS_COLD = "START RequestId: 6f4c Version: $LATEST\n"
            + "cubed worker 0.1.0: Java 21.0.5 ...\n"
            + "END RequestId: 6f4c\n"
            + "REPORT RequestId: 6f4c\tDuration: 1234.56 ms\tBilled Duration: 1235 ms\tMemory Size: 2048 MB\t"
            + "Max Memory Used: 187 MB\tInit Duration: 1602.33 ms\t\n";

    @Test
    void readsEveryFigureOfAColdStart() {
        LambdaReport r = LambdaReport.parse(AWS_COLD).orElseThrow();
        assertThat(r.durationMillis()).isEqualTo(1234.56);
        assertThat(r.billedMillis()).isEqualTo(1235);
        assertThat(r.memorySizeMb()).isEqualTo(2048);
        assertThat(r.maxMemoryUsedMb()).isEqualTo(187);
        assertThat(r.initMillis()).isEqualTo(1602.33);
        assertThat(r.coldStart()).isTrue();
    }

    @Test
    void aWarmInvocationHasNoInitDuration() {
        LambdaReport r = LambdaReport.parse("REPORT RequestId: x\tDuration: 8.10 ms\tBilled Duration: 9 ms\t"
                + "Memory Size: 512 MB\tMax Memory Used: 160 MB\t").orElseThrow();
        assertThat(r.durationMillis()).isEqualTo(8.10);
        assertThat(r.billedMillis()).isEqualTo(9);
        assertThat(r.initMillis()).isEqualTo(-1);
        assertThat(r.coldStart()).isFalse();
    }

    @Test
    void theLastReportOfATailCounts() {
        String two = "REPORT RequestId: a\tDuration: 1.00 ms\tBilled Duration: 1 ms\tMemory Size: 512 MB\t\n"
                + "START RequestId: b\nREPORT RequestId: b\tDuration: 5.00 ms\tBilled Duration: 77 ms\tMemory Size: 512 MB\t\n";
        assertThat(LambdaReport.parse(two).orElseThrow().billedMillis()).isEqualTo(77);
    }

    @Test
    void noReportNoFigures() {
        assertThat(LambdaReport.parse("")).isEmpty();
        assertThat(LambdaReport.parse(null)).isEmpty();
        assertThat(LambdaReport.parse("some log line\nEND RequestId: x\n")).isEmpty();
        // a truncated tail whose REPORT line lost its billed duration
        assertThat(LambdaReport.parse("REPORT RequestId: x\tDuration: 3")).isEmpty();
    }
}
