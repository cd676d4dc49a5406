package dev.cubed.runtime;

import dev.cubed.task.TaskContext;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** Finds executors by name among the {@link ExecutorProvider}s on the class path. */
public final class Executors {
    private Executors() {
    }

    public static DagExecutor create(String name, Map<String, String> options, TaskContext context) {
        return provider(name).create(options, context);
    }

    public static int workers(String name, Map<String, String> options) {
        return provider(name).workers(options);
    }

    static ExecutorProvider provider(String name) {
        Map<String, ExecutorProvider> all = new TreeMap<>();
        for (ExecutorProvider p : ServiceLoader.load(ExecutorProvider.class, Executors.class.getClassLoader())) {
            all.put(p.name(), p);
        }
        ExecutorProvider p = all.get(name);
        if (p == null) {
            throw new IllegalArgumentException("unknown executor '" + name + "'; available: " + all.keySet()
                    + (name.equals("lambda") ? " (add the lambda-executor module to the class path)" : ""));
        }
        return p;
    }
}
