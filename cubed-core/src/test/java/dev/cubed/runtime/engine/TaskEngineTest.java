package dev.cubed.runtime.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Fail-fast, cancellation, timestamps, threading and the launcher contract's corner cases. */
class TaskEngineTest {
    private static final Backoff FAST_RETRY = new Backoff(Duration.ofMillis(1), 2.0, Duration.ofMillis(10), 0.5);

    private final ExecutorService pool = Executors.newFixedThreadPool(8);

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    private static Instant at(long seconds) {
        return Instant.EPOCH.plusSeconds(seconds);
    }

    /** A launcher that records the futures it hands out, so a test can check they were cancelled. */
    private static <T> TaskLauncher<T> recording(TaskLauncher<T> inner, List<CompletableFuture<TaskOutcome>> futures) {
        return (task, attempt) -> {
            CompletableFuture<TaskOutcome> f = inner.launch(task, attempt);
            futures.add(f);
            return f;
        };
    }

    @Test
    void failFastStopsLaunchingAndCancelsRunningAttempts() throws Exception {
        // Inputs 0, 1, 2 hang; input 3 fails on every attempt. Plenty of inputs remain.
        FaultyTasks body = new FaultyTasks(Map.of(0, List.of(FaultyTasks.HANG), 1, List.of(FaultyTasks.HANG),
                2, List.of(FaultyTasks.HANG), 3, List.of(-5L, -5L, -5L)), 1);
        List<CompletableFuture<TaskOutcome>> futures = new CopyOnWriteArrayList<>();
        EngineSettings settings = EngineSettings.builder().maxInFlight(4).retries(2).retryBackoff(FAST_RETRY).build();
        try (TaskEngine engine = new TaskEngine(settings)) {
            assertThatThrownBy(() -> engine.run(IntStream.range(0, 1000).iterator(),
                    recording(new BlockingTaskLauncher<>(pool, body), futures), TaskListener.ignoring()))
                    .isInstanceOfSatisfying(TaskFailedException.class, e -> {
                        assertThat(e.taskIndex()).isEqualTo(3);
                        assertThat(e.attempts()).isEqualTo(3);
                    });
        }
        int launchedAtFailure = futures.size();
        assertThat(launchedAtFailure).isEqualTo(6); // 0, 1, 2 and three attempts of 3
        Thread.sleep(100);
        assertThat(futures).hasSize(launchedAtFailure);
        assertThat(futures.subList(0, 3)).allSatisfy(f -> assertThat(f).isCancelled());
        // The cancel reached the three hanging threads.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (body.interrupted() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(body.interrupted()).isEqualTo(3);
        assertThat(body.running()).isZero();
    }

    @Test
    void aRemoteAttemptThatNeverAnswersTimesOutAndIsRetried() throws Exception {
        List<CompletableFuture<TaskOutcome>> silent = new CopyOnWriteArrayList<>();
        TaskLauncher<Integer> launcher = (task, attempt) -> {
            if (task == 1 && attempt.isFirst()) {
                CompletableFuture<TaskOutcome> never = new CompletableFuture<>(); // the invocation died without a word
                silent.add(never);
                return never;
            }
            Instant now = Instant.now();
            return CompletableFuture.completedFuture(TaskOutcome.timed(now, now));
        };
        RecordingListener<Integer> listener = new RecordingListener<>();
        EngineSettings settings = EngineSettings.builder().maxInFlight(4).retryBackoff(FAST_RETRY)
                .attemptTimeout(Duration.ofMillis(100)).build();
        RunSummary summary;
        try (TaskEngine engine = new TaskEngine(settings)) {
            summary = engine.run(IntStream.range(0, 3).iterator(), launcher, listener);
        }
        assertThat(summary.tasks()).isEqualTo(3);
        assertThat(summary.timeouts()).isEqualTo(1);
        assertThat(summary.retries()).isEqualTo(1);
        assertThat(silent).singleElement().satisfies(f -> assertThat(f).isCancelled());
        assertThat(listener.end(1).attempts()).isEqualTo(2);
        assertThat(listener.failedAttempts).containsExactly(new Attempt(1, 1, false));
    }

