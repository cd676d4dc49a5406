package dev.cubed.it;

import dev.cubed.array.ComputeOptions;
import dev.cubed.array.Cubed;
import dev.cubed.array.LazyArray;
import dev.cubed.array.Spec;
import dev.cubed.block.Block;
import dev.cubed.block.DataType;
import dev.cubed.kernel.testing.FaultInjectionKernels;
import dev.cubed.lambda.executor.LambdaCostCallback;
import dev.cubed.lambda.executor.LambdaCostSummary;
import dev.cubed.lambda.executor.LambdaExecutor;
import dev.cubed.lambda.executor.PermanentWorkerFailure;
import dev.cubed.plan.FinalizedPlan;
import dev.cubed.plan.PlannedOperation;
import dev.cubed.primitive.ComputeSpec;
import dev.cubed.runtime.OperationEndEvent;
import dev.cubed.runtime.OperationStartEvent;
import dev.cubed.runtime.TaskEndEvent;
import dev.cubed.storage.zarr.ZarrArray;
import dev.cubed.task.TaskMessages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Lambda executor end to end, through the real worker package: computations planned here and
 * run as invocations of the deployed worker, their results compared with the threads executor's;
 * faults injected into the worker (exceptions, crashes, the function's own timeout, heap
 * exhaustion, stragglers) with exact invocation counts per input from the fault kernel's counters;
 * throttling; the memory guarantee; and a client killed mid-operation and resumed. The same bodies
 * run against each {@link LambdaBackend}: the local Lambda here, LocalStack where Docker is
 * available.
 */
abstract class LambdaExecutorEndToEndTests {

    @TempDir
    Path tmp;

    /** The backend the subclass runs against. */
    protected abstract LambdaBackend backend();

    /** Whether the backend's log tails end with Lambda's REPORT line (billed duration). */
    protected boolean reportsBilledDuration() {
        return true;
    }

    /** A session whose Spec runs on {@code function} with these extra executor options. */
    protected Cubed lambdaSession(String function, String workDir, Map<String, ?> options) {
        return Cubed.session(lambdaSpec(function, workDir, options).build(), backend().storage());
    }

    protected Spec.Builder lambdaSpec(String function, String workDir, Map<String, ?> options) {
        return Spec.builder().executor(LambdaExecutor.NAME).executorOptions(backend().executorOptions(function))
                .executorOptions(options).workDir(workDir).allowedMem("400MB").reservedMem("50MB");
    }

    private String counter(String label) {
        return "s3://" + LambdaBackend.BUCKET + "/it-counters/" + label + "-" + UUID.randomUUID();
    }

    /** The fault kernel over {@code n} inputs in chunks of one: input i computes chunk i, holding i. */
    private static LazyArray faults(Cubed cb, int n, String counter, Map<Long, List<Object>> timing, double seconds) {
        return cb.mapBlocks("testing.fault", FaultInjectionKernels.params(counter, timing, seconds), DataType.INT64,
                cb.zeros(new long[] {n}, new int[] {1}, DataType.INT64));
    }

    private static void assertValuesAreInputs(Block b, int n) {
        assertThat(b.shape()).containsExactly(n);
        for (int i = 0; i < n; i++) {
            assertThat(b.getLongAt(i)).as("element %d", i).isEqualTo(i);
        }
    }

    private static Map<Long, Integer> each(int n, int count) {
        Map<Long, Integer> m = new HashMap<>();
        for (long i = 0; i < n; i++) {
            m.put(i, count);
        }
        return m;
    }

    private static String faultOperation(FinalizedPlan plan) {
        for (PlannedOperation op : plan.operations()) {
            if (op.label().contains("testing.fault")) {
                return op.name();
            }
        }
        throw new AssertionError("no fault operation in\n" + plan.summary());
    }

