package dev.cubed.runtime.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A launcher whose attempts run until the test completes them: it stands for a remote backend
 * whose results arrive whenever the test says, so a test can drive a run step by step
 * (together with a {@link ManualClock}).
 */
final class HeldLauncher implements TaskLauncher<Integer> {
    private final List<Attempt> launches = new ArrayList<>();
    private final Map<Attempt, CompletableFuture<TaskOutcome>> futures = new ConcurrentHashMap<>();

    @Override
    public synchronized CompletableFuture<TaskOutcome> launch(Integer task, Attempt attempt) {
        CompletableFuture<TaskOutcome> f = new CompletableFuture<>();
        launches.add(attempt);
        futures.put(attempt, f);
        notifyAll();
        return f;
    }

    synchronized List<Attempt> launches() {
        return List.copyOf(launches);
    }

    /** Waits until at least {@code n} attempts were launched. */
    synchronized void awaitLaunches(int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (launches.size() < n) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("expected " + n + " launches within 30 s, got " + launches);
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    CompletableFuture<TaskOutcome> future(long task, int attempt, boolean backup) {
        CompletableFuture<TaskOutcome> f = futures.get(new Attempt(task, attempt, backup));
        if (f == null) {
            throw new AssertionError("attempt " + attempt + (backup ? " (backup)" : "") + " of task " + task + " was not launched");
        }
        return f;
    }

    void succeed(long task, int attempt, boolean backup, Instant start, Instant end) {
        future(task, attempt, backup).complete(TaskOutcome.timed(start, end));
    }

    void fail(long task, int attempt, boolean backup, RuntimeException failure) {
        future(task, attempt, backup).completeExceptionally(failure);
    }
}
