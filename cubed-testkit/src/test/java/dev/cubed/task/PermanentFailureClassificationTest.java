package dev.cubed.task;

import dev.cubed.array.Cubed;
import dev.cubed.array.LazyArray;
import dev.cubed.array.Spec;
import dev.cubed.block.DataType;
import dev.cubed.kernel.testing.FaultInjectionKernels;
import dev.cubed.plan.FinalizedPlan;
import dev.cubed.plan.PlannedOperation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The task runner marks failures that no retry can fix as permanent (executors then do not retry
 * them) and leaves the others retryable.
 */
class PermanentFailureClassificationTest {
    @TempDir
    Path dir;

    private FinalizedPlan faultPlan(Cubed cb, Map<Long, List<Object>> timing) {
        LazyArray x = cb.mapBlocks("testing.fault",
                FaultInjectionKernels.params(dir.resolve("counter").toUri().toString(), timing, 0),
                DataType.INT64, cb.zeros(new long[] {2}, new int[] {1}, DataType.INT64));
        return x.plan();
    }

    private static PlannedOperation computeOp(FinalizedPlan plan) {
        return plan.operations().get(plan.operations().size() - 1);
    }

    /** A work dir the tasks cannot write: under a regular file, and under /proc (which refuses new files). */
    @Test
    void aWorkDirThatCannotBeWrittenFailsAtOnceWithTheCauseAndTheNextStep() throws Exception {
        Path file = dir.resolve("a-file");
        java.nio.file.Files.writeString(file, "not a directory");
        for (Path work : new Path[] {file.resolve("work"), Path.of("/proc/cubed-nope/work")}) {
            Spec spec = Spec.builder().workDir(work).executor("threads").executorOption("workers", 2).build();
            try (Cubed cb = Cubed.session(spec)) {
                LazyArray x = cb.arange(0, 100, 1, 10, DataType.INT64).multiply(3);
                RuntimeException e = catchThrowableOfType(() -> x.toZarr(work.resolve("out.zarr").toUri().toString()),
                        RuntimeException.class);
                assertThat(e).as("%s", work).isNotNull();
                dev.cubed.runtime.engine.TaskFailedException tf = null;
                for (Throwable t = e; t != null; t = t.getCause()) {
                    if (t instanceof dev.cubed.runtime.engine.TaskFailedException f) {
                        tf = f;
                    }
                }
                assertThat(tf).as("%s: %s", work, e).isNotNull();
                assertThat(tf.attempts()).as("%s: not retried: %s", work, tf.getMessage()).isEqualTo(1);
                assertThat(tf.getMessage()).contains("retrying cannot fix").contains("not retried")
                        .contains("--work-dir").contains(work.toString()).doesNotContain("attached below");
            }
        }
    }

    @Test
    void writingOrCreatingOutsideTheAllowedLocationsIsPermanent() {
        try (Cubed cb = Cubed.session(Spec.builder().workDir(dir.resolve("work")).build())) {
            FinalizedPlan plan = faultPlan(cb, Map.of());
            TaskRunner local = new TaskRunner(cb.taskContext());
            local.run(plan.operations().get(0).spec(), new long[] {0});
            TaskRunner fenced = new TaskRunner(new TaskContext(cb.storage(), cb.kernels(),
                    AllowedLocations.parse("s3://only-this-bucket/")));

            TaskRunException create = catchThrowableOfType(
                    () -> fenced.run(plan.operations().get(0).spec(), new long[] {0}), TaskRunException.class);
            assertThat(create.isPermanent()).isTrue();
            assertThat(create).hasMessageContaining("op-001, chunk [0]").hasMessageContaining("refusing to create");

            TaskRunException write = catchThrowableOfType(
                    () -> fenced.run(computeOp(plan).spec(), new long[] {1}), TaskRunException.class);
            assertThat(write.isPermanent()).isTrue();
            assertThat(write).hasMessageContaining(computeOp(plan).name() + ", chunk [1]")
                    .hasMessageContaining("refusing to write");
        }
    }

    @Test
    void aKernelRefusedALocationIsPermanentButAKernelFailureIsNot() {
        try (Cubed cb = Cubed.session(Spec.builder().workDir(dir.resolve("work")).build())) {
            FinalizedPlan plan = faultPlan(cb, Map.of(0L, List.of("refused"), 1L, List.of(-0.001)));
            TaskRunner runner = new TaskRunner(cb.taskContext());
            runner.run(plan.operations().get(0).spec(), new long[] {0});

            TaskRunException refused = catchThrowableOfType(
                    () -> runner.run(computeOp(plan).spec(), new long[] {0}), TaskRunException.class);
            assertThat(refused.isPermanent()).isTrue();
            assertThat(refused).hasMessageContaining("refusing input 0");

            TaskRunException failed = catchThrowableOfType(
                    () -> runner.run(computeOp(plan).spec(), new long[] {1}), TaskRunException.class);
            assertThat(failed.isPermanent()).isFalse();
            assertThat(failed).hasMessageContaining("injected failure of input 1");
        }
    }
}
