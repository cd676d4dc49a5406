package dev.cubed.runtime.local;

import dev.cubed.runtime.DagExecutor;
import dev.cubed.runtime.ExecutorOptions;
import dev.cubed.runtime.ExecutorProvider;
import dev.cubed.task.TaskContext;

import java.util.Map;

/** Registers the local executors: {@code threads} and {@code single-threaded}. */
public final class LocalExecutorProviders {
    private LocalExecutorProviders() {
    }

    /** {@code threads}: workers = executor option {@code workers}, default the number of cores. */
    public static final class Threads implements ExecutorProvider {
        @Override
        public String name() {
            return "threads";
        }

        @Override
        public DagExecutor create(Map<String, String> options, TaskContext context) {
            ExecutorOptions o = new ExecutorOptions(options);
            int workers = workers(options);
            return new ThreadsExecutor(context, o.engineSettings(workers, false).build());
        }

        @Override
        public int workers(Map<String, String> options) {
            return new ExecutorOptions(options).intOption("workers", Runtime.getRuntime().availableProcessors(), 1);
        }
    }

    /** {@code single-threaded}: one task at a time on the calling thread. */
    public static final class SingleThreaded implements ExecutorProvider {
        @Override
        public String name() {
            return "single-threaded";
        }

        @Override
        public DagExecutor create(Map<String, String> options, TaskContext context) {
            return new SingleThreadedExecutor(context, new ExecutorOptions(options).engineSettings(1, false).build());
        }

        @Override
        public int workers(Map<String, String> options) {
            return 1;
        }
    }
}
