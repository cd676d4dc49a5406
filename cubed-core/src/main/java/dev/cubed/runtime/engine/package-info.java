/**
 * The one shared asynchronous task engine: concurrency, lazy submission, retries with backoff,
 * per-attempt timeouts, backup tasks for stragglers, adaptive throttling, and per-task events.
 * Executors supply only a {@link dev.cubed.runtime.engine.TaskLauncher}; see
 * {@link dev.cubed.runtime.engine.TaskEngine} and {@code docs/task-engine.md}.
 *
 * <p>May import: nothing of the project (only the JDK and its libraries).
 */
package dev.cubed.runtime.engine;
