package dev.cubed.examples;

import dev.cubed.array.Cubed;
import dev.cubed.array.LazyArray;
import dev.cubed.array.Spec;
import dev.cubed.block.Block;
import dev.cubed.block.DataType;
import dev.cubed.examples.kernel.SmoothstepKernels;
import dev.cubed.kernel.Params;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** This project's own kernel, found through its service file and run by the planner's tasks. */
class SmoothstepKernelTest {
    @TempDir
    Path tmp;

    @Test
    void theKernelRunsInTasksOverEveryChunk() {
        Params params = Params.builder().put("lo", 10.0).put("hi", 50.0).build();
        try (Cubed cb = Cubed.session(Spec.builder().workDir(tmp).allowedMem("500MB").build())) {
            LazyArray x = cb.arange(0, 60, 1, 7, DataType.FLOAT64);      // 9 chunks, the last one short
            Block y = cb.mapBlocks(SmoothstepKernels.SMOOTHSTEP, params, DataType.FLOAT64, x).compute();
            assertThat(y.shape()).containsExactly(60);
            for (int i = 0; i < 60; i++) {
                double t = Math.min(1, Math.max(0, (i - 10) / 40.0));
                assertThat(y.getDouble(i)).as("x = %d", i).isCloseTo(t * t * (3 - 2 * t), within(1e-15));
            }
            assertThat(y.getDouble(30)).isEqualTo(0.5);
        }
    }

    @Test
    void badParametersFailTheTaskWithTheKernelsMessage() {
        Params params = Params.builder().put("lo", 1.0).put("hi", 1.0).build();
        try (Cubed cb = Cubed.session(Spec.builder().workDir(tmp).executorOption("retries", 0).build())) {
            LazyArray x = cb.arange(0, 4, 1, 2, DataType.FLOAT64);
            assertThatThrownBy(() -> cb.mapBlocks(SmoothstepKernels.SMOOTHSTEP, params, DataType.FLOAT64, x).compute())
                    .hasStackTraceContaining("example.smoothstep: hi (1.0) must be greater than lo (1.0)");
        }
    }
}
