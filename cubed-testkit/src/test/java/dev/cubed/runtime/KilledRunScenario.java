package dev.cubed.runtime;

import dev.cubed.array.Cubed;
import dev.cubed.array.LazyArray;
import dev.cubed.array.Spec;
import dev.cubed.block.DataType;
import dev.cubed.kernel.testing.FaultInjectionKernels;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The computation {@link ResumeTest} kills in a child JVM and resumes in its own: the fault kernel
 * over 8 inputs (inputs 4 to 7 take {@link #SLOW_SECONDS} on their first invocation only), then a
 * rechunk and an add, so the plan has operations after the one interrupted. Both JVMs build it
 * here, so they plan the same thing.
 */
final class KilledRunScenario {
    static final int TASKS = 8;
    static final int FIRST_SLOW = 4;
    static final double SLOW_SECONDS = 60;
    static final long OFFSET = 100;

    private KilledRunScenario() {
    }

    /** Every input runs at once, so each slow input has started once before the kill. */
    static Spec spec(Path workDir) {
        return Spec.builder().workDir(workDir).allowedMem("200MB").reservedMem("10MB").executor("threads")
                .executorOption("workers", TASKS).build();
    }

    static LazyArray build(Cubed cb, String counterUrl) {
        Map<Long, List<Object>> timing = new java.util.HashMap<>();
        for (long i = FIRST_SLOW; i < TASKS; i++) {
            timing.put(i, List.of(SLOW_SECONDS));
        }
        LazyArray inputs = cb.zeros(new long[] {TASKS}, new int[] {1}, DataType.INT64);
        LazyArray faulty = cb.mapBlocks("testing.fault", FaultInjectionKernels.params(counterUrl, timing, 0.01),
                DataType.INT64, inputs);
        return faulty.rechunk(4).add(OFFSET);
    }

    /** Runs the computation until killed: {@code java KilledRunScenario workDir counterUrl}. */
    public static void main(String[] args) {
        try (Cubed cb = Cubed.session(spec(Path.of(args[0])))) {
            build(cb, args[1]).compute();
        }
        System.err.println("the computation finished, but the test meant to kill it first");
        System.exit(3);
    }
}
