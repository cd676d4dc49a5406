package dev.cubed.diagnostics;

import dev.cubed.plan.MemorySize;
import dev.cubed.plan.PlannedOperation;
import dev.cubed.runtime.Callback;
import dev.cubed.runtime.ComputeEndEvent;
import dev.cubed.runtime.ComputeStartEvent;
import dev.cubed.runtime.PeakMemoryScope;
import dev.cubed.runtime.TaskEndEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts, per operation, the tasks whose measured peak memory went over the allowed memory, and
 * when the computation ends logs one warning naming them, as Cubed does:
 * {@code Peak memory usage exceeded allowed_mem when running tasks: op-003 (2/10)}. A warning
 * means the memory model underestimated what those tasks needed (or a kernel used more than it
 * declared); on a memory-limited worker such a task can be killed.
 *
 * <p>Where an executor measures the whole process rather than one task (the threads executor:
 * every concurrent task and the JVM's heap share one peak), comparing with one task's allowance
 * would warn about the JVM, not the tasks; such figures are compared with
 * {@code allowed_mem × workers}, the memory the executor checked the machine has, and the
 * warning says so. Warnings stay available from {@link #warnings()}.
 */
public final class MemoryWarningCallback implements Callback {
    private static final Logger LOG = LoggerFactory.getLogger(MemoryWarningCallback.class);

    private final Map<String, PlannedOperation> ops = new LinkedHashMap<>();
    private final Map<String, Integer> taskExceeded = new LinkedHashMap<>();
    private final Map<String, Integer> processExceeded = new LinkedHashMap<>();
    private final List<String> warnings = new ArrayList<>();
    private long allowed;
    private int workers = 1;
    private long processPeak = -1;
    private boolean unmeasured;

    @Override
    public void onComputeStart(ComputeStartEvent event) {
        ops.clear();
        taskExceeded.clear();
        processExceeded.clear();
        processPeak = -1;
        unmeasured = false;
        for (PlannedOperation op : event.plan().operations()) {
            ops.put(op.name(), op);
        }
        allowed = event.plan().settings().allowedMem();
        workers = event.plan().settings().parallelism();
    }

    @Override
    public void onTaskEnd(TaskEndEvent event) {
        long peak = event.peakMemEnd();
        if (peak < 0) {
            unmeasured = true;
            return;
        }
        if (event.peakMemScope() == PeakMemoryScope.PROCESS) {
            processPeak = Math.max(processPeak, peak);
            if (peak > allowed * workers) {
                processExceeded.merge(event.operation(), 1, Integer::sum);
            }
        } else if (peak > allowed) {
            taskExceeded.merge(event.operation(), 1, Integer::sum);
        }
    }

    @Override
    public void onComputeEnd(ComputeEndEvent event) {
        if (unmeasured) {
            warn("Peak memory usage is not measured by the executor of " + event.computeId()
                    + " for some tasks; those tasks were not checked against allowed_mem");
        }
        if (!taskExceeded.isEmpty()) {
            warn("Peak memory usage exceeded allowed_mem (" + MemorySize.format(allowed)
                    + ") when running tasks: " + counts(taskExceeded));
        }
        if (!processExceeded.isEmpty()) {
            warn("Peak memory usage of the whole process (" + MemorySize.format(processPeak)
                    + ", all concurrent tasks and the JVM) exceeded allowed_mem × workers (" + MemorySize.format(allowed)
                    + " × " + workers + " = " + MemorySize.format(allowed * workers) + ") when running tasks: "
                    + counts(processExceeded) + "; run fewer tasks at once (--workers, the executor option workers) or"
                    + " give each more memory (--allowed-mem, allowed_mem in the Spec); when the heap is larger than"
                    + " allowed_mem × workers (a -Xmx in CUBED_JAVA_OPTS), lower it to that");
        }
    }

    private String counts(Map<String, Integer> exceeded) {
        List<String> parts = new ArrayList<>();
        exceeded.forEach((op, n) -> {
            PlannedOperation p = ops.get(op);
            parts.add(op + " (" + n + "/" + (p == null ? "?" : p.numTasks()) + ")");
        });
        return String.join(", ", parts);
    }

    private void warn(String message) {
        warnings.add(message);
        LOG.warn(message);
    }

    /** Every warning raised so far, oldest first (across computations). */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** Tasks of each operation whose measured peak went over the allowance in the last computation. */
    public Map<String, Integer> exceeded() {
        Map<String, Integer> all = new LinkedHashMap<>(taskExceeded);
        processExceeded.forEach((k, v) -> all.merge(k, v, Integer::sum));
        return all;
    }
}
