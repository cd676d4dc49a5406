/**
 * The executor test kit: {@link dev.cubed.runtime.testkit.ExecutorTestKit}, Cubed's
 * fault-injection matrix run through the public API against any executor (subclass it and name
 * the executor), with its timings and the features an executor may declare unsupported. See
 * {@code docs/writing-an-executor.md}.
 *
 * <p>May import: {@code dev.cubed.array}, {@code dev.cubed.block},
 * {@code dev.cubed.kernel.testing}, {@code dev.cubed.plan}, {@code dev.cubed.runtime},
 * {@code dev.cubed.runtime.engine}.
 */
package dev.cubed.runtime.testkit;
