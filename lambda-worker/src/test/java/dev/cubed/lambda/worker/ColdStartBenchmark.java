package dev.cubed.lambda.worker;

import dev.cubed.array.Cubed;
import dev.cubed.array.LazyArray;
import dev.cubed.array.Spec;
import dev.cubed.block.Block;
import dev.cubed.block.DataType;
import dev.cubed.infra.WorkerFunction;
import dev.cubed.lambda.executor.WorkerInvocation;
import dev.cubed.kernel.KernelRegistry;
import dev.cubed.lambda.local.LocalAwsEnvironment;
import dev.cubed.plan.FinalizedPlan;
import dev.cubed.storage.Storage;
import dev.cubed.storage.zarr.ArrayMetadata;
import dev.cubed.storage.zarr.ZarrArray;
import dev.cubed.task.AllowedLocations;
import dev.cubed.task.PreparedOperation;
import dev.cubed.task.TaskContext;
import dev.cubed.task.TaskJson;
import dev.cubed.task.TaskMessages;
import dev.cubed.task.TaskRunner;
import dev.cubed.task.TaskStats;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cold and warm start of the packaged worker in a local Lambda (real runtime interface client,
 * real S3 requests to s3proxy), for a small task: read one 32x32 float64 chunk of a stored
 * array, add one, write the chunk.
 * <ul>
 *   <li>cold: each round a new local Lambda; the first invocation starts the JVM. Reported: the
 *       invoke's wall time, and from the invoke being sent to the task's end as the worker
 *       timed it (JVM start to first task finished), the runtime's Init Duration, and the
 *       task's own duration;</li>
 *   <li>warm: then further invocations of the same environment.</li>
 * </ul>
 * Variants: the template's {@code JAVA_TOOL_OPTIONS}; the same with C1 only; or, given flags on
 * the command line, the template's plus those flags. Besides wall times, the worker's own log line
 * gives the CPU time its JVM (all threads: JIT, GC) had spent when the first invocation ended,
 * which depends less on what else the machine is running.
 * Run: {@code mvn -B -q -pl lambda-worker -am verify -Pworker-bench -DskipTests -DskipITs
 * -Dbench.args="rounds warmCalls [extra JVM flags]"}.
 */
public final class ColdStartBenchmark {
    private static final Pattern INIT = Pattern.compile("Init Duration: ([0-9.]+) ms");
    private static final Pattern COLD_SUMMARY = Pattern.compile(
            "first invocation done ([0-9]+) ms after JVM start, process CPU ([0-9]+) ms \\(JIT compiler threads ([0-9]+)"
                    + " ms, GC and VM ([0-9]+) ms, other threads ([0-9]+) ms\\)");

    private ColdStartBenchmark() {
    }

    /** A worker configuration to measure: extra JVM flags and environment variables. */
    private record Variant(String name, String extraJvmFlags, Map<String, String> env) {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int warmCalls = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        List<Variant> variants = new ArrayList<>(List.of(
                new Variant("template", "", Map.of()),
                new Variant("template + TieredStopAtLevel=1", "-XX:TieredStopAtLevel=1", Map.of())));
        if (args.length > 2) {
            variants = List.of(new Variant("template + " + String.join(" ", Arrays.copyOfRange(args, 2, args.length)),
                    String.join(" ", Arrays.copyOfRange(args, 2, args.length)), Map.of()));
        }
        Path zip = Path.of(System.getProperty("cubed.workerZip", "lambda-worker/target/cubed-lambda-worker.zip"))
                .toAbsolutePath();
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException(zip + " is missing: mvn -pl lambda-worker -am package -DskipTests");
        }
        System.out.printf(Locale.ROOT, "worker cold/warm start, %s, %d cores, %s %s, Java %s, zip %.1f MB,"
                        + " load average at start %s%ntemplate JAVA_TOOL_OPTIONS=%s%n", LocalDate.now(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                System.getProperty("os.arch"), System.getProperty("java.version"), Files.size(zip) / 1e6,
                loadAverage(), WorkerFunction.JAVA_TOOL_OPTIONS);

        round(zip, variants.get(0), 1, new Samples(), new Samples()); // untimed: warms this JVM and the disk cache
        Map<Variant, Samples> cold = new LinkedHashMap<>();
        Map<Variant, Samples> warm = new LinkedHashMap<>();
        variants.forEach(v -> {
            cold.put(v, new Samples());
            warm.put(v, new Samples());
        });
        // variants interleaved, so that the load of other processes falls on each alike
        for (int r = 0; r < rounds; r++) {
            for (Variant v : variants) {
                round(zip, v, r == rounds - 1 ? warmCalls : 0, cold.get(v), warm.get(v));
            }
        }
        for (Variant v : variants) {
            System.out.printf(Locale.ROOT, "%s%n  cold:%n", v.name());
            cold.get(v).print();
            System.out.printf(Locale.ROOT, "  warm:%n");
            warm.get(v).print();
        }
        System.out.printf(Locale.ROOT, "load average at end: %s%n", loadAverage());
    }

