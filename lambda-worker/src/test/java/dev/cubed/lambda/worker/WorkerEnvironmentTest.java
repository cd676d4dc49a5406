package dev.cubed.lambda.worker;

import dev.cubed.task.TaskMessage;
import dev.cubed.array.Cubed;
import dev.cubed.array.LazyArray;
import dev.cubed.array.Spec;
import dev.cubed.block.Block;
import dev.cubed.block.DataType;
import dev.cubed.kernel.testing.FaultInjectionKernels;
import dev.cubed.kernel.KernelRegistry;
import dev.cubed.plan.FinalizedPlan;
import dev.cubed.plan.PlannedOperation;
import dev.cubed.storage.Storage;
import dev.cubed.task.AllowedLocations;
import dev.cubed.task.PermanentTaskError;
import dev.cubed.task.TaskJson;
import dev.cubed.task.TaskMessages;
import dev.cubed.task.TaskReply;
import dev.cubed.task.TaskRunException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The handler in this JVM, on local files: how messages become replies and failures become
 * typed errors. The packaged worker in a real runtime is tested by {@link TaskHandlerIT}.
 */
class WorkerEnvironmentTest {
    @TempDir
    Path dir;

    private Storage storage;
    private final TaskJson json = new TaskJson();

    @BeforeEach
    void setUp() {
        storage = Storage.defaults();
    }

    @AfterEach
    void tearDown() {
        storage.close();
    }

    private WorkerEnvironment environment(AllowedLocations allowed) {
        return new WorkerEnvironment(Map::of, storage, KernelRegistry.load(), allowed, json, Clock.systemUTC(), "test",
                0);
    }

    private FinalizedPlan plan(Cubed cb) {
        LazyArray a = cb.arange(0, 10, 1, 4, dev.cubed.block.DataType.FLOAT64);
        return cb.plan(List.of(a.multiply(3)));
    }

    @Test
    void runsEachTaskOfTheMessageAndReportsThemInOrder() throws Exception {
        try (Cubed cb = Cubed.session(Spec.builder().workDir(dir.resolve("work")).build(), storage)) {
            FinalizedPlan plan = plan(cb);
            TaskMessages messages = TaskMessages.builder().storage(storage).workDir(dir.toUri().toString()).build();
            TaskHandler handler = new TaskHandler(environment(AllowedLocations.anywhere()));
            List<byte[]> requests = List.of(
                    messages.prepare(plan.operations().get(0).spec()).encode(List.of(new long[] {0})),
                    messages.prepare(plan.operations().get(1).spec()).encode(
                            List.of(new long[] {0}, new long[] {1}, new long[] {2})));
            boolean first = true;
            for (byte[] request : requests) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                handler.handleRequest(new ByteArrayInputStream(request), out, null);
                TaskReply reply = json.readReply(out.toByteArray());
                assertThat(reply.coldStart()).isEqualTo(first);
                assertThat(reply.workerVersion()).isEqualTo("test");
                first = false;
                if (reply.results().size() == 3) {
                    // the last chunk holds 2 of the 10 elements
                    assertThat(reply.results()).extracting(r -> r.bytesWritten()).containsExactly(32L, 32L, 16L);
                }
            }
            Block out = cb.fromZarr(((dev.cubed.primitive.StoredArray) plan.outputs().get(0)).url()).compute();
            for (int i = 0; i < 10; i++) {
                assertThat(out.getDouble(i)).isEqualTo(3.0 * i);
            }
        }
    }

    @Test
    void failuresAreTypedAndNameTheOperationAndChunk() {
        try (Cubed cb = Cubed.session(Spec.builder().workDir(dir.resolve("work")).build(), storage)) {
            FinalizedPlan plan = plan(cb);
            TaskMessages messages = TaskMessages.builder().storage(storage).workDir(dir.toUri().toString()).build();
            PlannedOperation compute = plan.operations().get(1);
            WorkerEnvironment open = environment(AllowedLocations.anywhere());

            // a kernel that throws: a failure another attempt may not have
            String counter = dir.resolve("fault-counter").toUri().toString();
            LazyArray x = cb.arange(0, 10, 1, 4, dev.cubed.block.DataType.FLOAT64);
            FinalizedPlan faulty = cb.plan(List.of(cb.mapBlocks("testing.fault",
                    FaultInjectionKernels.params(counter, Map.of(1L, List.of(-0.001)), 0), DataType.INT64, x)));
            PlannedOperation fault = faulty.operations().get(1);
            byte[] failing = messages.prepare(fault.spec()).encode(List.of(new long[] {0}, new long[] {1}));
            assertThatThrownBy(() -> open.run(failing, false)).isExactlyInstanceOf(TaskRunException.class)
                    .hasMessageStartingWith(fault.name() + ", chunk [1]: kernel 'testing.fault' failed: "
                            + "java.lang.IllegalStateException: injected failure of input 1 on invocation 1");

            byte[] request = messages.prepare(compute.spec()).encode(List.of(new long[] {1}));

            WorkerEnvironment restricted = environment(AllowedLocations.parse("s3://work-bucket/"));
            assertThatThrownBy(() -> restricted.run(request, false)).isInstanceOf(PermanentTaskError.class)
                    .hasMessageStartingWith(compute.name() + ", chunk [1]: refusing to write " + dir.toUri());

            byte[] outside = messages.prepare(compute.spec()).encode(List.of(new long[] {7}));
            assertThatThrownBy(() -> open.run(outside, false)).isInstanceOf(PermanentTaskError.class)
                    .hasMessageContaining(compute.name() + ", chunk [7]: no such task");

            byte[] v9 = "{\"version\":9,\"tasks\":[[0]]}".getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> open.run(v9, false)).isInstanceOf(PermanentTaskError.class)
                    .hasMessage("this worker understands task message version " + TaskMessage.VERSION + "; the client sent 9: deploy a worker"
                            + " built from the same release as the client");
            byte[] junk = "{\"hello\":\"world\"}".getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> open.run(junk, false)).isInstanceOf(PermanentTaskError.class)
                    .hasMessageStartingWith("the task message cannot be read: malformed TaskMessage JSON");
        }
    }

    @Test
    void aDeployedWorkerIsConfiguredFromItsEnvironmentVariables() {
        try (WorkerEnvironment env = WorkerEnvironment.create(() -> Map.of(
                WorkerEnvironment.ALLOWED_WORK_DIRS, "s3://bucket-a/,s3://bucket-b/data/",
                "AWS_REGION", "eu-west-1", "AWS_ACCESS_KEY_ID", "id", "AWS_SECRET_ACCESS_KEY", "secret"))) {
            assertThat(env.describe()).startsWith("cubed worker ")
                    .contains("allowed locations: s3://bucket-a/, s3://bucket-b/data/")
                    .contains("TieredStopAtLevel=");
            // the version the build wrote into the package
            assertThat(env.version()).matches("\\d+\\.\\d+\\.\\d+.*");
        }
    }
}
