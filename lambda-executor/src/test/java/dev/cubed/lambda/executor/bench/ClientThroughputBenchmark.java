package dev.cubed.lambda.executor.bench;

import dev.cubed.array.ComputeOptions;
import dev.cubed.array.Cubed;
import dev.cubed.array.LazyArray;
import dev.cubed.array.Spec;
import dev.cubed.block.DataType;
import dev.cubed.lambda.executor.LambdaCostCallback;
import dev.cubed.lambda.executor.LambdaCostSummary;
import dev.cubed.lambda.executor.LambdaExecutor;
import dev.cubed.plan.FinalizedPlan;
import dev.cubed.task.TaskJson;
import dev.cubed.task.TaskMessages;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the Lambda executor costs the client per task: a plan of N tiny tasks run through the executor
 * (engine, message encoding, the SDK's Netty client, reply decoding, events) against
 * {@link StubLambdaServer}, which answers every invocation at once from another JVM, so that this
 * process's CPU time is the client's alone. Reports invocations per second and client CPU per task.
 *
 * <pre>{@code
 * mvn -B -q -pl lambda-executor -am verify -Pclient-bench -DskipTests \
 *     -Dbench.args="TASKS IN_FLIGHT ROUNDS [option=value ...]"
 * }</pre>
 * Extra arguments are executor options (for example {@code event-loop-threads=2} or {@code batch-size=4}).
 */
public final class ClientThroughputBenchmark {
    private ClientThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int tasks = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int inFlight = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        List<String> extra = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            extra.add(args[i]);
        }
        // the executor reads credentials from the standard chain; the stub checks none
        System.setProperty("aws.accessKeyId", "bench");
        System.setProperty("aws.secretAccessKey", "bench");

        Process stub = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), StubLambdaServer.class.getName(), "0")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(stub.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            if (line == null || !line.startsWith("listening on ")) {
                throw new IllegalStateException("the stub server did not start: " + line);
            }
            int port = Integer.parseInt(line.substring("listening on ".length()).trim());
            System.out.printf(Locale.ROOT, "Lambda executor client benchmark, %s: %d cores, Java %s (%s), %d tasks per"
                            + " round, %d in flight, options %s; stub Invoke API in another JVM on port %d%n",
                    LocalDate.now(), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                    System.getProperty("java.vm.name"), tasks, inFlight, extra, port);
            for (int r = 1; r <= rounds; r++) {
                round(r, tasks, inFlight, port, extra);
            }
        } finally {
            stub.getOutputStream().close();
            stub.waitFor();
        }
    }

    private static void round(int round, int tasks, int inFlight, int port, List<String> extra) {
        Spec.Builder b = Spec.builder().executor(LambdaExecutor.NAME).executorOption("function", "bench")
                .executorOption("endpoint", "http://127.0.0.1:" + port).executorOption("region", "us-east-1")
                .executorOption("in-flight", inFlight).workDir("s3://bench-bucket/work").allowedMem("1GB")
                .reservedMem("100MB");
        for (String e : extra) {
            int eq = e.indexOf('=');
            b.executorOption(e.substring(0, eq), e.substring(eq + 1));
        }
        LambdaCostSummary[] cost = new LambdaCostSummary[1];
        LambdaCostCallback callback = s -> cost[0] = s;
        try (Cubed cb = Cubed.session(b.build())) {
            LazyArray x = cb.zeros(new long[] {tasks}, new int[] {1}, DataType.INT64).add(1);
            FinalizedPlan plan = cb.plan(List.of(x));
            if (round == 1) {
                TaskJson json = new TaskJson();
                System.out.printf(Locale.ROOT, "task message: %d bytes (the operation's spec inline)%n",
                        TaskMessages.builder().storage(cb.storage()).workDir("s3://bench-bucket/work").json(json).build()
                                .prepare(plan.operations().get(1).spec()).encode(List.of(new long[] {0})).length);
            }
            long cpu0 = processCpuNanos();
            long gc0 = gcMillis();
            long t0 = System.nanoTime();
            cb.run(plan, ComputeOptions.defaults().withCallbacks(callback));
            double wall = (System.nanoTime() - t0) / 1e9;
            double cpuMs = (processCpuNanos() - cpu0) / 1e6;
            long gc = gcMillis() - gc0;
            long n = plan.totalTasks();
            if (cost[0].invocations() != n || cost[0].tasks() != n) {
                throw new IllegalStateException("expected " + n + " invocations, got " + cost[0]);
            }
            System.out.printf(Locale.ROOT, "round %d: %,d tasks in %.2f s = %,.0f invocations/s; client CPU %.0f ms ="
                            + " %.3f ms per task (%.2f cores busy), GC %d ms; throttled %d%n", round, n, wall, n / wall,
                    cpuMs, cpuMs / n, cpuMs / 1000 / wall, gc, cost[0].throttles());
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static long gcMillis() {
        long t = 0;
        for (GarbageCollectorMXBean g : ManagementFactory.getGarbageCollectorMXBeans()) {
            t += Math.max(0, g.getCollectionTime());
        }
        return t;
    }
}
