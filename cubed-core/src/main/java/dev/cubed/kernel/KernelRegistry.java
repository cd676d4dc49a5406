package dev.cubed.kernel;

import java.util.Collections;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The kernels a process can run, by name: everything the {@link KernelProvider}s on the class
 * path register. A plan can only name registered kernels, so decoding a task never instantiates
 * anything else.
 */
public final class KernelRegistry {
    private final Map<String, Kernel> kernels;

    private KernelRegistry(Map<String, Kernel> kernels) {
        this.kernels = Collections.unmodifiableMap(kernels);
    }

    /** Loads every provider visible to {@code loader}; fails on duplicate names. */
    public static KernelRegistry load(ClassLoader loader) {
        Map<String, Kernel> all = new TreeMap<>();
        Map<String, String> origin = new TreeMap<>();
        for (KernelProvider p : ServiceLoader.load(KernelProvider.class, loader)) {
            for (Map.Entry<String, Kernel> e : p.kernels().entrySet()) {
                String prev = origin.putIfAbsent(e.getKey(), p.getClass().getName());
                if (prev != null) {
                    throw new IllegalStateException("kernel '" + e.getKey() + "' is registered by both " + prev
                            + " and " + p.getClass().getName());
                }
                all.put(e.getKey(), e.getValue());
            }
        }
        return new KernelRegistry(all);
    }

    /** The registry of the class path that loaded cubed-core. */
    public static KernelRegistry load() {
        return load(KernelRegistry.class.getClassLoader());
    }

    /** A registry of exactly these kernels (tests, embedding). */
    public static KernelRegistry of(Map<String, Kernel> kernels) {
        return new KernelRegistry(new TreeMap<>(kernels));
    }

    /** The kernel named {@code name}, or an error saying how to register it. */
    public Kernel get(String name) {
        Kernel k = kernels.get(name);
        if (k == null) {
            throw new UnknownKernelException(name);
        }
        return k;
    }

    public boolean contains(String name) {
        return kernels.containsKey(name);
    }

    public java.util.Set<String> names() {
        return kernels.keySet();
    }

    /** Thrown when a plan names a kernel that no provider registered. */
    public static final class UnknownKernelException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        UnknownKernelException(String name) {
            super("unknown kernel '" + name + "': no KernelProvider on the class path registers it. Add the jar that "
                    + "provides it (listed in META-INF/services/dev.cubed.kernel.KernelProvider) to the client and "
                    + "to the worker");
        }
    }
}
