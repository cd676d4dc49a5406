package dev.cubed.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;

/**
 * A Spark local-mode context in the test JVM, as an application under spark-submit would hold
 * one: the executor finds it and leaves it running. Two task slots, no web UI.
 */
final class LocalSpark {
    static final String MASTER = "local[2]";

    private LocalSpark() {
    }

    static SparkContext start() {
        return new SparkContext(new SparkConf().setMaster(MASTER).setAppName("cubed-tests")
                .set("spark.ui.enabled", "false")
                .set("spark.task.maxFailures", "1"));
    }
}
