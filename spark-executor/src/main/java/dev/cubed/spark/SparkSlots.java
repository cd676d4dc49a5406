package dev.cubed.spark;

import dev.cubed.plan.MemorySize;
import dev.cubed.task.ProcessMemory;
import org.apache.spark.SparkConf;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How many Cubed tasks a Spark configuration runs at once, and how much heap each one gets:
 * {@code slotsPerProcess} tasks share one JVM of {@code heapPerProcess} bytes, which is the driver's
 * JVM in local mode and an executor's ({@code spark.executor.memory}) on a cluster. {@link #check}
 * is the memory guarantee: it fails before any job with a message naming the setting to change.
 *
 * @param totalSlots      tasks at once across the application, when the settings tell (local mode,
 *                        {@code spark.executor.instances} or dynamic allocation's maximum)
 * @param slotsPerProcess tasks at once in one JVM: {@code N} of {@code local[N]}, or
 *                        {@code spark.executor.cores / spark.task.cpus}
 * @param heapPerProcess  the heap those tasks share, less Spark's reserved memory on executors
 * @param local           whether tasks run in this (the driver's) JVM
 */
public record SparkSlots(Optional<Integer> totalSlots, int slotsPerProcess, long heapPerProcess, boolean local) {
    /** What Spark keeps out of every executor's heap for itself (its {@code RESERVED_SYSTEM_MEMORY_BYTES}). */
    public static final long SPARK_RESERVED_BYTES = 300L << 20;

    private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\*|\\d+)(?:\\s*,\\s*(\\d+))?])?");

    public SparkSlots {
        if (slotsPerProcess < 1) {
            throw new IllegalArgumentException("slots per process must be >= 1, got " + slotsPerProcess);
        }
    }

    /** The slots of a context with this configuration (a running one's, or one about to start). */
    public static SparkSlots of(SparkConf conf) {
        String master = conf.get("spark.master", "local[*]").trim();
        Matcher m = LOCAL.matcher(master);
        if (m.matches()) {
            int n = m.group(1) == null ? 1 : m.group(1).equals("*") ? Runtime.getRuntime().availableProcessors()
                    : Integer.parseInt(m.group(1));
            if (n < 1) {
                throw new IllegalArgumentException("Spark master " + master + " runs no task at once");
            }
            return new SparkSlots(Optional.of(n), n, ProcessMemory.maxHeapSetting(), true);
        }
        int cores = conf.getInt("spark.executor.cores", 1);
        int taskCpus = conf.getInt("spark.task.cpus", 1);
        int perExecutor = cores / taskCpus;
        if (perExecutor < 1) {
            throw new IllegalArgumentException("spark.task.cpus=" + taskCpus + " is more than spark.executor.cores="
                    + cores + ": no task could run");
        }
        long heap = conf.getSizeAsMb("spark.executor.memory", "1g") * (1L << 20) - SPARK_RESERVED_BYTES;
        Optional<Integer> executors = Optional.empty();
        if (conf.getBoolean("spark.dynamicAllocation.enabled", false)) {
            if (conf.contains("spark.dynamicAllocation.maxExecutors")) {
                executors = Optional.of(conf.getInt("spark.dynamicAllocation.maxExecutors", 1));
            }
        } else if (conf.contains("spark.executor.instances")) {
            executors = Optional.of(conf.getInt("spark.executor.instances", 1));
        }
        return new SparkSlots(executors.map(e -> e * perExecutor), perExecutor, heap, false);
    }

    /** Whether the master is a local one ({@code local}, {@code local[N]}, {@code local[*]}, {@code local[N,F]}). */
    static boolean isLocal(SparkConf conf) {
        return LOCAL.matcher(conf.get("spark.master", "local[*]").trim()).matches();
    }

    /** The task failures {@code local[N,F]} allows ({@code F}), or 1. */
    static int localTaskFailures(SparkConf conf) {
        Matcher m = LOCAL.matcher(conf.get("spark.master", "local[*]").trim());
        return m.matches() && m.group(2) != null ? Integer.parseInt(m.group(2)) : 1;
    }

    /** The heap each task may count on. */
    public long heapPerSlot() {
        return Math.max(0, heapPerProcess) / slotsPerProcess;
    }

    /**
     * The memory guarantee: every task gets {@code allowedMem}, or this throws, naming the Spark
     * setting to change and the value it needs.
     */
    public void check(long allowedMem) {
        if (heapPerSlot() >= allowedMem) {
            return;
        }
        long needed = allowedMem * slotsPerProcess;
        if (local) {
            throw new IllegalArgumentException("Spark local mode runs " + slotsPerProcess + " tasks at once in the driver"
                    + " JVM, whose heap (" + MemorySize.format(heapPerProcess) + ") is less than allowed_mem * "
                    + slotsPerProcess + " (" + MemorySize.format(allowedMem) + " * " + slotsPerProcess + " = "
                    + MemorySize.format(needed) + "): raise spark.driver.memory (spark-submit --driver-memory "
                    + ceilMb(needed) + "m, or -Xmx for a plain JVM), run fewer tasks at once (master local[N]),"
                    + " or lower the Spec's allowed_mem to at most " + MemorySize.format(heapPerSlot()));
        }
        throw new IllegalArgumentException("each Spark executor runs " + slotsPerProcess + " tasks at once"
                + " (spark.executor.cores / spark.task.cpus) in a heap of " + MemorySize.format(heapPerProcess)
                + " (spark.executor.memory less Spark's reserved " + MemorySize.format(SPARK_RESERVED_BYTES)
                + "), less than allowed_mem * " + slotsPerProcess + " (" + MemorySize.format(needed)
                + "): raise spark.executor.memory to at least " + ceilMb(needed + SPARK_RESERVED_BYTES)
                + "m, lower spark.executor.cores (or raise spark.task.cpus), or lower the Spec's allowed_mem to at"
                + " most " + MemorySize.format(heapPerSlot()));
    }

    private static long ceilMb(long bytes) {
        return (bytes + (1L << 20) - 1) >> 20;
    }
}
