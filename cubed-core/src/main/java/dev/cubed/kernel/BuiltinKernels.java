package dev.cubed.kernel;

import dev.cubed.kernel.creation.CreationKernels;
import dev.cubed.kernel.elementwise.ElementwiseKernels;
import dev.cubed.kernel.linalg.LinalgKernels;
import dev.cubed.kernel.reduction.ReductionKernels;
import dev.cubed.kernel.scan.ScanKernels;
import dev.cubed.kernel.search.SearchKernels;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The kernels cubed-core ships, registered through
 * {@code META-INF/services/dev.cubed.kernel.KernelProvider}: element-wise functions, reductions
 * (three kernels each), scans, searching, linear algebra and array creation. See {@code docs/kernels.md}.
 */
public final class BuiltinKernels implements KernelProvider {
    private final Map<String, Kernel> kernels;

    public BuiltinKernels() {
        Map<String, Kernel> m = new TreeMap<>();
        addAll(m, ElementwiseKernels.kernels());
        addAll(m, ReductionKernels.kernels());
        addAll(m, LinalgKernels.kernels());
        addAll(m, CreationKernels.kernels());
        addAll(m, ScanKernels.kernels());
        addAll(m, SearchKernels.kernels());
        this.kernels = Collections.unmodifiableMap(m);
    }

    private static void addAll(Map<String, Kernel> into, Map<String, Kernel> from) {
        for (Map.Entry<String, Kernel> e : from.entrySet()) {
            if (into.putIfAbsent(e.getKey(), e.getValue()) != null) {
                throw new IllegalStateException("built-in kernel '" + e.getKey() + "' is defined twice");
            }
        }
    }

    @Override
    public Map<String, Kernel> kernels() {
        return kernels;
    }
}
