/**
 * The planners of the operations: each turns an array-API call into plan nodes built from the
 * primitives, with the memory a task will hold: {@code Blockwise} (element-wise and
 * map_blocks), {@code Reduction} (tree reductions), {@code Rechunk}, {@code Matmul},
 * {@code Manipulation}, {@code Selection}, {@code Searching}, {@code Scan}, {@code Creation}.
 *
 * <p>May import: {@code dev.cubed.block}, {@code dev.cubed.kernel}, {@code dev.cubed.plan},
 * {@code dev.cubed.primitive}.
 */
package dev.cubed.ops;