    private static String loadAverage() throws IOException {
        Path p = Path.of("/proc/loadavg");
        return Files.exists(p) ? Files.readString(p).trim() : "?";
    }

    private static void round(Path zip, Variant variant, int warmCalls, Samples cold, Samples warm)
            throws IOException {
        String options = (WorkerFunction.JAVA_TOOL_OPTIONS + " " + variant.extraJvmFlags()).trim();
        Path logs = Files.createTempDirectory("worker-bench-logs");
        String bucket = "bench";
        try (LocalAwsEnvironment aws = LocalAwsEnvironment.builder().bucket(bucket)
                .function(WorkerFunction.local("worker", zip, bucket)
                        .environmentVariable("JAVA_TOOL_OPTIONS", options).environment(variant.env()).build())
                .lambda(l -> l.logDirectory(logs))
                .build().start()) {
            var s = aws.settings();
            StaticCredentialsProvider credentials = StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(s.accessKeyId(), s.secretAccessKey()));
            try (Storage storage = Storage.builder().endpointOverride(s.s3Endpoint()).pathStyle(true)
                         .region(s.region()).credentialsProvider(credentials).build();
                 LambdaClient lambda = LambdaClient.builder().endpointOverride(s.lambdaEndpoint())
                         .region(Region.of(s.region())).credentialsProvider(credentials)
                         .httpClient(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(60)).build())
                         .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
                 Cubed cb = Cubed.session(Spec.builder().workDir("s3://" + bucket + "/cubed").build(), storage)) {
                String url = "s3://" + bucket + "/input";
                ArrayMetadata meta = ArrayMetadata.builder().shape(new long[] {128, 128}).chunks(new int[] {32, 32})
                        .dataType(DataType.FLOAT64).fillValue(0).build();
                double[] v = new double[128 * 128];
                Arrays.setAll(v, i -> i);
                ZarrArray.create(storage.open(url), "", meta).write(new long[2], Block.of(v, 128, 128));
                LazyArray x = cb.fromZarr(url);
                FinalizedPlan plan = cb.plan(List.of(x.add(1)));
                // the output's metadata is written here, so the worker's first invocation is the compute task
                TaskRunner local = new TaskRunner(new TaskContext(storage, KernelRegistry.load(),
                        AllowedLocations.anywhere()));
                local.run(plan.operations().get(0).spec(), new long[] {0});
                TaskJson json = new TaskJson();
                PreparedOperation op = TaskMessages.builder().storage(storage).workDir("s3://" + bucket + "/cubed")
                        .json(json).build().prepare(plan.operations().get(1).spec());

                long sent = System.currentTimeMillis();
                WorkerInvocation first = WorkerInvocation.invoke(lambda, "worker", op.encode(List.of(new long[] {0, 0})),
                        json);
                check(first);
                TaskStats t = first.reply().results().get(0);
                cold.add("invoke", first.millis());
                cold.add("JVM start to task end", t.functionEndMillis() - sent);
                cold.add("init duration", initDuration(first.logTail()));
                Matcher summary = COLD_SUMMARY.matcher(first.logTail());
                if (summary.find()) {
                    cold.add("JVM uptime at invocation end", Double.parseDouble(summary.group(1)));
                    cold.add("JVM CPU time then", Double.parseDouble(summary.group(2)));
                    cold.add("  of which JIT threads", Double.parseDouble(summary.group(3)));
                    cold.add("  of which GC and VM", Double.parseDouble(summary.group(4)));
                    cold.add("  of which other threads", Double.parseDouble(summary.group(5)));
                }
                cold.add("task", t.functionEndMillis() - t.functionStartMillis());
                for (int i = 0; i < warmCalls; i++) {
                    long[] chunk = {(i / 4) % 4, i % 4};
                    WorkerInvocation inv = WorkerInvocation.invoke(lambda, "worker", op.encode(List.of(chunk)), json);
                    check(inv);
                    TaskStats ts = inv.reply().results().get(0);
                    warm.add("invoke", inv.millis());
                    warm.add("task", ts.functionEndMillis() - ts.functionStartMillis());
                }
                if (warmCalls > 0) {
                    // larger tasks, where compiled code matters: a 1024x1024 elementwise chunk, a 512^3 matmul
                    LazyArray big = stored(storage, cb, "s3://" + bucket + "/big", 1024, 1024);
                    heavy(lambda, storage, cb, json, bucket, big.multiply(2).add(1), "elementwise 1024x1024 task",
                            warm);
                    LazyArray m = stored(storage, cb, "s3://" + bucket + "/m", 512, 512);
                    heavy(lambda, storage, cb, json, bucket, m.matmul(m), "matmul 512x512x512 task", warm);
                }
            }
        }
    }

    private static LazyArray stored(Storage storage, Cubed cb, String url, int rows, int cols) {
        ArrayMetadata meta = ArrayMetadata.builder().shape(new long[] {rows, cols}).chunks(new int[] {rows, cols})
                .dataType(DataType.FLOAT64).fillValue(0).build();
        double[] v = new double[rows * cols];
        Arrays.setAll(v, i -> (i % 1000) * 0.001);
        ZarrArray.create(storage.open(url), "", meta).write(new long[2], Block.of(v, rows, cols));
        return cb.fromZarr(url);
    }

    /** Runs the one-task plan of {@code x} eight times on the warm worker; records the last five task times. */
    private static void heavy(LambdaClient lambda, Storage storage, Cubed cb, TaskJson json, String bucket, LazyArray x,
                              String name, Samples warm) {
        FinalizedPlan plan = cb.plan(List.of(x));
        TaskMessages messages = TaskMessages.builder().storage(storage).workDir("s3://" + bucket + "/cubed").json(json)
                .build();
        check(WorkerInvocation.invoke(lambda, "worker", messages.prepare(plan.operations().get(0).spec())
                .encode(List.of(new long[] {0})), json));
        PreparedOperation op = messages.prepare(plan.operations().get(plan.operations().size() - 1).spec());
        for (int i = 0; i < 8; i++) {
            WorkerInvocation inv = WorkerInvocation.invoke(lambda, "worker", op.encode(List.of(new long[] {0, 0})), json);
            check(inv);
            TaskStats t = inv.reply().results().get(0);
            if (i >= 3) {
                warm.add(name, t.functionEndMillis() - t.functionStartMillis());
            }
        }
    }

    private static void check(WorkerInvocation inv) {
        if (inv.failed()) {
            throw new IllegalStateException(inv.errorType() + ": " + inv.errorMessage() + "\n" + inv.logTail());
        }
    }

    private static double initDuration(String tail) {
        Matcher m = INIT.matcher(tail);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    /** Named series of milliseconds. */
    private static final class Samples {
        private final List<String> names = new ArrayList<>();
        private final List<List<Double>> values = new ArrayList<>();

        void add(String name, double millis) {
            int i = names.indexOf(name);
            if (i < 0) {
                names.add(name);
                values.add(new ArrayList<>());
                i = names.size() - 1;
            }
            values.get(i).add(millis);
        }

        void print() {
            for (int i = 0; i < names.size(); i++) {
                double[] v = values.get(i).stream().mapToDouble(Double::doubleValue).sorted().toArray();
                System.out.printf(Locale.ROOT, "    %-26s n=%-4d median %7.1f ms  p90 %7.1f ms  min %7.1f ms  max %7.1f ms%n",
                        names.get(i), v.length, pct(v, 0.5), pct(v, 0.9), v[0], v[v.length - 1]);
            }
        }

        private static double pct(double[] sorted, double q) {
            int i = (int) Math.ceil(q * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
        }
    }
}
