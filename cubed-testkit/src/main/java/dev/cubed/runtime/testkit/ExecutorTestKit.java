package dev.cubed.runtime.testkit;

import dev.cubed.array.ComputeOptions;
import dev.cubed.array.Cubed;
import dev.cubed.array.LazyArray;
import dev.cubed.array.Spec;
import dev.cubed.block.Block;
import dev.cubed.block.DataType;
import dev.cubed.kernel.testing.FaultInjectionKernels;
import dev.cubed.plan.FinalizedPlan;
import dev.cubed.plan.PlannedOperation;
import dev.cubed.runtime.ComputeEndEvent;
import dev.cubed.runtime.ComputeStartEvent;
import dev.cubed.runtime.OperationEndEvent;
import dev.cubed.runtime.OperationStartEvent;
import dev.cubed.runtime.TaskEndEvent;
import dev.cubed.runtime.engine.PermanentFailure;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * The executor test kit: Cubed's fault-injection matrix, run through the public API against any
 * executor. Subclass it, name your executor, and run it with JUnit 5:
 *
 * <pre>{@code
 * class MyExecutorKitTest extends ExecutorTestKit {
 *     protected String executorName() { return "my-executor"; }
 * }
 * }</pre>
 *
 * <p>Every case computes {@code mapBlocks("testing.fault", ...)} over {@code zeros((n,), chunks
 * (1,))}, so task {@code i} computes input {@code i}; the fault kernel counts its invocations per
 * input in a store every worker reaches ({@link #counterRoot}) and follows a timing map (sleep,
 * then succeed or fail). Each case runs with the executor options {@code backups=false} and
 * {@code backups=true} and checks the values computed and the exact number of invocations per
 * input. See {@code docs/writing-an-executor.md}.
 *
 * <p>Override the hooks to fit the executor: {@link #specBuilder} (options, work dir, memory),
 * {@link #counterRoot} (an {@code s3://} URL for remote workers), {@link #openSession} (storage
 * clients), {@link #timings} (slower backends), and {@link #unsupported} (what the executor cannot
 * do, with the reason: those cases are skipped and say why). Per-test setup goes in the
 * subclass's own {@code @BeforeEach}/{@code @BeforeAll} methods.
 *
 * <p>The kit's counts assume the engine's default backup rule (no backup before 10 tasks have
 * started); do not lower {@code backup-min-tasks} in {@link #specBuilder}.
 */
public abstract class ExecutorTestKit {
    /** The number of tasks of the scale case. */
    protected static final int SCALE_TASKS = 1000;
    /** The number of tasks of the lazy-submission case: far more than could ever be listed. */
    protected static final long HUGE_TASKS = 1_000_000_000_000L;

    /** A fresh directory per test (work dir and counters by default). */
    @TempDir
    protected Path testDir;

    // ------------------------------------------------------------------ hooks

    /** The name a Spec selects the executor under test by (its {@code ExecutorProvider.name()}). */
    protected abstract String executorName();

    /**
     * The Spec of every run, before the kit adds the options it varies ({@code backups},
     * {@code retries}, {@code timeout}): executor name and options, work dir, memory. The default
     * works in {@code testDir/work} with 200 MB per task.
     */
    protected Spec.Builder specBuilder(Path testDir) {
        return Spec.builder().executor(executorName()).workDir(testDir.resolve("work")).allowedMem("200MB")
                .reservedMem("10MB");
    }

    /** Where the invocation counters live: a URL every worker can write to and this JVM can list. */
    protected String counterRoot(Path testDir) {
        return testDir.resolve("counters").toUri().toString();
    }

    /** Opens a session for {@code spec}; override to pass storage clients (an S3 endpoint, credentials). */
    protected Cubed openSession(Spec spec) {
        return Cubed.session(spec);
    }

    /** The features this executor cannot offer, each with the reason; their cases are skipped. */
    protected Map<ExecutorFeature, String> unsupported() {
        return Map.of();
    }

    /** The durations injected and the limits enforced; stretch them for remote backends. */
    protected KitTimings timings() {
        return KitTimings.local();
    }

    // ------------------------------------------------------------------ the matrix

    @ParameterizedTest(name = "backups={0}")
    @ValueSource(booleans = {false, true})
    void noFailure(boolean backups) {
        KitRun run = run(new KitCase("no-failure", 3, backups).retries(2));
        run.assertSucceeded();
        run.assertValuesAreInputs();
        assertThat(run.invocations()).isEqualTo(each(3, 1));
    }

    @ParameterizedTest(name = "backups={0}")
    @ValueSource(booleans = {false, true})
    void failOnce(boolean backups) {
        KitRun run = run(new KitCase("fail-once", 3, backups).retries(2)
                .timing(0, failCode()).timing(1, failCode()).timing(2, failCode()));
        run.assertSucceeded();
        run.assertValuesAreInputs();
        assertThat(run.invocations()).isEqualTo(each(3, 2));
    }

    @ParameterizedTest(name = "backups={0}")
    @ValueSource(booleans = {false, true})
    void failTwice(boolean backups) {
        KitRun run = run(new KitCase("fail-twice", 3, backups).retries(2)
                .timing(0, failCode(), failCode()).timing(1, failCode(), failCode()).timing(2, failCode(), failCode()));
        run.assertSucceeded();
        run.assertValuesAreInputs();
        assertThat(run.invocations()).isEqualTo(each(3, 3));
    }

    @ParameterizedTest(name = "backups={0}")
    @ValueSource(booleans = {false, true})
    void tooManyFailures(boolean backups) {
        KitRun run = run(new KitCase("too-many-failures", 3, backups).retries(2)
                .timing(0, failCode()).timing(1, failCode()).timing(2, failCode(), failCode(), failCode()));
        run.assertFailedAt(2);
        assertThat(run.invocations(2)).as("invocations of input 2 (3 attempts with retries=2)").isEqualTo(3);
        // the others fail once and succeed unless the run stopped first
        assertThat(run.invocations(0)).isBetween(1, 2);
        assertThat(run.invocations(1)).isBetween(1, 2);
    }

    @ParameterizedTest(name = "backups={0}")
    @ValueSource(booleans = {false, true})
    void timeout(boolean backups) {
        requireFeature(ExecutorFeature.ATTEMPT_TIMEOUTS);
        KitTimings t = timings();
        KitRun run = run(new KitCase("timeout", 3, backups).retries(2).timeout(t.timeoutSeconds())
                .timing(0, t.hangSeconds()));
        run.assertSucceeded();
        run.assertValuesAreInputs();
        assertThat(run.invocations()).as("input 0 timed out once, then succeeded").isEqualTo(Map.of(0L, 2, 1L, 1, 2L, 1));
        assertThat(run.elapsed()).as("the run must abandon the hung attempt, not wait %s s for it", t.hangSeconds())
                .isLessThan(seconds(t.hangSeconds()))
                .isGreaterThanOrEqualTo(seconds(t.timeoutSeconds()));
    }

    @ParameterizedTest(name = "backups={0}")
    @ValueSource(booleans = {false, true})
    void straggler(boolean backups) {
        KitTimings t = timings();
        if (backups) {
            requireFeature(ExecutorFeature.BACKUP_TASKS);
            KitRun run = run(new KitCase("straggler", 10, true).retries(2).timing(0, t.stragglerSeconds()));
            run.assertSucceeded();
            run.assertValuesAreInputs();
            Map<Long, Integer> expected = each(10, 1);
            expected.put(0L, 2);
            assertThat(run.invocations()).as("the straggler and its backup").isEqualTo(expected);
            assertThat(run.elapsed()).as("a backup must finish the straggler's work long before its %s s",
                    t.stragglerSeconds()).isLessThan(seconds(t.stragglerSeconds() / 2));
        } else {
            KitRun run = run(new KitCase("straggler", 10, false).retries(2).timing(0, t.slowSeconds()));
            run.assertSucceeded();
            run.assertValuesAreInputs();
            assertThat(run.invocations()).as("no backup without backups=true").isEqualTo(each(10, 1));
            assertThat(run.elapsed()).isGreaterThanOrEqualTo(seconds(t.slowSeconds()));
        }
    }

    @ParameterizedTest(name = "backups={0}")
    @ValueSource(booleans = {false, true})
    void lazySubmission(boolean backups) {
        // task 0 fails on every invocation: should it be slow enough to get a backup (a cold start,
        // say), the backup must not rescue it
        KitRun run = run(new KitCase("lazy", HUGE_TASKS, backups).retries(0).timing(0, failCode(), failCode()));
        run.assertFailedAt(0);
        assertThat(run.invocations(0)).isBetween(1, backups ? 2 : 1);
        assertThat(run.elapsed()).as("an operation of %s tasks must fail at its first task, not list them all",
                HUGE_TASKS).isLessThan(timings().quickFailure());
    }

    @ParameterizedTest(name = "backups={0}")
    @ValueSource(booleans = {false, true})
    void scale(boolean backups) {
        KitRun run = run(new KitCase("scale", SCALE_TASKS, backups).retries(2).taskSeconds(0)
                .timing(3, failCode()).timing(500, failCode(), failCode()).timing(999, failCode()));
        run.assertSucceeded();
        run.assertValuesAreInputs();
        Map<Long, Integer> expected = each(SCALE_TASKS, 1);
        expected.put(3L, 2);
        expected.put(500L, 3);
        expected.put(999L, 2);
        if (!backups) {
            assertThat(run.invocations()).isEqualTo(expected);
            return;
        }
        // with 1,000 quick tasks the backup rule may well fire: each backup adds at most one invocation
        long extra = 0;
        for (long i = 0; i < SCALE_TASKS; i++) {
            int n = run.invocations(i);
            assertThat(n).as("invocations of input %d", i).isBetween(expected.get(i), expected.get(i) + 1);
            extra += n - expected.get(i);
        }
        long backupsLaunched = run.operationEnd(run.faultOperation()).summary().backupsLaunched();
        assertThat(extra).as("invocations beyond retries, against backups launched").isLessThanOrEqualTo(backupsLaunched);
    }

    @ParameterizedTest(name = "backups={0}")
    @ValueSource(booleans = {false, true})
    void callbacks(boolean backups) {
        KitRun run = run(new KitCase("callbacks", 6, backups).retries(2).timing(1, failCode())
                .then(x -> x.rechunk(3)));
        run.assertSucceeded();
        run.assertValuesAreInputs();
        assertThat(run.invocations()).isEqualTo(Map.of(0L, 1, 1L, 2, 2L, 1, 3L, 1, 4L, 1, 5L, 1));
        FinalizedPlan plan = run.plan();
        assertThat(plan.operations()).as("create-arrays, the fault operation and a rechunk").hasSizeGreaterThanOrEqualTo(3);

        List<Object> events = run.events().all();
        assertThat(events.get(0)).isInstanceOf(ComputeStartEvent.class);
        assertThat(events.get(events.size() - 1)).isInstanceOf(ComputeEndEvent.class);
        assertThat(run.events().of(ComputeStartEvent.class)).hasSize(1);
        assertThat(run.events().of(ComputeEndEvent.class)).hasSize(1);
        ComputeStartEvent start = run.events().of(ComputeStartEvent.class).get(0);
        ComputeEndEvent end = run.events().of(ComputeEndEvent.class).get(0);
        assertThat(start.executor()).isEqualTo(executorName());
        assertThat(end.succeeded()).isTrue();
        assertThat(end.computeId()).isEqualTo(start.computeId());

        List<String> started = names(run.events().of(OperationStartEvent.class));
        List<String> ended = new ArrayList<>();
        run.events().of(OperationEndEvent.class).forEach(e -> ended.add(e.operation().name()));
        List<String> planned = new ArrayList<>();
        plan.operations().forEach(op -> planned.add(op.name()));
        assertThat(started).as("one start per operation, create-arrays included").containsExactlyInAnyOrderElementsOf(planned);
        assertThat(ended).as("one end per operation").containsExactlyInAnyOrderElementsOf(planned);

        double computeStart = epochSeconds(start.start());
        double computeEnd = epochSeconds(end.end());
        Map<String, double[]> window = new HashMap<>(); // per operation: first task created, last result
        for (PlannedOperation op : plan.operations()) {
            List<TaskEndEvent> ends = run.events().taskEnds(op.name());
            Set<List<Long>> coords = new HashSet<>();
            ends.forEach(e -> coords.add(boxed(e.coords())));
            Set<List<Long>> expectedCoords = new HashSet<>();
            op.spec().taskGrid().allCoords().forEach(c -> expectedCoords.add(boxed(c)));
            assertThat(ends).as("one task end per task of %s", op.name()).hasSize((int) op.numTasks());
            assertThat(coords).as("the tasks of %s", op.name()).isEqualTo(expectedCoords);
            double first = Double.MAX_VALUE;
            double last = 0;
            for (TaskEndEvent e : ends) {
                assertThat(e.taskCreate()).as("%s: taskCreate <= functionStart", e).isLessThanOrEqualTo(e.functionStart());
                assertThat(e.functionStart()).as("%s: functionStart <= functionEnd", e).isLessThanOrEqualTo(e.functionEnd());
                assertThat(e.functionEnd()).as("%s: functionEnd <= taskResult", e).isLessThanOrEqualTo(e.taskResult());
                assertThat(e.taskCreate()).as("%s created after the compute started", e).isGreaterThanOrEqualTo(computeStart);
                assertThat(e.taskResult()).as("%s ended before the compute ended", e).isLessThanOrEqualTo(computeEnd);
                first = Math.min(first, e.taskCreate());
                last = Math.max(last, e.taskResult());
            }
            window.put(op.name(), new double[] {first, last});
            assertEventOrder(events, op.name());
        }
        TaskEndEvent retried = only(run.events().taskEnds(run.faultOperation()), 1);
        assertThat(retried.attempts()).as("attempts of the task that failed once").isEqualTo(2);
        for (PlannedOperation op : plan.operations()) {
            for (String dep : op.dependsOn()) {
                if (op.numTasks() > 0 && plan.operation(dep).numTasks() > 0) {
                    assertThat(window.get(op.name())[0]).as("%s starts after %s, which it reads, ended", op.name(), dep)
                            .isGreaterThanOrEqualTo(window.get(dep)[1]);
                }
            }
        }
    }

    @ParameterizedTest(name = "backups={0}")
    @ValueSource(booleans = {false, true})
    void permanentFailure(boolean backups) {
        requireFeature(ExecutorFeature.PERMANENT_FAILURES);
        KitRun run = run(new KitCase("permanent", 3, backups).retries(2).timing(0, "refused"));
        run.assertFailedAt(0);
        assertThat(run.invocations(0)).as("a failure retrying cannot fix is not retried").isEqualTo(1);
        assertThat(messages(run.failure())).as("the worker's own message reaches the client")
                .contains("refusing input 0");
        assertThat(causes(run.failure())).as("the engine saw a PermanentFailure")
                .anyMatch(PermanentFailure.class::isInstance);
    }

    // ------------------------------------------------------------------ running a case

    /** One computation of the kit: the fault kernel over {@code tasks} inputs, with a timing map and options. */
    protected final class KitCase {
        private final String name;
        private final long tasks;
        private final boolean backups;
        private final Map<Long, List<Object>> timing = new HashMap<>();
        private int retries = 2;
        private int timeoutSeconds;
        private double taskSeconds = timings().taskSeconds();
        private UnaryOperator<LazyArray> then = UnaryOperator.identity();

        public KitCase(String name, long tasks, boolean backups) {
            this.name = name;
            this.tasks = tasks;
            this.backups = backups;
        }

        public KitCase retries(int n) {
            this.retries = n;
            return this;
        }

        public KitCase timeout(int seconds) {
            this.timeoutSeconds = seconds;
            return this;
        }

        public KitCase taskSeconds(double seconds) {
            this.taskSeconds = seconds;
            return this;
        }

        /** The codes of input {@code input}'s invocations, in order (see {@link FaultInjectionKernels}). */
        public KitCase timing(long input, Object... codes) {
            timing.put(input, List.of(codes));
            return this;
        }

        /** Further operations applied to the fault kernel's output. */
        public KitCase then(UnaryOperator<LazyArray> more) {
            this.then = more;
            return this;
        }
    }

    /** Runs a case, within {@link KitTimings#caseLimit()}, and collects what happened. */
    protected final KitRun run(KitCase c) {
        String counter = counterRoot(testDir) + "/" + c.name + (c.backups ? "-backups-" : "-") + UUID.randomUUID();
        Spec.Builder spec = specBuilder(testDir).executorOption("backups", c.backups).executorOption("retries", c.retries);
        if (c.timeoutSeconds > 0) {
            spec.executorOption("timeout", c.timeoutSeconds);
        }
        return assertTimeoutPreemptively(timings().caseLimit(), () -> {
            RecordedEvents events = new RecordedEvents();
            try (Cubed cb = openSession(spec.build())) {
                LazyArray in = cb.zeros(new long[] {c.tasks}, new int[] {1}, DataType.INT64);
                LazyArray out = c.then.apply(cb.mapBlocks("testing.fault",
                        FaultInjectionKernels.params(counter, c.timing, c.taskSeconds), DataType.INT64, in));
                FinalizedPlan plan = cb.plan(List.of(out));
                Block value = null;
                Throwable failure = null;
                long t0 = System.nanoTime();
                try {
                    value = cb.compute(List.of(out), ComputeOptions.defaults().withCallbacks(events)).get(0);
                } catch (RuntimeException e) {
                    failure = e;
                }
                Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
                Map<Long, Integer> counts = FaultInjectionKernels.invocations(cb.storage(), counter);
                return new KitRun(c.name, c.tasks, plan, value, failure, elapsed, counts, events);
            }
        }, () -> "case " + c.name + " (backups=" + c.backups + ") did not finish within " + timings().caseLimit()
                + " on executor " + executorName() + ": a hung run or a cancelled task that never ended");
    }

    /** What one case did. */
    protected record KitRun(String name, long tasks, FinalizedPlan plan, Block value, Throwable failure,
                            Duration elapsed, Map<Long, Integer> invocations, RecordedEvents events) {

        public int invocations(long input) {
            return invocations.getOrDefault(input, 0);
        }

        /** The name of the operation running the fault kernel. */
        public String faultOperation() {
            for (PlannedOperation op : plan.operations()) {
                if (op.label().contains("testing.fault")) {
                    return op.name();
                }
            }
            throw new AssertionError("no operation runs testing.fault in\n" + plan.summary());
        }

        public OperationEndEvent operationEnd(String operation) {
            for (OperationEndEvent e : events.of(OperationEndEvent.class)) {
                if (e.operation().name().equals(operation)) {
                    return e;
                }
            }
            throw new AssertionError("no end event for " + operation);
        }

        public void assertSucceeded() {
            if (failure != null) {
                throw new AssertionError("case " + name + " should have succeeded but failed: " + failure, failure);
            }
        }

        /** Values 0..n-1: task i wrote input i. */
        public void assertValuesAreInputs() {
            assertThat(value.shape()).containsExactly((int) tasks);
            for (int i = 0; i < tasks; i++) {
                if (value.getLongAt(i) != i) {
                    fail("case " + name + ": element " + i + " is " + value.getLongAt(i) + ", expected " + i);
                }
            }
        }

        /** The compute failed, and the error names the fault operation and the failing chunk. */
        public void assertFailedAt(long input) {
            if (failure == null) {
                fail("case " + name + " should have failed at input " + input + " but succeeded");
            }
            String all = messages(failure);
            assertThat(all).as("the error names the operation").contains(faultOperation());
            assertThat(all).as("the error names the chunk").contains("chunk [" + input + "]");
        }
    }

    // ------------------------------------------------------------------ helpers

    /** Skips the running case, with the executor's reason, when it declared the feature unsupported. */
    protected final void requireFeature(ExecutorFeature feature) {
        String reason = unsupported().get(feature);
        assumeFalse(reason != null, () -> executorName() + " does not support " + feature + ": " + reason);
    }

    /** The code of an injected failure (sleep {@link KitTimings#failSeconds()}, then throw). */
    protected final double failCode() {
        return -Math.max(timings().failSeconds(), 1e-3);
    }

    private static Map<Long, Integer> each(long n, int count) {
        Map<Long, Integer> m = new HashMap<>();
        for (long i = 0; i < n; i++) {
            m.put(i, count);
        }
        return m;
    }

    private static Duration seconds(double s) {
        return Duration.ofNanos((long) (s * 1e9));
    }

    private static double epochSeconds(java.time.Instant t) {
        return t.getEpochSecond() + t.getNano() / 1e9;
    }

    private static List<Long> boxed(long[] c) {
        List<Long> out = new ArrayList<>(c.length);
        for (long v : c) {
            out.add(v);
        }
        return out;
    }

    private static List<String> names(List<OperationStartEvent> starts) {
        List<String> out = new ArrayList<>();
        starts.forEach(e -> out.add(e.operation().name()));
        return out;
    }

    private static TaskEndEvent only(List<TaskEndEvent> ends, long input) {
        for (TaskEndEvent e : ends) {
            if (e.coords()[0] == input) {
                return e;
            }
        }
        throw new AssertionError("no task end for input " + input + " among " + ends);
    }

    /** An operation's start comes before its task ends, which come before its end. */
    private static void assertEventOrder(List<Object> events, String op) {
        int start = -1;
        int end = -1;
        for (int i = 0; i < events.size(); i++) {
            Object e = events.get(i);
            if (e instanceof OperationStartEvent s && s.operation().name().equals(op)) {
                start = i;
            } else if (e instanceof OperationEndEvent x && x.operation().name().equals(op)) {
                end = i;
            } else if (e instanceof TaskEndEvent t && t.operation().equals(op)) {
                assertThat(start).as("%s heard before %s started", t, op).isGreaterThanOrEqualTo(0);
                assertThat(end).as("%s heard after %s ended", t, op).isLessThan(0);
            }
        }
        assertThat(start).as("start of %s", op).isGreaterThanOrEqualTo(0);
        assertThat(end).as("end of %s after its start", op).isGreaterThan(start);
    }

    private static List<Throwable> causes(Throwable t) {
        List<Throwable> out = new ArrayList<>();
        for (Throwable c = t; c != null && !out.contains(c); c = c.getCause()) {
            out.add(c);
        }
        return out;
    }

    /** Every message of the failure and its causes, for checking what a user would read. */
    protected static String messages(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c : causes(t)) {
            sb.append(c).append('\n');
        }
        return sb.toString();
    }
}
