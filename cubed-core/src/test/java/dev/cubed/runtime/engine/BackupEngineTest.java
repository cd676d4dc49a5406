package dev.cubed.runtime.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The backup rule inside the engine, driven by an injected clock: the test launches ten tasks
 * at time 0, completes five at 4 s, and moves the clock by hand while the engine's periodic
 * check (every 5 ms of real time) decides.
 */
class BackupEngineTest {
    private static final Duration CHECK = Duration.ofMillis(5);

    private static Instant at(long seconds) {
        return Instant.EPOCH.plusSeconds(seconds);
    }

    private static EngineSettings settings(ManualClock clock, BackupPolicy policy) {
        return EngineSettings.builder().maxInFlight(20).retries(2).retryBackoff(Backoff.none())
                .backupPolicy(policy.withCheckInterval(CHECK)).clock(clock).build();
    }

    /** Ten tasks launched at 0; tasks 0-4 end at 4 s. */
    private static void tenStartedFiveEndedAtFour(ManualClock clock, HeldLauncher launcher) throws InterruptedException {
        launcher.awaitLaunches(10);
        clock.setSeconds(4);
        for (int i = 0; i < 5; i++) {
            launcher.succeed(i, 1, false, at(1), at(3));
        }
    }

    /** Lets the engine run many backup checks. */
    private static void letChecksRun() throws InterruptedException {
        Thread.sleep(CHECK.toMillis() * 20);
    }

    @Test
    void referenceCasesInTheEngine() throws Exception {
        ManualClock clock = new ManualClock();
        HeldLauncher launcher = new HeldLauncher();
        RecordingListener<Integer> listener = new RecordingListener<>();
        try (TaskEngine engine = new TaskEngine(settings(clock, BackupPolicy.defaults()))) {
            CompletableFuture<RunSummary> run = engine.runAsync(IntStream.range(0, 10).iterator(), launcher, listener);
            tenStartedFiveEndedAtFour(clock, launcher);

            clock.setSeconds(7); // 7 s is not more than 3 x 4 s
            letChecksRun();
            assertThat(launcher.launches()).hasSize(10).noneMatch(Attempt::backup);

            clock.setSeconds(13); // 13 s is: the five running tasks get a backup each
            launcher.awaitLaunches(15);
            assertThat(launcher.launches().subList(10, 15))
                    .containsExactlyInAnyOrderElementsOf(IntStream.range(5, 10).mapToObj(i -> new Attempt(i, 2, true)).toList());
            letChecksRun();
            assertThat(launcher.launches()).as("at most one backup per task").hasSize(15);

            // Backups of 5-8 win; the original of 9 wins over its backup.
            clock.setSeconds(14);
            for (int i = 5; i < 9; i++) {
                launcher.succeed(i, 2, true, at(13), at(14));
            }
            launcher.succeed(9, 1, false, at(2), at(14));
            RunSummary summary = run.get(30, TimeUnit.SECONDS);

            assertThat(summary.tasks()).isEqualTo(10);
            assertThat(summary.backupsLaunched()).isEqualTo(5);
            assertThat(summary.backupsWon()).isEqualTo(4);
            assertThat(summary.attempts()).isEqualTo(15);
            assertThat(summary.wallTime()).isEqualTo(Duration.ofSeconds(14));
            for (int i = 5; i < 9; i++) {
                assertThat(launcher.future(i, 1, false)).as("original of %d cancelled", i).isCancelled();
                TaskEnd<Integer> end = listener.end(i);
                assertThat(end.backupWon()).isTrue();
                assertThat(end.attempts()).isEqualTo(2);
                assertThat(end.taskCreate()).isEqualTo(at(0));
                assertThat(end.functionStart()).isEqualTo(at(13));
                assertThat(end.taskResult()).isEqualTo(at(14));
            }
            assertThat(launcher.future(9, 2, true)).isCancelled();
            assertThat(listener.end(9).backupLaunched()).isTrue();
            assertThat(listener.end(9).backupWon()).isFalse();
            assertThat(listener.end(0).backupLaunched()).isFalse();
            listener.assertGuarantees();
        }
    }

    @Test
    void noBackupWithMinStartedTwenty() throws Exception {
        ManualClock clock = new ManualClock();
        HeldLauncher launcher = new HeldLauncher();
        try (TaskEngine engine = new TaskEngine(settings(clock, BackupPolicy.defaults().withMinStarted(20)))) {
            CompletableFuture<RunSummary> run = engine.runAsync(IntStream.range(0, 10).iterator(), launcher,
                    TaskListener.ignoring());
            tenStartedFiveEndedAtFour(clock, launcher);
            clock.setSeconds(13);
            letChecksRun();
            assertThat(launcher.launches()).hasSize(10).noneMatch(Attempt::backup);
            for (int i = 5; i < 10; i++) {
                launcher.succeed(i, 1, false, at(1), at(13));
            }
            assertThat(run.get(30, TimeUnit.SECONDS).backupsLaunched()).isZero();
        }
    }

