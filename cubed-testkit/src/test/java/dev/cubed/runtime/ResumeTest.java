package dev.cubed.runtime;

import dev.cubed.array.ComputeOptions;
import dev.cubed.array.Cubed;
import dev.cubed.array.LazyArray;
import dev.cubed.array.Spec;
import dev.cubed.block.Block;
import dev.cubed.block.DataType;
import dev.cubed.kernel.testing.FaultInjectionKernels;
import dev.cubed.plan.FinalizedPlan;
import dev.cubed.plan.PlannedOperation;
import dev.cubed.primitive.ComputeSpec;
import dev.cubed.runtime.testkit.RecordedEvents;
import dev.cubed.storage.zarr.ZarrArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * {@code ComputeOptions.withResume(true)}: tasks whose output chunks exist are skipped, counted
 * with the fault kernel's invocation counters and with the events; a run killed mid-operation in
 * another JVM continues where it stopped; a changed plan never reuses another plan's chunks.
 */
class ResumeTest {
    @TempDir
    Path dir;

    private Spec spec() {
        return Spec.builder().workDir(dir.resolve("work")).allowedMem("200MB").reservedMem("10MB").executor("threads")
                .executorOption("workers", 4).build();
    }

    private String counter(String name) {
        return dir.resolve("counters").resolve(name).toUri().toString();
    }

    /** fault kernel over 8 inputs, rechunk, then x * 2 summed: several compute operations. */
    private static LazyArray multiOperation(Cubed cb, String counter) {
        LazyArray faulty = cb.mapBlocks("testing.fault", FaultInjectionKernels.params(counter, Map.of(), 0),
                DataType.INT64, cb.zeros(new long[] {8}, new int[] {1}, DataType.INT64));
        return faulty.rechunk(4).multiply(2).sum();
    }

    @Test
    void recomputingWithResumeRunsOnlyCreateArrays() {
        String counter = counter("multi");
        try (Cubed cb = Cubed.session(spec())) {
            LazyArray total = multiOperation(cb, counter);
            FinalizedPlan plan = total.plan();
            assertThat(computeOperations(plan)).as("a multi-operation plan\n%s", plan).hasSizeGreaterThanOrEqualTo(3);

            RecordedEvents first = new RecordedEvents();
            Block v1 = total.compute(ComputeOptions.defaults().withCallbacks(first));
            assertThat(v1.getLong()).isEqualTo(2 * (0 + 1 + 2 + 3 + 4 + 5 + 6 + 7));
            assertThat(FaultInjectionKernels.invocations(cb.storage(), counter)).isEqualTo(each(8, 1));

            RecordedEvents second = new RecordedEvents();
            Block v2 = total.compute(ComputeOptions.defaults().withResume(true).withCallbacks(second));
            assertThat(v2.getLong()).isEqualTo(v1.getLong());
            assertThat(FaultInjectionKernels.invocations(cb.storage(), counter)).as("no fault task ran again")
                    .isEqualTo(each(8, 1));
            Set<String> ran = new TreeSet<>();
            second.of(TaskEndEvent.class).forEach(e -> ran.add(e.operation()));
            assertThat(ran).as("operations that ran a task on resume").containsExactly("op-001");
            for (OperationStartEvent e : second.of(OperationStartEvent.class)) {
                if (!e.operation().isCreateArrays()) {
                    assertThat(e.tasksToRun()).as("tasks to run in %s", e.operation().name()).isZero();
                    assertThat(e.tasksSkipped()).isEqualTo(e.operation().numTasks());
                }
            }
            assertThat(first.of(TaskEndEvent.class)).hasSize((int) plan.totalTasks());
        }
    }

