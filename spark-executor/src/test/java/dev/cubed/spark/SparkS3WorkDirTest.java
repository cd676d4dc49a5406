package dev.cubed.spark;

import dev.cubed.array.Cubed;
import dev.cubed.array.LazyArray;
import dev.cubed.array.Spec;
import dev.cubed.block.Block;
import dev.cubed.storage.S3ProxyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An {@code s3://} work dir (s3proxy in this JVM): the Spark tasks reach S3 with the settings of
 * {@code spark.executorEnv.*}, as a cluster's executors would, and write the intermediate chunks
 * there; the driver reads the result back with its own storage.
 */
class SparkS3WorkDirTest {
    private static final String BUCKET = "cubed-spark";
    private static S3ProxyServer s3;

    @BeforeAll
    static void startS3() throws Exception {
        s3 = new S3ProxyServer();
        try (var storage = s3.storage()) {
            storage.s3Client().createBucket(b -> b.bucket(BUCKET));
        }
    }

    @AfterAll
    static void stopS3() throws Exception {
        s3.close();
    }

    private Spec.Builder spec(String workDir, String secret) {
        return Spec.builder().executor(SparkExecutor.NAME).workDir(workDir).allowedMem("200MB").reservedMem("10MB")
                .executorOptions(Map.of("master", "local[2]", SparkExecutorSettings.KEEP_CONTEXT, "false",
                        "spark.ui.enabled", "false", "retries", "0",
                        "spark.executorEnv.AWS_ENDPOINT_URL_S3", s3.endpoint().toString(),
                        "spark.executorEnv.AWS_REGION", "us-east-1",
                        "spark.executorEnv.CUBED_S3_PATH_STYLE", "true",
                        "spark.executorEnv.AWS_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY,
                        "spark.executorEnv.AWS_SECRET_ACCESS_KEY", secret));
    }

    @Test
    void tasksReadAndWriteTheirChunksOnS3() {
        String workDir = "s3://" + BUCKET + "/work";
        try (Cubed cb = Cubed.session(spec(workDir, S3ProxyServer.SECRET_KEY).build(), s3.storage())) {
            LazyArray a = cb.arange(0, 24, 1, 4, dev.cubed.block.DataType.FLOAT64).reshape(new long[] {4, 6});
            // a rechunk stores an intermediate array, which later tasks read back from S3
            Block b = a.rechunk(new int[] {4, 1}).multiply(3).compute();
            for (int i = 0; i < 24; i++) {
                assertThat(b.getDoubleAt(i)).isEqualTo(3.0 * i);
            }
        }
        long chunks;
        try (var storage = s3.storage()) {
            chunks = storage.s3Client().listObjectsV2(r -> r.bucket(BUCKET).prefix("work/cubed-")).keyCount();
        }
        assertThat(chunks).as("objects the tasks wrote under the work dir").isPositive();
    }

    @Test
    void tasksUseTheExecutorsCredentialsNotTheDrivers() {
        String workDir = "s3://" + BUCKET + "/refused";
        try (Cubed cb = Cubed.session(spec(workDir, "not-the-secret").build(), s3.storage())) {
            LazyArray a = cb.arange(0, 8, 1, 2, dev.cubed.block.DataType.FLOAT64);
            assertThatThrownBy(() -> a.rechunk(new int[] {4}).add(1).compute())
                    .hasStackTraceContaining("chunk [").hasStackTraceContaining("Status Code: 403");
        }
    }
}
