package dev.cubed.kernel;

import dev.cubed.block.Value;

/**
 * A function on in-memory blocks, registered under a name so that plans can refer to it as data.
 * Kernels must be pure: the same arguments and parameters give the same result, which is what
 * makes retried and backup tasks write identical bytes.
 *
 * <p>Implementations are stateless and thread-safe; one instance serves every task in a process.
 * They must not modify the blocks they receive (views share storage) and should return compact
 * blocks of exactly the shape the plan expects ({@link KernelArgs#outputBlockShape()}).
 */
@FunctionalInterface
public interface Kernel {

    Value apply(KernelArgs args);
}
