package dev.cubed.lambda.worker;

import dev.cubed.task.TaskMessage;
import dev.cubed.array.Cubed;
import dev.cubed.array.LazyArray;
import dev.cubed.array.Spec;
import dev.cubed.block.DataType;
import dev.cubed.lambda.executor.WorkerInvocation;
import dev.cubed.kernel.testing.FaultInjectionKernels;
import dev.cubed.plan.FinalizedPlan;
import dev.cubed.plan.PlannedOperation;
import dev.cubed.task.PermanentTaskError;
import dev.cubed.task.PreparedOperation;
import dev.cubed.task.TaskMessages;
import dev.cubed.task.TaskRunException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every shape of Lambda function error the worker produces, each from a real fault in the
 * packaged worker: the fault-injection kernel throwing, exiting, sleeping past the timeout and
 * exhausting the heap; a refused location; messages of another version or unreadable; a spec
 * whose hash does not match.
 */
@ExtendWith(LocalWorker.class)
class WorkerFailuresIT {
    private final LocalWorker w = LocalWorker.get();

    /** A plan whose compute operation runs the fault kernel on a 4-chunk array: input k is chunk k. */
    private record FaultPlan(PreparedOperation create, PreparedOperation fault, String counter) {
    }

    private FaultPlan faultPlan(Map<Long, List<Object>> timing) {
        Cubed cb = w.session();
        String counter = "s3://" + LocalWorker.BUCKET + "/fault-counters/" + UUID.randomUUID();
        LazyArray x = cb.arange(0, 8, 1, 2, DataType.INT64);
        FinalizedPlan plan = cb.plan(List.of(cb.mapBlocks("testing.fault",
                FaultInjectionKernels.params(counter, timing, 0), DataType.INT64, x)));
        TaskMessages messages = w.messages(TaskMessages.DEFAULT_INLINE_LIMIT);
        FaultPlan p = new FaultPlan(messages.prepare(plan.operations().get(0).spec()),
                messages.prepare(plan.operations().get(1).spec()), counter);
        assertThat(p.fault().spec().name()).isEqualTo(plan.operations().get(1).name());
        return p;
    }

    private WorkerInvocation send(String function, PreparedOperation op, long... coords) {
        return w.invoke(function, op.encode(List.of(coords)));
    }

    private static void assertSucceeded(WorkerInvocation inv) {
        assertThat(inv.failed()).as("%s: %s%n%s", inv.errorType(), inv.errorMessage(), inv.logTail()).isFalse();
    }

    @Test
    void aThrowingKernelIsARetryableTaskErrorNamingTheOperationAndChunk() {
        FaultPlan p = faultPlan(Map.of(2L, List.of(-0.01)));
        assertSucceeded(send(LocalWorker.FAULTS, p.create(), 0));
        WorkerInvocation inv = send(LocalWorker.FAULTS, p.fault(), 2);
        assertThat(inv.errorType()).isEqualTo(TaskRunException.class.getName());
        assertThat(inv.permanent()).isFalse();
        assertThat(inv.errorMessage()).isEqualTo(p.fault().spec().name() + ", chunk [2]: kernel 'testing.fault' failed:"
                + " java.lang.IllegalStateException: injected failure of input 2 on invocation 1");
        // retried, the task succeeds (the kernel's second invocation for input 2 uses the default)
        assertSucceeded(send(LocalWorker.FAULTS, p.fault(), 2));
        assertThat(FaultInjectionKernels.invocations(w.storage(), p.counter(), 2)).isEqualTo(2);
    }

    @Test
    void aProcessExitIsARuntimeExitErrorAndTheNextInvocationGetsAFreshEnvironment() {
        FaultPlan p = faultPlan(Map.of(1L, List.of("exit:7")));
        assertSucceeded(send(LocalWorker.FAULTS, p.create(), 0));
        long started = w.localLambda().stats(LocalWorker.FAULTS).environmentsStarted();
        WorkerInvocation inv = send(LocalWorker.FAULTS, p.fault(), 1);
        assertThat(inv.errorType()).isEqualTo("Runtime.ExitError");
        assertThat(inv.errorMessage()).endsWith("Error: Runtime exited with error: exit status 7");
        WorkerInvocation next = send(LocalWorker.FAULTS, p.fault(), 1);
        assertSucceeded(next);
        assertThat(next.reply().coldStart()).isTrue();
        assertThat(w.localLambda().stats(LocalWorker.FAULTS).environmentsStarted()).isEqualTo(started + 1);
    }

    @Test
    void aTaskRunningPastTheFunctionTimeoutIsSandboxTimedout() {
        FaultPlan p = faultPlan(Map.of(3L, List.of(LocalWorker.FAULTS_TIMEOUT_SECONDS + 10)));
        assertSucceeded(send(LocalWorker.FAULTS, p.create(), 0));
        WorkerInvocation inv = send(LocalWorker.FAULTS, p.fault(), 3);
        assertThat(inv.errorType()).isEqualTo("Sandbox.Timedout");
        assertThat(inv.errorMessage()).endsWith("Task timed out after " + LocalWorker.FAULTS_TIMEOUT_SECONDS
                + ".00 seconds");
        assertThat(inv.millis()).isLessThan((LocalWorker.FAULTS_TIMEOUT_SECONDS + 8) * 1000L);
    }

