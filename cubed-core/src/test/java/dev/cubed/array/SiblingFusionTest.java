package dev.cubed.array;

import dev.cubed.block.Block;
import dev.cubed.plan.FinalizedPlan;
import dev.cubed.plan.PlannedOperation;
import dev.cubed.primitive.ComputeSpec;
import dev.cubed.runtime.Callback;
import dev.cubed.runtime.TaskEndEvent;
import dev.cubed.storage.zarr.ZarrArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Operations that read the same inputs over the same task grid run as one operation with several
 * outputs, each task reading the shared chunks once; results must not change, memory projections
 * must hold, and operations that depend on each other must never be merged.
 */
class SiblingFusionTest {
    private static final long[] SHAPE = {60, 48};
    private static final int[] CHUNKS = {10, 12};

    @TempDir
    Path work;

    private Cubed session(String allowed) {
        return Cubed.session(Spec.builder().workDir(work).allowedMem(allowed).reservedMem(0).build());
    }

    /** Two stored inputs, so reads are real chunk reads that can be counted. */
    private static LazyArray stored(Cubed cb, String name, long seed) {
        String url = cb.spec().workDir() + "/" + name + ".zarr";
        cb.randomUniform(SHAPE, CHUNKS, seed).toZarr(url);
        return cb.fromZarr(url);
    }

    private static ComputeSpec compute(PlannedOperation op) {
        return (ComputeSpec) op.spec();
    }

    @Test
    void meansOfProductsReadEachInputOnceAndGiveTheSameValues() {
        try (Cubed cb = session("50MB")) {
            LazyArray u = stored(cb, "u", 1);
            LazyArray v = stored(cb, "v", 2);
            List<LazyArray> means = List.of(u.multiply(u).mean(0), v.multiply(v).mean(0), u.multiply(v).mean(0));
            FinalizedPlan plan = cb.plan(means);

            PlannedOperation first = plan.operations().stream().filter(op -> !op.isCreateArrays()).findFirst()
                    .orElseThrow();
            assertThat(compute(first).outputs()).hasSize(3);
            assertThat(compute(first).sharing()).isEqualTo(ComputeSpec.Sharing.STEP);
            assertThat(compute(first).inputs()).hasSize(2);
            assertThat(first.projectedMem()).isLessThanOrEqualTo(plan.settings().allowedMem());
            // the later rounds read one intermediate each: no shared input, nothing merged
            assertThat(plan.operations()).filteredOn(op -> !op.isCreateArrays() && op != first)
                    .allMatch(op -> compute(op).outputs().size() == 1);

            Map<String, AtomicLong> bytesRead = new ConcurrentHashMap<>();
            Callback reads = new Callback() {
                @Override
                public void onTaskEnd(TaskEndEvent e) {
                    bytesRead.computeIfAbsent(e.operation(), k -> new AtomicLong()).addAndGet(e.bytesRead());
                }
            };
            List<Block> got = cb.compute(means, ComputeOptions.defaults().withCallbacks(reads));
            long inputBytes = 2L * SHAPE[0] * SHAPE[1] * 8;
            assertThat(bytesRead.get(first.name()).get()).isEqualTo(inputBytes);

            Block ub = u.compute();
            Block vb = v.compute();
            for (int col = 0; col < SHAPE[1]; col++) {
                double uu = 0;
                double vv = 0;
                double uv = 0;
                for (int row = 0; row < SHAPE[0]; row++) {
                    double x = ub.getDouble(row, col);
                    double y = vb.getDouble(row, col);
                    uu += x * x;
                    vv += y * y;
                    uv += x * y;
                }
                assertThat(got.get(0).getDouble(col)).isCloseTo(uu / SHAPE[0], within(1e-12));
                assertThat(got.get(1).getDouble(col)).isCloseTo(vv / SHAPE[0], within(1e-12));
                assertThat(got.get(2).getDouble(col)).isCloseTo(uv / SHAPE[0], within(1e-12));
            }
        }
    }

    private static org.assertj.core.data.Offset<Double> within(double d) {
        return org.assertj.core.data.Offset.offset(d);
    }