    @Test
    void cancellingTheRunCancelsItsAttempts() throws Exception {
        FaultyTasks body = new FaultyTasks(Map.of(), FaultyTasks.HANG);
        List<CompletableFuture<TaskOutcome>> futures = new CopyOnWriteArrayList<>();
        try (TaskEngine engine = new TaskEngine(EngineSettings.builder().maxInFlight(3).build())) {
            CompletableFuture<RunSummary> run = engine.runAsync(IntStream.range(0, 100).iterator(),
                    recording(new BlockingTaskLauncher<>(pool, body), futures), TaskListener.ignoring());
            assertThat(futures).hasSize(3);
            run.cancel(true);
            assertThatThrownBy(run::join).isInstanceOf(CancellationException.class);
            assertThat(futures).hasSize(3).allSatisfy(f -> assertThat(f).isCancelled());
        }
    }

    @Test
    void interruptingRunCancelsTheRun() throws Exception {
        FaultyTasks body = new FaultyTasks(Map.of(), FaultyTasks.HANG);
        List<CompletableFuture<TaskOutcome>> futures = new CopyOnWriteArrayList<>();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        try (TaskEngine engine = new TaskEngine(EngineSettings.builder().maxInFlight(2).build())) {
            Thread caller = new Thread(() -> {
                try {
                    engine.run(IntStream.range(0, 100).iterator(), recording(new BlockingTaskLauncher<>(pool, body), futures),
                            TaskListener.ignoring());
                } catch (Throwable t) {
                    thrown.set(t);
                }
            });
            caller.start();
            while (futures.size() < 2) {
                Thread.sleep(1);
            }
            caller.interrupt();
            caller.join(2000);
        }
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        assertThat(futures).hasSize(2).allSatisfy(f -> assertThat(f).isCancelled());
    }

    @Test
    void remoteTimestampsAreFittedIntoTheEngineTimeline() throws Exception {
        ManualClock clock = new ManualClock();
        clock.setSeconds(10);
        HeldLauncher launcher = new HeldLauncher();
        RecordingListener<Integer> listener = new RecordingListener<>();
        EngineSettings settings = EngineSettings.builder().maxInFlight(10).clock(clock).build();
        try (TaskEngine engine = new TaskEngine(settings)) {
            CompletableFuture<RunSummary> run = engine.runAsync(IntStream.range(0, 5).iterator(), launcher, listener);
            launcher.awaitLaunches(5);
            clock.setSeconds(20);
            launcher.succeed(0, 1, false, at(12), at(15));       // consistent: kept as is
            launcher.succeed(1, 1, false, at(3600), at(3602));   // remote clock an hour ahead: moved back, 2 s kept
            launcher.succeed(2, 1, false, at(0), at(1));         // remote clock behind: moved forward, 1 s kept
            launcher.succeed(3, 1, false, at(0), at(100));       // longer than the window: clamped to it
            launcher.succeed(4, 1, false, at(5), at(15));        // starts before launch, fits once moved
            run.get(30, TimeUnit.SECONDS);
        }
        assertTimes(listener.end(0), at(10), at(12), at(15), at(20), false);
        assertTimes(listener.end(1), at(10), at(18), at(20), at(20), true);
        assertTimes(listener.end(2), at(10), at(10), at(11), at(20), true);
        assertTimes(listener.end(3), at(10), at(10), at(20), at(20), true);
        assertTimes(listener.end(4), at(10), at(10), at(20), at(20), true);
        assertThat(listener.end(1).outcome().functionStart()).as("the outcome keeps what was reported").isEqualTo(at(3600));
        listener.assertGuarantees();
    }

    private static void assertTimes(TaskEnd<?> end, Instant create, Instant start, Instant finish, Instant result,
                                    boolean adjusted) {
        assertThat(List.of(end.taskCreate(), end.functionStart(), end.functionEnd(), end.taskResult()))
                .as("task %d", end.taskIndex()).containsExactly(create, start, finish, result);
        assertThat(end.timestampsAdjusted()).isEqualTo(adjusted);
    }

    @Test
    void taskCreateIsTheFirstLaunchAndTheWindowIsTheWinningAttempt() throws Exception {
        ManualClock clock = new ManualClock();
        HeldLauncher launcher = new HeldLauncher();
        RecordingListener<Integer> listener = new RecordingListener<>();
        EngineSettings settings = EngineSettings.builder().maxInFlight(1).retryBackoff(Backoff.none()).clock(clock).build();
        try (TaskEngine engine = new TaskEngine(settings)) {
            CompletableFuture<RunSummary> run = engine.runAsync(IntStream.range(0, 1).iterator(), launcher, listener);
            clock.setSeconds(5);
            launcher.fail(0, 1, false, new IllegalStateException("first attempt fails"));
            clock.setSeconds(9);
            // Remote says the function ran 1..2 s: before the winning attempt was launched (5 s).
            launcher.succeed(0, 2, false, at(1), at(2));
            run.get(30, TimeUnit.SECONDS);
        }
        assertTimes(listener.end(0), at(0), at(5), at(6), at(9), true);
    }

