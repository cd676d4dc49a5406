/**
 * Kernels that make blocks from nothing but their chunk coordinates: full, arange, linspace,
 * eye, and the counter-based random generators (each chunk a pure function of seed and chunk).
 *
 * <p>May import: {@code dev.cubed.block}, {@code dev.cubed.kernel},
 * {@code dev.cubed.kernel.elementwise}.
 */
package dev.cubed.kernel.creation;