    @Test
    void exhaustingTheHeapIsRuntimeOutOfMemory() {
        FaultPlan p = faultPlan(Map.of(0L, List.of("oom")));
        assertSucceeded(send(LocalWorker.FAULTS, p.create(), 0));
        WorkerInvocation inv = send(LocalWorker.FAULTS, p.fault(), 0);
        assertThat(inv.errorType()).isEqualTo("Runtime.OutOfMemory");
        assertThat(inv.errorMessage()).contains("java.lang.OutOfMemoryError");
        assertThat(inv.permanent()).isFalse();
    }

    @Test
    void aKernelTheWorkerDoesNotHaveIsPermanent() {
        // the production worker does not offer the fault kernel
        FaultPlan p = faultPlan(Map.of());
        assertSucceeded(send(LocalWorker.WORKER, p.create(), 0));
        WorkerInvocation inv = send(LocalWorker.WORKER, p.fault(), 1);
        assertThat(inv.errorType()).isEqualTo(PermanentTaskError.ERROR_TYPE);
        assertThat(inv.permanent()).isTrue();
        assertThat(inv.errorMessage()).startsWith(p.fault().spec().name() + ", chunk [1]: unknown kernel 'testing.fault'");
    }

    @Test
    void aLocationOutsideTheAllowedWorkDirIsRefused() {
        String elsewhere = "s3://" + LocalWorker.OTHER_BUCKET + "/cubed";
        try (Cubed other = Cubed.session(Spec.builder().workDir(elsewhere).allowedMem("500MB").reservedMem("50MB")
                .build(), w.storage())) {
            FinalizedPlan plan = other.plan(List.of(other.arange(0, 6, 1, 3, DataType.FLOAT64).multiply(2)));
            TaskMessages messages = w.messages(TaskMessages.DEFAULT_INLINE_LIMIT);
            PlannedOperation create = plan.operations().get(0);
            WorkerInvocation inv = send(LocalWorker.WORKER, messages.prepare(create.spec()), 0);
            assertThat(inv.errorType()).isEqualTo(PermanentTaskError.ERROR_TYPE);
            assertThat(inv.errorMessage()).startsWith(create.name() + ", chunk [0]: refusing to create " + elsewhere)
                    .endsWith("this worker may only use s3://" + LocalWorker.BUCKET
                            + "/ (set by CUBED_ALLOWED_WORK_DIRS in its deployment)");
            PlannedOperation compute = plan.operations().get(1);
            WorkerInvocation write = send(LocalWorker.WORKER, messages.prepare(compute.spec()), 1);
            assertThat(write.errorType()).isEqualTo(PermanentTaskError.ERROR_TYPE);
            assertThat(write.errorMessage()).startsWith(compute.name() + ", chunk [1]: refusing to write " + elsewhere);
            assertThat(w.storage().open("s3://" + LocalWorker.OTHER_BUCKET).list("")).isEmpty();
        }
    }

    @Test
    void aMessageOfAnotherVersionOrUnreadableIsPermanent() {
        byte[] v2 = ("{\"version\":" + (TaskMessage.VERSION + 1) + ",\"operation\":{\"name\":\"op-002\"},\"tasks\":[[0]]}").getBytes(StandardCharsets.UTF_8);
        WorkerInvocation inv = w.invoke(LocalWorker.WORKER, v2);
        assertThat(inv.errorType()).isEqualTo(PermanentTaskError.ERROR_TYPE);
        assertThat(inv.errorMessage()).isEqualTo("this worker understands task message version " + TaskMessage.VERSION + "; the client sent "
                + (TaskMessage.VERSION + 1) + ":"
                + " deploy a worker built from the same release as the client");

        WorkerInvocation junk = w.invoke(LocalWorker.WORKER, "{\"hello\":1}".getBytes(StandardCharsets.UTF_8));
        assertThat(junk.errorType()).isEqualTo(PermanentTaskError.ERROR_TYPE);
        assertThat(junk.errorMessage()).startsWith("the task message cannot be read: malformed TaskMessage JSON");
    }

    @Test
    void aReferencedSpecThatDoesNotMatchItsHashIsPermanent() {
        Cubed cb = w.session();
        // a fresh plan, so no worker has its spec cached
        FinalizedPlan plan = cb.plan(List.of(cb.arange(0, 5 + (System.nanoTime() & 0xff), 1, 3, DataType.FLOAT64)
                .add(7)));
        TaskMessages byReference = w.messages(0);
        PreparedOperation compute = byReference.prepare(plan.operations().get(1).spec());
        w.storage().open(byReference.specDirectory()).put(compute.ref().objectName(),
                ByteBuffer.wrap("{\"op\":\"create-arrays\",\"name\":\"op-666\",\"arrays\":[]}"
                        .getBytes(StandardCharsets.UTF_8)));
        WorkerInvocation inv = send(LocalWorker.WORKER, compute, 0);
        assertThat(inv.errorType()).isEqualTo(PermanentTaskError.ERROR_TYPE);
        assertThat(inv.errorMessage()).startsWith("the operation spec at " + compute.ref().url() + " has SHA-256 ")
                .contains("but the message expects " + compute.ref().sha256());
    }
}