    /** Every message of a failure and its causes. */
    private static String messages(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            sb.append(c).append('\n');
        }
        return sb.toString();
    }

    /** Records task ends, operation ends and the cost summary. */
    protected static final class Recorder implements LambdaCostCallback {
        final List<TaskEndEvent> taskEnds = new ArrayList<>();
        final List<OperationStartEvent> operationStarts = new ArrayList<>();
        final List<OperationEndEvent> operationEnds = new ArrayList<>();
        final List<LambdaCostSummary> costs = new ArrayList<>();

        @Override
        public void onTaskEnd(TaskEndEvent event) {
            taskEnds.add(event);
        }

        @Override
        public void onOperationStart(OperationStartEvent event) {
            operationStarts.add(event);
        }

        @Override
        public void onOperationEnd(OperationEndEvent event) {
            operationEnds.add(event);
        }

        @Override
        public void onLambdaCost(LambdaCostSummary summary) {
            costs.add(summary);
        }

        LambdaCostSummary cost() {
            assertThat(costs).as("one cost summary per computation").hasSize(1);
            return costs.get(0);
        }

        ComputeOptions options() {
            return ComputeOptions.defaults().withCallbacks(this);
        }

        List<TaskEndEvent> taskEnds(String operation) {
            return taskEnds.stream().filter(e -> e.operation().equals(operation)).toList();
        }
    }

    // ------------------------------------------------------------------ results

    /** The workloads of {@code cubed bench}, small: N x N float64 in C x C chunks. */
    enum Workload {
        ADD_SUM, ADD_STORE, QUAD_MEANS, RECHUNK, MATMUL;

        static final int N = 24;
        static final int C = 8;

        List<LazyArray> outputs(Cubed cb) {
            long[] shape = {N, N};
            int[] chunks = this == RECHUNK ? new int[] {C, N} : new int[] {C, C};
            LazyArray a = cb.randomUniform(shape, chunks, 42);
            LazyArray b = cb.randomUniform(shape, chunks, 43);
            switch (this) {
                case ADD_SUM:
                    return List.of(a.add(b).sum());
                case ADD_STORE:
                    return List.of(a.add(b));
                case QUAD_MEANS:
                    return List.of(a.multiply(a).mean(0), b.multiply(b).mean(0), a.multiply(b).mean(0));
                case RECHUNK:
                    return List.of(a.rechunk(N, C));
                case MATMUL:
                    return List.of(a.matmul(b));
                default:
                    throw new IllegalStateException(name());
            }
        }

        boolean stores() {
            return this == ADD_STORE || this == RECHUNK || this == MATMUL;
        }
    }

    @ParameterizedTest
    @EnumSource(Workload.class)
    void everyBenchWorkloadGivesTheThreadsExecutorsResult(Workload w) {
        List<Block> expected;
        Spec threads = Spec.builder().executor("threads").executorOption("workers", 2).workDir(tmp.resolve("threads"))
                .allowedMem("400MB").reservedMem("50MB").build();
        try (Cubed cb = Cubed.session(threads)) {
            expected = cb.compute(w.outputs(cb));
        }
        Recorder rec = new Recorder();
        String workDir = backend().newWorkDir("bench-" + w);
        List<Block> actual = new ArrayList<>();
        try (Cubed cb = lambdaSession(LambdaBackend.WORKER, workDir, Map.of("in-flight", 8))) {
            List<LazyArray> out = w.outputs(cb);
            if (w.stores()) {
                // stored by the worker, read back here: the Zarr array itself is the result
                String url = workDir + "/out.zarr";
                cb.toZarr(out.get(0), url, null, rec.options());
                ZarrArray z = ZarrArray.open(backend().storage().open(url), "");
                assertThat(z.metadata().shape()).containsExactly(Workload.N, Workload.N);
                actual.add(z.read(new long[2], new int[] {Workload.N, Workload.N}));
                if (w == Workload.RECHUNK) {
                    assertThat(z.metadata().chunks()).containsExactly(Workload.N, Workload.C);
                }
            } else {
                actual.addAll(cb.compute(out, rec.options()));
            }
        }
        assertThat(actual).hasSameSizeAs(expected);
        for (int k = 0; k < expected.size(); k++) {
            Block e = expected.get(k);
            Block a = actual.get(k);
            assertThat(a.shape()).isEqualTo(e.shape());
            for (int i = 0; i < e.size(); i++) {
                assertThat(a.getDoubleAt(i)).as("%s output %d element %d", w, k, i).isEqualTo(e.getDoubleAt(i));
            }
        }
        LambdaCostSummary cost = rec.cost();
        assertThat(cost.invocations()).as("one invocation per task, no failures").isEqualTo(cost.tasks())
                .isEqualTo(rec.taskEnds.size());
        assertThat(cost.functionErrors() + cost.retries()).isZero();
    }

    @Test
    void theCostSummaryCountsInvocationsBilledTimeAndTheWorkersMemory() {
        Recorder rec = new Recorder();
        try (Cubed cb = lambdaSession(LambdaBackend.WORKER, backend().newWorkDir("cost"), Map.of("in-flight", 4))) {
            LazyArray a = cb.ones(new long[] {20, 20}, new int[] {5, 5});
            Block sum = cb.compute(List.of(a.add(a).sum()), rec.options()).get(0);
            assertThat(sum.getDoubleAt(0)).isEqualTo(800.0);
        }
        LambdaCostSummary cost = rec.cost();
        assertThat(cost.invocations()).isEqualTo(rec.taskEnds.size()).isEqualTo(cost.tasks());
        assertThat(cost.memoryMb()).isEqualTo(LambdaBackend.MEMORY_MB);
        assertThat(cost.billedMillis()).isPositive();
        assertThat(cost.gbSeconds()).isPositive();
        assertThat(cost.estimatedUsd()).isPositive();
        for (TaskEndEvent e : rec.taskEnds) {
            assertThat(e.peakMemEnd()).as("the worker's measured peak memory, %s", e).isPositive();
            assertThat(e.extras()).containsKeys("cold_start", "invoke_ms", "request_id", "chunks_written");
            if (reportsBilledDuration()) {
                assertThat(e.extras()).containsKeys("billed_ms", "max_memory_used_mb");
            }
        }
        if (reportsBilledDuration()) {
            assertThat(cost.reportedInvocations()).as("billed durations from REPORT lines").isEqualTo(cost.invocations());
        }
    }

    // ------------------------------------------------------------------ faults

    @Test
    void exceptionsCrashesTimeoutsAndHeapExhaustionAreRetried() {
        String counter = counter("faults");
        Map<Long, List<Object>> timing = Map.of(
                0L, List.of(-0.01),                                              // the kernel throws
                1L, List.of("exit:3"),                                           // the worker's JVM exits
                2L, List.of(LambdaBackend.FAULTS_TIMEOUT.toSeconds() + 10.0),     // past the function's timeout
                3L, List.of("oom"));                                             // the heap runs out
        Recorder rec = new Recorder();
        long t0 = System.nanoTime();
        String op;
        Map<Long, Integer> invoked;
        try (Cubed cb = lambdaSession(LambdaBackend.FAULTS, backend().newWorkDir("faults"),
                Map.of("in-flight", 6, "backups", false))) {
            LazyArray x = faults(cb, 6, counter, timing, 0.01);
            op = faultOperation(x.plan());
            Block out = x.compute(rec.options());
            assertValuesAreInputs(out, 6);
            invoked = FaultInjectionKernels.invocations(cb.storage(), counter);
            assertThat(invoked).containsOnlyKeys(0L, 1L, 2L, 3L, 4L, 5L).containsEntry(4L, 1).containsEntry(5L, 1);
            // each fault failed its first attempt and was retried (the default allows two retries):
            // usually the second attempt succeeds, but an attempt that lands in an environment still
            // being replaced after a crash or a timeout can fail once more (seen under load)
            for (long input = 0; input < 4; input++) {
                assertThat(invoked.get(input)).as("invocations of faulty input %d", input).isBetween(2, 3);
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        LambdaCostSummary cost = rec.cost();
        // one function error and one retry per fault (exception, exit, timeout, out of memory), and at
        // most one more of each per faulty input (see above)
        assertThat(cost.functionErrors()).as("function errors").isBetween(4L, 8L);
        assertThat(cost.retries()).as("retries").isBetween(4L, 8L).isGreaterThanOrEqualTo(cost.functionErrors());
        assertThat(cost.abandoned()).as("the function's own timeout ended input 2, not the client's deadline").isZero();
        assertThat(took).as("Lambda's timeout (%s) came long before the client's deadline", LambdaBackend.FAULTS_TIMEOUT)
                .isGreaterThanOrEqualTo(LambdaBackend.FAULTS_TIMEOUT).isLessThan(Duration.ofSeconds(35));
        for (TaskEndEvent e : rec.taskEnds(op)) {
            if (e.coords()[0] <= 3) {
                assertThat(e.attempts()).as("%s", e).isBetween(2, 3);
            } else {
                assertThat(e.attempts()).as("%s", e).isEqualTo(1);
            }
        }
    }

    @Test
    void tooManyCrashesEndWithAnErrorNamingOperationChunkErrorTypeMessageAndLogTail() {
        String counter = counter("crashes");
        try (Cubed cb = lambdaSession(LambdaBackend.FAULTS, backend().newWorkDir("crashes"), Map.of("retries", 2))) {
            LazyArray x = faults(cb, 3, counter, Map.of(1L, List.of("exit:3", "exit:3", "exit:3")), 0.01);
            String op = faultOperation(x.plan());
            assertThatThrownBy(x::compute).satisfies(e -> {
                String all = messages(e);
                assertThat(all).contains(op).contains("chunk [1]").contains("failed after 3 attempts")
                        .contains("Runtime.ExitError").contains("exit status 3").contains("log tail:");
                // the tail's last line is Lambda's REPORT (local Lambda and AWS)
                if (reportsBilledDuration()) {
                    assertThat(all).contains("REPORT RequestId:");
                }
            });
            assertThat(FaultInjectionKernels.invocations(cb.storage(), counter, 1)).isEqualTo(3);
        }
    }

    @Test
    void tooManyExceptionsEndWithTheWorkersMessage() {
        String counter = counter("exceptions");
        try (Cubed cb = lambdaSession(LambdaBackend.FAULTS, backend().newWorkDir("exceptions"), Map.of("retries", 1))) {
            LazyArray x = faults(cb, 3, counter, Map.of(2L, List.of(-0.01, -0.01)), 0.01);
            String op = faultOperation(x.plan());
            assertThatThrownBy(x::compute).satisfies(e -> assertThat(messages(e)).contains(op).contains("chunk [2]")
                    .contains("dev.cubed.task.TaskRunException")
                    .contains("injected failure of input 2 on invocation 2").contains("log tail:"));
            assertThat(FaultInjectionKernels.invocations(cb.storage(), counter, 2)).isEqualTo(2);
        }
    }

    @Test
    void aPermanentFailureIsNotRetried() {
        String counter = counter("permanent");
        try (Cubed cb = lambdaSession(LambdaBackend.FAULTS, backend().newWorkDir("permanent"), Map.of())) {
            LazyArray x = faults(cb, 3, counter, Map.of(0L, List.of("refused")), 0.01);
            assertThatThrownBy(x::compute).satisfies(e -> {
                assertThat(messages(e)).contains("dev.cubed.task.PermanentTaskError").contains("refusing input 0");
                List<Throwable> causes = new ArrayList<>();
                for (Throwable c = e; c != null; c = c.getCause()) {
                    causes.add(c);
                }
                assertThat(causes).anyMatch(PermanentWorkerFailure.class::isInstance);
            });
            assertThat(FaultInjectionKernels.invocations(cb.storage(), counter, 0)).isEqualTo(1);
        }
    }

    /**
     * Starts {@code n} execution environments of {@code function} (n tasks of a second each, all at once), so
     * that a test's task durations are warm ones: the backup rule compares them.
     */
    private void warmUp(String function, int n) {
        Map<Long, List<Object>> timing = new HashMap<>();
        for (long i = 0; i < n; i++) {
            timing.put(i, List.of(1.0));
        }
        try (Cubed cb = lambdaSession(function, backend().newWorkDir("warm-up"), Map.of("in-flight", n, "backups", false))) {
            faults(cb, n, counter("warm-up"), timing, 0).compute();
        }
    }

    @Test
    void aStragglerGetsABackupInvocationByDefault() {
        warmUp(LambdaBackend.FAULTS, 6);
        String counter = counter("straggler");
        Recorder rec = new Recorder();
        long t0 = System.nanoTime();
        try (Cubed cb = lambdaSession(LambdaBackend.FAULTS, backend().newWorkDir("straggler"), Map.of("in-flight", 6))) {
            Block out = faults(cb, 12, counter, Map.of(0L, List.of(6.0)), 0.05).compute(rec.options());
            assertValuesAreInputs(out, 12);
            Map<Long, Integer> expected = each(12, 1);
            expected.put(0L, 2);
            assertThat(FaultInjectionKernels.invocations(cb.storage(), counter)).isEqualTo(expected);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("the backup finished the straggler's work")
                .isLessThan(Duration.ofSeconds(6));
        // the engine may also back up a task that was merely slow to start; only input 0's backup won
        assertThat(rec.cost().backups()).isPositive();
        assertThat(rec.taskEnds.stream().filter(TaskEndEvent::backupWon).map(e -> e.coords()[0])).containsExactly(0L);
    }

    @Test
    void throttlingIsNotATaskFailure() {
        String counter = counter("throttled");
        Recorder rec = new Recorder();
        int n = 24;
        try (Cubed cb = lambdaSession(LambdaBackend.THROTTLED, backend().newWorkDir("throttled"),
                Map.of("in-flight", 8, "retries", 0, "backups", false))) {
            LazyArray x = faults(cb, n, counter, Map.of(), 0.3);
            Block out = x.compute(rec.options());
            assertValuesAreInputs(out, n);
            assertThat(FaultInjectionKernels.invocations(cb.storage(), counter))
                    .as("with retries=0 any failure would have ended the run; every input ran once").isEqualTo(each(n, 1));
            OperationEndEvent end = rec.operationEnds.stream()
                    .filter(e -> e.operation().name().equals(faultOperation(x.plan()))).findFirst().orElseThrow();
            assertThat(end.summary().throttles()).isPositive();
            assertThat(end.summary().minConcurrency()).as("the engine lowered its in-flight target").isLessThan(8);
        }
        LambdaCostSummary cost = rec.cost();
        assertThat(cost.throttles()).as("%s", cost).isPositive();
        assertThat(cost.functionErrors() + cost.retries()).isZero();
        assertThat(cost.invocations()).as("throttled calls are not invocations").isEqualTo(n + 1);
    }

    @Test
    void aThousandTinyTasksAreAllAccountedFor() {
        String counter = counter("thousand");
        Recorder rec = new Recorder();
        int n = 1000;
        String op;
        long t0 = System.nanoTime();
        // backups off: with them, tasks slowed by cold starts may run twice, and every count here is exact
        try (Cubed cb = lambdaSession(LambdaBackend.FAULTS, backend().newWorkDir("thousand"),
                Map.of("in-flight", 16, "backups", false))) {
            LazyArray x = faults(cb, n, counter, Map.of(), 0);
            op = faultOperation(x.plan());
            assertValuesAreInputs(x.compute(rec.options()), n);
            Map<Long, Integer> counts = FaultInjectionKernels.invocations(cb.storage(), counter);
            assertThat(counts).as("inputs invoked").hasSize(n);
            assertThat(counts.entrySet()).as("inputs invoked more than once").allMatch(e -> e.getValue() == 1);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Set<Long> ended = new TreeSet<>();
        rec.taskEnds(op).forEach(e -> ended.add(e.coords()[0]));
        assertThat(rec.taskEnds(op)).as("one task end per task").hasSize(n);
        assertThat(ended).as("every chunk").hasSize(n);
        LambdaCostSummary cost = rec.cost();
        assertThat(cost.tasks()).isEqualTo(n + 1);
        assertThat(cost.invocations()).as("one invocation per task").isEqualTo(n + 1);
        System.out.printf(java.util.Locale.ROOT, "%s: %d tiny tasks in %.1f s (%.0f tasks/s)%n  %s%n", backend().name(),
                n, seconds, n / seconds, cost.format().replace("\n", "\n  "));
    }

    // ------------------------------------------------------------------ guarantees and options

    @Test
    void aMissingFunctionOrTooLittleMemoryOrTimeFailsBeforeAnyInvocation() {
        String counter = counter("memory");
        Spec spec = lambdaSpec(LambdaBackend.FAULTS, backend().newWorkDir("memory"), Map.of()).allowedMem("1GB").build();
        try (Cubed cb = Cubed.session(spec, backend().storage())) {
            LazyArray x = faults(cb, 3, counter, Map.of(), 0.01);
            assertThatThrownBy(x::compute)
                    .hasMessageStartingWith("Runtime memory (536.9 MB) is less than allowed_mem (1.0 GB)")
                    .hasMessageContaining("MemorySize");
            assertThat(FaultInjectionKernels.invocations(cb.storage(), counter)).as("no task ran").isEmpty();
        }
        try (Cubed cb = lambdaSession("no-such-worker", backend().newWorkDir("memory"), Map.of())) {
            LazyArray x = faults(cb, 3, counter, Map.of(), 0.01);
            assertThatThrownBy(x::compute).hasMessageContaining("no Lambda function no-such-worker in region")
                    .hasMessageContaining("check the executor options function and region");
        }
        long timeout = LambdaBackend.FAULTS_TIMEOUT.toSeconds() + 1;
        try (Cubed cb = lambdaSession(LambdaBackend.FAULTS, backend().newWorkDir("memory"), Map.of("timeout", timeout))) {
            LazyArray x = faults(cb, 3, counter, Map.of(), 0.01);
            assertThatThrownBy(x::compute).hasMessageContaining("(" + LambdaBackend.FAULTS_TIMEOUT.toSeconds()
                    + " s) is shorter than the task timeout (executor option timeout=" + timeout + " s)");
            assertThat(FaultInjectionKernels.invocations(cb.storage(), counter)).as("no task ran").isEmpty();
        }
    }

    @Test
    void specsOverTheInlineLimitTravelThroughTheWorkDir() {
        String workDir = backend().newWorkDir("by-reference");
        try (Cubed cb = lambdaSession(LambdaBackend.WORKER, workDir, Map.of("inline-limit", 0))) {
            LazyArray a = cb.arange(0, 40, 1, 8, DataType.INT64);
            Block total = a.multiply(3).sum().compute();
            assertThat(total.getLongAt(0)).isEqualTo(3L * 39 * 40 / 2);
        }
        assertThat(backend().storage().open(workDir + "/" + TaskMessages.SPEC_DIRECTORY).list(""))
                .as("specs written once per operation").isNotEmpty().allMatch(k -> k.endsWith(".json"));
    }

    @Test
    void batchedTasksShareInvocations() {
        String counter = counter("batched");
        Recorder rec = new Recorder();
        int n = 16;
        try (Cubed cb = lambdaSession(LambdaBackend.FAULTS, backend().newWorkDir("batched"),
                Map.of("batch-size", 4, "in-flight", 8, "backups", false))) {
            Block out = faults(cb, n, counter, Map.of(), 0.01).compute(rec.options());
            assertValuesAreInputs(out, n);
            assertThat(FaultInjectionKernels.invocations(cb.storage(), counter)).isEqualTo(each(n, 1));
        }
        LambdaCostSummary cost = rec.cost();
        assertThat(cost.tasks()).isEqualTo(n + 1);
        assertThat(cost.invocations()).as("%s", cost).isLessThan(n);
        assertThat(rec.taskEnds).anyMatch(e -> e.extras().containsKey("batch_size"));
    }

    // ------------------------------------------------------------------ resume

    @Test
    void aKilledClientResumesAndRunsOnlyTheMissingWork() throws Exception {
        String workDir = backend().newWorkDir("resume");
        String counter = counter("resume");
        Process child = startResumeClient(workDir, counter);
        Set<Long> doneAtKill;
        try (Cubed cb = lambdaSession(LambdaBackend.FAULTS, workDir, Map.of("in-flight", ResumeClient.IN_FLIGHT))) {
            LazyArray x = ResumeClient.build(cb, counter);
            FinalizedPlan plan = x.plan();
            String op = faultOperation(plan);
            ComputeSpec spec = (ComputeSpec) plan.operation(op).spec();
            try {
                long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                // kill once a third of the inputs have started: mid-operation
                while (FaultInjectionKernels.invocations(cb.storage(), counter).size() < ResumeClient.TASKS / 3) {
                    if (!child.isAlive()) {
                        throw new AssertionError("the client ended (status " + child.exitValue() + ") before it could"
                                + " be killed:\n" + Files.readString(tmp.resolve("client.log")));
                    }
                    assertThat(System.nanoTime()).as("the client reached a third of its tasks").isLessThan(deadline);
                    Thread.sleep(20);
                }
            } finally {
                child.destroyForcibly();
                child.waitFor();
            }
            // the invocations the client left in flight run to their end on Lambda's side (after the requests it
            // sent just before it died have arrived)
            Thread.sleep(500);
            backend().awaitIdle(LambdaBackend.FAULTS, Duration.ofSeconds(60));
            doneAtKill = storedChunks(cb, spec);
            assertThat(doneAtKill.size()).as("killed mid-operation").isBetween(1, ResumeClient.TASKS - 1);
            assertThat(FaultInjectionKernels.invocations(cb.storage(), counter).keySet())
                    .as("every input that started finished").isEqualTo(doneAtKill);

            Recorder rec = new Recorder();
            Block out = x.compute(rec.options().withResume(true));
            assertValuesAreInputs(out, ResumeClient.TASKS);
            assertThat(FaultInjectionKernels.invocations(cb.storage(), counter))
                    .as("each input ran exactly once, before the kill or after it").isEqualTo(each(ResumeClient.TASKS, 1));
            OperationStartEvent start = rec.operationStarts.stream().filter(e -> e.operation().name().equals(op))
                    .findFirst().orElseThrow();
            assertThat(start.tasksSkipped()).isEqualTo(doneAtKill.size());
            assertThat(start.tasksToRun()).isEqualTo(ResumeClient.TASKS - doneAtKill.size());
            Set<Long> rerun = new TreeSet<>();
            rec.taskEnds(op).forEach(e -> rerun.add(e.coords()[0]));
            Set<Long> missing = new TreeSet<>();
            for (long i = 0; i < ResumeClient.TASKS; i++) {
                if (!doneAtKill.contains(i)) {
                    missing.add(i);
                }
            }
            assertThat(rerun).as("only the missing inputs ran").isEqualTo(missing);
        }
    }

    private Process startResumeClient(String workDir, String counter) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx256m");
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), ResumeClient.class.getName(), workDir, counter,
                LambdaBackend.FAULTS));
        // endpoints, region and credentials reach the client as they reach ./cubed: standard variables only
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("client.log").toFile());
        pb.environment().putAll(backend().clientEnvironment());
        return pb.start();
    }

    private static Set<Long> storedChunks(Cubed cb, ComputeSpec spec) {
        Set<Long> out = new TreeSet<>();
        var store = cb.storage().open(spec.output().url());
        if (!store.exists("zarr.json") && !store.exists(".zarray")) {
            return out;
        }
        ZarrArray.open(store, "", spec.output().metadata()).storedChunks().forEach(c -> out.add(c[0]));
        return out;
    }
}
