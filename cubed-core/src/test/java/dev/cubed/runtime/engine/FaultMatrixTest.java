package dev.cubed.runtime.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Cubed's executor fault-injection matrix, run against the engine with real threads, real sleeps
 * and a deterministic faulty task that counts its invocations per input. Each case runs with
 * backups on and off, retries = 2. Timing codes are milliseconds.
 */
class FaultMatrixTest {
    private static final Backoff FAST_RETRY = new Backoff(Duration.ofMillis(1), 2.0, Duration.ofMillis(10), 0.5);
    private static final BackupPolicy BACKUPS = BackupPolicy.defaults().withCheckInterval(Duration.ofMillis(20));

    private final ExecutorService pool = Executors.newFixedThreadPool(12);

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    private static EngineSettings.Builder settings(boolean backups) {
        return EngineSettings.builder().maxInFlight(10).retries(2).retryBackoff(FAST_RETRY)
                .backupPolicy(backups ? BACKUPS : null);
    }

    private RunSummary run(EngineSettings settings, FaultyTasks body, int tasks, RecordingListener<Integer> listener)
            throws InterruptedException {
        try (TaskEngine engine = new TaskEngine(settings)) {
            return engine.run(IntStream.range(0, tasks).iterator(), new BlockingTaskLauncher<>(pool, body), listener);
        }
    }

    private static Map<Integer, Integer> each(int tasks, int count) {
        Map<Integer, Integer> m = new HashMap<>();
        for (int i = 0; i < tasks; i++) {
            m.put(i, count);
        }
        return m;
    }

    @ParameterizedTest(name = "backups={0}")
    @ValueSource(booleans = {false, true})
    void noFailure(boolean backups) throws Exception {
        FaultyTasks body = new FaultyTasks(Map.of(), 10);
        RecordingListener<Integer> listener = new RecordingListener<>();
        RunSummary summary = run(settings(backups).build(), body, 3, listener);

        assertThat(body.counts()).isEqualTo(each(3, 1));
        assertThat(summary.tasks()).isEqualTo(3);
        assertThat(summary.attempts()).isEqualTo(3);
        assertThat(summary.retries()).isZero();
        assertThat(summary.failures()).isZero();
        assertThat(listener.ends).extracting(TaskEnd::task).containsExactlyInAnyOrder(0, 1, 2);
        TaskEnd<Integer> end = listener.end(2);
        assertThat(end.attempts()).isEqualTo(1);
        assertThat(end.peakMemoryBefore()).isEqualTo(1002);
        assertThat(end.peakMemoryAfter()).isEqualTo(2002);
        assertThat(end.bytesRead()).isEqualTo(20);
        assertThat(end.bytesWritten()).isEqualTo(40);
        assertThat(end.extraStats()).containsEntry("input", 2);
        listener.assertGuarantees();
    }

    @ParameterizedTest(name = "backups={0}")
    @ValueSource(booleans = {false, true})
    void failOnce(boolean backups) throws Exception {
        FaultyTasks body = new FaultyTasks(Map.of(0, List.of(-10L), 1, List.of(-10L), 2, List.of(-10L)), 10);
        RecordingListener<Integer> listener = new RecordingListener<>();
        RunSummary summary = run(settings(backups).build(), body, 3, listener);

        assertThat(body.counts()).isEqualTo(each(3, 2));
        assertThat(summary.tasks()).isEqualTo(3);
        assertThat(summary.attempts()).isEqualTo(6);
        assertThat(summary.retries()).isEqualTo(3);
        assertThat(summary.failures()).isEqualTo(3);
        assertThat(listener.failedAttempts).extracting(Attempt::attempt).containsOnly(1);
        assertThat(listener.retries).extracting(Attempt::attempt).containsOnly(2);
        assertThat(listener.ends).allSatisfy(e -> assertThat(e.attempts()).isEqualTo(2));
        listener.assertGuarantees();
    }

    @ParameterizedTest(name = "backups={0}")
    @ValueSource(booleans = {false, true})
    void failTwice(boolean backups) throws Exception {
        List<Long> twice = List.of(-10L, -10L);
        FaultyTasks body = new FaultyTasks(Map.of(0, twice, 1, twice, 2, twice), 10);
        RecordingListener<Integer> listener = new RecordingListener<>();
        RunSummary summary = run(settings(backups).build(), body, 3, listener);

        assertThat(body.counts()).isEqualTo(each(3, 3));
        assertThat(summary.retries()).isEqualTo(6);
        assertThat(summary.failures()).isEqualTo(6);
        assertThat(listener.ends).allSatisfy(e -> assertThat(e.attempts()).isEqualTo(3));
        listener.assertGuarantees();
    }

