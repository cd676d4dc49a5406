package dev.cubed.runtime;

import dev.cubed.plan.FinalizedPlan;

/**
 * Runs a finalised plan: every operation in dependency order, each operation's tasks wherever
 * this executor runs tasks, firing events to the request's callbacks. Implementations usually
 * extend {@link EngineDagExecutor}, which drives the shared task engine (concurrency, lazy
 * submission, retries, timeouts, backup tasks, stats) and asks only for a way to launch a task.
 * See {@code docs/writing-an-executor.md}.
 */
public interface DagExecutor extends AutoCloseable {

    /** The name users select this executor by ({@code threads}, {@code lambda}, ...). */
    String name();

    /** Runs the plan; throws when a task fails after its retries, or when the plan cannot run here. */
    void execute(FinalizedPlan plan, ComputeRequest request);

    /** Releases threads and clients. */
    @Override
    default void close() {
    }
}
