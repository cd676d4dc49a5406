/**
 * The executor contract and what every executor shares: {@link dev.cubed.runtime.DagExecutor},
 * found by name through {@link dev.cubed.runtime.ExecutorProvider};
 * {@link dev.cubed.runtime.EngineDagExecutor}, which runs a plan's operations through the task
 * engine with resume and events; executor options, callbacks and their events. See
 * {@code docs/writing-an-executor.md}.
 *
 * <p>May import: {@code dev.cubed.plan}, {@code dev.cubed.primitive},
 * {@code dev.cubed.runtime.engine}, {@code dev.cubed.storage}, {@code dev.cubed.storage.zarr},
 * {@code dev.cubed.task}.
 */
package dev.cubed.runtime;
