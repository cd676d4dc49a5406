/**
 * The AWS Lambda worker: {@link dev.cubed.lambda.worker.TaskHandler} decodes a task message,
 * runs its tasks with the core's task runner inside the locations it is allowed, and answers
 * with a task reply; SnapStart priming. Never imports the executor: both sides share only the
 * core's wire message.
 *
 * <p>May import: {@code dev.cubed.block}, {@code dev.cubed.kernel},
 * {@code dev.cubed.primitive}, {@code dev.cubed.storage}, {@code dev.cubed.storage.zarr},
 * {@code dev.cubed.task}.
 */
package dev.cubed.lambda.worker;
