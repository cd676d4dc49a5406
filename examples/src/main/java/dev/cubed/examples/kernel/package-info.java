/**
 * A user's kernel, registered through
 * {@code META-INF/services/dev.cubed.kernel.KernelProvider}.
 *
 * <p>May import: {@code dev.cubed.block}, {@code dev.cubed.kernel}.
 */
package dev.cubed.examples.kernel;
