package dev.cubed.lambda.worker;

import com.sun.management.HotSpotDiagnosticMXBean;
import dev.cubed.kernel.KernelRegistry;
import dev.cubed.primitive.OperationSpec;
import dev.cubed.storage.Storage;
import dev.cubed.task.AllowedLocations;
import dev.cubed.task.IncompatibleMessageException;
import dev.cubed.task.OperationResolver;
import dev.cubed.task.PermanentTaskError;
import dev.cubed.task.ProcessMemory;
import dev.cubed.task.TaskContext;
import dev.cubed.task.TaskJson;
import dev.cubed.task.TaskMessage;
import dev.cubed.task.TaskReply;
import dev.cubed.task.TaskRunException;
import dev.cubed.task.TaskRunner;
import dev.cubed.task.TaskStats;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What one execution environment keeps between invocations: the storage clients, the kernel
 * registry, the locations it may touch, the task codec and the cache of specs sent by reference.
 * {@link #handle} runs one message's tasks with the shared {@link TaskRunner}.
 */
public final class WorkerEnvironment implements AutoCloseable {
    /** Comma-separated URL prefixes the worker may read and write (the template sets the work bucket). */
    public static final String ALLOWED_WORK_DIRS = "CUBED_ALLOWED_WORK_DIRS";

    private final Storage storage;
    private final KernelRegistry kernels;
    private final AllowedLocations allowed;
    private final TaskJson json;
    private final OperationResolver resolver;
    private final Clock clock;
    private final String version;
    private final long initMillis;

    WorkerEnvironment(Storage storage, KernelRegistry kernels, AllowedLocations allowed, TaskJson json, Clock clock,
                      String version, long initMillis) {
        this.storage = Objects.requireNonNull(storage, "storage");
        this.kernels = Objects.requireNonNull(kernels, "kernels");
        this.allowed = Objects.requireNonNull(allowed, "allowed");
        this.json = Objects.requireNonNull(json, "json");
        this.resolver = new OperationResolver(storage, allowed, json, OperationResolver.DEFAULT_CACHE_ENTRIES);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.version = Objects.requireNonNull(version, "version");
        this.initMillis = initMillis;
    }

    /** The environment a deployed worker runs in, configured from the process's environment variables. */
    static WorkerEnvironment fromProcess() {
        return create(System.getenv());
    }

    static WorkerEnvironment create(Map<String, String> env) {
        long t0 = System.nanoTime();
        Storage storage = Storage.builder().environment(env).build();
        // Created now, in the init phase, rather than by the first task.
        storage.s3Client();
        KernelRegistry kernels = KernelRegistry.load(WorkerEnvironment.class.getClassLoader());
        TaskJson json = new TaskJson();
        long initMillis = (System.nanoTime() - t0) / 1_000_000;
        return new WorkerEnvironment(storage, kernels, AllowedLocations.parse(env.get(ALLOWED_WORK_DIRS)), json,
                Clock.systemUTC(), WorkerVersion.current(), initMillis);
    }

    public String version() {
        return version;
    }

    public TaskJson json() {
        return json;
    }

    /** Runs the message's tasks in order and returns the reply's JSON; failures are thrown (see {@link #run}). */
    public byte[] handle(byte[] request, boolean coldStart) {
        return json.writeBytes(run(request, coldStart));
    }

    /**
     * Runs the tasks of one message. Throws {@link PermanentTaskError} for what no retry can fix
     * (a message of another version or unreadable, a spec that cannot be resolved, an unknown
     * kernel, a refused location, a task outside the operation) and {@link TaskRunException}
     * for a task that failed otherwise; both name the operation and chunk where there is one. A
     * batch stops at its first failure: tasks are idempotent, so the client retries the batch.
     */
    public TaskReply run(byte[] request, boolean coldStart) {
        TaskMessage message;
        try {
            message = json.readMessage(request);
        } catch (IncompatibleMessageException e) {
            throw new PermanentTaskError(e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new PermanentTaskError("the task message cannot be read: " + e.getMessage(), e);
        }
        OperationSpec spec = resolver.resolve(message);
        // A context per message: opened arrays keep chunk-sized scratch buffers, and an
        // environment serves many computations over its life.
        TaskRunner runner = new TaskRunner(new TaskContext(storage, kernels, allowed), clock);
        List<TaskStats> results = new ArrayList<>(message.tasks().size());
        for (long[] coords : message.tasks()) {
            ProcessMemory.resetPeak();
            results.add(runTask(runner, spec, coords));
        }
        return TaskReply.of(results, coldStart, version);
    }

    private static TaskStats runTask(TaskRunner runner, OperationSpec spec, long[] coords) {
        try {
            return runner.run(spec, coords);
        } catch (TaskRunException e) {
            if (e.isPermanent()) {
                throw new PermanentTaskError(e.getMessage(), e);
            }
            throw e;
        } catch (RuntimeException e) {
            throw new TaskRunException(spec.name(), coords, "unexpected failure: " + e, e);
        }
    }

    /** One line for the log: release, Java, JIT and heap settings, init time, allowed locations. */
    public String describe() {
        Runtime rt = Runtime.getRuntime();
        String tiered = vmOption("TieredCompilation") + ", TieredStopAtLevel=" + vmOption("TieredStopAtLevel");
        return String.format(Locale.ROOT, "cubed worker %s: Java %s (%s), %d CPUs, max heap %d MB, %s, GC %s;"
                        + " init %d ms; allowed locations: %s",
                version, System.getProperty("java.version"), System.getProperty("java.vm.name"),
                rt.availableProcessors(), rt.maxMemory() >> 20, tiered, gcNames(), initMillis,
                allowed.prefixes().isEmpty() ? "anywhere" : String.join(", ", allowed.prefixes()));
    }

    private static String vmOption(String name) {
        try {
            return ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).getVMOption(name).getValue();
        } catch (RuntimeException e) {
            return "?";
        }
    }

    private static String gcNames() {
        List<String> names = new ArrayList<>();
        ManagementFactory.getGarbageCollectorMXBeans().forEach(b -> names.add(b.getName()));
        return String.join("/", names);
    }

    @Override
    public void close() {
        storage.close();
    }
}
