package dev.cubed.runtime.engine;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;

/**
 * A {@link TaskLauncher} that runs a blocking task body on an {@link Executor} (a thread pool).
 * Cancelling the returned future interrupts the thread running the body, so a timed-out or
 * out-raced attempt stops at its next interruptible point. An executor that rejects the task
 * while still running (a bounded pool that is full) is reported as a {@link ThrottledException},
 * so the engine waits and resubmits instead of spending a retry.
 *
 * @param <T> the task input type
 */
public final class BlockingTaskLauncher<T> implements TaskLauncher<T> {

    /** Runs one attempt of a task on the calling thread and reports what it measured. */
    @FunctionalInterface
    public interface Body<T> {
        TaskOutcome run(T task, Attempt attempt) throws Exception;
    }

    private final Executor executor;
    private final Body<? super T> body;

    public BlockingTaskLauncher(Executor executor, Body<? super T> body) {
        this.executor = Objects.requireNonNull(executor, "executor");
        this.body = Objects.requireNonNull(body, "body");
    }

    @Override
    public CompletableFuture<TaskOutcome> launch(T task, Attempt attempt) {
        CompletableFuture<TaskOutcome> result = new CompletableFuture<>();
        FutureTask<TaskOutcome> work = new FutureTask<>(() -> body.run(task, attempt)) {
            @Override
            protected void done() {
                // Runs once the body's outcome is final, so a later cancel(true) cannot interrupt
                // whatever the completing thread does next (the engine may drive itself on it).
                if (isCancelled()) {
                    result.cancel(false);
                    return;
                }
                try {
                    result.complete(get());
                } catch (ExecutionException e) {
                    result.completeExceptionally(e.getCause());
                } catch (InterruptedException e) {
                    // get() on a done task does not wait, so this cannot happen; keep the flag regardless.
                    Thread.currentThread().interrupt();
                    result.completeExceptionally(e);
                }
            }
        };
        result.whenComplete((outcome, failure) -> {
            if (result.isCancelled()) {
                work.cancel(true);
            }
        });
        try {
            executor.execute(work);
        } catch (RejectedExecutionException e) {
            if (executor instanceof ExecutorService service && service.isShutdown()) {
                result.completeExceptionally(e);
            } else {
                result.completeExceptionally(new ThrottledException(
                        "the executor refused attempt " + attempt.attempt() + " of task #" + attempt.taskIndex(), null, e));
            }
        }
        return result;
    }
}