    @Test
    void listenerCallsAreNeverConcurrent() throws Exception {
        FaultyTasks body = new FaultyTasks(Map.of(), 0);
        AtomicInteger active = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger ends = new AtomicInteger();
        TaskListener<Integer> slowListener = end -> {
            if (active.incrementAndGet() != 1) {
                overlaps.incrementAndGet();
            }
            long until = System.nanoTime() + 20_000; // 20 µs of work widens any race window
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            ends.incrementAndGet();
            active.decrementAndGet();
        };
        try (TaskEngine engine = new TaskEngine(EngineSettings.builder().maxInFlight(8).build())) {
            engine.run(IntStream.range(0, 3000).iterator(), new BlockingTaskLauncher<>(pool, body), slowListener);
        }
        assertThat(overlaps.get()).isZero();
        assertThat(ends.get()).isEqualTo(3000);
    }

    @Test
    void independentRunsShareOneEngine() throws Exception {
        FaultyTasks a = new FaultyTasks(Map.of(3, List.of(-1L)), 1);
        FaultyTasks b = new FaultyTasks(Map.of(), 1);
        RecordingListener<Integer> la = new RecordingListener<>();
        RecordingListener<Integer> lb = new RecordingListener<>();
        try (TaskEngine engine = new TaskEngine(EngineSettings.builder().maxInFlight(4).retryBackoff(FAST_RETRY).build())) {
            CompletableFuture<RunSummary> ra = engine.runAsync(IntStream.range(0, 200).iterator(), new BlockingTaskLauncher<>(pool, a), la);
            CompletableFuture<RunSummary> rb = engine.runAsync(IntStream.range(0, 300).iterator(), new BlockingTaskLauncher<>(pool, b), lb);
            assertThat(ra.get(10, TimeUnit.SECONDS).tasks()).isEqualTo(200);
            assertThat(rb.get(10, TimeUnit.SECONDS).tasks()).isEqualTo(300);
        }
        assertThat(la.ends).hasSize(200);
        assertThat(lb.ends).hasSize(300);
        assertThat(a.count(3)).isEqualTo(2);
        la.assertGuarantees();
        lb.assertGuarantees();
    }

    @Test
    void aThrowingListenerFailsTheRun() {
        List<CompletableFuture<TaskOutcome>> futures = new CopyOnWriteArrayList<>();
        FaultyTasks body = new FaultyTasks(Map.of(), 1);
        AtomicInteger ends = new AtomicInteger();
        TaskListener<Integer> listener = end -> {
            if (ends.incrementAndGet() == 5) {
                throw new IllegalStateException("progress bar broke");
            }
        };
        try (TaskEngine engine = new TaskEngine(EngineSettings.builder().maxInFlight(2).build())) {
            assertThatThrownBy(() -> engine.run(IntStream.range(0, 1000).iterator(),
                    recording(new BlockingTaskLauncher<>(pool, body), futures), listener))
                    .isInstanceOf(IllegalStateException.class).hasMessage("progress bar broke");
        }
        assertThat(ends.get()).isEqualTo(5);
        assertThat(futures.size()).isLessThanOrEqualTo(7);
    }

    @Test
    void aThrowingIteratorFailsTheRun() {
        List<CompletableFuture<TaskOutcome>> futures = new CopyOnWriteArrayList<>();
        FaultyTasks body = new FaultyTasks(Map.of(), FaultyTasks.HANG);
        Iterator<Integer> inputs = new Iterator<>() {
            int next;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Integer next() {
                if (next == 2) {
                    throw new IllegalArgumentException("chunk key out of range");
                }
                return next++;
            }
        };
        try (TaskEngine engine = new TaskEngine(EngineSettings.builder().maxInFlight(4).build())) {
            assertThatThrownBy(() -> engine.run(inputs, recording(new BlockingTaskLauncher<>(pool, body), futures),
                    TaskListener.ignoring())).isInstanceOf(IllegalArgumentException.class).hasMessage("chunk key out of range");
        }
        assertThat(futures).hasSize(2).allSatisfy(f -> assertThat(f).isCancelled());
    }

