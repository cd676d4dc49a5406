package dev.cubed.lambda.worker;

import com.sun.management.HotSpotDiagnosticMXBean;
import dev.cubed.block.ArrayPool;
import dev.cubed.kernel.KernelRegistry;
import dev.cubed.storage.Storage;
import dev.cubed.task.AllowedLocations;
import dev.cubed.task.OperationResolver;
import dev.cubed.task.PermanentTaskError;
import dev.cubed.task.TaskContext;
import dev.cubed.task.TaskJson;
import dev.cubed.task.TaskMessageRunner;
import dev.cubed.task.TaskReply;
import dev.cubed.task.TaskRunner;
import dev.cubed.task.TaskStats;


import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What one execution environment keeps between invocations: the storage clients, the kernel
 * registry, the locations it may touch, the task codec and the cache of specs sent by reference.
 * {@link #handle} runs one message's tasks with the task runner.
 */
public final class WorkerEnvironment implements AutoCloseable {
    /** Comma-separated URL prefixes the worker may read and write (the template sets the work bucket). */
    public static final String ALLOWED_WORK_DIRS = "CUBED_ALLOWED_WORK_DIRS";

    /** The clients that hold network connections, replaced together after a snapshot is restored. */
    private record Clients(Storage storage, OperationResolver resolver) {
    }

    private final Supplier<Map<String, String>> settings;
    private final KernelRegistry kernels;
    private final AllowedLocations allowed;
    // chunk-sized arrays recycled across invocations (softly held: never the cause of an OOM)
    private final ArrayPool arrayPool = new ArrayPool(TaskContext.DEFAULT_ARRAY_POOL_BYTES);
    private final TaskJson json;
    private final Clock clock;
    private final String version;
    private final long initMillis;
    private volatile Clients clients;
    private volatile String primingProblems;

    WorkerEnvironment(Supplier<Map<String, String>> settings, Storage storage, KernelRegistry kernels,
                      AllowedLocations allowed, TaskJson json, Clock clock, String version, long initMillis) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.kernels = Objects.requireNonNull(kernels, "kernels");
        this.allowed = Objects.requireNonNull(allowed, "allowed");
        this.json = Objects.requireNonNull(json, "json");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.version = Objects.requireNonNull(version, "version");
        this.initMillis = initMillis;
        this.clients = clients(storage);
    }

    /** The environment a deployed worker runs in, configured from the process's environment variables. */
    static WorkerEnvironment fromProcess() {
        return create(System::getenv);
    }

    /**
     * Builds the environment's clients now, in Lambda's init phase, rather than in the first task.
     * (Running sample tasks here as well was measured not to shorten a cold start: the same classes
     * load either way, and the runtime's class loader loads them one thread at a time. It pays
     * off before a SnapStart snapshot, see {@link #prime()}.)
     */
    static WorkerEnvironment create(Supplier<Map<String, String>> settings) {
        long t0 = System.nanoTime();
        Map<String, String> env = settings.get();
        Storage storage = newStorage(env);
        KernelRegistry kernels = KernelRegistry.load(WorkerEnvironment.class.getClassLoader());
        TaskJson json = new TaskJson();
        long initMillis = (System.nanoTime() - t0) / 1_000_000;
        return new WorkerEnvironment(settings, storage, kernels, AllowedLocations.parse(env.get(ALLOWED_WORK_DIRS)), json,
                Clock.systemUTC(), WorkerVersion.current(), initMillis);
    }

    /**
     * Storage configured from these variables alone (as the SDK would read them from the process,
     * so that the variables given are the whole configuration): region, path style, the S3 endpoint
     * and the credentials Lambda puts there; without credential variables (SnapStart provides
     * them through the container endpoint), the SDK's default chain.
     */
    static Storage newStorage(Map<String, String> env) {
        Storage storage = Storage.fromEnvironment(env);
        storage.s3Client();
        return storage;
    }

    private Clients clients(Storage storage) {
        return new Clients(storage, new OperationResolver(storage, allowed, json, OperationResolver.DEFAULT_CACHE_ENTRIES));
    }

    public String version() {
        return version;
    }

    public TaskJson json() {
        return json;
    }

    Storage storage() {
        return clients.storage();
    }

    /**
     * Runs sample tasks in memory and one S3 request, so that everything a first task uses is
     * loaded and initialised (and partly compiled): what to do before a SnapStart snapshot.
     * Problems are reported by {@link #describe()}, never thrown.
     */
    void prime() {
        String tasks = Priming.runSampleTasks(kernels, json);
        String s3 = Priming.warmS3(clients.storage(), allowed);
        primingProblems = tasks == null ? s3 : s3 == null ? tasks : tasks + "; " + s3;
    }

    /**
     * Replaces the S3 client (and the spec cache that uses it) with new ones configured from the
     * environment variables as they are now: after a snapshot is restored, the old client's
     * connections and credentials belong to another time.
     */
    void renewClients() {
        Clients old = clients;
        clients = clients(newStorage(settings.get()));
        old.storage().close();
    }

    /** Runs the message's tasks in order and returns the reply's JSON; failures are thrown (see {@link #run}). */
    public byte[] handle(byte[] request, boolean coldStart) {
        return json.writeBytes(run(request, coldStart));
    }

    /**
     * Runs the tasks of one message with {@link TaskMessageRunner}, which throws
     * {@link PermanentTaskError} for what no retry can fix and {@link dev.cubed.task.TaskRunException} for a task
     * that failed otherwise. An environment runs one task at a time, so each task's peak memory is
     * its own.
     */
    public TaskReply run(byte[] request, boolean coldStart) {
        Clients c = clients;
        // A context per message: an environment serves many computations over its life, and the
        // arrays a context opens are cached in it. The array pool is the environment's.
        TaskRunner runner = new TaskRunner(new TaskContext(c.storage(), kernels, allowed, arrayPool), clock);
        List<TaskStats> results = new TaskMessageRunner(json, c.resolver()).run(request, runner, true);
        return TaskReply.of(results, coldStart, version);
    }

    /** One line for the log: release, Java, JIT and heap settings, init time, allowed locations. */
    public String describe() {
        Runtime rt = Runtime.getRuntime();
        String tiered = "TieredCompilation=" + vmOption("TieredCompilation") + ", TieredStopAtLevel="
                + vmOption("TieredStopAtLevel");
        String problems = primingProblems;
        return String.format(Locale.ROOT, "cubed worker %s: Java %s (%s), %d CPUs, max heap %d MB, %s, GC %s;"
                        + " init %d ms%s; allowed locations: %s",
                version, System.getProperty("java.version"), System.getProperty("java.vm.name"),
                rt.availableProcessors(), rt.maxMemory() >> 20, tiered, gcNames(), initMillis,
                problems == null ? "" : " (" + problems + ")",
                allowed.prefixes().isEmpty() ? "anywhere" : String.join(", ", allowed.prefixes()));
    }

    /** One line for the log after the first invocation: when it finished, and the CPU spent so far. */
    public String coldStartSummary() {
        long uptime = ManagementFactory.getRuntimeMXBean().getUptime();
        long cpu = -1;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            cpu = os.getProcessCpuTime() / 1_000_000;
        }
        return String.format(Locale.ROOT, "cubed worker cold start: first invocation done %d ms after JVM start,"
                + " process CPU %d ms%s", uptime, cpu, threadCpu());
    }

    /**
     * CPU time by kind of thread (JIT compilers, garbage collection and VM, the rest), from Linux's
     * per-thread accounting: shows how much of a cold start the JIT takes. Empty elsewhere.
     */
    private static String threadCpu() {
        java.nio.file.Path tasks = java.nio.file.Path.of("/proc/self/task");
        long jit = 0;
        long vm = 0;
        long rest = 0;
        try (var dirs = java.nio.file.Files.list(tasks)) {
            for (java.nio.file.Path t : (Iterable<java.nio.file.Path>) dirs::iterator) {
                String stat;
                try {
                    stat = java.nio.file.Files.readString(t.resolve("stat"));
                } catch (java.io.IOException e) {
                    continue; // the thread ended
                }
                int open = stat.indexOf('(');
                int close = stat.lastIndexOf(')');
                String name = stat.substring(open + 1, close);
                String[] f = stat.substring(close + 2).split(" ");
                long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime + stime
                if (name.contains("Compiler")) {
                    jit += ticks;
                } else if (name.contains("GC") || name.startsWith("VM ")) {
                    vm += ticks;
                } else {
                    rest += ticks;
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return "";
        }
        // Linux reports thread times in clock ticks of 10 ms (USER_HZ 100)
        return String.format(Locale.ROOT, " (JIT compiler threads %d ms, GC and VM %d ms, other threads %d ms)",
                jit * 10, vm * 10, rest * 10);
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
        clients.storage().close();
    }
}
