package dev.cubed.runtime.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cubed.array.ComputeOptions;
import dev.cubed.array.Cubed;
import dev.cubed.array.LazyArray;
import dev.cubed.array.Spec;
import dev.cubed.block.DataType;
import dev.cubed.kernel.testing.FaultInjectionKernels;
import dev.cubed.runtime.TaskEndEvent;
import dev.cubed.runtime.testkit.RecordedEvents;
import dev.cubed.task.ProcessMemory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On the threads executor a task's peak memory is the process's: it is measured from the start of
 * the task's operation, so an operation after a memory-hungry one does not inherit its peak.
 */
class ThreadsOperationPeakTest {
    @TempDir
    Path dir;

    private long peakOf(Cubed cb, String counter, List<Object> timing) {
        LazyArray x = cb.mapBlocks("testing.fault", FaultInjectionKernels.params(counter, Map.of(0L, timing), 0.0),
                DataType.INT64, cb.zeros(new long[] {1}, new int[] {1}, DataType.INT64));
        RecordedEvents events = new RecordedEvents();
        x.compute(ComputeOptions.defaults().withCallbacks(events));
        return events.of(TaskEndEvent.class).stream().mapToLong(TaskEndEvent::peakMemEnd).max().orElseThrow();
    }

    @Test
    void anOperationAfterAHungryOneReportsItsOwnPeak() throws Exception {
        Assumptions.assumeTrue(ProcessMemory.resetPeak(), "this system does not let a process reset its peak RSS");
        Spec spec = Spec.builder().workDir(dir.resolve("work")).allowedMem("2GB").reservedMem("10MB").executor("threads")
                .executorOption("workers", 1).build();
        try (Cubed cb = Cubed.session(spec)) {
            long hungry = peakOf(cb, dir.resolve("c1").toUri().toString(), List.of("native:400"));
            System.gc(); // the 400 MB of direct buffers go back to the system once collected
            Thread.sleep(500);
            System.gc();
            Thread.sleep(500);
            long now = ProcessMemory.currentRss();
            // the C library may keep freed memory mapped: then the process really still holds it
            Assumptions.assumeTrue(now < hungry - (250L << 20), "the process kept the memory (" + (now >> 20)
                    + " MB resident after a peak of " + (hungry >> 20) + " MB)");
            long after = peakOf(cb, dir.resolve("c2").toUri().toString(), List.of(0.0));
            assertThat(after).as("peak of a trivial operation after one that touched 400 MB (%d MB), with %d MB"
                    + " resident before it", hungry >> 20, now >> 20).isLessThan(hungry - (200L << 20));
        }
    }
}
