/**
 * Kernels the planner's own operations use: reshaping a block to the plan's block shape,
 * slicing small arrays embedded in a plan, accumulating chunked matrix and tensor products, and
 * the manipulation kernels (broadcast_to, permute_dims, concat, tril, triu). Registered by
 * their own provider, not by {@code BuiltinKernels}.
 *
 * <p>May import: {@code dev.cubed.block}, {@code dev.cubed.kernel},
 * {@code dev.cubed.kernel.linalg}.
 */
package dev.cubed.kernel.structural;
