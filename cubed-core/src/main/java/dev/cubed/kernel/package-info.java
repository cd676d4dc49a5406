/**
 * The kernel contracts: a {@link dev.cubed.kernel.Kernel} is a block function registered by
 * name through a {@link dev.cubed.kernel.KernelProvider} ({@code META-INF/services}), found in
 * a {@link dev.cubed.kernel.KernelRegistry}; its arguments and {@link dev.cubed.kernel.Params};
 * {@link dev.cubed.kernel.BuiltinKernels}, which gathers the kernels of the sub-packages. See
 * {@code docs/kernels.md}.
 *
 * <p>May import: {@code dev.cubed.block}, {@code dev.cubed.kernel.creation},
 * {@code dev.cubed.kernel.elementwise}, {@code dev.cubed.kernel.linalg},
 * {@code dev.cubed.kernel.reduction}, {@code dev.cubed.kernel.scan},
 * {@code dev.cubed.kernel.search}.
 */
package dev.cubed.kernel;
