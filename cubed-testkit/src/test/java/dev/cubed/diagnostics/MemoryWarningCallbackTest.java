package dev.cubed.diagnostics;

import dev.cubed.array.ComputeOptions;
import dev.cubed.array.Cubed;
import dev.cubed.array.LazyArray;
import dev.cubed.array.Spec;
import dev.cubed.block.Block;
import dev.cubed.block.DataType;
import dev.cubed.kernel.Params;
import dev.cubed.kernel.testing.FaultInjectionKernels;
import dev.cubed.task.ProcessMemory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MemoryWarningCallbackTest {
    @TempDir
    Path tmp;

    @Test
    void aTaskTouchingMoreNativeMemoryThanAllowedIsReported() {
        // allowed: what this JVM holds now plus 300 MB; the last of three tasks touches 700 MB more
        long allowed = ProcessMemory.currentRss() + 300_000_000L;
        Spec spec = Spec.builder().workDir(tmp.resolve("work")).allowedMem(allowed).reservedMem("1MB")
                .executor("single-threaded").build();
        Params params = FaultInjectionKernels.params(tmp.resolve("counter").toUri().toString(),
                Map.of(2L, List.of("native:700")), 0.0);
        MemoryWarningCallback warnings = new MemoryWarningCallback();
        try (Cubed cb = Cubed.session(spec)) {
            LazyArray x = cb.ones(new long[] {3}, new int[] {1});
            LazyArray f = cb.mapBlocks("testing.fault", params, DataType.INT64, x);
            Block v = f.compute(ComputeOptions.defaults().withCallbacks(warnings));
            assertThat(v.getLongAt(2)).isEqualTo(2);
        }
        assertThat(warnings.exceeded()).containsExactly(Map.entry("op-002", 1));
        assertThat(warnings.warnings()).hasSize(1);
        assertThat(warnings.warnings().get(0))
                .startsWith("Peak memory usage exceeded allowed_mem")
                .endsWith("when running tasks: op-002 (1/3)");
    }

    @Test
    void aComputationWithinAGenerousLimitRaisesNoWarning() {
        for (String executor : List.of("single-threaded", "threads")) {
            Spec spec = Spec.builder().workDir(tmp.resolve("work-" + executor)).allowedMem("1GB")
                    .executor(executor).executorOption("workers", 2).build();
            MemoryWarningCallback warnings = new MemoryWarningCallback();
            try (Cubed cb = Cubed.session(spec)) {
                LazyArray a = cb.randomUniform(new long[] {300, 300}, new int[] {100, 100}, 7);
                a.add(a).sum().compute(ComputeOptions.defaults().withCallbacks(warnings));
            }
            assertThat(warnings.warnings()).as(executor).isEmpty();
            assertThat(warnings.exceeded()).as(executor).isEmpty();
        }
    }
}
