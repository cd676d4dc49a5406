package dev.cubed.runtime.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Records every event of a run and checks, on each call, the guarantees listeners rely on: no two
 * calls at once, one task end per task, and ordered timestamps. Violations are collected and
 * asserted by {@link #assertGuarantees()} (a throw inside a listener would fail the run instead).
 */
final class RecordingListener<T> implements TaskListener<T> {
    private final AtomicInteger active = new AtomicInteger();
    private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    final List<TaskEnd<T>> ends = Collections.synchronizedList(new ArrayList<>());
    final List<Attempt> failedAttempts = Collections.synchronizedList(new ArrayList<>());
    final List<Attempt> retries = Collections.synchronizedList(new ArrayList<>());
    final List<Duration> throttleDelays = Collections.synchronizedList(new ArrayList<>());
    final List<Attempt> backups = Collections.synchronizedList(new ArrayList<>());
    final List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());

    private void enter() {
        if (active.incrementAndGet() != 1) {
            violations.add("concurrent listener call on " + Thread.currentThread().getName());
        }
    }

    private void exit() {
        active.decrementAndGet();
    }

    @Override
    public void onTaskEnd(TaskEnd<T> end) {
        enter();
        try {
            if (end.functionStart().isBefore(end.taskCreate()) || end.functionEnd().isBefore(end.functionStart())
                    || end.taskResult().isBefore(end.functionEnd())) {
                violations.add("timestamps out of order: " + end);
            }
            ends.add(end);
        } finally {
            exit();
        }
    }

    @Override
    public void onAttemptFailed(T task, Attempt attempt, Throwable failure) {
        enter();
        failedAttempts.add(attempt);
        failures.add(failure);
        exit();
    }

    @Override
    public void onRetryScheduled(T task, Attempt next, Duration delay) {
        enter();
        if (next.backup() || next.attempt() < 2) {
            violations.add("a retry must be a non-backup attempt >= 2: " + next);
        }
        retries.add(next);
        exit();
    }

    @Override
    public void onThrottled(T task, Attempt attempt, ThrottledException refusal, Duration delay) {
        enter();
        throttleDelays.add(delay);
        exit();
    }

    @Override
    public void onBackupLaunched(T task, Attempt backup) {
        enter();
        if (!backup.backup()) {
            violations.add("onBackupLaunched with a non-backup attempt " + backup);
        }
        backups.add(backup);
        exit();
    }

    /** The task end of the task with this index. */
    TaskEnd<T> end(long taskIndex) {
        synchronized (ends) {
            return ends.stream().filter(e -> e.taskIndex() == taskIndex).findFirst()
                    .orElseThrow(() -> new AssertionError("no task end for #" + taskIndex));
        }
    }

    /** Fails unless every call was serialised, each task ended at most once, and timestamps were ordered. */
    void assertGuarantees() {
        Map<Long, Integer> perTask = new TreeMap<>();
        synchronized (ends) {
            for (TaskEnd<T> e : ends) {
                perTask.merge(e.taskIndex(), 1, Integer::sum);
            }
        }
        perTask.forEach((index, n) -> {
            if (n != 1) {
                violations.add("task #" + index + " ended " + n + " times");
            }
        });
        if (!violations.isEmpty()) {
            throw new AssertionError("listener guarantees broken: " + violations);
        }
    }
}
