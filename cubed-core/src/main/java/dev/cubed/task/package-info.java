/**
 * Running one task, everywhere: {@link dev.cubed.task.TaskRunner} evaluates an operation's
 * block expression at one chunk and writes the result, with its
 * {@link dev.cubed.task.TaskStats}; the wire message workers receive and answer
 * ({@link dev.cubed.task.TaskMessage}, {@link dev.cubed.task.TaskReply},
 * {@link dev.cubed.task.TaskMessages}); the locations a worker may touch.
 *
 * <p>May import: {@code dev.cubed.block}, {@code dev.cubed.kernel},
 * {@code dev.cubed.primitive}, {@code dev.cubed.storage}, {@code dev.cubed.storage.zarr}.
 */
package dev.cubed.task;
