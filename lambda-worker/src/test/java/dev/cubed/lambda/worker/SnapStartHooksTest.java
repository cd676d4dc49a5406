package dev.cubed.lambda.worker;

import dev.cubed.array.Cubed;
import dev.cubed.array.Spec;
import dev.cubed.block.DataType;
import dev.cubed.lambda.local.LocalS3;
import dev.cubed.plan.FinalizedPlan;
import dev.cubed.storage.Storage;
import dev.cubed.task.TaskMessages;
import dev.cubed.task.TaskReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The SnapStart hooks, called as the runtime calls them around a snapshot, with the worker's
 * storage on a real S3 endpoint (s3proxy): priming runs the sample tasks and an S3 request
 * without problems, and a restore replaces the S3 client with one made from the variables as
 * they are after the restore.
 */
class SnapStartHooksTest {
    private static final String BUCKET = "snap-work";
    private static LocalS3 s3;

    @BeforeAll
    static void startS3() {
        s3 = LocalS3.builder().bucket(BUCKET).build().start();
    }

    @AfterAll
    static void stopS3() {
        s3.close();
    }

    private static Map<String, String> variables(String secret) {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_ENDPOINT_URL_S3", s3.endpoint().toString());
        env.put("CUBED_S3_PATH_STYLE", "true");
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", s3.accessKeyId());
        env.put("AWS_SECRET_ACCESS_KEY", secret);
        env.put(WorkerEnvironment.ALLOWED_WORK_DIRS, "s3://" + BUCKET + "/");
        return env;
    }

    @Test
    void primingBeforeTheSnapshotAndNewClientsAfterTheRestore() throws Exception {
        Map<String, String> current = new HashMap<>(variables(s3.secretAccessKey()));
        try (WorkerEnvironment environment = WorkerEnvironment.create(() -> Map.copyOf(current));
             Storage client = WorkerEnvironment.newStorage(variables(s3.secretAccessKey()))) {
            SnapStartHooks hooks = SnapStartHooks.register(environment);

            hooks.beforeCheckpoint(null);
            assertThat(environment.describe()).doesNotContain("failed").doesNotContain("priming computed");
            // the warm-up request really reached S3: a wrong endpoint is reported, not thrown
            current.put("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:9");
            environment.renewClients();
            environment.prime();
            assertThat(environment.describe()).contains("S3 warm-up request to s3://" + BUCKET + "/ failed");

            // "restored": the variables now hold what this environment should use
            current.putAll(variables(s3.secretAccessKey()));
            Storage before = environment.storage();
            hooks.afterRestore(null);
            assertThat(environment.storage()).isNotSameAs(before);
            assertThatThrownBy(before::s3Client).hasMessageContaining("closed");

            try (Cubed cb = Cubed.session(Spec.builder().workDir("s3://" + BUCKET + "/cubed").build(), client)) {
                FinalizedPlan plan = cb.plan(List.of(cb.arange(0, 6, 1, 3, DataType.FLOAT64).multiply(2)));
                TaskMessages messages = TaskMessages.builder().storage(client).workDir("s3://" + BUCKET + "/cubed")
                        .build();
                for (var op : plan.operations()) {
                    List<long[]> tasks = new java.util.ArrayList<>();
                    op.spec().taskGrid().allCoords().forEach(tasks::add);
                    TaskReply reply = environment.run(messages.prepare(op.spec()).encode(tasks), false);
                    assertThat(reply.results()).hasSameSizeAs(tasks);
                }
                assertThat(cb.fromZarr(((dev.cubed.primitive.StoredArray) plan.outputs().get(0)).url()).compute()
                        .getDouble(5)).isEqualTo(10.0);
            }
        }
    }
}