    @Test
    void resumeOfAFreshComputationRunsEverything() {
        String counter = counter("fresh");
        try (Cubed cb = Cubed.session(spec())) {
            LazyArray total = multiOperation(cb, counter);
            RecordedEvents events = new RecordedEvents();
            Block v = total.compute(ComputeOptions.defaults().withResume(true).withCallbacks(events));
            assertThat(v.getLong()).isEqualTo(56);
            assertThat(events.of(TaskEndEvent.class)).hasSize((int) total.plan().totalTasks());
            events.of(OperationStartEvent.class).forEach(e -> assertThat(e.tasksSkipped()).isZero());
        }
    }

    @Test
    void resumeContinuesARunKilledMidOperation() throws Exception {
        Path work = dir.resolve("work");
        String counter = counter("killed");
        Spec spec = KilledRunScenario.spec(work);
        try (Cubed cb = Cubed.session(spec)) {
            LazyArray out = KilledRunScenario.build(cb, counter);
            FinalizedPlan plan = out.plan();
            PlannedOperation faultOp = faultOperation(plan);
            ComputeSpec faultSpec = (ComputeSpec) faultOp.spec();

            Process child = startChild(work, counter);
            Map<Long, Integer> countsAtKill;
            Set<Long> chunksAtKill;
            try {
                awaitInChild(child, () -> {
                    Set<Long> chunks = storedChunks(cb, faultSpec);
                    Map<Long, Integer> counts = FaultInjectionKernels.invocations(cb.storage(), counter);
                    boolean fastDone = chunks.size() == KilledRunScenario.FIRST_SLOW;
                    boolean slowStarted = true;
                    for (long i = KilledRunScenario.FIRST_SLOW; i < KilledRunScenario.TASKS; i++) {
                        slowStarted &= counts.getOrDefault(i, 0) == 1;
                    }
                    return fastDone && slowStarted;
                });
            } finally {
                child.destroyForcibly();
                child.waitFor();
            }
            chunksAtKill = storedChunks(cb, faultSpec);
            countsAtKill = FaultInjectionKernels.invocations(cb.storage(), counter);
            assertThat(chunksAtKill).as("the fast inputs' chunks were written before the kill").containsExactly(0L, 1L, 2L, 3L);
            assertThat(countsAtKill).as("every input had started once in the child").isEqualTo(each(8, 1));

            RecordedEvents events = new RecordedEvents();
            long t0 = System.nanoTime();
            Block v = out.compute(ComputeOptions.defaults().withResume(true).withCallbacks(events));
            Duration took = Duration.ofNanos(System.nanoTime() - t0);

            for (int i = 0; i < KilledRunScenario.TASKS; i++) {
                assertThat(v.getLongAt(i)).isEqualTo(i + KilledRunScenario.OFFSET);
            }
            Map<Long, Integer> expected = new HashMap<>();
            for (long i = 0; i < KilledRunScenario.TASKS; i++) {
                expected.put(i, chunksAtKill.contains(i) ? 1 : 2);
            }
            assertThat(FaultInjectionKernels.invocations(cb.storage(), counter))
                    .as("finished inputs are not run again; the others run once more").isEqualTo(expected);
            OperationStartEvent start = events.of(OperationStartEvent.class).stream()
                    .filter(e -> e.operation().name().equals(faultOp.name())).findFirst().orElseThrow();
            assertThat(start.tasksSkipped()).isEqualTo(4);
            assertThat(start.tasksToRun()).isEqualTo(4);
            Set<Long> rerun = new TreeSet<>();
            events.taskEnds(faultOp.name()).forEach(e -> rerun.add(e.coords()[0]));
            assertThat(rerun).containsExactly(4L, 5L, 6L, 7L);
            assertThat(took).as("the second invocation of a slow input is quick").isLessThan(Duration.ofSeconds(30));
        }
    }

