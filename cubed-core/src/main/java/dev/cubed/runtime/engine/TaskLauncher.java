package dev.cubed.runtime.engine;

import java.util.concurrent.CompletableFuture;

/**
 * Starts one attempt of one task somewhere: a local thread, a child JVM, an AWS Lambda
 * invocation. This is all an executor has to supply; the {@link TaskEngine} does the rest
 * (concurrency, lazy submission, retries, timeouts, backups, throttling, events).
 *
 * <p>The contract:
 * <ul>
 *   <li>{@code launch} should return quickly: it starts the attempt and returns a future. It is
 *       called from the engine's driving thread (see {@link TaskListener}), never concurrently.
 *       A launcher may also run the task inside {@code launch} and return a completed future
 *       (a plain loop); tasks then run one at a time, and timeouts and backups cannot
 *       interrupt them.</li>
 *   <li>The future completes with the attempt's {@link TaskOutcome}, or exceptionally with the
 *       failure. An exception thrown by {@code launch} itself counts as a failed attempt.</li>
 *   <li>Fail with {@link ThrottledException} when the backend refused to start the attempt (it
 *       did not run): that costs no retry.</li>
 *   <li>The engine may {@code cancel(true)} the future: a backup twin won, the attempt timed
 *       out, or the run failed. Treat it as a best-effort request to stop the work (interrupt
 *       the thread; a remote invocation may simply be abandoned). Tasks are idempotent, so a
 *       copy that still finishes does no harm.</li>
 *   <li>Attempts of the same task may run at the same time (a backup and its twin), each with
 *       its own {@link Attempt}.</li>
 * </ul>
 *
 * @param <T> the task input type
 */
@FunctionalInterface
public interface TaskLauncher<T> {

    CompletableFuture<TaskOutcome> launch(T task, Attempt attempt);
}
