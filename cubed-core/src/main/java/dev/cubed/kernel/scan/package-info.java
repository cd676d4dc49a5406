/**
 * Scan kernels: cumulative sums and products along an axis, within a block and with the offset
 * carried in from the blocks before it.
 *
 * <p>May import: {@code dev.cubed.block}, {@code dev.cubed.kernel},
 * {@code dev.cubed.kernel.elementwise}.
 */
package dev.cubed.kernel.scan;
