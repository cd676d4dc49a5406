package dev.cubed.array;

import dev.cubed.block.Block;
import dev.cubed.block.DataType;
import dev.cubed.plan.FinalizedPlan;
import dev.cubed.plan.MemoryLimitException;
import dev.cubed.plan.PlannedOperation;
import dev.cubed.primitive.ComputeSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The reference cases of Cubed's memory model, planner and fusion (see cubed-model.md). */
class ReferenceCasesTest {
    @TempDir
    Path work;

    private Cubed session(String allowed, String reserved) {
        return Cubed.session(Spec.builder().workDir(work).allowedMem(allowed).reservedMem(reserved).build());
    }

    private static List<PlannedOperation> computeOps(FinalizedPlan plan) {
        return plan.operations().stream().filter(op -> !op.isCreateArrays()).toList();
    }

    @Test
    void projectionOfAddingTwo200MbChunksIs1200Mb() {
        try (Cubed cb = session("2GB", "0")) {
            long[] shape = {5000, 5000};
            int[] chunks = {5000, 5000}; // 200 MB of float64 per chunk
            LazyArray a = cb.fromZarr(stored(cb, shape, chunks));
            LazyArray b = cb.fromZarr(stored(cb, shape, chunks));
            FinalizedPlan plan = a.add(b).plan();
            assertThat(computeOps(plan)).singleElement().satisfies(op -> assertThat(op.projectedMem())
                    .isEqualTo(1_200_000_000L));
        }
    }

    @Test
    void computeFailsBeforeAnyTaskWhenAnOperationCannotFit() throws Exception {
        try (Cubed cb = session("1GB", "100MB")) {
            long[] shape = {5000, 5000};
            int[] chunks = {5000, 5000};
            LazyArray a = cb.fromZarr(stored(cb, shape, chunks));
            LazyArray b = cb.fromZarr(stored(cb, shape, chunks));
            LazyArray c = a.add(b);
            FinalizedPlan plan = c.plan(); // planning itself succeeds and reports the offender
            assertThat(plan.overLimit()).hasSize(1);
            assertThat(plan.summary()).contains("OVER allowed_mem");
            long before = countFiles(work);
            assertThatThrownBy(c::compute)
                    .isInstanceOf(MemoryLimitException.class)
                    .hasMessageStartingWith("Projected blockwise memory (1.3 GB) exceeds allowed_mem (1.0 GB), "
                            + "including reserved_mem (100.0 MB) for op-002");
            assertThat(countFiles(work)).as("nothing was written").isEqualTo(before);
        }
    }

    @Test
    void fusionRunsNegativeAstypeNegativeAsOneOperation() {
        try (Cubed cb = session("100MB", "0")) {
            Block data = Block.of(new double[] {1, -2, 3, -4, 5, -6, 7, -8, 9}, 3, 3);
            LazyArray a = cb.fromArray(data, new int[] {2, 2});
            LazyArray b = a.negative().astype(DataType.FLOAT32).negative();
            FinalizedPlan plan = b.plan();
            List<PlannedOperation> ops = computeOps(plan);
            assertThat(ops).hasSize(1);
            assertThat(ops.get(0).numTasks()).isEqualTo(4);
            assertThat(plan.operations()).hasSize(2); // plus create-arrays
            Block r = b.compute();
            assertThat(r.dtype()).isEqualTo(DataType.FLOAT32);
            assertThat(r.getDouble(2, 1)).isEqualTo(-8.0);
            // without fusion: three operations, same values
            FinalizedPlan unfused = cb.plan(List.of(b), false);
            assertThat(computeOps(unfused)).hasSize(3);
            assertThat(cb.compute(List.of(b), ComputeOptions.defaults().withOptimize(false)).get(0).sameValues(r)).isTrue();
        }
    }

    @Test
    void reductionWithin1000BytesNeedsSeveralRounds() {
        try (Cubed cb = Cubed.session(Spec.builder().workDir(work).allowedMem(1000).reservedMem(0).build())) {
            LazyArray a = cb.ones(new long[] {100, 10}, new int[] {1, 10}, DataType.UINT8);
            LazyArray b = a.sum(new int[] {0}, false, DataType.UINT8);
            FinalizedPlan plan = b.plan();
            assertThat(computeOps(plan).size()).isGreaterThan(1);
            assertThat(plan.maxProjectedMem()).isLessThanOrEqualTo(1000);
            Block r = b.compute();
            assertThat(r.shape()).containsExactly(10);
            for (int i = 0; i < 10; i++) {
                assertThat(r.getLong(i)).isEqualTo(100);
            }
        }
    }

    @Test
    void smallRechunkWithin208BytesNeedsTwoCopies() {
        try (Cubed cb = Cubed.session(Spec.builder().workDir(work).allowedMem(208).reservedMem(0).build())) {
            LazyArray a = cb.ones(new long[] {5, 5}, new int[] {1, 5});
            LazyArray b = a.rechunk(5, 1);
            FinalizedPlan plan = b.plan();
            long copies = computeOps(plan).stream().filter(op -> op.label().equals("rechunk")).count();
            assertThat(copies).isEqualTo(2);
            assertThat(b.chunks()).containsExactly(5, 1);
            Block r = b.compute();
            assertThat(r.sameValues(Block.full(DataType.FLOAT64, 1.0, 5, 5))).isTrue();
        }
    }

    @Test
    void era5RechunkPlansCubedsStagesWithinBudget() {
        try (Cubed cb = Cubed.session(Spec.builder().workDir(work).allowedMem("2.5GB").reservedMem(0)
                .executor("single-threaded").build())) {
            LazyArray era5 = cb.zeros(new long[] {350640, 721, 1440}, new int[] {31, 721, 1440}, DataType.FLOAT32);
            FinalizedPlan plan = era5.rechunk(350640, 10, 10).plan();
            List<PlannedOperation> copies = computeOps(plan);
            assertThat(copies).hasSize(6);
            int[][] expected = {{93, 721, 1440}, {465, 240, 480}, {2325, 120, 240}, {11625, 40, 120},
                {58125, 20, 60}, {350640, 10, 30}};
            for (int i = 0; i < 6; i++) {
                ComputeSpec spec = (ComputeSpec) copies.get(i).spec();
                assertThat(spec.taskGrid().chunks()).containsExactly(expected[i]);
                assertThat(copies.get(i).projectedMem()).isLessThanOrEqualTo(2_500_000_000L);
            }
            assertThat(((ComputeSpec) copies.get(5).spec()).output().grid().chunks()).containsExactly(350640, 10, 10);
        }
    }

    private String stored(Cubed cb, long[] shape, int[] chunks) {
        // plan-only arrays: metadata without data (missing chunks read as fill)
        String url = work.resolve("in-" + System.nanoTime()).toString();
        dev.cubed.storage.zarr.ZarrArray.create(cb.storage().open(url), "",
                dev.cubed.storage.zarr.ArrayMetadata.builder().shape(shape).chunks(chunks).dataType(DataType.FLOAT64)
                        .fillValue(0).build());
        return url;
    }

    private static long countFiles(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).count();
        }
    }
}