    @ParameterizedTest(name = "backups={0}")
    @ValueSource(booleans = {false, true})
    void tooManyFailures(boolean backups) {
        FaultyTasks body = new FaultyTasks(Map.of(0, List.of(-30L), 1, List.of(-30L), 2, List.of(-30L, -30L, -30L)), 10);
        RecordingListener<Integer> listener = new RecordingListener<>();

        assertThatThrownBy(() -> run(settings(backups).build(), body, 3, listener))
                .isInstanceOfSatisfying(TaskFailedException.class, e -> {
                    assertThat(e.task()).isEqualTo("2");
                    assertThat(e.taskIndex()).isEqualTo(2);
                    assertThat(e.attempts()).isEqualTo(3);
                    assertThat(e.getMessage()).contains("Task 2", "3 attempts", "retries = 2");
                    assertThat(e.getCause()).hasMessageContaining("invocation number 3 for input 2");
                    assertThat(e.summary().failures()).isEqualTo(5);
                });
        assertThat(body.counts()).isEqualTo(Map.of(0, 2, 1, 2, 2, 3));
        listener.assertGuarantees();
    }

    @ParameterizedTest(name = "backups={0}")
    @ValueSource(booleans = {false, true})
    void timeout(boolean backups) throws Exception {
        FaultyTasks body = new FaultyTasks(Map.of(0, List.of(5_000L)), 10);
        RecordingListener<Integer> listener = new RecordingListener<>();
        long t0 = System.nanoTime();
        RunSummary summary = run(settings(backups).attemptTimeout(Duration.ofMillis(300)).build(), body, 3, listener);

        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
        assertThat(body.counts()).isEqualTo(Map.of(0, 2, 1, 1, 2, 1));
        assertThat(summary.timeouts()).isEqualTo(1);
        assertThat(summary.failures()).isEqualTo(1);
        assertThat(summary.retries()).isEqualTo(1);
        assertThat(listener.failures).singleElement().isInstanceOf(TaskTimeoutException.class)
                .extracting(Throwable::getMessage).asString().contains("attempt timeout of PT0.3S");
        // The cancel reached the sleeping thread (which records it when it wakes: under load, after the run ended).
        awaitInterrupts(body, 1);
        assertThat(listener.end(0).attempts()).isEqualTo(2);
        listener.assertGuarantees();
    }

    @Test
    void stragglerWithBackups() throws Exception {
        // Ten tasks of 100 ms; input 0 would take 10 s on its first attempt. After half have
        // finished, anything over 3 x 100 ms gets a backup, which wins.
        FaultyTasks body = new FaultyTasks(Map.of(0, List.of(10_000L)), 100);
        RecordingListener<Integer> listener = new RecordingListener<>();
        long t0 = System.nanoTime();
        RunSummary summary = run(settings(true).build(), body, 10, listener);

        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
        Map<Integer, Integer> expected = each(10, 1);
        expected.put(0, 2);
        assertThat(body.counts()).isEqualTo(expected);
        assertThat(summary.backupsLaunched()).isEqualTo(1);
        assertThat(summary.backupsWon()).isEqualTo(1);
        assertThat(summary.failures()).isZero();
        assertThat(listener.backups).containsExactly(new Attempt(0, 2, true));
        TaskEnd<Integer> end = listener.end(0);
        assertThat(end.backupLaunched()).isTrue();
        assertThat(end.backupWon()).isTrue();
        assertThat(end.attempts()).isEqualTo(2);
        // The losing original was cancelled and its thread interrupted.
        awaitInterrupts(body, 1);
        listener.assertGuarantees();
    }

