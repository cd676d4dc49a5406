/**
 * A user's executor, registered through
 * {@code META-INF/services/dev.cubed.runtime.ExecutorProvider} and tested with the executor
 * test kit.
 *
 * <p>May import: {@code dev.cubed.runtime}, {@code dev.cubed.runtime.engine},
 * {@code dev.cubed.task}.
 */
package dev.cubed.examples.executor;
