/**
 * Linear algebra kernels: block matmul and tensordot, and the float64 GEMM (a Vector API
 * micro-kernel where {@code jdk.incubator.vector} is present, VectorBLAS or pure Java
 * otherwise).
 *
 * <p>May import: {@code dev.cubed.block}, {@code dev.cubed.kernel},
 * {@code dev.cubed.kernel.elementwise}, {@code dev.cubed.kernel.reduction}.
 */
package dev.cubed.kernel.linalg;
