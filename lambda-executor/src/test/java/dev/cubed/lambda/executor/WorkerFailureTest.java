package dev.cubed.lambda.executor;

import dev.cubed.runtime.engine.PermanentFailure;
import dev.cubed.task.PermanentTaskError;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WorkerFailureTest {

    @Test
    void theMessageNamesFunctionTaskErrorTypeMessageAndLogTail() {
        String tail = "START RequestId: 9\ncubed worker 0.1.0: Java 21\n" + "java.lang.IllegalStateException: boom\n"
                + "END RequestId: 9\nREPORT RequestId: 9\tDuration: 3.00 ms\tBilled Duration: 3 ms\t\n";
        WorkerInvocation inv = new WorkerInvocation(null, "dev.cubed.task.TaskRunException",
                "op-002, chunk [2]: kernel 'testing.fault' failed", tail, 10);
        WorkerFailure f = WorkerFailure.of("cubed-worker", "op-002 chunk [2]", inv);
        assertThat(f).isNotInstanceOf(PermanentFailure.class);
        assertThat(f.getMessage()).startsWith("function cubed-worker failed op-002 chunk [2] with"
                + " dev.cubed.task.TaskRunException: op-002, chunk [2]: kernel 'testing.fault' failed\n  log tail:\n")
                .contains("    java.lang.IllegalStateException: boom").contains("    REPORT RequestId: 9")
                .doesNotContain("START RequestId").doesNotContain("END RequestId");
        assertThat(f.errorType()).isEqualTo("dev.cubed.task.TaskRunException");
        assertThat(f.logTail()).isEqualTo(tail);
    }

    @Test
    void aPermanentErrorTypeMakesAPermanentFailure() {
        WorkerInvocation inv = new WorkerInvocation(null, PermanentTaskError.ERROR_TYPE, "refusing to write s3://x", "", 1);
        WorkerFailure f = WorkerFailure.of("w", "op-001 chunk [0]", inv);
        assertThat(f).isInstanceOf(PermanentWorkerFailure.class).isInstanceOf(PermanentFailure.class);
        assertThat(f.getMessage()).doesNotContain("log tail").endsWith("refusing to write s3://x");
    }
}
