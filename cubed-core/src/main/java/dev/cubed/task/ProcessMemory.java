package dev.cubed.task;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process's resident memory as the operating system reports it (Linux {@code /proc}): the
 * same measure Cubed uses (peak RSS), so projected and measured memory compare like for like.
 * Where {@code /proc} is unavailable the JVM's heap and non-heap use stand in.
 */
public final class ProcessMemory {
    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

    private ProcessMemory() {
    }

    /** Peak resident set size (VmHWM) in bytes since start or the last {@link #resetPeak()}. */
    public static long peakRss() {
        long v = readStatus("VmHWM:");
        return v >= 0 ? v : jvmUsed();
    }

    /** Current resident set size (VmRSS) in bytes. */
    public static long currentRss() {
        long v = readStatus("VmRSS:");
        return v >= 0 ? v : jvmUsed();
    }

    /**
     * Resets the peak to the current resident size, so the next {@link #peakRss()} measures one
     * task. Only meaningful when the process runs one task at a time (a Lambda environment, the
     * single-threaded executor). Returns false when the system does not allow it.
     */
    public static boolean resetPeak() {
        try {
            Files.writeString(CLEAR_REFS, "5");
            return true;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    /**
     * The JVM's maximum heap as configured (-Xmx). {@code Runtime.maxMemory()} is about 11% less
     * with the parallel collector (it leaves out a survivor space), which would make a heap sized
     * to exactly allowed_mem * workers look too small.
     */
    public static long maxHeapSetting() {
        try {
            var bean = java.lang.management.ManagementFactory.getPlatformMXBean(
                    com.sun.management.HotSpotDiagnosticMXBean.class);
            return Long.parseLong(bean.getVMOption("MaxHeapSize").getValue());
        } catch (RuntimeException e) {
            return Runtime.getRuntime().maxMemory();
        }
    }

    private static long readStatus(String field) {
        try {
            for (String line : Files.readAllLines(STATUS, StandardCharsets.US_ASCII)) {
                if (line.startsWith(field)) {
                    String[] parts = line.substring(field.length()).trim().split("\\s+");
                    long kb = Long.parseLong(parts[0]);
                    return kb * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    private static long jvmUsed() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
