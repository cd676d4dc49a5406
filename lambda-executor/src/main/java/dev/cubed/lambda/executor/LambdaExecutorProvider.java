package dev.cubed.lambda.executor;

import dev.cubed.runtime.DagExecutor;
import dev.cubed.runtime.ExecutorProvider;
import dev.cubed.task.TaskContext;

import java.util.Map;

/**
 * Makes {@code Spec.builder().executor("lambda").executorOption("function", "cubed-worker")} run
 * tasks on the deployed worker (registered in {@code META-INF/services}). The options are those of
 * {@link LambdaExecutorSettings}.
 */
public final class LambdaExecutorProvider implements ExecutorProvider {

    @Override
    public String name() {
        return LambdaExecutor.NAME;
    }

    @Override
    public DagExecutor create(Map<String, String> options, TaskContext context) {
        return LambdaExecutor.create(LambdaExecutorSettings.fromOptions(options), context);
    }

    /** Invocations at once: the in-flight target (planning sizes rechunk stages to it); no network call. */
    @Override
    public int workers(Map<String, String> options) {
        return LambdaExecutorSettings.fromOptions(options).inFlight();
    }
}
