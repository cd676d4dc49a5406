/**
 * Element-wise kernels: the unary, binary and ternary functions of the array API as
 * hand-specialised loops per type ({@code UnaryOp}, {@code BinaryOp}, registered in
 * {@code ElementwiseKernels}), broadcasting, casts, clip and where.
 *
 * <p>May import: {@code dev.cubed.block}, {@code dev.cubed.kernel}.
 */
package dev.cubed.kernel.elementwise;
