package dev.cubed.runtime.engine;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One run of a {@link TaskEngine}: the state machine that pulls inputs, launches attempts and
 * reacts to their results, timers and cancellation.
 *
 * <p>Everything that happens to a run (an attempt completing, a timer firing, the caller
 * cancelling) is posted as an event to a lock-free queue; whichever thread posts while no other
 * thread is draining becomes the drainer and processes events until the queue is empty (the
 * "drain loop" of reactive libraries). So all run state below is touched by one thread at a
 * time, listener calls are serialised, no lock is held while user code runs, and a launcher that
 * completes its future inline cannot recurse into the engine: its completion is queued and
 * handled by the loop that launched it.
 */
final class EngineRun<T> {

    private enum State {
        /** Created, about to be launched or parked. */
        NEW,
        /** Launched; its future has not completed. */
        IN_FLIGHT,
        /** Waiting on a timer (retry backoff or throttle resubmission). */
        WAITING,
        /** Queued to launch at the next free slot. */
        READY,
        /** Finished, failed, cancelled or abandoned: further news about it is ignored. */
        OVER
    }

    private static final class TaskRun<T> {
        final T input;
        final long index;
        Instant created;
        int attemptNumbers;
        int launchedAttempts;
        int failedRounds;
        int liveCopies;
        boolean backupScheduled;
        boolean backupLaunched;
        boolean done;
        AttemptRun<T> main;
        AttemptRun<T> backup;

        TaskRun(T input, long index) {
            this.input = input;
            this.index = index;
        }
    }

    private static final class AttemptRun<T> {
        final TaskRun<T> task;
        final Attempt attempt;
        State state = State.NEW;
        long seq;
        Instant launched;
        long launchNanos;
        long firstLaunchNanos;
        int launches;
        int refusals;
        CompletableFuture<TaskOutcome> future;
        ScheduledFuture<?> timer;

        AttemptRun(TaskRun<T> task, Attempt attempt) {
            this.task = task;
            this.attempt = attempt;
        }
    }

    private abstract static class Event {
        abstract void handle();
    }

    private final Iterator<? extends T> inputs;
    private final TaskLauncher<? super T> launcher;
    private final TaskListener<T> listener;
    private final EngineSettings settings;
    private final InstantSource clock;
    private final ScheduledExecutorService scheduler;
    private final BackupPolicy backupPolicy;
    private final Duration attemptTimeout;
    private final long throttleTimeoutNanos;
    private final int maxInFlight;
    private final int retries;

    final CompletableFuture<RunSummary> result = new CompletableFuture<>();

    private final ConcurrentLinkedQueue<Event> events = new ConcurrentLinkedQueue<>();
    private final AtomicInteger wip = new AtomicInteger();

    // Everything below is touched only by the thread draining the event queue.
    private final SplittableRandom random = new SplittableRandom();
    private final ArrayDeque<AttemptRun<T>> ready = new ArrayDeque<>();
    private final Set<AttemptRun<T>> inFlight = new HashSet<>();
    private final Set<AttemptRun<T>> waiting = new HashSet<>();
    private final FinishedDurations durations = new FinishedDurations();
    private ScheduledFuture<?> backupChecks;
    private Instant startedAt;
    private boolean finished;
    private boolean inputsExhausted;
    private long nextIndex;
    private long unfinished;
    private long startedTasks;
    private long launchSeq;
    private long lastDecreaseSeq;
    private double target;
    private int minTarget;

    private long tasksDone;
    private long attempts;
    private long retriesLaunched;
    private long failures;
    private long timeouts;
    private long throttles;
    private long backupsLaunched;
    private long backupsWon;

    EngineRun(EngineSettings settings, ScheduledExecutorService scheduler, Iterator<? extends T> inputs,
              TaskLauncher<? super T> launcher, TaskListener<T> listener) {
        this.settings = settings;
        this.scheduler = scheduler;
        this.inputs = inputs;
        this.launcher = launcher;
        this.listener = listener;
        this.clock = settings.clock();
        this.backupPolicy = settings.backupPolicy().orElse(null);
        this.attemptTimeout = settings.attemptTimeout().orElse(null);
        this.throttleTimeoutNanos = settings.throttleTimeout().toNanos();
        this.maxInFlight = settings.maxInFlight();
        this.retries = settings.retries();
        this.target = maxInFlight;
        this.minTarget = maxInFlight;
    }