    @Test
    void aFailureIsIgnoredWhileTheTwinMaySucceed() throws Exception {
        ManualClock clock = new ManualClock();
        HeldLauncher launcher = new HeldLauncher();
        RecordingListener<Integer> listener = new RecordingListener<>();
        try (TaskEngine engine = new TaskEngine(settings(clock, BackupPolicy.defaults()))) {
            CompletableFuture<RunSummary> run = engine.runAsync(IntStream.range(0, 10).iterator(), launcher, listener);
            tenStartedFiveEndedAtFour(clock, launcher);
            clock.setSeconds(13);
            launcher.awaitLaunches(15);

            // Task 5: the original fails, then its backup succeeds: no retry.
            launcher.fail(5, 1, false, new IllegalStateException("original of 5 failed"));
            // Task 6: the backup fails, then the original succeeds: no retry.
            launcher.fail(6, 2, true, new IllegalStateException("backup of 6 failed"));
            // Task 7: both copies fail: one retry, attempt 3, not a backup.
            launcher.fail(7, 1, false, new IllegalStateException("original of 7 failed"));
            launcher.fail(7, 2, true, new IllegalStateException("backup of 7 failed"));
            launcher.awaitLaunches(16);
            assertThat(launcher.launches().get(15)).isEqualTo(new Attempt(7, 3, false));

            launcher.succeed(5, 2, true, at(13), at(13));
            launcher.succeed(6, 1, false, at(1), at(13));
            launcher.succeed(7, 3, false, at(13), at(13));
            launcher.succeed(8, 1, false, at(1), at(13));
            launcher.succeed(9, 1, false, at(1), at(13));
            RunSummary summary = run.get(30, TimeUnit.SECONDS);

            assertThat(summary.failures()).isEqualTo(4);
            assertThat(summary.retries()).isEqualTo(1);
            assertThat(summary.backupsLaunched()).isEqualTo(5);
            assertThat(summary.backupsWon()).isEqualTo(1);
            assertThat(listener.retries).containsExactly(new Attempt(7, 3, false));
            assertThat(listener.end(7).attempts()).isEqualTo(3);
            assertThat(listener.end(7).backupWon()).isFalse();
            assertThat(listener.end(5).backupWon()).isTrue();
            // The retry of 7 launched after the backups: 7 got no second backup.
            assertThat(launcher.launches()).filteredOn(a -> a.taskIndex() == 7).hasSize(3);
            listener.assertGuarantees();
        }
    }

    @Test
    void aBackupRefusedForTooLongIsDroppedWhileItsTwinRuns() throws Exception {
        ManualClock clock = new ManualClock();
        HeldLauncher launcher = new HeldLauncher();
        EngineSettings settings = settings(clock, BackupPolicy.defaults()).toBuilder()
                .throttleBackoff(Backoff.none()).throttleTimeout(Duration.ofSeconds(60)).build();
        try (TaskEngine engine = new TaskEngine(settings)) {
            CompletableFuture<RunSummary> run = engine.runAsync(IntStream.range(0, 10).iterator(), launcher,
                    TaskListener.ignoring());
            tenStartedFiveEndedAtFour(clock, launcher);
            clock.setSeconds(13);
            launcher.awaitLaunches(15);

            launcher.fail(5, 2, true, new ThrottledException("429"));
            launcher.awaitLaunches(16); // resubmitted at once under the same attempt number
            assertThat(launcher.launches().get(15)).isEqualTo(new Attempt(5, 2, true));
            clock.setSeconds(100);       // refused since 13 s: longer than the 60 s throttle timeout
            launcher.fail(5, 2, true, new ThrottledException("429"));
            letChecksRun();
            assertThat(launcher.launches()).as("the backup is dropped, not resubmitted").hasSize(16);
            assertThat(run).as("the original of task 5 still runs").isNotDone();

            for (int i = 5; i < 10; i++) {
                launcher.succeed(i, 1, false, at(1), at(100));
            }
            RunSummary summary = run.get(30, TimeUnit.SECONDS);
            assertThat(summary.tasks()).isEqualTo(10);
            assertThat(summary.throttles()).isEqualTo(2);
            assertThat(summary.failures()).isEqualTo(1);
            assertThat(summary.retries()).isZero();
        }
    }

    @Test
    void startTimesSurviveAcrossWavesOfInputs() throws Exception {
        // maxInFlight 10 with 30 tasks: the straggler (task 0) was launched in the first wave;
        // its start time must still count when later waves have finished (Python Cubed forgets it).
        ManualClock clock = new ManualClock();
        HeldLauncher launcher = new HeldLauncher();
        EngineSettings settings = settings(clock, BackupPolicy.defaults()).toBuilder().maxInFlight(10).build();
        try (TaskEngine engine = new TaskEngine(settings)) {
            CompletableFuture<RunSummary> run = engine.runAsync(IntStream.range(0, 30).iterator(), launcher,
                    TaskListener.ignoring());
            launcher.awaitLaunches(10);
            // Each later task takes 1 s: finish 1..9 at 1 s, which launches 10..18, and so on.
            int launched = 10;
            for (int wave = 1; wave <= 3; wave++) {
                clock.setSeconds(wave);
                List<Attempt> running = launcher.launches().subList(launched - 9, launched);
                for (Attempt a : running) {
                    if (a.taskIndex() != 0) {
                        launcher.succeed(a.taskIndex(), 1, false, at(wave - 1), at(wave));
                    }
                }
                launched = Math.min(launched + 9, 30);
                launcher.awaitLaunches(launched);
            }
            // Now 27 finished tasks of 1 s each, task 0 running since 0: at 3 s (not > 3 x 1 s) no backup...
            letChecksRun();
            assertThat(launcher.launches()).noneMatch(Attempt::backup);
            // ... at 4 s it is due, although its wave ended long ago.
            clock.setSeconds(4);
            launcher.awaitLaunches(launched + 1);
            assertThat(launcher.launches().get(launched)).isEqualTo(new Attempt(0, 2, true));
            run.cancel(true);
        }
    }
}