    @Test
    void elementwiseOutputsOfSharedInputsAreWrittenFromOneRead() {
        try (Cubed cb = session("50MB")) {
            LazyArray a = stored(cb, "a", 3);
            LazyArray b = stored(cb, "b", 4);
            String sumUrl = work.resolve("sum.zarr").toString();
            String prodUrl = work.resolve("prod.zarr").toString();
            List<LazyArray> outs = List.of(a.add(b), a.multiply(b).subtract(a));
            FinalizedPlan plan = cb.plan(outs);
            List<PlannedOperation> ops = plan.operations().stream().filter(op -> !op.isCreateArrays()).toList();
            assertThat(ops).hasSize(1);
            assertThat(compute(ops.get(0)).sharing()).isEqualTo(ComputeSpec.Sharing.TASK);

            AtomicLong read = new AtomicLong();
            Callback reads = new Callback() {
                @Override
                public void onTaskEnd(TaskEndEvent e) {
                    if (e.operation().equals(ops.get(0).name())) {
                        read.addAndGet(e.bytesRead());
                    }
                }
            };
            List<Block> got = cb.compute(outs, ComputeOptions.defaults().withCallbacks(reads));
            assertThat(read.get()).isEqualTo(2L * SHAPE[0] * SHAPE[1] * 8);
            Block ab = a.compute();
            Block bb = b.compute();
            for (int i = 0; i < SHAPE[0]; i++) {
                for (int j = 0; j < SHAPE[1]; j++) {
                    double x = ab.getDouble(i, j);
                    double y = bb.getDouble(i, j);
                    assertThat(got.get(0).getDouble(i, j)).isEqualTo(x + y);
                    assertThat(got.get(1).getDouble(i, j)).isEqualTo(x * y - x);
                }
            }
            // the same through stores to user targets: both arrays complete and correct
            cb.store(List.of(a.add(b), a.multiply(b)), List.of(sumUrl, prodUrl), ComputeOptions.defaults());
            Block sum = ZarrArray.open(cb.storage().open(sumUrl), "").read(new long[2], new int[] {60, 48});
            Block prod = ZarrArray.open(cb.storage().open(prodUrl), "").read(new long[2], new int[] {60, 48});
            assertThat(sum.getDouble(59, 47)).isEqualTo(ab.getDouble(59, 47) + bb.getDouble(59, 47));
            assertThat(prod.getDouble(7, 30)).isEqualTo(ab.getDouble(7, 30) * bb.getDouble(7, 30));
        }
    }

    @Test
    void anOperationThatReadsAnotherOnesOutputIsNeverItsSibling() {
        try (Cubed cb = session("50MB")) {
            LazyArray a = stored(cb, "a", 5);
            LazyArray b = a.add(1);          // requested, so it is stored and not fused into c
            LazyArray c = b.multiply(a);     // reads a (shared with b) and b's output
            FinalizedPlan plan = cb.plan(List.of(b, c));
            for (PlannedOperation op : plan.operations()) {
                if (!op.isCreateArrays()) {
                    assertThat(compute(op).outputs()).hasSize(1);
                }
            }
            List<Block> got = cb.compute(b, c);
            Block ab = a.compute();
            assertThat(got.get(1).getDouble(13, 17)).isEqualTo((ab.getDouble(13, 17) + 1) * ab.getDouble(13, 17));
        }
    }

    @Test
    void siblingsStaySeparateWhenTogetherTheyWouldNotFit() {
        // one chunk is 10 x 12 x 8 = 960 bytes; a multiply-then-reduce task alone projects a few KB,
        // three together several more: a budget between the two keeps them apart
        long alone;
        long together;
        try (Cubed cb = session("50MB")) {
            LazyArray u = stored(cb, "u", 1);
            LazyArray v = stored(cb, "v", 2);
            FinalizedPlan fused = cb.plan(List.of(u.multiply(u).sum(0), v.multiply(v).sum(0), u.multiply(v).sum(0)));
            together = fused.maxProjectedMem();
            alone = cb.plan(List.of(u.multiply(v).sum(0))).maxProjectedMem();
        }
        assertThat(together).isGreaterThan(alone);
        try (Cubed cb = session(String.valueOf(alone))) {
            LazyArray u = cb.fromZarr(work.resolve("u.zarr").toString());
            LazyArray v = cb.fromZarr(work.resolve("v.zarr").toString());
            FinalizedPlan plan = cb.plan(List.of(u.multiply(u).sum(0), v.multiply(v).sum(0), u.multiply(v).sum(0)));
            assertThat(plan.maxProjectedMem()).isLessThanOrEqualTo(alone);
            assertThat(plan.operations()).filteredOn(op -> !op.isCreateArrays())
                    .allMatch(op -> compute(op).outputs().size() == 1);
        }
    }
}
