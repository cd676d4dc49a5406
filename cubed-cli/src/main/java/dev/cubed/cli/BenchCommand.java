package dev.cubed.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cubed.array.ComputeOptions;
import dev.cubed.array.Cubed;
import dev.cubed.array.LazyArray;
import dev.cubed.array.Spec;
import dev.cubed.block.Block;
import dev.cubed.block.Value;
import dev.cubed.diagnostics.HistoryCallback;
import dev.cubed.diagnostics.MemoryWarningCallback;
import dev.cubed.diagnostics.ProgressBars;
import dev.cubed.lambda.executor.LambdaCostCallback;
import dev.cubed.lambda.executor.LambdaCostSummary;
import dev.cubed.lambda.executor.LambdaExecutor;
import dev.cubed.ops.Blockwise;
import dev.cubed.plan.FinalizedPlan;
import dev.cubed.plan.MemorySize;
import dev.cubed.plan.Planner;
import dev.cubed.plan.StoreTarget;
import dev.cubed.primitive.ArrayRef;
import dev.cubed.runtime.Callback;
import dev.cubed.runtime.Executors;
import dev.cubed.storage.Storage;
import dev.cubed.storage.zarr.ArrayMetadata;
import dev.cubed.storage.zarr.ZarrArray;
import dev.cubed.task.TaskRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;


import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code cubed bench WORKLOAD}: times one workload on N x N float64 arrays in C x C chunks with a
 * chosen executor, and reports wall time, tasks, projected memory and the process's peak RSS
 * (one JSON line with {@code --json}). Plans are built and checked against the memory limit
 * before anything runs.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Time a workload on N x N float64 arrays in C x C chunks.",
            "Workloads: add-sum (sum(a + b)), add-store (a + b stored to Zarr), quad-means (mean(u*u, 0),"
                    + " mean(v*v, 0), mean(u*v, 0) together), rechunk ((C, N) chunks to (N, C), stored),"
                    + " matmul (a @ b stored).",
            "Random inputs come from a fixed seed, so a command gives the same result on any executor."})
final class BenchCommand implements Callable<Integer> {
    static final long DEFAULT_SEED = 42;

    private final Map<String, String> environment;

    BenchCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    enum Inputs { random, zarr }

