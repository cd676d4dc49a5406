package dev.cubed.runtime.engine;

/**
 * Marks a failure that running the task again cannot fix (a plan naming an unknown kernel, a
 * location the worker refuses, a message it cannot read): the engine does not retry it, and
 * fails the run at once with it as the cause.
 */
public interface PermanentFailure {
}
