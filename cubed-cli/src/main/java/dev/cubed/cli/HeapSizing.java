package dev.cubed.cli;

import dev.cubed.plan.MemorySize;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Sizes the JVM's heap for a computation. Cubed's budget for a process running {@code workers}
 * tasks at once is {@code allowed_mem × workers}; a larger heap lets the garbage collector grow
 * the process past that budget (the JVM's default is a quarter of the machine's memory), a
 * smaller one can run out of memory when every task uses its allowance. The heap is fixed when
 * the JVM starts, so when {@code ./cubed} runs {@code bench} or {@code demo} without an explicit
 * heap setting, the command runs again in a JVM whose maximum heap is the budget.
 *
 * <p>Only the {@code ./cubed} wrapper turns this on ({@value #AUTO}); an explicit {@code -Xmx},
 * {@code -XX:MaxHeapSize} or {@code -XX:MaxRAMPercentage} (in {@code CUBED_JAVA_OPTS}) is left alone.
 */
final class HeapSizing {
    /** Set to {@code true} by the {@code ./cubed} wrapper: size the heap for bench and demo. */
    static final String AUTO = "cubed.heap.auto";
    /** Set on the JVM started with the sized heap, so it does not start another one. */
    static final String SIZED = "cubed.heap.sized";
    /** Set on the JVM started with the sized heap: the pid of the JVM that started it, which it watches. */
    static final String PARENT_PID = "cubed.parent.pid";
    /** How long a child stopped by a signal gets to clean up before it is killed. */
    private static final long CHILD_GRACE_SECONDS = 30;
    static final long MIN_HEAP = 256L << 20;
    private static final String INCUBATOR_NOTICE = "WARNING: Using incubator modules";

    private HeapSizing() {
    }

    /** The heap a process running {@code workers} tasks of {@code allowed} bytes each should have. */
    static long budget(long allowed, int workers) {
        return Math.max(MIN_HEAP, Math.multiplyExact(allowed, (long) workers));
    }

    /**
     * The -Xmx for a budget: the budget itself, so that the heap (survivor spaces included) and
     * the JVM's own memory stay close to it; the JVM's baseline is what reserved_mem accounts for.
     */
    static long maxHeapFlag(long budget) {
        return budget;
    }

    /**
     * A fixed young generation of a quarter of the heap, at most 256 MiB, unless the JVM's
     * arguments already size it. Chunk-sized arrays die young; a young generation that starts
     * small grows by touching fresh memory on every resize, which on the VMs measured here (where
     * the first touch of a page is slow) cost 15-20% of add-store and rechunk; fixed, its pages
     * are touched once and reused (docs/benchmarks.md).
     */
    static Optional<String> youngGenFlag(long budget, List<String> jvmArgs) {
        for (String a : jvmArgs) {
            if (a.startsWith("-Xmn") || a.startsWith("-XX:NewSize") || a.startsWith("-XX:MaxNewSize")
                    || a.startsWith("-XX:NewRatio")) {
                return Optional.empty();
            }
        }
        return Optional.of("-Xmn" + (Math.min(256L << 20, budget / 4) >> 20) + "m");
    }

    /** Whether to restart with {@code budget} as maximum heap, given this JVM's settings. */
    static boolean shouldResize(long budget, long currentMax, List<String> jvmArgs, boolean auto, boolean sized) {
        if (!auto || sized) {
            return false;
        }
        for (String a : jvmArgs) {
            if (a.startsWith("-Xmx") || a.startsWith("-XX:MaxHeapSize") || a.startsWith("-XX:MaxRAMPercentage")
                    || a.startsWith("-XX:MaxRAMFraction")) {
                return false;
            }
        }
        // within 10%: not worth a second JVM
        return Math.abs(currentMax - budget) > budget / 10;
    }

    /**
     * Runs the command line {@code args} again in a JVM with the budget as its maximum heap, when
     * that is called for; returns its exit status, or empty when this JVM should do the work.
     */
    static Optional<Integer> runSized(long budget, List<String> args, PrintStream err) {
        List<String> jvmArgs = ManagementFactory.getRuntimeMXBean().getInputArguments();
        if (!shouldResize(budget, Runtime.getRuntime().maxMemory(), jvmArgs, Boolean.getBoolean(AUTO),
                Boolean.getBoolean(SIZED))) {
            return Optional.empty();
        }
        Optional<String> java = ProcessHandle.current().info().command();
        if (java.isEmpty()) {
            return Optional.empty();
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(java.get());
        cmd.addAll(jvmArgs);
        cmd.add("-Xmx" + ((maxHeapFlag(budget) + (1 << 20) - 1) >> 20) + "m"); // rounded up to whole MiB
        youngGenFlag(budget, jvmArgs).ifPresent(cmd::add);
        cmd.add("-D" + SIZED + "=true");
        cmd.add("-D" + PARENT_PID + "=" + ProcessHandle.current().pid());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.addAll(args);
        if (Boolean.getBoolean("cubed.debug.heap")) {
            err.println("cubed: heap " + MemorySize.format(budget) + ": " + cmd);
        }
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.INHERIT)
                    .redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            return Optional.empty(); // cannot start a JVM: do the work here, with the heap we have
        }
        Thread relay = new Thread(() -> relayWithoutNotice(p.getErrorStream(), err), "stderr-relay");
        relay.setDaemon(true);
        relay.start();
        // SIGTERM, SIGINT and SIGHUP end this JVM through its shutdown hooks: pass the signal on as
        // SIGTERM (the child then cleans up as it would on its own signal), so it never outlives us
        Thread stopChild = new Thread(() -> stop(p, relay), "stop-sized-child");
        Runtime.getRuntime().addShutdownHook(stopChild);
        try {
            int code = p.waitFor();
            relay.join(2000);
            return Optional.of(code);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(p, relay);
            return Optional.of(130);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopChild);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to: it stops the child
            }
        }
    }

    /** Asks the child to stop, waits for it to clean up (its last words relayed), then kills it if it has not. */
    private static void stop(Process child, Thread relay) {
        if (!child.isAlive()) {
            return;
        }
        // through the handle: Process.destroy() also closes our end of its stderr, which would lose its last words
        child.toHandle().destroy();
        try {
            if (!child.waitFor(CHILD_GRACE_SECONDS, java.util.concurrent.TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
            relay.join(2000);
        } catch (InterruptedException e) {
            child.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * In a JVM started by {@link #runSized}: exits (running the shutdown hooks, which stop the
     * computation and clean up) as soon as the JVM that started it is gone. Its shutdown hook
     * stops us on SIGTERM, SIGINT and SIGHUP; this covers SIGKILL and crashes, after which we are
     * re-parented (to init or a sub-reaper) and nobody would be waiting for our output.
     */
    static void exitWhenLauncherGone(PrintStream err) {
        String pid = System.getProperty(PARENT_PID);
        if (pid == null) {
            return;
        }
        long launcher = Long.parseLong(pid);
        Thread watch = new Thread(() -> {
            while (true) {
                long parent = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
                if (parent != launcher) {
                    err.println("cubed: the process that started this one (pid " + launcher + ") is gone; stopping");
                    System.exit(143);
                    return;
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "launcher-watch");
        watch.setDaemon(true);
        watch.start();
    }

    /** Copies the child's stderr as it comes (progress bars redraw without newlines), minus the JVM's incubator notice. */
    static void relayWithoutNotice(InputStream in, OutputStream out) {
        try {
            byte[] first = new byte[INCUBATOR_NOTICE.length()];
            int n = 0;
            while (n < first.length) {
                int r = in.read(first, n, first.length - n);
                if (r < 0) {
                    break;
                }
                n += r;
            }
            if (n == first.length && new String(first, java.nio.charset.StandardCharsets.US_ASCII).equals(INCUBATOR_NOTICE)) {
                int c;
                while ((c = in.read()) >= 0 && c != '\n') {
                    // the rest of the notice
                }
            } else {
                out.write(first, 0, n);
                out.flush();
            }
            byte[] buf = new byte[8192];
            int r;
            while ((r = in.read(buf)) >= 0) {
                out.write(buf, 0, r);
                out.flush();
            }
        } catch (IOException e) {
            // the child is gone; nothing more to show
        }
    }
}
