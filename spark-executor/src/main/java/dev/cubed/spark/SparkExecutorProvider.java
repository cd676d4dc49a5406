package dev.cubed.spark;

import dev.cubed.runtime.DagExecutor;
import dev.cubed.runtime.ExecutorProvider;
import dev.cubed.task.TaskContext;

import java.util.Map;

/**
 * Makes {@code Spec.builder().executor("spark")} run tasks as Spark jobs (registered in
 * {@code META-INF/services}); the options are those of {@link SparkExecutorSettings}. Spark is a
 * provided dependency, so this class names no Spark type: the service loader can list it on a
 * class path without Spark, and selecting it there fails with what to do.
 */
public final class SparkExecutorProvider implements ExecutorProvider {

    @Override
    public String name() {
        return SparkExecutor.NAME;
    }

    @Override
    public DagExecutor create(Map<String, String> options, TaskContext context) {
        requireSpark();
        SparkExecutorSettings settings = SparkExecutorSettings.fromOptions(options);
        return new SparkExecutor(context, settings, SparkExecutor.slots(settings));
    }

    /**
     * Tasks at once: the {@code workers} option, else what the Spark settings give (the running
     * context's or the one that would start: {@code local[N]}, {@code spark.executor.instances} times
     * the slots per executor, dynamic allocation's maximum); no context is started.
     */
    @Override
    public int workers(Map<String, String> options) {
        requireSpark();
        return SparkExecutor.slots(SparkExecutorSettings.fromOptions(options));
    }

    private static void requireSpark() {
        try {
            Class.forName("org.apache.spark.SparkContext", false, SparkExecutorProvider.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("executor spark needs Apache Spark 4 for Scala 2.13 on the class path: run"
                    + " your program with spark-submit, or put spark-core_2.13 on its class path (./cubed does when"
                    + " given --executor spark)", e);
        }
    }
}