    @Test
    void stragglerWithoutBackups() throws Exception {
        FaultyTasks body = new FaultyTasks(Map.of(0, List.of(700L)), 50);
        RecordingListener<Integer> listener = new RecordingListener<>();
        RunSummary summary = run(settings(false).build(), body, 10, listener);

        assertThat(summary.wallTime()).isGreaterThanOrEqualTo(Duration.ofMillis(700));
        assertThat(body.counts()).isEqualTo(each(10, 1));
        assertThat(summary.backupsLaunched()).isZero();
        assertThat(listener.end(0).backupLaunched()).isFalse();
        listener.assertGuarantees();
    }

    @ParameterizedTest(name = "backups={0}")
    @ValueSource(booleans = {false, true})
    void lazyInfiniteInputs(boolean backups) {
        // Input 0 fails on every invocation: with backups on, a 10 ms task among 1 ms ones is a
        // straggler, and a backup that succeeded would (rightly) rescue it and never end the run.
        FaultyTasks body = new FaultyTasks(Map.of(0, List.of(-10L, -10L)), 1);
        AtomicLong pulled = new AtomicLong();
        Iterator<Integer> endless = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Integer next() {
                return (int) pulled.getAndIncrement();
            }
        };
        AtomicLong launched = new AtomicLong();
        BlockingTaskLauncher<Integer> inner = new BlockingTaskLauncher<>(pool, body);
        EngineSettings settings = settings(backups).retries(0).build();
        RecordingListener<Integer> listener = new RecordingListener<>();

        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            try (TaskEngine engine = new TaskEngine(settings)) {
                assertThatThrownBy(() -> engine.run(endless, (Integer task, Attempt attempt) -> {
                    if (!attempt.backup()) {
                        launched.incrementAndGet();
                    }
                    return inner.launch(task, attempt);
                }, listener)).isInstanceOfSatisfying(TaskFailedException.class, e -> {
                    assertThat(e.taskIndex()).isZero();
                    // the failed attempt, plus its backup when one was launched in time
                    assertThat(e.attempts()).isBetween(1, backups ? 2 : 1);
                });
            }
        });
        // Every input pulled was launched: nothing was read ahead of a free slot.
        assertThat(pulled.get()).isEqualTo(launched.get()).isPositive();
        assertThat(body.count(0)).isBetween(1, backups ? 2 : 1);
        listener.assertGuarantees();
    }

    @ParameterizedTest(name = "backups={0}")
    @ValueSource(booleans = {false, true})
    void scaleWithAFewFailures(boolean backups) throws Exception {
        Map<Integer, List<Long>> faults = new HashMap<>();
        Map<Integer, Integer> expected = each(1000, 1);
        for (int i = 7; i < 1000; i += 97) {
            faults.put(i, List.of(-1L));
            expected.put(i, 2);
        }
        for (int i = 50; i < 1000; i += 250) {
            faults.put(i, List.of(-1L, -2L));
            expected.put(i, 3);
        }
        FaultyTasks body = new FaultyTasks(faults, 1);
        RecordingListener<Integer> listener = new RecordingListener<>();
        RunSummary summary = run(settings(backups).build(), body, 1000, listener);

        assertThat(summary.tasks()).isEqualTo(1000);
        assertThat(listener.ends).hasSize(1000);
        long expectedRetries = expected.values().stream().mapToLong(n -> n - 1).sum();
        if (backups) {
            // Millisecond tasks on a busy machine may earn a few spurious backups. A backup adds at
            // most one invocation to its input (failing codes are consumed once, in invocation
            // order, so no input can succeed early), and a failure while the twin runs is no retry.
            expected.forEach((input, n) -> assertThat(body.count(input)).as("input %d", input).isBetween(n, n + 1));
            assertThat(summary.retries()).isBetween(expectedRetries - summary.backupsLaunched(), expectedRetries);
            // A backup cancelled before a pool thread picked it up never invoked the body.
            assertThat(body.counts().values().stream().mapToLong(Integer::longValue).sum())
                    .isLessThanOrEqualTo(summary.attempts());
            assertThat(summary.attempts()).isEqualTo(1000 + summary.retries() + summary.backupsLaunched());
        } else {
            assertThat(body.counts()).isEqualTo(expected);
            assertThat(summary.retries()).isEqualTo(expectedRetries);
            assertThat(summary.attempts()).isEqualTo(1000 + expectedRetries);
        }
        listener.assertGuarantees();
    }

    private static void awaitInterrupts(FaultyTasks body, int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (body.interrupted() < n && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(body.interrupted()).isEqualTo(n);
    }
}
