package dev.cubed.array;

import dev.cubed.block.Block;
import dev.cubed.block.DataType;
import dev.cubed.block.ValueType;
import dev.cubed.kernel.Params;
import dev.cubed.plan.PlanVisualizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Extending the system with a jar of kernels, found through ServiceLoader. */
class UserKernelsTest {
    @TempDir
    Path work;

    @Test
    void mapBlocksAndAUserReduction() {
        try (Cubed cb = Cubed.session(Spec.builder().workDir(work).allowedMem("100MB").reservedMem(0).build())) {
            LazyArray a = cb.arange(0, 20, 1, 3, DataType.FLOAT64);
            Block sq = cb.mapBlocks("user.square", Params.empty(), DataType.FLOAT64, a).compute();
            assertThat(sq.getDouble(7)).isEqualTo(49.0);
            LazyArray m = cb.fromArray(Block.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3), new int[] {1, 1});
            Block s = cb.reduction(m, "user.sumsq.initial", "user.sumsq.combine", "user.sumsq.aggregate",
                    ValueType.plain(DataType.FLOAT64), DataType.FLOAT64, new int[] {1}, false, 2).compute();
            assertThat(s.shape()).containsExactly(2);
            assertThat(s.getDouble(0)).isEqualTo(1 + 4 + 9);
            assertThat(s.getDouble(1)).isEqualTo(16 + 25 + 36);
        }
    }

    @Test
    void unknownKernelsFailAtPlanTime() {
        try (Cubed cb = Cubed.session(Spec.builder().workDir(work).build())) {
            LazyArray a = cb.ones(new long[] {4}, new int[] {2});
            assertThatThrownBy(() -> cb.mapBlocks("nobody.registered", Params.empty(), DataType.FLOAT64, a))
                    .hasMessageContaining("unknown kernel 'nobody.registered'");
        }
    }

    @Test
    void visualizeWritesTheGraph() throws Exception {
        try (Cubed cb = Cubed.session(Spec.builder().workDir(work).build())) {
            LazyArray a = cb.ones(new long[] {100, 100}, new int[] {10, 10});
            List<Path> files = a.add(1).mean(0).visualize(work.resolve("plan.dot"));
            String dot = Files.readString(files.get(0));
            assertThat(dot).startsWith("digraph cubed").contains("add", "mean", "projected", "tasks: ");
            assertThat(PlanVisualizer.toDot(a.sum().plan())).contains("virtual full");
        }
    }
}