    /** Starts the run on the calling thread: the first launches happen before this returns. */
    void start() {
        post(new Event() {
            @Override
            void handle() {
                startedAt = clock.instant();
                if (backupPolicy != null) {
                    long every = backupPolicy.checkInterval().toNanos();
                    Event check = new Event() {
                        @Override
                        void handle() {
                            checkBackups();
                        }
                    };
                    backupChecks = scheduler.scheduleWithFixedDelay(() -> post(check), every, every, TimeUnit.NANOSECONDS);
                }
            }
        });
        result.whenComplete((summary, failure) -> {
            if (result.isCancelled()) {
                post(new Event() {
                    @Override
                    void handle() {
                        stop(null);
                    }
                });
            }
        });
    }

    // ---- the drain loop -------------------------------------------------------------------

    private void post(Event event) {
        events.offer(event);
        drain();
    }

    private void drain() {
        if (wip.getAndIncrement() != 0) {
            return; // another thread is draining and will see this event
        }
        int missed = 1;
        while (true) {
            Event event;
            while ((event = events.poll()) != null) {
                try {
                    event.handle();
                } catch (Throwable t) {
                    stop(t);
                }
            }
            if (!finished) {
                try {
                    fill();
                } catch (Throwable t) {
                    stop(t);
                }
            }
            missed = wip.addAndGet(-missed);
            if (missed == 0) {
                return;
            }
        }
    }

    // ---- launching ------------------------------------------------------------------------

    /** Launches ready attempts, then new inputs, while there is room; completes the run when all is done. */
    private void fill() {
        int limit = (int) target;
        while (!finished && inFlight.size() < limit) {
            AttemptRun<T> next = ready.poll();
            if (next != null) {
                if (next.state == State.READY) {
                    launch(next);
                }
                continue;
            }
            if (inputsExhausted || unfinished >= maxInFlight) {
                break;
            }
            if (!inputs.hasNext()) {
                inputsExhausted = true;
                break;
            }
            TaskRun<T> task = new TaskRun<>(inputs.next(), nextIndex++);
            unfinished++;
            task.main = newAttempt(task, false);
            launch(task.main);
        }
        if (!finished && inputsExhausted && unfinished == 0) {
            finished = true;
            cancelTimers();
            result.complete(summary());
        }
    }

    private AttemptRun<T> newAttempt(TaskRun<T> task, boolean backup) {
        task.liveCopies++;
        return new AttemptRun<>(task, new Attempt(task.index, ++task.attemptNumbers, backup));
    }

    private void launch(AttemptRun<T> a) {
        TaskRun<T> task = a.task;
        Instant now = clock.instant();
        if (task.created == null) {
            task.created = now;
            startedTasks++;
        }
        a.launched = now;
        a.launchNanos = nanos(now);
        a.seq = ++launchSeq;
        a.state = State.IN_FLIGHT;
        if (a.launches++ == 0) {
            a.firstLaunchNanos = a.launchNanos;
            attempts++;
            task.launchedAttempts++;
            if (a.attempt.backup()) {
                task.backupLaunched = true;
                backupsLaunched++;
                listener.onBackupLaunched(task.input, a.attempt);
            }
        }
        inFlight.add(a);
        CompletableFuture<TaskOutcome> future;
        try {
            future = launcher.launch(task.input, a.attempt);
            if (future == null) {
                future = CompletableFuture.failedFuture(new NullPointerException(
                        "TaskLauncher.launch returned null instead of a future for " + describe(a)));
            }
        } catch (RuntimeException e) {
            future = CompletableFuture.failedFuture(e);
        }
        a.future = future;
        long seq = a.seq;
        if (attemptTimeout != null && !future.isDone()) {
            a.timer = scheduler.schedule(() -> post(new Event() {
                @Override
                void handle() {
                    timedOut(a, seq);
                }
            }), attemptTimeout.toNanos(), TimeUnit.NANOSECONDS);
        }
        future.whenComplete((outcome, failure) -> post(new Event() {
            @Override
            void handle() {
                completed(a, seq, outcome, failure);
            }
        }));
    }