    @Test
    void resumeRemovesWhatAKilledWriterLeftInTheOutput() throws Exception {
        String url = dir.resolve("out.zarr").toUri().toString();
        try (Cubed cb = Cubed.session(spec())) {
            LazyArray x = cb.arange(0, 12, 1, 4, DataType.INT64).multiply(2);
            x.toZarr(url);
            Process writer = new ProcessBuilder("sleep", "60").start();
            writer.destroyForcibly();
            writer.waitFor();
            Path chunkDir = dir.resolve("out.zarr/c");
            Path orphan = chunkDir.resolve(dev.cubed.storage.FileStore.TEMP_PREFIX + writer.pid() + "-7a-1");
            Files.write(orphan, new byte[] {9, 9});
            Files.delete(chunkDir.resolve("1")); // the chunk that writer was writing
            x.toZarr(url, ComputeOptions.defaults().withResume(true));
            assertThat(orphan).doesNotExist();
            assertThat(chunkDir.resolve("1")).exists();
        }
    }

    @Test
    void resumeIntoAUrlWrittenByAnotherSeedNeverReturnsItsChunks() {
        String url = dir.resolve("rand.zarr").toUri().toString();
        long[] shape = {64, 64};
        int[] chunks = {8, 8};
        try (Cubed cb = Cubed.session(spec())) {
            Block seed42 = cb.randomUniform(shape, chunks, 42).toZarr(url).compute();
            Block seed99 = cb.randomUniform(shape, chunks, 99).compute();
            assertThat(seed99.getDoubleAt(0)).isNotEqualTo(seed42.getDoubleAt(0));

            // resume: refused before any task runs, naming the array
            RecordedEvents events = new RecordedEvents();
            assertThatThrownBy(() -> cb.randomUniform(shape, chunks, 99).toZarr(url,
                    ComputeOptions.defaults().withResume(true).withCallbacks(events)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("cannot resume: " + url).hasMessageContaining("chunks of another computation")
                    .hasMessageContaining("--recompute-stale");
            assertThat(events.of(TaskEndEvent.class)).isEmpty();
            assertThat(cb.fromZarr(url).compute().getDoubleAt(0)).isEqualTo(seed42.getDoubleAt(0));

            // resume with recompute: the seed-99 result, none of the 64 seed-42 chunks kept
            Block again = cb.randomUniform(shape, chunks, 99).toZarr(url,
                    ComputeOptions.defaults().withResume(true).withStaleOutputsRecomputed(true)).compute();
            for (int i = 0; i < again.size(); i++) {
                assertThat(again.getDoubleAt(i)).isEqualTo(seed99.getDoubleAt(i));
            }
            // and the same computation resumed again reuses its own chunks
            RecordedEvents same = new RecordedEvents();
            cb.randomUniform(shape, chunks, 99).toZarr(url, ComputeOptions.defaults().withResume(true).withCallbacks(same));
            assertThat(same.of(OperationStartEvent.class).stream().mapToLong(OperationStartEvent::tasksSkipped).sum())
                    .isEqualTo(64);
        }
    }

    @Test
    void resumeOfSiblingOutputsRefusesWhenAnyOutputIsStale() {
        String a = dir.resolve("a.zarr").toUri().toString();
        String b = dir.resolve("b.zarr").toUri().toString();
        try (Cubed cb = Cubed.session(spec())) {
            LazyArray x = cb.randomUniform(new long[] {32, 32}, new int[] {8, 8}, 1);
            cb.store(List.of(x.multiply(2), x.add(1)), List.of(a, b), ComputeOptions.defaults());
            cb.randomUniform(new long[] {32, 32}, new int[] {8, 8}, 7).toZarr(b); // b now from another computation
            LazyArray y = cb.randomUniform(new long[] {32, 32}, new int[] {8, 8}, 1);
            assertThatThrownBy(() -> cb.store(List.of(y.multiply(2), y.add(1)), List.of(a, b),
                    ComputeOptions.defaults().withResume(true)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining(b).hasMessageNotContaining(a + " (");
        }
    }

    @Test
    void aChangedPlanGetsItsOwnIntermediateDirectory() {
        try (Cubed cb = Cubed.session(spec())) {
            LazyArray x = cb.arange(0, 12, 1, 4, DataType.INT64);
            String times2 = x.multiply(2).sum().plan().intermediateDir();
            assertThat(x.multiply(2).sum().plan().intermediateDir()).as("the same program, planned again").isEqualTo(times2);
            assertThat(cb.arange(0, 12, 1, 4, DataType.INT64).multiply(2).sum().plan().intermediateDir())
                    .as("the same program built again").isEqualTo(times2);
            List<String> others = List.of(
                    x.multiply(3).sum().plan().intermediateDir(),
                    x.multiply(2).max().plan().intermediateDir(),
                    cb.arange(0, 12, 1, 3, DataType.INT64).multiply(2).sum().plan().intermediateDir(),
                    cb.arange(1, 13, 1, 4, DataType.INT64).multiply(2).sum().plan().intermediateDir(),
                    cb.zeros(new long[] {12}, new int[] {4}, DataType.INT64).add(1).sum().plan().intermediateDir(),
                    cb.zeros(new long[] {12}, new int[] {4}, DataType.INT64).add(2).sum().plan().intermediateDir(),
                    cb.fromArray(Block.wrap(DataType.INT64, new long[] {1, 2, 3}, 3)).sum().plan().intermediateDir(),
                    cb.fromArray(Block.wrap(DataType.INT64, new long[] {1, 2, 4}, 3)).sum().plan().intermediateDir());
            assertThat(others).doesNotContain(times2).doesNotHaveDuplicates();
        }
    }

    @Test
    void resumingAChangedComputationDoesNotReuseStaleChunks() {
        try (Cubed cb = Cubed.session(spec())) {
            LazyArray x = cb.arange(0, 12, 1, 4, DataType.INT64);
            assertThat(x.multiply(2).sum().compute().getLong()).isEqualTo(2 * 66);
            RecordedEvents events = new RecordedEvents();
            Block v = x.multiply(3).sum().compute(ComputeOptions.defaults().withResume(true).withCallbacks(events));
            assertThat(v.getLong()).isEqualTo(3 * 66);
            events.of(OperationStartEvent.class).forEach(e -> assertThat(e.tasksSkipped())
                    .as("skipped in %s", e.operation().name()).isZero());
        }
    }

    @Test
    void largeInMemoryInputsAreNamedByContentSoResumeFindsThemInAnotherSession() {
        long[] data = new long[200_000]; // 1.6 MB: too large to travel in the plan
        for (int i = 0; i < data.length; i++) {
            data[i] = i;
        }
        long[] changed = data.clone();
        changed[123_456] = -1;
        String first;
        try (Cubed cb = Cubed.session(spec())) {
            first = cb.fromArray(Block.wrap(DataType.INT64, data, data.length), new int[] {50_000}).sum().plan()
                    .intermediateDir();
        }
        try (Cubed cb = Cubed.session(spec())) {
            LazyArray same = cb.fromArray(Block.wrap(DataType.INT64, data.clone(), data.length), new int[] {50_000});
            assertThat(same.sum().plan().intermediateDir()).as("the same data in a new session").isEqualTo(first);
            LazyArray other = cb.fromArray(Block.wrap(DataType.INT64, changed, data.length), new int[] {50_000});
            assertThat(other.sum().plan().intermediateDir()).as("one element changed").isNotEqualTo(first);
            LazyArray rechunked = cb.fromArray(Block.wrap(DataType.INT64, data.clone(), data.length), new int[] {40_000});
            assertThat(rechunked.sum().plan().intermediateDir()).as("other chunks").isNotEqualTo(first);
            assertThat(other.sum().compute().getLong()).isEqualTo(sum(data) - 123_456 - 1);
            assertThat(same.sum().compute(ComputeOptions.defaults().withResume(true)).getLong()).isEqualTo(sum(data));
        }
    }

    /**
     * Resume must not visit every task of an operation to count the finished ones: this one has
     * 10^12. Single-threaded, so tasks run in order: the first run writes inputs 0-4 and fails at
     * 5; the resumed run skips those five, succeeds at 5 (its second invocation) and 6, and fails at 7.
     */
    @Test
    void resumeOfAHugeOperationCountsFinishedTasksWithoutListingThemAll() {
        String counter = counter("huge");
        Spec spec = spec().toBuilder().executor("single-threaded").executorOption("retries", 0).build();
        try (Cubed cb = Cubed.session(spec)) {
            LazyArray huge = cb.mapBlocks("testing.fault",
                    FaultInjectionKernels.params(counter, Map.of(5L, List.of(-0.001), 7L, List.of(-0.001)), 0),
                    DataType.INT64, cb.zeros(new long[] {1_000_000_000_000L}, new int[] {1}, DataType.INT64));
            String op = faultOperation(huge.plan()).name();
            assertThatThrownBy(huge::compute).hasMessageContaining(op + " chunk [5]");

            RecordedEvents events = new RecordedEvents();
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThatThrownBy(
                    () -> huge.compute(ComputeOptions.defaults().withResume(true).withCallbacks(events)))
                    .hasMessageContaining(op + " chunk [7]"));
            OperationStartEvent start = events.of(OperationStartEvent.class).stream()
                    .filter(e -> e.operation().name().equals(op)).findFirst().orElseThrow();
            assertThat(start.tasksSkipped()).isEqualTo(5);
            assertThat(start.tasksToRun()).isEqualTo(1_000_000_000_000L - 5);
            assertThat(FaultInjectionKernels.invocations(cb.storage(), counter))
                    .isEqualTo(Map.of(0L, 1, 1L, 1, 2L, 1, 3L, 1, 4L, 1, 5L, 2, 6L, 1, 7L, 1));
        }
    }

    // ------------------------------------------------------------------ helpers

    private static List<PlannedOperation> computeOperations(FinalizedPlan plan) {
        List<PlannedOperation> out = new ArrayList<>();
        plan.operations().forEach(op -> {
            if (!op.isCreateArrays()) {
                out.add(op);
            }
        });
        return out;
    }

    private static PlannedOperation faultOperation(FinalizedPlan plan) {
        return plan.operations().stream().filter(op -> op.label().contains("testing.fault")).findFirst().orElseThrow();
    }

    private static Set<Long> storedChunks(Cubed cb, ComputeSpec spec) {
        Set<Long> out = new TreeSet<>();
        if (!cb.storage().open(spec.output().url()).exists(".zarray")
                && !cb.storage().open(spec.output().url()).exists("zarr.json")) {
            return out;
        }
        ZarrArray arr = ZarrArray.open(cb.storage().open(spec.output().url()), "", spec.output().metadata());
        arr.storedChunks().forEach(c -> out.add(c[0]));
        return out;
    }

    private Process startChild(Path work, String counter) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = List.of(java.toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), KilledRunScenario.class.getName(), work.toString(), counter);
        Path log = dir.resolve("child.log");
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private void awaitInChild(Process child, java.util.function.BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (!child.isAlive()) {
                throw new AssertionError("the child JVM ended (status " + child.exitValue() + ") before the test "
                        + "could kill it:\n" + Files.readString(dir.resolve("child.log")));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the child JVM did not reach the kill point within 60 s:\n"
                        + Files.readString(dir.resolve("child.log")));
            }
            Thread.sleep(50);
        }
    }

    private static long sum(long[] values) {
        long s = 0;
        for (long v : values) {
            s += v;
        }
        return s;
    }

    private static Map<Long, Integer> each(int n, int count) {
        Map<Long, Integer> m = new HashMap<>();
        for (long i = 0; i < n; i++) {
            m.put(i, count);
        }
        return m;
    }
}
