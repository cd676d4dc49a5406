package dev.cubed.spark;

import dev.cubed.block.ArrayPool;
import dev.cubed.kernel.KernelRegistry;
import dev.cubed.storage.Storage;
import dev.cubed.task.AllowedLocations;
import dev.cubed.task.OperationResolver;
import dev.cubed.task.TaskContext;
import dev.cubed.task.TaskJson;
import dev.cubed.task.TaskMessageRunner;
import dev.cubed.task.TaskReply;
import dev.cubed.task.TaskRunner;
import dev.cubed.task.TaskStats;

import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What runs Cubed tasks inside a Spark executor: plain data on the driver (the locations tasks may
 * use and the executors' environment variables), sent once per computation as a Spark broadcast.
 * Spark keeps one deserialised copy of a broadcast per executor JVM, so the storage clients and the
 * kernel registry this builds on first use serve every task of that executor, with no static state.
 *
 * <p>Each task message is run by {@link TaskMessageRunner}, the function the Lambda worker uses.
 * Storage is configured as a Lambda worker's ({@link Storage#fromEnvironment}): from the executor's environment variables (region,
 * {@code AWS_ENDPOINT_URL_S3}, {@code CUBED_S3_PATH_STYLE}, credentials, else the SDK's default chain),
 * with the {@code spark.executorEnv.*} settings laid over them, so local mode (where the executors
 * are the driver's JVM) sees what a cluster's executors would.
 */
public final class SparkWorker implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String allowedLocations;
    private final HashMap<String, String> executorEnv;
    private transient volatile Runtime runtime;

    /** The parts built on an executor at the first task, and kept for the rest. */
    private record Runtime(Storage storage, KernelRegistry kernels, AllowedLocations allowed, TaskJson json,
                           OperationResolver resolver, ArrayPool arrayPool) {
    }

    public SparkWorker(AllowedLocations allowed, Map<String, String> executorEnv) {
        this.allowedLocations = String.join(",", Objects.requireNonNull(allowed, "allowed").prefixes());
        this.executorEnv = new HashMap<>(Objects.requireNonNull(executorEnv, "executorEnv"));
    }

    /** Runs one task message (its JSON) and returns the reply's JSON; failures are thrown, as {@link TaskMessageRunner} classifies them. */
    public byte[] run(byte[] message, String executorId) {
        boolean cold = runtime == null;
        Runtime r = runtime();
        // a context per message: it caches the arrays it opens, and a worker serves many computations
        TaskRunner runner = new TaskRunner(new TaskContext(r.storage(), r.kernels(), r.allowed(), r.arrayPool()));
        // several tasks share an executor's JVM, so the process's peak is not reset per task
        List<TaskStats> results = new TaskMessageRunner(r.json(), r.resolver()).run(message, runner, false);
        return r.json().writeBytes(TaskReply.of(results, cold, "spark executor " + executorId));
    }

    private Runtime runtime() {
        Runtime r = runtime;
        if (r == null) {
            synchronized (this) {
                r = runtime;
                if (r == null) {
                    Storage storage = Storage.fromEnvironment(environment());
                    AllowedLocations allowed = AllowedLocations.parse(allowedLocations);
                    TaskJson json = new TaskJson();
                    r = new Runtime(storage, KernelRegistry.load(SparkWorker.class.getClassLoader()), allowed, json,
                            new OperationResolver(storage, allowed, json, OperationResolver.DEFAULT_CACHE_ENTRIES),
                            new ArrayPool(TaskContext.DEFAULT_ARRAY_POOL_BYTES));
                    runtime = r;
                }
            }
        }
        return r;
    }

    /** This executor's environment variables with the {@code spark.executorEnv.*} settings over them. */
    private Map<String, String> environment() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putAll(executorEnv);
        return env;
    }

    /** Closes the storage clients this copy built (the driver's copy, which local mode's executors share). */
    public void close() {
        Runtime r = runtime;
        if (r != null) {
            r.storage().close();
        }
    }
}