    @Test
    void aPlainLoopLauncherRunsInlineWithoutRecursion() throws Exception {
        // Runs every task inside launch() and returns a completed future; the first attempt of
        // every 10th task throws from launch() itself. 100,000 tasks would overflow the stack if
        // completions recursed into the engine.
        AtomicInteger invocations = new AtomicInteger();
        Thread caller = Thread.currentThread();
        AtomicInteger otherThreads = new AtomicInteger();
        TaskLauncher<Integer> plainLoop = (task, attempt) -> {
            if (Thread.currentThread() != caller) {
                otherThreads.incrementAndGet();
            }
            invocations.incrementAndGet();
            if (task % 10 == 0 && attempt.isFirst()) {
                throw new IllegalStateException("transient");
            }
            Instant now = Instant.now();
            return CompletableFuture.completedFuture(TaskOutcome.timed(now, now));
        };
        EngineSettings settings = EngineSettings.builder().maxInFlight(1).retryBackoff(Backoff.none()).build();
        RunSummary summary;
        try (TaskEngine engine = new TaskEngine(settings)) {
            summary = engine.run(IntStream.range(0, 100_000).iterator(), plainLoop, TaskListener.ignoring());
        }
        assertThat(summary.tasks()).isEqualTo(100_000);
        assertThat(summary.retries()).isEqualTo(10_000);
        assertThat(invocations.get()).isEqualTo(110_000);
        assertThat(otherThreads.get()).as("everything ran on the caller's thread").isZero();
    }

    @Test
    void aNullFutureOrOutcomeIsAFailedAttempt() throws Exception {
        TaskLauncher<Integer> sloppy = (task, attempt) -> {
            if (attempt.isFirst()) {
                return task == 0 ? null : CompletableFuture.completedFuture(null);
            }
            Instant now = Instant.now();
            return CompletableFuture.completedFuture(TaskOutcome.timed(now, now));
        };
        RecordingListener<Integer> listener = new RecordingListener<>();
        try (TaskEngine engine = new TaskEngine(EngineSettings.builder().maxInFlight(2).retryBackoff(Backoff.none()).build())) {
            RunSummary summary = engine.run(IntStream.range(0, 2).iterator(), sloppy, listener);
            assertThat(summary.retries()).isEqualTo(2);
        }
        assertThat(listener.failures).hasSize(2).allSatisfy(f -> assertThat(f).isInstanceOf(NullPointerException.class))
                .anySatisfy(f -> assertThat(f).hasMessageContaining("returned null"))
                .anySatisfy(f -> assertThat(f).hasMessageContaining("completed with null"));
    }

    @Test
    void emptyInputEndsAtOnce() throws Exception {
        try (TaskEngine engine = new TaskEngine(EngineSettings.defaults())) {
            RunSummary summary = engine.run(Collections.<Integer>emptyIterator(), (t, a) -> {
                throw new AssertionError("nothing to launch");
            }, TaskListener.ignoring());
            assertThat(summary.tasks()).isZero();
            assertThat(summary.attempts()).isZero();
        }
    }

    @Test
    void aClosedEngineRefusesNewRuns() {
        TaskEngine engine = new TaskEngine(EngineSettings.defaults());
        engine.close();
        assertThatThrownBy(() -> engine.runAsync(List.of(1).iterator(), (t, a) -> new CompletableFuture<>(),
                TaskListener.ignoring())).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void runAsyncLetsTheCallerContinue() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        BlockingTaskLauncher<Integer> waiting = new BlockingTaskLauncher<>(pool, (task, attempt) -> {
            release.await();
            Instant now = Instant.now();
            return TaskOutcome.timed(now, now);
        });
        try (TaskEngine engine = new TaskEngine(EngineSettings.builder().maxInFlight(2).build())) {
            CompletableFuture<RunSummary> run = engine.runAsync(IntStream.range(0, 4).iterator(), waiting, TaskListener.ignoring());
            assertThat(run).isNotDone();
            release.countDown();
            assertThat(run.get(30, TimeUnit.SECONDS).tasks()).isEqualTo(4);
        } catch (ExecutionException e) {
            throw new AssertionError(e);
        }
    }
}
