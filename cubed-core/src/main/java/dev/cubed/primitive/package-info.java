/**
 * The plan as data: operation specs ({@link dev.cubed.primitive.OperationSpec}: a compute
 * operation or create-arrays), block expressions ({@link dev.cubed.primitive.BlockExpr}:
 * {@code Apply}, {@code Arg}, {@code Fold}, {@code ReadRegion}), key maps from output chunk to
 * input chunks, chunk grids and array references. Sealed, validated records, serialised as JSON
 * to workers.
 *
 * <p>May import: {@code dev.cubed.block}, {@code dev.cubed.kernel},
 * {@code dev.cubed.storage.zarr}.
 */
package dev.cubed.primitive;
