/**
 * Search kernels: {@code searchsorted} over the blocks of a sorted array (left or right side).
 *
 * <p>May import: {@code dev.cubed.block}, {@code dev.cubed.kernel},
 * {@code dev.cubed.kernel.elementwise}.
 */
package dev.cubed.kernel.search;
