/**
 * The user API: {@link dev.cubed.array.Cubed} (the session: creation and namespace functions,
 * planning, running), {@link dev.cubed.array.LazyArray} (an array expression; its methods are
 * the array API), {@link dev.cubed.array.Spec} (work dir, memory, executor),
 * {@link dev.cubed.array.ComputeOptions} and {@link dev.cubed.array.Index}. Every public
 * function is listed in {@code docs/array-api.md}.
 *
 * <p>May import: {@code dev.cubed.block}, {@code dev.cubed.kernel},
 * {@code dev.cubed.kernel.elementwise} (the signatures of element-wise functions), {@code dev.cubed.ops},
 * {@code dev.cubed.plan}, {@code dev.cubed.primitive}, {@code dev.cubed.runtime},
 * {@code dev.cubed.storage}, {@code dev.cubed.storage.zarr}, {@code dev.cubed.task}.
 */
package dev.cubed.array;
