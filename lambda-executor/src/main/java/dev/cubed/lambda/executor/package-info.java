/**
 * The {@code lambda} executor: {@link dev.cubed.lambda.executor.LambdaExecutor} runs plans from
 * this machine by invoking the worker function through the task engine (batching, the
 * asynchronous Invoke call, failure classification, cost from REPORT lines). Never imports the
 * worker: both sides share only the core's wire message.
 *
 * <p>May import: {@code dev.cubed.plan}, {@code dev.cubed.primitive},
 * {@code dev.cubed.runtime}, {@code dev.cubed.runtime.engine}, {@code dev.cubed.task}.
 */
package dev.cubed.lambda.executor;
