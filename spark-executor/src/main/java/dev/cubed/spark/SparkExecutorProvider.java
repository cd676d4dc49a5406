package dev.cubed.spark;

import dev.cubed.runtime.DagExecutor;
import dev.cubed.runtime.ExecutorProvider;
import dev.cubed.task.TaskContext;
import org.apache.spark.SparkConf;

import java.util.Map;

/**
 * Makes {@code Spec.builder().executor("spark")} run tasks as Spark jobs (registered in
 * {@code META-INF/services}); the options are those of {@link SparkExecutorSettings}.
 */
public final class SparkExecutorProvider implements ExecutorProvider {

    @Override
    public String name() {
        return SparkExecutor.NAME;
    }

    @Override
    public DagExecutor create(Map<String, String> options, TaskContext context) {
        SparkExecutorSettings settings = SparkExecutorSettings.fromOptions(options);
        return new SparkExecutor(context, settings, workers(settings));
    }

    /**
     * Tasks at once: the {@code workers} option, else what the Spark settings give (the running
     * context's or the one that would start: {@code local[N]}, {@code spark.executor.instances} times
     * the slots per executor, dynamic allocation's maximum); no context is started.
     */
    @Override
    public int workers(Map<String, String> options) {
        return workers(SparkExecutorSettings.fromOptions(options));
    }

    private static int workers(SparkExecutorSettings settings) {
        if (settings.workers().isPresent()) {
            return settings.workers().get();
        }
        SparkConf conf = SparkExecutor.activeContext().isDefined() ? SparkExecutor.activeContext().get().getConf()
                : settings.newConf();
        return SparkSlots.of(conf).totalSlots().orElseThrow(() -> new IllegalArgumentException("the Spark settings do"
                + " not say how many tasks run at once (master " + conf.get("spark.master", "?") + "): set executor option"
                + " workers, or spark.executor.instances (or spark.dynamicAllocation.maxExecutors)"));
    }
}
