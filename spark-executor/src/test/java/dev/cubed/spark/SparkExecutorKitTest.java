package dev.cubed.spark;

import dev.cubed.runtime.testkit.ExecutorTestKit;
import org.apache.spark.SparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The executor test kit on Spark local mode ({@code local[2]} in this JVM), every case with
 * backups off and on: each attempt is a Spark job, failures are injected by the fault kernel
 * inside Spark tasks, and timed-out or out-raced attempts are cancelled as Spark jobs.
 */
class SparkExecutorKitTest extends ExecutorTestKit {
    private static SparkContext spark;

    @BeforeAll
    static void startSpark() {
        spark = LocalSpark.start();
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    @Override
    protected String executorName() {
        return SparkExecutor.NAME;
    }
}