    @picocli.CommandLine.Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "WORKLOAD", description = "add-sum, add-store, quad-means, rechunk or matmul")
    String workloadName;

    @Option(names = "--n", defaultValue = "8000", description = "Array side N (default: ${DEFAULT-VALUE})")
    long n;

    @Option(names = "--chunk", defaultValue = "1000", description = "Chunk side C (default: ${DEFAULT-VALUE})")
    int chunk;

    @Option(names = "--executor", defaultValue = "threads",
            description = "single-threaded, threads, or another registered executor (default: ${DEFAULT-VALUE})")
    String executor;

    @Option(names = "--workers", description = "Tasks run at once (default: the executor's; threads: the cores)")
    Integer workers;

    @Option(names = "--allowed-mem", defaultValue = "2GB", description = "Memory one task may use, reserved included (default: ${DEFAULT-VALUE})")
    String allowedMem;

    @Option(names = "--reserved-mem", defaultValue = "100MB", description = "Baseline memory of an idle worker (default: ${DEFAULT-VALUE})")
    String reservedMem;

    @Option(names = "--work-dir", paramLabel = "PATH|s3://...",
            description = "Where inputs, intermediates and outputs go (default: a new directory under the system temp"
                    + " directory); the run's own subdirectory is deleted afterwards unless --keep")
    String workDir;

    @Option(names = "--inputs", defaultValue = "random",
            description = "random: generated inside the tasks; zarr: written to Zarr first (untimed, reported as prep)"
                    + " and read back in the timed part (default: ${DEFAULT-VALUE})")
    Inputs inputs;

    @Option(names = "--codec", defaultValue = "blosc",
            description = "Codec of the Zarr arrays the bench stores (zarr inputs, outputs): blosc, blosc-noshuffle, blosc-zstd, lz4, zstd, gzip or none"
                    + " (default: ${DEFAULT-VALUE}, as toZarr)")
    String codec;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the random inputs (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--json", description = "Print one JSON line instead of the report (no progress bars)")
    boolean json;

    @Option(names = "--history", paramLabel = "DIR", description = "Also write the timed computation's history (CSV and plots) under DIR")
    Path history;

    @Option(names = "--keep", description = "Keep the run's arrays instead of deleting them")
    boolean keep;

    @Option(names = "--resume", paramLabel = "RUN",
            description = "Continue a run kept with --keep (its run-... name under --work-dir, printed when it was"
                    + " interrupted): chunks it already holds are not computed again")
    String resume;

    @Option(names = "--recompute-stale",
            description = "With --resume: compute again the arrays of the run that another computation wrote (other"
                    + " --seed, --n, ...) instead of refusing to resume")
    boolean recomputeStale;

    @Option(names = "--repeat", defaultValue = "1",
            description = "Run the timed part this many times in this JVM; the first run includes JIT warm-up,"
                    + " wall_s is the fastest (default: ${DEFAULT-VALUE})")
    int repeat;

    @Option(names = "--function", paramLabel = "NAME",
            description = "--executor lambda: the worker function (name, name:alias or ARN; the stack's InvokeTarget"
                    + " output, or cubed-worker for cubed local-lambda)")
    String function;

    @Option(names = "--region", paramLabel = "REGION",
            description = "--executor lambda: AWS region (default: AWS_REGION or your profile's)")
    String region;

    @Option(names = "--executor-option", paramLabel = "NAME=VALUE",
            description = "Another executor option, repeatable (e.g. --executor-option batch-size=4; see the executor's"
                    + " documentation)")
    Map<String, String> executorOptions = new java.util.LinkedHashMap<>();

    @Option(names = "--baseline", paramLabel = "EXECUTOR",
            description = "First run the same workload on this executor (same workers, memory and inputs), then report"
                    + " the overhead per task of --executor against it and whether both results are the same bit for"
                    + " bit (default: threads for --executor spark, else none; 'none' turns it off)")
    String baseline;

    /** What a run measured. */
    record Measurement(BenchWorkload workload, long n, int chunk, String executor, int workers, String inputs,
                       double wallSeconds, List<Double> walls, List<Double> cpus, double cpuSeconds,
                       double prepSeconds,
                       double planSeconds, long tasks,
                       long maxProjectedMem,
                       long allowedMem, double peakRssMb, Object result, String workDir, List<String> warnings,
                       String planSummary, LambdaCostSummary lambdaCost, long resumedTasks, double workerPeakMb) {
    }

    /** The same workload on another executor, run first: its wall time and whether its result is identical. */
    record Baseline(String executor, double wallSeconds, boolean sameResult) {
        /** The extra wall time per task of {@code m} over the baseline, in ms: (wall - baseline wall) x workers / tasks. */
        double overheadPerTaskMillis(Measurement m) {
            return (m.wallSeconds() - wallSeconds) * m.workers() / Math.max(1, m.tasks()) * 1000;
        }
    }

    @Override
    public Integer call() throws IOException {
        BenchWorkload workload = BenchWorkload.parse(workloadName);
        Spec cubedSpec = cubedSpec(workload);
        // tasks on Lambda hold their data there: this JVM needs no heap for them
        Optional<Integer> sized = isLambda(cubedSpec) ? Optional.empty() : HeapSizing.runSized(
                HeapSizing.budget(cubedSpec.allowedMem(), Executors.workers(cubedSpec.executor(), cubedSpec.executorOptions())),
                spec.root().commandLine().getParseResult().originalArgs(), System.err);
        if (sized.isPresent()) {
            return sized.get();
        }
        PrintWriter out = spec.commandLine().getOut();
        boolean temporary = workDir == null;
        if (resume != null && temporary) {
            throw new IllegalArgumentException("--resume " + resume + " needs the --work-dir the run was kept in");
        }
        String base = temporary ? Files.createTempDirectory("cubed-bench").toString() : workDir;
        String runDir = base + "/" + (resume != null ? resumedRun(base) : "run-" + runId());
        if (!base.startsWith("s3://")) {
            try {
                RunMarker.mark(localPath(runDir)); // cubed clean leaves a running bench alone
            } catch (IOException e) {
                throw new IllegalArgumentException("--work-dir " + base + " cannot be used: cannot create " + runDir
                        + " (" + dev.cubed.storage.FileStore.reason(e) + "); choose a writable directory", e);
            }
        }
        TaskCount progress = new TaskCount();
        try (CommandInterruption stop = CommandInterruption.watch(() -> interruptedLine(progress, base, runDir, temporary),
                System.err)) {
            try {
                Optional<Spec> baselineSpec = baselineSpec(cubedSpec);
                Measurement first = null;
                if (baselineSpec.isPresent()) {
                    first = run(workload, baselineSpec.get().toBuilder().workDir(base + "/run-" + runId()).build(), base,
                            new TaskCount(), stop);
                }
                Measurement m = run(workload, cubedSpec.toBuilder().workDir(runDir).build(), base, progress, stop);
                Baseline b = first == null ? null
                        : new Baseline(first.executor(), first.wallSeconds(), sameResult(first.result(), m.result()));
                if (json) {
                    out.println(json(m, b));
                } else {
                    report(out, m, b, temporary);
                }
                out.flush();
                if (b != null && !b.sameResult()) {
                    spec.commandLine().getErr().println("cubed bench: the result on " + m.executor() + " differs from the"
                            + " result on " + b.executor() + " (" + describe(first.result()) + ")");
                    return 1;
                }
            } catch (RuntimeException e) {
                if (stop.interrupted()) {
                    return 130; // the interruption's own line says what happened
                }
                throw e;
            } finally {
                stop.beforeCleanup();
                if (temporary && !keep) {
                    deleteTree(Path.of(base));
                } else if (!base.startsWith("s3://") && keep) {
                    RunMarker.unmark(localPath(runDir));
                }
            }
        }
        return 0;
    }

    private static Path localPath(String dir) {
        return dir.startsWith("file:") ? Path.of(java.net.URI.create(dir)) : Path.of(dir);
    }

    /** The run directory {@code --resume} names: a run-* directory under the work dir, which must exist. */
    private String resumedRun(String base) {
        String name = resume.replaceFirst("^.*/", "");
        if (!name.matches("run-[0-9a-f]+")) {
            throw new IllegalArgumentException("--resume takes the name of a kept run (run-<hex>, as printed when"
                    + " it was interrupted), got " + resume);
        }
        if (!base.startsWith("s3://") && !Files.isDirectory(localPath(base).resolve(name))) {
            throw new IllegalArgumentException("--resume " + resume + ": no run " + name + " under --work-dir " + base
                    + " (runs are kept only with --keep)");
        }
        return name;
    }

    /** The one line printed when the run is interrupted: what, what was kept, and what resumes it. */
    private String interruptedLine(TaskCount progress, String base, String runDir, boolean temporary) {
        String what = "cubed: bench " + workloadName + " interrupted after " + progress.describe();
        if (!keep) {
            return what + "; nothing kept (" + (temporary ? base : runDir) + " deleted); to be able to resume,"
                    + " run it with --keep: " + commandLine(base, temporary, null);
        }
        String run = runDir.substring(runDir.lastIndexOf('/') + 1);
        return what + "; kept " + runDir + "; resume with: " + commandLine(base, temporary, run);
    }

    /** This command line again, keeping its run (and resuming {@code run} when not null). */
    private String commandLine(String base, boolean temporary, String run) {
        List<String> args = new ArrayList<>(List.of("./cubed"));
        List<String> original = spec.root().commandLine().getParseResult().originalArgs();
        for (int i = 0; i < original.size(); i++) {
            String a = original.get(i);
            if (a.equals("--resume")) {
                i++;
            } else if (!a.startsWith("--resume=")) {
                args.add(a);
            }
        }
        if (!keep) {
            args.add("--keep");
        }
        if (temporary && run != null) {
            args.addAll(List.of("--work-dir", base));
        }
        if (run != null) {
            args.addAll(List.of("--resume", run));
        }
        StringBuilder b = new StringBuilder();
        for (String a : args) {
            b.append(b.length() == 0 ? "" : " ").append(a.matches("[A-Za-z0-9_./:=@%+,-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
        }
        return b.toString();
    }

    /** Tasks of the run that ended, and how many it has: what the interruption line reports. */
    static final class TaskCount implements Callback {
        private final java.util.concurrent.atomic.AtomicLong total = new java.util.concurrent.atomic.AtomicLong();
        private final java.util.concurrent.atomic.AtomicLong ended = new java.util.concurrent.atomic.AtomicLong();
        private final java.util.concurrent.atomic.AtomicLong skipped = new java.util.concurrent.atomic.AtomicLong();

        @Override
        public void onComputeStart(dev.cubed.runtime.ComputeStartEvent event) {
            total.addAndGet(event.plan().totalTasks());
        }

        @Override
        public void onOperationStart(dev.cubed.runtime.OperationStartEvent event) {
            skipped.addAndGet(event.tasksSkipped());
        }

        @Override
        public void onTaskEnd(dev.cubed.runtime.TaskEndEvent event) {
            ended.incrementAndGet();
        }

        long skipped() {
            return skipped.get();
        }

        String describe() {
            return (ended.get() + skipped.get()) + " of " + total.get() + " tasks";
        }
    }

    /** The baseline's Spec: the timed Spec on the baseline executor with the same number of workers. */
    Optional<Spec> baselineSpec(Spec timed) {
        String name = baseline != null ? baseline : timed.executor().equals("spark") ? "threads" : "none";
        if (name.equals("none")) {
            return Optional.empty();
        }
        if (name.equals(timed.executor())) {
            throw new IllegalArgumentException("--baseline " + name + " is the executor under test: name another one,"
                    + " or none");
        }
        int w = Executors.workers(timed.executor(), timed.executorOptions());
        return Optional.of(timed.toBuilder().executor(name).executorOptions(Map.of("workers", String.valueOf(w))).build());
    }

    /** Whether two runs' results are identical: the same doubles bit for bit, or the same stored shape, chunks and bytes. */
    static boolean sameResult(Object a, Object b) {
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            return Arrays.equals((long[]) x.get("shape"), (long[]) y.get("shape"))
                    && Arrays.equals((int[]) x.get("chunks"), (int[]) y.get("chunks"))
                    && java.util.Objects.equals(x.get("sha256"), y.get("sha256"));
        }
        // Double.equals compares the bits
        return java.util.Objects.equals(a, b);
    }

    /** Checks the arguments before anything is created, with what to change when they are wrong. */
    Spec cubedSpec(BenchWorkload workload) {
        if (n < 1) {
            throw new IllegalArgumentException("--n must be at least 1, got " + n);
        }
        try {
            Math.multiplyExact(Math.multiplyExact(n, n), 8L); // the array's bytes must be countable
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("--n " + n + " is too large: an N x N float64 array of it has more than"
                    + " 2^63 bytes; the largest --n is " + (long) Math.sqrt(Long.MAX_VALUE / 8.0));
        }
        if (chunk < 1 || chunk > n) {
            throw new IllegalArgumentException("--chunk must be between 1 and --n (" + n + "), got " + chunk);
        }
        if (workload == BenchWorkload.RECHUNK && n > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("rechunk needs chunks of N elements on one side; --n " + n + " is too large");
        }
        if (!ArrayMetadata.Codecs.NAMES.contains(codec)) {
            throw new IllegalArgumentException("--codec must be one of " + String.join(", ", ArrayMetadata.Codecs.NAMES)
                    + ", got " + codec);
        }
        if (repeat < 1) {
            throw new IllegalArgumentException("--repeat must be at least 1, got " + repeat);
        }
        if (workers != null && workers < 1) {
            throw new IllegalArgumentException("--workers must be at least 1, got " + workers);
        }
        Spec.Builder b = Spec.builder().executor(executor).allowedMem(allowedMem).reservedMem(reservedMem);
        if (workers != null) {
            b.executorOption("workers", workers);
        }
        if (executor.equals(LambdaExecutor.NAME)) {
            lambdaOptions(b);
        } else if (function != null || region != null) {
            throw new IllegalArgumentException("--function and --region are for --executor lambda");
        }
        b.executorOptions(executorOptions);
        Spec s = b.build();
        int w = Executors.workers(s.executor(), s.executorOptions()); // unknown executor names fail here
        long machine = machineMemory();
        if (!s.executor().equals("lambda") && machine > 0 && s.allowedMem() * w > machine) {
            throw new IllegalArgumentException("--allowed-mem " + MemorySize.format(s.allowedMem()) + " x " + w
                    + " workers = " + MemorySize.format(s.allowedMem() * w) + " is more than this machine's memory ("
                    + MemorySize.format(machine) + "): lower --allowed-mem or --workers");
        }
        return s;
    }

    /**
     * The Lambda executor's settings: the function, and the region and Lambda endpoint from the options
     * or the standard variables this command was given ({@code cubed local-lambda} prints them).
     */
    private void lambdaOptions(Spec.Builder b) {
        if (function == null || function.isBlank()) {
            throw new IllegalArgumentException("--executor lambda needs --function NAME: the worker function (the"
                    + " stack's InvokeTarget output after infra/deploy.sh, or cubed-worker for cubed local-lambda)");
        }
        if (workDir == null || !workDir.startsWith("s3://")) {
            throw new IllegalArgumentException("--executor lambda needs --work-dir s3://BUCKET/PREFIX (the stack's WorkDir"
                    + " output, or s3://cubed-work/cubed for cubed local-lambda): Lambda cannot reach "
                    + (workDir == null ? "a local temporary directory" : workDir));
        }
        AwsSettings aws = new AwsSettings(environment, region);
        b.executorOption("function", function);
        if (aws.region() != null) {
            b.executorOption("region", aws.region());
        }
        aws.lambdaEndpoint().ifPresent(e -> b.executorOption("endpoint", e));
    }

    private static boolean isLambda(Spec s) {
        return s.executor().equals(LambdaExecutor.NAME);
    }

    Measurement run(BenchWorkload workload, Spec cubedSpec, String base, TaskCount progress, CommandInterruption stop)
            throws IOException {
        PeakMemoryTracker peak = new PeakMemoryTracker(isLambda(cubedSpec));
        MemoryWarningCallback warnings = new MemoryWarningCallback();
        // s3:// work dirs reach S3 with the settings this command was given (AWS_ENDPOINT_URL_S3, keys, region)
        Storage storage = cubedSpec.workDir().startsWith("s3://") ? new AwsSettings(environment, region).storage()
                : Storage.defaults();
        try (storage; Cubed cb = Cubed.session(cubedSpec, storage)) {
            try {
                return measure(cb, workload, cubedSpec, base, peak, warnings, progress);
            } finally {
                stop.beforeCleanup();
                if (!keep) {
                    cb.storage().open(cubedSpec.workDir()).deletePrefix("");
                    if (cubedSpec.workDir().startsWith("file:")) {
                        Files.deleteIfExists(Path.of(java.net.URI.create(cubedSpec.workDir())));
                    }
                }
            }
        }
    }

    private Measurement measure(Cubed cb, BenchWorkload workload, Spec cubedSpec, String base, PeakMemoryTracker peak,
                                MemoryWarningCallback warnings, TaskCount progress) {
        String runDir = cubedSpec.workDir();
        long[] shape = {n, n};
        int[] inChunks = workload.inputChunks(n, chunk);
        List<LazyArray> random = new ArrayList<>();
        for (int i = 0; i < workload.inputs; i++) {
            random.add(cb.randomUniform(shape, inChunks, seed + i));
        }

        // every plan is built and checked before anything runs
        FinalizedPlan prep = null;
        List<LazyArray> timedInputs = random;
        if (inputs == Inputs.zarr) {
            List<dev.cubed.plan.ArrayNode> stored = new ArrayList<>();
            for (int i = 0; i < random.size(); i++) {
                stored.add(Blockwise.store(random.get(i).node(), target(runDir + "/inputs/in" + i + ".zarr")));
            }
            prep = Planner.finalizePlan(stored, cb.planSettings());
            prep.checkMemory();
            timedInputs = new ArrayList<>();
            for (ArrayRef ref : prep.outputs()) {
                timedInputs.add(cb.array(dev.cubed.plan.ArrayNode.of(ref)));
            }
        }
        String outUrl = runDir + "/out.zarr";
        timedPlan(cb, workload, timedInputs, outUrl).checkMemory();

        List<LambdaCostSummary> costs = new ArrayList<>();
        LambdaCostCallback cost = costs::add;
        List<Callback> callbacks = new ArrayList<>(List.of(peak, warnings, cost, progress));
        if (!json) {
            callbacks.add(ProgressBars.toStderr());
        }
        double prepSeconds = 0;
        if (prep != null) {
            long t0 = System.nanoTime();
            cb.run(prep, ComputeOptions.defaults().withResume(resume != null).withStaleOutputsRecomputed(recomputeStale).withCallbacks(callbacks.toArray(new Callback[0])));
            prepSeconds = (System.nanoTime() - t0) / 1e9;
        }
        if (history != null) {
            callbacks.add(HistoryCallback.builder().directory(history).build());
        }
        // timed: what compute() does, planning included
        List<Double> walls = new ArrayList<>();
        List<Double> cpus = new ArrayList<>();
        FinalizedPlan timed = null;
        Object result = null;
        double planSeconds = 0;
        double cpuSeconds = 0;
        LambdaCostSummary bestCost = null;
        for (int r = 0; r < repeat; r++) {
            costs.clear();
            if (timed != null) {
                // start each repeat from scratch: no output or intermediate left from the last one
                cb.storage().open(outUrl).deletePrefix("");
                cb.storage().open(timed.intermediateDir()).deletePrefix("");
            }
            long cpu0 = processCpuNanos();
            long t0 = System.nanoTime();
            timed = timedPlan(cb, workload, timedInputs, outUrl);
            double p = (System.nanoTime() - t0) / 1e9;
            // --resume: the first run continues the kept one; later repeats start from scratch
            cb.run(timed, ComputeOptions.defaults().withResume(resume != null && r == 0)
                    .withStaleOutputsRecomputed(recomputeStale).withCallbacks(callbacks.toArray(new Callback[0])));
            result = workload.stores() ? storedResult(cb.storage(), outUrl) : values(cb, timed, workload);
            double wall = (System.nanoTime() - t0) / 1e9;
            double cpu = (processCpuNanos() - cpu0) / 1e9;
            if (walls.isEmpty() || wall < walls.stream().mapToDouble(Double::doubleValue).min().getAsDouble()) {
                planSeconds = p;
                cpuSeconds = cpu;
                bestCost = costs.isEmpty() ? null : costs.get(costs.size() - 1);
            }
            walls.add(wall);
            cpus.add(cpu);
        }
        if (workload.stores()) {
            // after the timing: read back every stored object
            @SuppressWarnings("unchecked")
            Map<String, Object> stored = (Map<String, Object>) result;
            stored.put("sha256", storedDigest(cb.storage(), outUrl));
        }
        double best = walls.stream().mapToDouble(Double::doubleValue).min().getAsDouble();
        int w = Executors.workers(cubedSpec.executor(), cubedSpec.executorOptions());
        return new Measurement(workload, n, chunk, cubedSpec.executor(), w, inputs.name(), best, walls, cpus, cpuSeconds,
                prepSeconds,
                planSeconds, timed.totalTasks(), timed.maxProjectedMem(), cubedSpec.allowedMem(),
                peak.peakBytes() / 1e6, result, base, warnings.warnings(), timed.summary(), bestCost, progress.skipped(),
                peak.workerPeakBytes() < 0 ? -1 : peak.workerPeakBytes() / 1e6);
    }

    private StoreTarget target(String url) {
        return StoreTarget.of(url).withCodec(codec);
    }

    private static long machineMemory() {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getTotalMemorySize() : -1;
    }

    /** CPU time of the whole process (every thread, the GC's included), or -1 when the JVM cannot say. */
    static long processCpuNanos() {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        return -1;
    }

    private FinalizedPlan timedPlan(Cubed cb, BenchWorkload workload, List<LazyArray> in, String outUrl) {
        List<LazyArray> outputs = workload.outputs(in, n, chunk);
        if (workload.stores()) {
            return Planner.finalizePlan(List.of(Blockwise.store(outputs.get(0).node(), target(outUrl))),
                    cb.planSettings());
        }
        return cb.plan(outputs);
    }

    private static Object values(Cubed cb, FinalizedPlan plan, BenchWorkload workload) {
        TaskRunner reader = new TaskRunner(cb.taskContext());
        List<Double> r = new ArrayList<>();
        for (ArrayRef ref : plan.outputs()) {
            Value v = reader.readAll(ref);
            Block b = (Block) v;
            // sum: the scalar; quad-means: the mean of each mean vector
            double s = 0;
            for (int i = 0; i < b.size(); i++) {
                s += b.getDoubleAt(i);
            }
            r.add(workload == BenchWorkload.ADD_SUM ? s : s / b.size());
        }
        return workload == BenchWorkload.ADD_SUM ? r.get(0) : r;
    }

    /**
     * SHA-256 over the stored array's metadata and the names and bytes of its chunks, in name
     * order: equal only when the arrays are, whichever plan (and so fingerprint) wrote them.
     */
    static String storedDigest(Storage storage, String url) {
        dev.cubed.storage.Store store = storage.open(url);
        java.security.MessageDigest md;
        try {
            md = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
        // the metadata, less the fingerprint of the plan that wrote it (which names its work dir)
        ArrayMetadata meta = ZarrArray.open(store, "").metadata();
        com.fasterxml.jackson.databind.node.ObjectNode attrs = meta.attributes().deepCopy();
        attrs.remove(dev.cubed.plan.PlanFingerprint.ATTRIBUTE);
        md.update(meta.toBuilder().attributes(attrs).build().toJson().toString()
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        for (String key : new java.util.TreeSet<>(store.listSizes("").keySet())) {
            if (key.equals("zarr.json") || key.startsWith(".z")) {
                continue;
            }
            md.update(key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            md.update((byte) 0);
            java.nio.ByteBuffer bytes = store.get(key).orElseThrow(() -> new IllegalStateException(
                    "object " + key + " of " + url + " disappeared while it was read back"));
            md.update(bytes);
        }
        return java.util.HexFormat.of().formatHex(md.digest());
    }

    private static Map<String, Object> storedResult(Storage storage, String url) {
        ArrayMetadata m = ZarrArray.open(storage.open(url), "").metadata();
        Map<String, Object> r = new java.util.LinkedHashMap<>();
        r.put("shape", m.shape());
        r.put("chunks", m.chunks());
        return r;
    }

    private String json(Measurement m, Baseline b) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode o = mapper.createObjectNode();
        o.put("workload", m.workload().cliName);
        o.put("n", m.n());
        o.put("chunk", m.chunk());
        o.put("executor", m.executor());
        o.put("workers", m.workers());
        o.put("inputs", m.inputs());
        o.put("codec", codec);
        o.put("wall_s", round(m.wallSeconds(), 3));
        if (m.walls().size() > 1) {
            ArrayNode all = o.putArray("walls_s");
            m.walls().forEach(x -> all.add(round(x, 3)));
            ArrayNode cpu = o.putArray("cpus_s");
            m.cpus().forEach(x -> cpu.add(round(x, 3)));
        }
        o.put("cpu_s", round(m.cpuSeconds(), 3));
        o.put("plan_s", round(m.planSeconds(), 3));
        o.put("prep_s", round(m.prepSeconds(), 3));
        o.put("tasks", m.tasks());
        if (resume != null) {
            o.put("resumed_tasks_skipped", m.resumedTasks());
        }
        o.put("max_projected_mem", m.maxProjectedMem());
        o.put("peak_rss_mb", round(m.peakRssMb(), 1)); // this process
        if (m.workerPeakMb() >= 0) {
            o.put("worker_peak_mb", round(m.workerPeakMb(), 1));
        }
        o.set("result", mapper.valueToTree(m.result()));
        if (b != null) {
            ObjectNode bl = o.putObject("baseline");
            bl.put("executor", b.executor());
            bl.put("wall_s", round(b.wallSeconds(), 3));
            bl.put("same_result", b.sameResult());
            bl.put("overhead_per_task_ms", round(b.overheadPerTaskMillis(m), 2));
        }
        ArrayNode w = o.putArray("memory_warnings");
        m.warnings().forEach(w::add);
        LambdaCostSummary c = m.lambdaCost();
        if (c != null) {
            ObjectNode l = o.putObject("lambda");
            l.put("function", c.function());
            l.put("memory_mb", c.memoryMb());
            l.put("architecture", c.architecture());
            l.put("invocations", c.invocations());
            l.put("retries", c.retries());
            l.put("backups", c.backups());
            l.put("throttles", c.throttles());
            l.put("cold_starts", c.coldStarts());
            l.put("function_errors", c.functionErrors());
            l.put("billed_ms", c.billedMillis());
            l.put("gb_seconds", round(c.gbSeconds(), 3));
            l.put("estimated_usd", round(c.estimatedUsd(), 6));
        }
        return o.toString();
    }

    private void report(PrintWriter out, Measurement m, Baseline b, boolean temporary) {
        out.printf(Locale.ROOT, "cubed bench %s: %s%n", m.workload().cliName, m.workload().description);
        out.printf(Locale.ROOT, "  arrays     %d x %d float64 in %d x %d chunks, %s inputs (seed %d), stored with %s%n",
                m.n(), m.n(), m.chunk(), m.chunk(), m.inputs(), seed, codec);
        out.printf(Locale.ROOT, "  executor   %s, %d workers, allowed_mem %s per task%n", m.executor(), m.workers(),
                MemorySize.format(m.allowedMem()));
        out.printf(Locale.ROOT, "  work dir   %s%s%n", m.workDir(), temporary && !keep ? " (deleted after)" : "");
        if (resume != null) {
            out.printf(Locale.ROOT, "  resumed    %s: %d tasks skipped (their chunks were kept)%n", resume, m.resumedTasks());
        }
        out.printf(Locale.ROOT, "  plan%n");
        for (String line : m.planSummary().split("\n")) {
            out.printf(Locale.ROOT, "    %s%n", line);
        }
        if (m.inputs().equals("zarr")) {
            out.printf(Locale.ROOT, "  prep       %.2f s (inputs written to Zarr, not timed)%n", m.prepSeconds());
        }
        out.printf(Locale.ROOT, "  wall       %.3f s (planning %.3f s)%s%n", m.wallSeconds(), m.planSeconds(),
                m.walls().size() > 1 ? ", fastest of " + m.walls().size() + " runs: " + m.walls() : "");
        out.printf(Locale.ROOT, "  cpu        %.3f s (process CPU time of that run, all threads)%n", m.cpuSeconds());
        out.printf(Locale.ROOT, "  result     %s%n", describe(m.result()));
        if (m.workerPeakMb() >= 0) {
            // the tasks ran on Lambda: their memory is the workers', this process only sent them
            out.printf(Locale.ROOT, "  peak mem   %.0f MB (largest task, as the Lambda workers measured it);"
                    + " this client's peak RSS %.0f MB%n", m.workerPeakMb(), m.peakRssMb());
        } else {
            out.printf(Locale.ROOT, "  peak RSS   %.0f MB (whole process)%n", m.peakRssMb());
        }
        if (b != null) {
            out.printf(Locale.ROOT, "  baseline   %s, wall %.3f s, result %s; overhead per task %.2f ms ((wall - baseline"
                            + " wall) x workers / tasks)%n", b.executor(), b.wallSeconds(),
                    b.sameResult() ? "identical bit for bit" : "DIFFERENT", b.overheadPerTaskMillis(m));
        }
        if (m.lambdaCost() != null) {
            String[] lines = m.lambdaCost().format().split("\n");
            out.printf(Locale.ROOT, "  lambda     %s%n", lines[0].replaceFirst("^Lambda ", ""));
            for (int i = 1; i < lines.length; i++) {
                out.printf(Locale.ROOT, "           %s%n", lines[i]);
            }
        }
        for (String w : m.warnings()) {
            out.printf(Locale.ROOT, "  warning    %s%n", w);
        }
    }

    private static String describe(Object result) {
        if (result instanceof Map<?, ?> map) {
            return "stored, shape " + Arrays.toString((long[]) map.get("shape")) + ", chunks "
                    + Arrays.toString((int[]) map.get("chunks"))
                    + (map.containsKey("sha256") ? ", sha256 " + map.get("sha256") : "");
        }
        return String.valueOf(result);
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    private static String runId() {
        return Long.toHexString(new SecureRandom().nextLong() & Long.MAX_VALUE);
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
