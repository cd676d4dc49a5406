/**
 * Reduction kernels: the initial, combine and aggregate steps of sum, prod, mean, var/std,
 * min/max, argmin/argmax, any/all, with their intermediate records.
 *
 * <p>May import: {@code dev.cubed.block}, {@code dev.cubed.kernel},
 * {@code dev.cubed.kernel.elementwise}.
 */
package dev.cubed.kernel.reduction;
