package dev.cubed.runtime.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Backends that refuse to start work: the engine backs off, adapts, resubmits, and spends no retries. */
class ThrottlingTest {
    private static final Backoff FAST_THROTTLE = new Backoff(Duration.ofMillis(1), 2.0, Duration.ofMillis(20), 1.0);

    private final ExecutorService pool = Executors.newFixedThreadPool(16);

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    /** A backend with room for {@code capacity} running tasks that answers "429" beyond that. */
    private final class CapacityLimitedBackend implements TaskLauncher<Integer> {
        final int capacity;
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger maxRunning = new AtomicInteger();
        final AtomicInteger refusals = new AtomicInteger();
        // running tasks hold until the backend has refused once, so a loaded machine cannot finish
        // them before the engine launches past the capacity (which would leave nothing to throttle)
        final java.util.concurrent.CountDownLatch refusedOnce = new java.util.concurrent.CountDownLatch(1);
        final Map<Integer, AtomicInteger> invocations = new ConcurrentHashMap<>();

        CapacityLimitedBackend(int capacity) {
            this.capacity = capacity;
        }

        @Override
        public CompletableFuture<TaskOutcome> launch(Integer task, Attempt attempt) {
            if (running.incrementAndGet() > capacity) {
                running.decrementAndGet();
                refusals.incrementAndGet();
                refusedOnce.countDown();
                return CompletableFuture.failedFuture(new ThrottledException("429 Too Many Requests"));
            }
            return CompletableFuture.supplyAsync(() -> {
                try {
                    refusedOnce.await(5, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                maxRunning.accumulateAndGet(running.get(), Math::max);
                invocations.computeIfAbsent(task, k -> new AtomicInteger()).incrementAndGet();
                Instant start = Instant.now();
                try {
                    Thread.sleep(3);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                Instant end = Instant.now();
                running.decrementAndGet(); // free the slot before the engine hears of the result
                return TaskOutcome.timed(start, end);
            }, pool);
        }
    }

    @Test
    void everyTaskCompletesWithoutSpendingRetries() throws Exception {
        CapacityLimitedBackend backend = new CapacityLimitedBackend(3);
        RecordingListener<Integer> listener = new RecordingListener<>();
        EngineSettings settings = EngineSettings.builder().maxInFlight(16).retries(0).throttleBackoff(FAST_THROTTLE).build();
        RunSummary summary;
        try (TaskEngine engine = new TaskEngine(settings)) {
            summary = engine.run(IntStream.range(0, 200).iterator(), backend, listener);
        }

        assertThat(summary.tasks()).isEqualTo(200);
        assertThat(backend.invocations).hasSize(200).allSatisfy((task, n) -> assertThat(n.get()).isEqualTo(1));
        assertThat(summary.throttles()).isPositive().isEqualTo(backend.refusals.get());
        assertThat(listener.throttleDelays).hasSize(backend.refusals.get());
        // Not a single retry although retries = 0 would have failed the run on any task failure.
        assertThat(summary.retries()).isZero();
        assertThat(summary.failures()).isZero();
        assertThat(summary.attempts()).isEqualTo(200);
        // The in-flight target came down from 16.
        assertThat(summary.minConcurrency()).isLessThan(16).isPositive();
        assertThat(backend.maxRunning.get()).isLessThanOrEqualTo(3);
        listener.assertGuarantees();
    }

    @Test
    void targetHalvesOncePerCongestionEventAndGrowsByOnePerSuccess() throws Exception {
        // Held attempts and no timers: each completion is handled on this thread before
        // complete() returns, so the launch counts below are exact.
        HeldLauncher launcher = new HeldLauncher();
        EngineSettings settings = EngineSettings.builder().maxInFlight(8).throttleBackoff(Backoff.none()).build();
        try (TaskEngine engine = new TaskEngine(settings)) {
            CompletableFuture<RunSummary> run = engine.runAsync(IntStream.range(0, 30).iterator(), launcher,
                    TaskListener.ignoring());
            assertThat(launcher.launches()).hasSize(8);

            launcher.fail(0, 1, false, new ThrottledException("429"));
            assertThat(launcher.launches()).as("target 8 -> 4 with 7 in flight").hasSize(8);
            launcher.fail(1, 1, false, new ThrottledException("429"));
            assertThat(launcher.launches()).as("same congestion event: no second cut, 6 in flight").hasSize(8);

            launcher.succeed(2, 1, false, Instant.EPOCH, Instant.EPOCH);
            assertThat(launcher.launches()).as("target 5, 5 in flight").hasSize(8);
            launcher.succeed(3, 1, false, Instant.EPOCH, Instant.EPOCH);
            assertThat(launcher.launches()).as("target 6: the two refused attempts go first").hasSize(10);
            assertThat(launcher.launches().subList(8, 10)).containsExactly(new Attempt(0, 1, false), new Attempt(1, 1, false));
            launcher.succeed(4, 1, false, Instant.EPOCH, Instant.EPOCH);
            assertThat(launcher.launches()).as("target 7: two new inputs").hasSize(12);

            // A refusal of an attempt launched after the cut is a new congestion event: 7 -> 3.
            launcher.fail(0, 1, false, new ThrottledException("429"));
            launcher.succeed(5, 1, false, Instant.EPOCH, Instant.EPOCH);
            assertThat(launcher.launches()).as("target 4 with 5 in flight").hasSize(12);

            // Drain the run: complete whatever is running until it ends.
            while (!run.isDone()) {
                for (Attempt a : launcher.launches()) {
                    CompletableFuture<TaskOutcome> f = launcher.future(a.taskIndex(), a.attempt(), a.backup());
                    if (!f.isDone()) {
                        f.complete(TaskOutcome.timed(Instant.EPOCH, Instant.EPOCH));
                    }
                }
            }
            RunSummary summary = run.get();
            assertThat(summary.tasks()).isEqualTo(30);
            assertThat(summary.throttles()).isEqualTo(3);
            assertThat(summary.minConcurrency()).isEqualTo(3);
        }
    }

    @Test
    void retryAfterIsHonoured() throws Exception {
        Duration retryAfter = Duration.ofMillis(150);
        Map<Integer, List<Long>> launchTimes = new ConcurrentHashMap<>();
        List<Attempt> attempts = new CopyOnWriteArrayList<>();
        TaskLauncher<Integer> launcher = (task, attempt) -> {
            attempts.add(attempt);
            List<Long> times = launchTimes.computeIfAbsent(task, k -> new CopyOnWriteArrayList<>());
            times.add(System.nanoTime());
            if (times.size() == 1) {
                return CompletableFuture.failedFuture(new ThrottledException("slow down", retryAfter, null));
            }
            Instant now = Instant.now();
            return CompletableFuture.completedFuture(TaskOutcome.timed(now, now));
        };
        RecordingListener<Integer> listener = new RecordingListener<>();
        RunSummary summary;
        try (TaskEngine engine = new TaskEngine(EngineSettings.builder().maxInFlight(4).throttleBackoff(FAST_THROTTLE).build())) {
            summary = engine.run(IntStream.range(0, 3).iterator(), launcher, listener);
        }

        assertThat(summary.throttles()).isEqualTo(3);
        assertThat(summary.attempts()).isEqualTo(3);
        assertThat(listener.throttleDelays).allSatisfy(d -> assertThat(d).isGreaterThanOrEqualTo(retryAfter));
        launchTimes.forEach((task, times) -> {
            assertThat(times).hasSize(2);
            assertThat(Duration.ofNanos(times.get(1) - times.get(0))).isGreaterThanOrEqualTo(retryAfter);
        });
        // A refused attempt never ran, so it is resubmitted under the same number.
        assertThat(attempts).allSatisfy(a -> assertThat(a.attempt()).isEqualTo(1));
        assertThat(listener.ends).allSatisfy(e -> assertThat(e.attempts()).isEqualTo(1));
    }

    @Test
    void refusedForLongerThanTheThrottleTimeoutFailsTheRun() {
        TaskLauncher<Integer> neverStarts = (task, attempt) ->
                CompletableFuture.failedFuture(new ThrottledException("reserved concurrency is 0"));
        EngineSettings settings = EngineSettings.builder().maxInFlight(2).retries(2).throttleBackoff(FAST_THROTTLE)
                .throttleTimeout(Duration.ofMillis(200)).build();
        long t0 = System.nanoTime();
        try (TaskEngine engine = new TaskEngine(settings)) {
            assertThatThrownBy(() -> engine.run(IntStream.range(0, 5).iterator(), neverStarts, TaskListener.ignoring()))
                    .isInstanceOfSatisfying(TaskFailedException.class, e -> {
                        assertThat(e.getMessage()).contains("throttleTimeout", "reserved concurrency is 0");
                        assertThat(e.getCause()).isInstanceOf(ThrottledException.class);
                        assertThat(e.summary().retries()).isZero();
                        assertThat(e.summary().throttles()).isGreaterThan(2);
                        assertThat(e.summary().minConcurrency()).isEqualTo(1);
                    });
        }
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void aFullThreadPoolIsAThrottleNotAFailure() throws Exception {
        // One worker and no queue: the pool rejects whatever it cannot start at once.
        ThreadPoolExecutor tight = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new SynchronousQueue<>());
        try (TaskEngine engine = new TaskEngine(EngineSettings.builder().maxInFlight(4).retries(0)
                .throttleBackoff(FAST_THROTTLE).build())) {
            FaultyTasks body = new FaultyTasks(Map.of(), 2);
            RunSummary summary = engine.run(IntStream.range(0, 20).iterator(), new BlockingTaskLauncher<>(tight, body),
                    TaskListener.ignoring());
            assertThat(summary.tasks()).isEqualTo(20);
            assertThat(summary.throttles()).isPositive();
            assertThat(body.counts()).hasSize(20).allSatisfy((task, n) -> assertThat(n).isEqualTo(1));
        } finally {
            tight.shutdownNow();
        }
    }
}
