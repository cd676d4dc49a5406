package dev.cubed.array;

import dev.cubed.block.DataType;
import dev.cubed.plan.FinalizedPlan;
import dev.cubed.plan.PlannedOperation;
import dev.cubed.storage.zarr.ArrayMetadata;
import dev.cubed.storage.zarr.ZarrArray;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plans (never computed) of every operation on arrays far larger than the memory budget, read
 * from stored Zarr arrays: no task's projected memory may exceed the allowed memory, and no
 * operation may hold a whole large array in one task. Set {@code CUBED_PRINT_PLANS} to print each
 * plan's summary.
 */
class ApiMemoryBoundsTest {
    private static final long ALLOWED = 200_000_000L;
    @TempDir
    static Path work;
    private static Cubed cb;
    private static LazyArray big;      // 20000 x 20000 float64, 8 MB chunks
    private static LazyArray big2;
    private static LazyArray cube;     // 400 x 600 x 800 float64, 4 MB chunks
    private static LazyArray vector;   // 100 million float64, 8 MB chunks
    private static LazyArray ints;     // 20000 x 20000 int32

    @BeforeAll
    static void open() {
        cb = Cubed.session(Spec.builder().workDir(work).allowedMem(ALLOWED).reservedMem(20_000_000L).build());
        big = stored(new long[] {20000, 20000}, new int[] {1000, 1000}, DataType.FLOAT64);
        big2 = stored(new long[] {20000, 20000}, new int[] {1000, 1000}, DataType.FLOAT64);
        cube = stored(new long[] {400, 600, 800}, new int[] {50, 100, 100}, DataType.FLOAT64);
        vector = stored(new long[] {100_000_000}, new int[] {1_000_000}, DataType.FLOAT64);
        ints = stored(new long[] {20000, 20000}, new int[] {1000, 1000}, DataType.INT32);
    }

    @AfterAll
    static void close() {
        cb.close();
    }

    /** Metadata without data: planning needs nothing else. */
    private static LazyArray stored(long[] shape, int[] chunks, DataType t) {
        String url = work.resolve("in-" + System.nanoTime()).toString();
        ZarrArray.create(cb.storage().open(url), "", ArrayMetadata.builder().shape(shape).chunks(chunks).dataType(t)
                .fillValue(0).build());
        return cb.fromZarr(url);
    }

    private static Arguments op(String name, Supplier<LazyArray> build) {
        return Arguments.of(name, build);
    }

    static Stream<Arguments> operations() {
        List<Arguments> ops = new ArrayList<>(List.of(
                op("sin", () -> big.sin()),
                op("add with broadcasting", () -> big.add(big2.get(0))),
                op("clip", () -> big.clip(-1, 1)),
                op("bitwise_left_shift", () -> ints.bitwiseLeftShift(ints)),
                op("where", () -> cb.where(big.greater(0), big, big2)),
                op("var over axis 0", () -> big.var(new int[] {0}, false, 1)),
                op("std", () -> cube.std()),
                op("nanmean over axes 0, 2", () -> cube.nanmean(0, 2)),
                op("count_nonzero", () -> big.countNonzero()),
                op("argmax flattened", () -> big.argmax()),
                op("argmin along axis 1", () -> cube.argmin(1, true)),
                op("cumulative_sum axis 0", () -> big.cumulativeSum(0, null, false)),
                op("cumulative_prod axis 1 with initial", () -> big.cumulativeProd(1, null, true)),
                op("cumulative_sum of a long vector", () -> vector.cumulativeSum()),
                op("matmul", () -> big.matmul(big2)),
                op("batched matmul", () -> cube.matmul(cube.matrixTranspose())),
                op("matmul matrix-vector", () -> big.matmul(big2.get(0))),
                op("tensordot", () -> cb.tensordot(cube, cube, new int[] {0, 1}, new int[] {0, 1})),
                op("vecdot", () -> big.vecdot(big2)),
                op("outer", () -> cb.outer(vector.get(Index.slice(0, 100_000)), vector.get(Index.slice(0, 200_000)))),
                op("matrix_transpose", () -> big.matrixTranspose()),
                op("permute_dims", () -> cube.permuteDims(2, 0, 1)),
                op("moveaxis", () -> cube.moveaxis(0, -1)),
                op("expand_dims", () -> big.expandDims(1)),
                op("squeeze", () -> big.expandDims(0).squeeze(0)),
                op("broadcast_to", () -> big.get(0).broadcastTo(30000, 20000)),
                op("broadcast_arrays", () -> cb.broadcastArrays(big.get(Index.all(), Index.newAxis()), big2.get(0)).get(0)),
                op("reshape (split)", () -> big.reshape(200, 100, 20000)),
                op("reshape (merge, needs a rechunk)", () -> cube.reshape(400, 480000)),
                op("flatten", () -> big.flatten()),
                op("concat", () -> cb.concat(List.of(big, big2, big), 1)),
                op("stack of 40 arrays", () -> cb.stack(java.util.Collections.nCopies(40, big), 0)),
                op("flip", () -> big.flip()),
                op("roll", () -> big.roll(12345, 0)),
                op("repeat", () -> big.repeat(3, 1)),
                op("tile", () -> big.tile(2, 3)),
                op("take", () -> big.take(new long[] {19999, 0, 5000, 5001, 3}, 1)),
                op("index with steps", () -> big.get(Index.slice(null, null, -7), Index.slice(3, 19000, 13))),
                op("index with an integer and new axes", () -> cube.get(Index.newAxis(), 5, Index.ELLIPSIS)),
                op("linspace", () -> cb.linspace(0, 1, 1_000_000_000L, 1_000_000).multiply(2)),
                op("eye", () -> cb.eye(100_000, 100_000, 3, new int[] {2000, 2000}, DataType.FLOAT32).add(vector.get(Index.slice(0, 100_000)).astype(DataType.FLOAT32))),
                op("zeros_like", () -> cb.zerosLike(big).add(1)),
                op("meshgrid", () -> cb.meshgrid("xy", vector.get(Index.slice(0, 30000)), vector.get(Index.slice(0, 20000)),
                        vector.get(Index.slice(0, 5000))).get(2)),
                op("tril", () -> cb.tril(big, 5)),
                op("searchsorted", () -> cb.searchsorted(vector, big))));
        return ops.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operations")
    void everyTaskFitsTheBudget(String name, Supplier<LazyArray> build) {
        LazyArray x = build.get();
        FinalizedPlan plan = x.plan();
        assertThat(plan.overLimit()).as("%s:%n%s", name, plan.summary()).isEmpty();
        for (PlannedOperation op : plan.operations()) {
            assertThat(op.projectedMem()).as("%s, %s", name, op.label()).isLessThanOrEqualTo(ALLOWED);
        }
        assertThat(plan.totalTasks()).as("%s is split into many tasks", name).isGreaterThan(1);
        if (System.getenv("CUBED_PRINT_PLANS") != null) {
            System.out.println(name + "\n" + plan.summary());
        }
    }
}
