package dev.cubed.runtime;

/**
 * Receives the events of a computation: progress bars, history, memory warnings and user
 * listeners all implement this. Calls for one computation never overlap (executors serialise
 * them), so implementations need no locking; they should return quickly.
 */
public interface Callback {

    default void onComputeStart(ComputeStartEvent event) {
    }

    default void onComputeEnd(ComputeEndEvent event) {
    }

    default void onOperationStart(OperationStartEvent event) {
    }

    default void onOperationEnd(OperationEndEvent event) {
    }

    default void onTaskEnd(TaskEndEvent event) {
    }
}
