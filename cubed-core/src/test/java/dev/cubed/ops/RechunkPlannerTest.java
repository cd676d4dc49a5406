package dev.cubed.ops;

import dev.cubed.ops.RechunkPlanner.CopyStage;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RechunkPlannerTest {

    private static CopyStage stage(int[] copy, int[] target) {
        return new CopyStage(copy, target);
    }

    @Test
    void multspaceGivesWholeMultiplesOnALogScale() {
        assertThat(RechunkPlanner.multspace(1, 1000, 2)).containsExactly(10, 100);
        assertThat(RechunkPlanner.multspace(1000, 1, 2)).containsExactly(100, 10);
        // Cubed's docstring says [168, 1008, 7056], but its function (run with numpy) returns these
        assertThat(RechunkPlanner.multspace(24, 43800, 3)).containsExactly(144, 1008, 6048);
    }

    @Test
    void countsIntermediateChunksLikeRechunker() {
        assertThat(RechunkPlanner.countIntermediateChunks(5, 7, 20)).isEqualTo(6);
    }

    @Test
    void era5GoldenCaseMatchesCubedsFiveStagePlan() {
        long[] shape = {350640, 721, 1440};
        List<CopyStage> plan = RechunkPlanner.plan(shape, new int[] {31, 721, 1440}, new int[] {350640, 10, 10}, 4,
                2_500_000_000L, 0, 1, 1, -1, 1);
        assertThat(plan).containsExactly(
                stage(new int[] {93, 721, 1440}, new int[] {93, 240, 480}),
                stage(new int[] {465, 240, 480}, new int[] {465, 120, 240}),
                stage(new int[] {2325, 120, 240}, new int[] {2325, 40, 120}),
                stage(new int[] {11625, 40, 120}, new int[] {11625, 20, 60}),
                stage(new int[] {58125, 20, 60}, new int[] {58125, 10, 30}),
                stage(new int[] {350640, 10, 30}, new int[] {350640, 10, 10}));
        long maxMem = 2_500_000_000L / 5;
        for (CopyStage s : plan) {
            assertThat(RechunkPlanner.chunkBytes(s.copyChunks(), 4)).isLessThanOrEqualTo(maxMem);
        }
    }

    @Test
    void era5WithoutMinMemIsOneStage() {
        long[] shape = {350640, 721, 1440};
        List<CopyStage> plan = RechunkPlanner.plan(shape, new int[] {31, 721, 1440}, new int[] {350640, 10, 10}, 4,
                2_500_000_000L, 0, 1, 1, 0, 1);
        assertThat(plan).hasSize(2);
        assertThat(plan.get(0).copyChunks()).containsExactly(93, 721, 1440);
        assertThat(plan.get(0).targetChunks()).containsExactly(93, 10, 30);
    }

    @Test
    void smallCaseNeedsTwoCopies() {
        // allowed 208 bytes: ones((5,5), chunks (1,5)) rechunked to (5,1)
        List<CopyStage> plan = RechunkPlanner.plan(new long[] {5, 5}, new int[] {1, 5}, new int[] {5, 1}, 8, 208, 0, 1,
                1, -1, 1);
        assertThat(plan).hasSize(2);
    }

    @Test
    void sourceChunksOverBudgetAreAClearError() {
        assertThatThrownBy(() -> RechunkPlanner.plan(new long[] {100, 100}, new int[] {100, 100}, new int[] {10, 100},
                8, 1000, 0, 1, 1, -1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Source chunk memory (80.0 kB, chunks [100, 100]) exceeds max_mem (200 bytes")
                .hasMessageContaining("--allowed-mem").hasMessageContaining("to at least 400.0 kB")
                .hasMessageContaining("source and target chunks of at most 200 bytes (25 elements)");
        // the smallest allowed_mem it names is enough
        assertThat(RechunkPlanner.plan(new long[] {100, 100}, new int[] {100, 100}, new int[] {10, 100}, 8, 400_000, 0,
                1, 1, -1, 1)).isNotEmpty();
    }

    @Test
    void parallelismKeepsEveryWorkerBusy() {
        // 8000x8000 float64 from (1000, 8000) to (8000, 1000) with 2 GB: Cubed consolidates to 2 tasks per stage
        long[] shape = {8000, 8000};
        List<CopyStage> cubed = RechunkPlanner.plan(shape, new int[] {1000, 8000}, new int[] {8000, 1000}, 8,
                2_000_000_000L, 100_000_000L, 1, 1, -1, 1);
        assertThat(tasks(shape, cubed.get(0))).isEqualTo(2);
        List<CopyStage> wide = RechunkPlanner.plan(shape, new int[] {1000, 8000}, new int[] {8000, 1000}, 8,
                2_000_000_000L, 100_000_000L, 1, 1, -1, 8);
        for (CopyStage s : wide) {
            assertThat(tasks(shape, s)).isGreaterThanOrEqualTo(8);
        }
    }

    private static long tasks(long[] shape, CopyStage s) {
        long n = 1;
        for (int i = 0; i < shape.length; i++) {
            n *= (shape[i] + s.copyChunks()[i] - 1) / s.copyChunks()[i];
        }
        return n;
    }
}
