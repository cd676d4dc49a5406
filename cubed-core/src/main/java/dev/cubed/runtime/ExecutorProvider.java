package dev.cubed.runtime;

import dev.cubed.task.TaskContext;

import java.util.Map;

/**
 * Service-provider interface for executors selectable by name: list an implementation in
 * {@code META-INF/services/dev.cubed.runtime.ExecutorProvider}. The built-in executors are
 * registered the same way; the Lambda executor module registers {@code lambda}.
 */
public interface ExecutorProvider {

    /** The name a Spec selects this executor by. */
    String name();

    /** Creates an executor with the Spec's executor options. */
    DagExecutor create(Map<String, String> options, TaskContext context);

    /** How many tasks this executor runs at once with these options (planning uses it). */
    int workers(Map<String, String> options);
}