    /** Waits {@code delay}, then queues the attempt to launch at the next free slot. */
    private void park(AttemptRun<T> a, Duration delay) {
        if (delay.isZero()) {
            a.state = State.READY;
            ready.add(a);
            return;
        }
        a.state = State.WAITING;
        waiting.add(a);
        a.timer = scheduler.schedule(() -> post(new Event() {
            @Override
            void handle() {
                if (a.state == State.WAITING) {
                    waiting.remove(a);
                    a.timer = null;
                    a.state = State.READY;
                    ready.add(a);
                }
            }
        }), delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    // ---- reacting to attempts -------------------------------------------------------------

    private void completed(AttemptRun<T> a, long seq, TaskOutcome outcome, Throwable failure) {
        if (a.state != State.IN_FLIGHT || a.seq != seq) {
            return; // the engine already gave up on this launch (twin won, timed out, run over)
        }
        leaveFlight(a);
        Throwable cause = unwrap(failure);
        if (cause == null && outcome == null) {
            cause = new NullPointerException("the future of " + describe(a) + " completed with null instead of a TaskOutcome");
        }
        if (cause == null) {
            succeeded(a, outcome);
        } else if (cause instanceof ThrottledException refusal) {
            throttled(a, refusal);
        } else {
            failed(a, cause, false);
        }
    }

    private void timedOut(AttemptRun<T> a, long seq) {
        if (a.state != State.IN_FLIGHT || a.seq != seq) {
            return;
        }
        leaveFlight(a);
        a.future.cancel(true);
        timeouts++;
        failed(a, new TaskTimeoutException(String.valueOf(a.task.input), a.attempt, attemptTimeout), true);
    }

    private void succeeded(AttemptRun<T> a, TaskOutcome outcome) {
        TaskRun<T> task = a.task;
        Instant now = clock.instant();
        task.done = true;
        unfinished--;
        tasksDone++;
        if (backupPolicy != null) {
            durations.add(nanos(now) - a.launchNanos);
        }
        AttemptRun<T> twin = a == task.main ? task.backup : task.main;
        if (twin != null) {
            abandon(twin);
        }
        if (a.attempt.backup()) {
            backupsWon++;
        }
        // Additive increase: each success earns back one slot lost to throttling.
        if (target < maxInFlight) {
            target = Math.min(maxInFlight, target + 1);
        }
        listener.onTaskEnd(taskEnd(task, a, outcome, now));
    }

    private void failed(AttemptRun<T> a, Throwable cause, boolean timedOut) {
        TaskRun<T> task = a.task;
        a.state = State.OVER;
        failures++;
        if (a == task.main) {
            task.main = null;
        } else if (a == task.backup) {
            task.backup = null;
        }
        task.liveCopies--;
        listener.onAttemptFailed(task.input, a.attempt, cause);
        if (task.liveCopies > 0) {
            return; // its twin may still succeed
        }
        task.failedRounds++;
        if (cause instanceof PermanentFailure) {
            stop(TaskFailedException.permanent(String.valueOf(task.input), task.index, task.launchedAttempts,
                    summary(), cause));
            return;
        }
        if (task.failedRounds > retries) {
            stop(TaskFailedException.retriesExhausted(String.valueOf(task.input), task.index, task.launchedAttempts,
                    retries, summary(), cause));
            return;
        }
        retriesLaunched++;
        AttemptRun<T> next = newAttempt(task, false);
        task.main = next;
        Duration delay = settings.retryBackoff().delay(task.failedRounds, random.nextDouble());
        listener.onRetryScheduled(task.input, next.attempt, delay);
        park(next, delay);
    }

    private void throttled(AttemptRun<T> a, ThrottledException refusal) {
        TaskRun<T> task = a.task;
        throttles++;
        long refusedFor = nanos(clock.instant()) - a.firstLaunchNanos;
        if (refusedFor > throttleTimeoutNanos) {
            if (task.liveCopies > 1) {
                failed(a, refusal, false); // give up on this copy only: its twin may still succeed
                return;
            }
            a.state = State.OVER;
            stop(TaskFailedException.throttledTooLong(String.valueOf(task.input), task.index, task.launchedAttempts,
                    Duration.ofNanos(refusedFor), settings.throttleTimeout(), summary(), refusal));
            return;
        }
        // Multiplicative decrease, once per congestion event: refusals of attempts launched
        // before the last cut were caused by the old, higher target.
        if (a.seq > lastDecreaseSeq) {
            target = Math.max(1, Math.floor(target / 2));
            lastDecreaseSeq = launchSeq;
            minTarget = Math.min(minTarget, (int) target);
        }
        a.refusals++;
        Duration delay = settings.throttleBackoff().delay(a.refusals, random.nextDouble());
        Optional<Duration> retryAfter = refusal.retryAfter();
        if (retryAfter.isPresent() && retryAfter.get().compareTo(delay) > 0) {
            delay = retryAfter.get();
        }
        listener.onThrottled(task.input, a.attempt, refusal, delay);
        park(a, delay);
    }

    private void checkBackups() {
        if (finished) {
            return;
        }
        double threshold = backupPolicy.slowThresholdNanos(startedTasks, durations);
        if (threshold == Double.POSITIVE_INFINITY) {
            return;
        }
        long now = nanos(clock.instant());
        List<TaskRun<T>> due = null;
        for (AttemptRun<T> a : inFlight) {
            TaskRun<T> task = a.task;
            if (!task.backupScheduled && !a.attempt.backup() && now - a.launchNanos > threshold) {
                if (due == null) {
                    due = new ArrayList<>();
                }
                due.add(task);
            }
        }
        if (due != null) {
            for (TaskRun<T> task : due) {
                task.backupScheduled = true;
                task.backup = newAttempt(task, true);
                task.backup.state = State.READY;
                ready.add(task.backup);
            }
        }
    }

    private void leaveFlight(AttemptRun<T> a) {
        inFlight.remove(a);
        a.state = State.OVER;
        if (a.timer != null) {
            a.timer.cancel(false);
            a.timer = null;
        }
    }

    /** Gives up on a copy whose twin won. */
    private void abandon(AttemptRun<T> a) {
        switch (a.state) {
            case IN_FLIGHT -> {
                leaveFlight(a);
                a.future.cancel(true);
            }
            case WAITING -> {
                waiting.remove(a);
                a.timer.cancel(false);
                a.timer = null;
            }
            default -> {
            }
        }
        a.state = State.OVER;
    }

    // ---- ending ---------------------------------------------------------------------------

    /** Ends the run: with {@code failure}, or cancelled by the caller when null. */
    private void stop(Throwable failure) {
        if (finished) {
            return;
        }
        finished = true;
        cancelTimers();
        for (AttemptRun<T> a : inFlight) {
            a.state = State.OVER;
            if (a.future == null) {
                continue; // the launcher threw an Error before returning a future
            }
            try {
                a.future.cancel(true);
            } catch (RuntimeException e) {
                if (failure != null) {
                    failure.addSuppressed(e);
                }
            }
        }
        inFlight.clear();
        for (AttemptRun<T> a : waiting) {
            a.state = State.OVER;
        }
        waiting.clear();
        ready.clear();
        if (failure != null) {
            result.completeExceptionally(failure);
        }
    }

    private void cancelTimers() {
        if (backupChecks != null) {
            backupChecks.cancel(false);
        }
        for (AttemptRun<T> a : inFlight) {
            if (a.timer != null) {
                a.timer.cancel(false);
            }
        }
        for (AttemptRun<T> a : waiting) {
            a.timer.cancel(false);
        }
    }

    private RunSummary summary() {
        Duration wall = startedAt == null ? Duration.ZERO : Duration.between(startedAt, clock.instant());
        return new RunSummary(tasksDone, attempts, retriesLaunched, failures, timeouts, throttles, backupsLaunched,
                backupsWon, minTarget, wall.isNegative() ? Duration.ZERO : wall);
    }

    // ---- timestamps -----------------------------------------------------------------------

    /**
     * Fits the remotely measured function interval into the window from the winning attempt's
     * launch to the result's arrival (see {@link TaskEnd}).
     */
    private TaskEnd<T> taskEnd(TaskRun<T> task, AttemptRun<T> winner, TaskOutcome outcome, Instant received) {
        Instant created = task.created;
        Instant lo = winner.launched.isBefore(created) ? created : winner.launched;
        Instant hi = received.isBefore(lo) ? lo : received;
        Instant start = outcome.functionStart();
        Instant end = outcome.functionEnd();
        if (start.isBefore(lo) || end.isAfter(hi)) {
            long loN = nanos(lo);
            long hiN = nanos(hi);
            long length = nanos(end) - nanos(start);
            long startN;
            long endN;
            if (length >= hiN - loN) {
                startN = loN;
                endN = hiN;
            } else if (start.isBefore(lo)) {
                startN = loN;
                endN = loN + length;
            } else {
                endN = hiN;
                startN = hiN - length;
            }
            start = startN == loN ? lo : Instant.ofEpochSecond(0, startN);
            end = endN == hiN ? hi : Instant.ofEpochSecond(0, endN);
        }
        return new TaskEnd<>(task.input, task.index, created, start, end, hi, task.launchedAttempts,
                task.backupLaunched, winner.attempt.backup(), outcome);
    }

    /** Nanoseconds since the epoch, saturating for instants beyond about 290 years from it. */
    private static long nanos(Instant t) {
        long seconds = t.getEpochSecond();
        if (seconds > 9_000_000_000L) {
            return Long.MAX_VALUE / 2;
        }
        if (seconds < -9_000_000_000L) {
            return Long.MIN_VALUE / 2;
        }
        return seconds * 1_000_000_000L + t.getNano();
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static String describe(AttemptRun<?> a) {
        return "attempt " + a.attempt.attempt() + (a.attempt.backup() ? " (backup)" : "") + " of task "
                + a.task.input + " (#" + a.task.index + ")";
    }
}
