package dev.cubed.kernel;

import java.util.Map;

/**
 * Service-provider interface through which kernels are registered: list an implementation in
 * {@code META-INF/services/dev.cubed.kernel.KernelProvider} of your jar, and its kernels can be
 * named in plans. The built-in kernels are registered the same way.
 *
 * <p>Names are dotted, lower case, and unique across all providers ({@code "add"},
 * {@code "sum.initial"}, {@code "mylib.smooth"}); user kernels should use their own prefix.
 */
public interface KernelProvider {

    /** The kernels this provider contributes, by name. */
    Map<String, Kernel> kernels();
}
