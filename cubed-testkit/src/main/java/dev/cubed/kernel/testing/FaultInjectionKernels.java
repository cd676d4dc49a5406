package dev.cubed.kernel.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cubed.block.Block;
import dev.cubed.block.DataType;
import dev.cubed.block.Value;
import dev.cubed.kernel.Kernel;
import dev.cubed.kernel.KernelArgs;
import dev.cubed.kernel.KernelProvider;
import dev.cubed.kernel.Params;
import dev.cubed.storage.Storage;
import dev.cubed.storage.Store;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Deterministic fault injection for executor tests, Cubed's timing-map scheme: kernel
 * {@code testing.fault} counts its invocations per input in a store shared by every process (one
 * object per invocation under {@code counter}), and the {@code n}-th invocation for an input
 * follows the {@code n}-th entry of that input's list in {@code timing}:
 * <ul>
 *   <li>a number {@code >= 0}: sleep that many seconds, then succeed;</li>
 *   <li>a number {@code < 0}: sleep {@code |n|} seconds, then throw;</li>
 *   <li>{@code "refused"}: throw the {@link SecurityException} a worker raises for a location
 *       outside its allowed work dirs, which the task runner reports as a permanent failure (one
 *       that executors must not retry);</li>
 *   <li>{@code "exit:N"}: end the process with status N (a crashed worker);</li>
 *   <li>{@code "oom"}: allocate until the heap is exhausted;</li>
 *   <li>{@code "native:MB"}: allocate and touch MB of native memory, then succeed (memory warnings).</li>
 * </ul>
 * Invocations beyond a list (or inputs without one) use {@code default} (0.01 s). The input of a
 * task is its first output coordinate; the result is a block of the output shape holding it.
 *
 * <p>Registered by this module's service file, so a JVM offers the kernel exactly when
 * {@code cubed-testkit} is on its class path: a test's JVM that depends on the kit, and a worker whose
 * package was given the kit's jar ({@link FaultKernelPackage}); production workers never have it.
 */
public final class FaultInjectionKernels implements KernelProvider {
    /** A store per counter URL for this process; created on first use. */
    private final Map<String, Store> stores = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile Storage storage;

    @Override
    public Map<String, Kernel> kernels() {
        return Map.of("testing.fault", this::fault);
    }

    /** Parameters for a fault kernel: {@code timing} maps an input to its list of codes. */
    public static Params params(String counterUrl, Map<Long, List<Object>> timing, double defaultSeconds) {
        var f = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
        var t = f.objectNode();
        timing.forEach((k, codes) -> {
            var arr = t.putArray(Long.toString(k));
            for (Object c : codes) {
                if (c instanceof Number n) {
                    arr.add(n.doubleValue());
                } else {
                    arr.add(String.valueOf(c));
                }
            }
        });
        return Params.builder().put("counter", counterUrl).put("timing", t).put("default", defaultSeconds).build();
    }

    private Value fault(KernelArgs args) {
        Params p = args.params();
        long input = args.outputChunkCoords().length == 0 ? 0 : args.outputChunkCoords()[0];
        Store store = store(p.getString("counter"));
        String prefix = "input-" + input + "/";
        int n = store.list(prefix).size();
        store.put(prefix + UUID.randomUUID(), ByteBuffer.wrap(new byte[] {1}));
        JsonNode code = codeFor(p, input, n);
        act(code, input, n);
        Block out = Block.allocate(DataType.INT64, args.outputBlockShape());
        out.fill(input);
        return out;
    }

    private static JsonNode codeFor(Params p, long input, int n) {
        JsonNode timing = p.get("timing");
        JsonNode list = timing.get(Long.toString(input));
        if (list != null && list.isArray() && n < list.size()) {
            return list.get(n);
        }
        return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.numberNode(p.getDouble("default"));
    }

    private static void act(JsonNode code, long input, int n) {
        if (code.isNumber()) {
            double s = code.doubleValue();
            sleep(Math.abs(s));
            if (s < 0) {
                throw new IllegalStateException("injected failure of input " + input + " on invocation " + (n + 1));
            }
            return;
        }
        String c = code.asText().toLowerCase(Locale.ROOT);
        if (c.startsWith("exit:")) {
            Runtime.getRuntime().halt(Integer.parseInt(c.substring(5)));
        } else if (c.equals("refused")) {
            throw new SecurityException("refusing input " + input + " on invocation " + (n + 1)
                    + " (injected: what a worker raises for a location outside its allowed work dirs)");
        } else if (c.equals("oom")) {
            List<long[]> hog = new ArrayList<>();
            while (true) {
                hog.add(new long[16 * 1024 * 1024]);
            }
        } else if (c.startsWith("native:")) {
            long mb = Long.parseLong(c.substring(7));
            List<ByteBuffer> held = new ArrayList<>();
            for (long i = 0; i < mb; i++) {
                ByteBuffer b = ByteBuffer.allocateDirect(1 << 20);
                for (int j = 0; j < b.capacity(); j += 4096) {
                    b.put(j, (byte) 1);
                }
                held.add(b);
            }
            held.clear();
        } else {
            throw new IllegalArgumentException("unknown fault code '" + code + "'");
        }
    }

    private static void sleep(double seconds) {
        try {
            Thread.sleep((long) (seconds * 1000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sleeping (cancelled)", e);
        }
    }

    private Store store(String url) {
        return stores.computeIfAbsent(url, u -> {
            if (storage == null) {
                synchronized (this) {
                    if (storage == null) {
                        storage = Storage.defaults();
                    }
                }
            }
            return storage.open(u);
        });
    }

    /**
     * How many times each input was invoked, per the counter store at {@code counterUrl}, from one
     * listing (inputs never invoked are absent).
     */
    public static Map<Long, Integer> invocations(Storage storage, String counterUrl) {
        Map<Long, Integer> counts = new java.util.TreeMap<>();
        for (String key : storage.open(counterUrl).list("")) {
            int slash = key.indexOf('/');
            if (key.startsWith("input-") && slash > 0) {
                counts.merge(Long.parseLong(key.substring("input-".length(), slash)), 1, Integer::sum);
            }
        }
        return counts;
    }

    /** How many times input {@code input} was invoked, per the counter store at {@code counterUrl}. */
    public static int invocations(Storage storage, String counterUrl, long input) {
        return storage.open(counterUrl).list("input-" + input + "/").size();
    }
}
