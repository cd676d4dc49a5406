package dev.cubed.runtime.engine;

import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * The one shared asynchronous task engine. An executor supplies a {@link TaskLauncher} ("start
 * this attempt of this task, give me a future"); the engine supplies the rest, the same way for
 * every backend:
 * <ul>
 *   <li><b>concurrency</b>: at most {@link EngineSettings#maxInFlight()} tasks at once;</li>
 *   <li><b>lazy submission</b>: inputs are pulled from the iterator only as slots free up, so an
 *       operation with millions of tasks (or an endless iterator) never sits in memory;</li>
 *   <li><b>retries</b> with exponential backoff and jitter; once a task has used all its attempts
 *       the run fails fast: no more inputs are pulled, running attempts are cancelled, and the
 *       run completes with a {@link TaskFailedException};</li>
 *   <li><b>timeouts</b>: an engine-side deadline per attempt ({@link TaskTimeoutException}, retried);</li>
 *   <li><b>backup tasks</b> for stragglers ({@link BackupPolicy}): first success wins;</li>
 *   <li><b>throttling</b> ({@link ThrottledException}): back off with jitter, halve the in-flight
 *       target, grow it back by one per success, resubmit without spending a retry;</li>
 *   <li><b>stats and events</b>: a {@link TaskEnd} per task with ordered timestamps, hooks for
 *       failures, retries, throttles and backups, and a {@link RunSummary} per run.</li>
 * </ul>
 * The engine knows nothing about arrays or plans: it is generic over the task input type.
 *
 * <p>A {@code TaskEngine} may run any number of runs at once (an executor running independent
 * operations in parallel calls {@link #runAsync} for each); runs share only the settings and
 * the timer thread. The input iterator need not be thread-safe: the engine calls it from one
 * thread at a time (see {@link TaskListener} for which). Close the engine when done if it owns
 * its scheduler.
 */
public final class TaskEngine implements AutoCloseable {
    private final EngineSettings settings;
    private final ScheduledExecutorService scheduler;
    private final boolean ownsScheduler;

    public TaskEngine(EngineSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        if (settings.scheduler().isPresent()) {
            this.scheduler = settings.scheduler().get();
            this.ownsScheduler = false;
        } else {
            ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, runnable -> {
                Thread thread = new Thread(runnable, "cubed-task-engine-timers");
                thread.setDaemon(true);
                return thread;
            });
            // Most timeouts are cancelled when their attempt completes; drop them at once.
            timers.setRemoveOnCancelPolicy(true);
            this.scheduler = timers;
            this.ownsScheduler = true;
        }
    }

    public EngineSettings settings() {
        return settings;
    }

    /**
     * Runs one task per input and waits for the run to end.
     *
     * @return the run's figures
     * @throws TaskFailedException  a task could not be completed (the run was stopped)
     * @throws InterruptedException the calling thread was interrupted; the run was cancelled
     *                              (running attempts cancelled, no more inputs pulled)
     * @throws RuntimeException     the iterator or the listener threw it (the run was stopped)
     */
    public <T> RunSummary run(Iterator<? extends T> tasks, TaskLauncher<? super T> launcher, TaskListener<T> listener)
            throws InterruptedException {
        CompletableFuture<RunSummary> run = runAsync(tasks, launcher, listener);
        try {
            return run.get();
        } catch (InterruptedException e) {
            run.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new CompletionException(cause);
        }
    }

    /**
     * Starts a run and returns at once (after the first launches, which happen on the calling
     * thread). The future completes with the run's figures, or exceptionally with a
     * {@link TaskFailedException} or whatever the iterator or listener threw. Cancelling the
     * future cancels the run: running attempts are cancelled and no more inputs are pulled.
     */
    public <T> CompletableFuture<RunSummary> runAsync(Iterator<? extends T> tasks, TaskLauncher<? super T> launcher,
                                                      TaskListener<T> listener) {
        Objects.requireNonNull(tasks, "tasks");
        Objects.requireNonNull(launcher, "launcher");
        Objects.requireNonNull(listener, "listener (use TaskListener.ignoring() for none)");
        if (ownsScheduler && scheduler.isShutdown()) {
            throw new IllegalStateException("this TaskEngine is closed; create a new one to run more tasks");
        }
        EngineRun<T> run = new EngineRun<>(settings, scheduler, tasks, launcher, listener);
        run.start();
        return run.result;
    }

    /** Stops the engine's own timer thread (a scheduler passed in the settings is left alone). */
    @Override
    public void close() {
        if (ownsScheduler) {
            scheduler.shutdownNow();
        }
    }
}
