package dev.cubed.task;

import dev.cubed.array.Cubed;
import dev.cubed.array.LazyArray;
import dev.cubed.array.Spec;
import dev.cubed.block.Block;
import dev.cubed.block.DataType;
import dev.cubed.plan.FinalizedPlan;
import dev.cubed.plan.PlannedOperation;
import dev.cubed.primitive.Apply;
import dev.cubed.primitive.ArgMode;
import dev.cubed.primitive.BlockExpr;
import dev.cubed.primitive.ComputeSpec;
import dev.cubed.primitive.CreateArraysSpec;
import dev.cubed.primitive.Fold;
import dev.cubed.primitive.OperationSpec;
import dev.cubed.primitive.ReadRegion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every kind of operation's task description survives JSON exactly, and stays small. */
class TaskJsonRoundTripTest {
    @TempDir
    Path work;

    private final TaskJson json = new TaskJson();

    @Test
    void everyOperationTypeRoundTrips() {
        try (Cubed cb = Cubed.session(Spec.builder().workDir(work).allowedMem("200MB").reservedMem(0).build())) {
            LazyArray u = cb.randomUniform(new long[] {40, 30}, new int[] {10, 10}, 7);
            LazyArray v = cb.randomNormal(new long[] {40, 30}, new int[] {10, 10}, 8, 0, 1, DataType.FLOAT32);
            LazyArray e = cb.fromArray(Block.of(new int[] {1, 2, 3}, 3), new int[] {2});
            LazyArray r = cb.arange(0, 30, 1, 7, DataType.INT64);
            List<LazyArray> outs = List.of(
                    u.add(v).multiply(2).mean(0),                 // elementwise with a scalar, fused mean (structured)
                    u.rechunk(40, 1),                              // region reads
                    u.matmul(cb.randomUniform(new long[] {30, 20}, new int[] {15, 10}, 9)), // contraction (+ rechunk)
                    r.add(e.sum()).less(5),                        // embedded data, arange, comparisons
                    cb.where(u.greater(0.5), u, v.astype(DataType.FLOAT64)).max(new int[] {1}, true));
            FinalizedPlan plan = cb.plan(outs);
            Set<String> kinds = new TreeSet<>();
            for (PlannedOperation op : plan.operations()) {
                OperationSpec spec = op.spec();
                String text = json.writeOperation(spec);
                OperationSpec back = json.readOperation(text);
                assertThat(back).as(op.name()).isEqualTo(spec);
                assertThat(json.writeOperation(back)).isEqualTo(text);
                kinds.add(spec.getClass().getSimpleName());
                if (spec instanceof ComputeSpec cs) {
                    collect(cs.root(), kinds);
                }
            }
            assertThat(kinds).contains("ComputeSpec", "CreateArraysSpec", "Apply", "Fold", "ReadRegion", "Source",
                    "ITER", "ONE");
        }
    }

    @Test
    void arrayApiOperationsRoundTrip() {
        try (Cubed cb = Cubed.session(Spec.builder().workDir(work).allowedMem("200MB").reservedMem(0).build())) {
            LazyArray u = cb.randomUniform(new long[] {40, 30}, new int[] {10, 7}, 7);
            List<LazyArray> outs = List.of(
                    u.reshape(30, 40),                                            // ravel map
                    u.cumulativeSum(0, null, false),                              // coarsen map (offsets)
                    cb.concat(List.of(u, u.flip(0)), 1),                          // overlap map, affine region
                    cb.stack(List.of(u, u), 0),
                    u.get(dev.cubed.array.Index.slice(null, null, -3), new long[] {4, 0, 4}), // listed region
                    u.roll(3, 1).tile(2, 1).repeat(2, 0),                         // cyclic and repeat regions
                    cb.tensordot(u, u, new int[] {0}, new int[] {0}),
                    u.flatten().get(dev.cubed.array.Index.slice(0, 5)).searchsorted(u));
            FinalizedPlan plan = cb.plan(outs);
            Set<String> kinds = new TreeSet<>();
            for (PlannedOperation op : plan.operations()) {
                OperationSpec spec = op.spec();
                String text = json.writeOperation(spec);
                OperationSpec back = json.readOperation(text);
                assertThat(back).as(op.name()).isEqualTo(spec);
                assertThat(json.writeOperation(back)).isEqualTo(text);
                if (spec instanceof ComputeSpec cs) {
                    collectMaps(cs.root(), kinds);
                }
            }
            assertThat(kinds).contains("RavelMap", "CoarsenMap", "OverlapMap", "ContractionMap", "Affine", "Cyclic",
                    "Repeat", "Listed");
        }
    }

    private static void collectMaps(BlockExpr e, Set<String> kinds) {
        if (e instanceof ReadRegion r && r.region() instanceof dev.cubed.primitive.RegionMap.Orthogonal o) {
            o.axes().forEach(a -> kinds.add(a.getClass().getSimpleName()));
        } else if (e instanceof Apply a) {
            a.args().forEach(arg -> {
                kinds.add(arg.keys().getClass().getSimpleName());
                collectMaps(arg.expr(), kinds);
            });
        } else if (e instanceof Fold f) {
            kinds.add(f.input().keys().getClass().getSimpleName());
            collectMaps(f.input().expr(), kinds);
        }
    }

    @Test
    void perTaskPartIsJustCoordinates() {
        try (Cubed cb = Cubed.session(Spec.builder().workDir(work).build())) {
            LazyArray a = cb.ones(new long[] {1000, 1000}, new int[] {10, 10});
            FinalizedPlan plan = a.add(1).sum().plan();
            for (PlannedOperation op : plan.operations()) {
                // shared once per operation; a task adds only its chunk coordinates
                assertThat(json.writeOperation(op.spec()).length()).isLessThan(8_000);
            }
            assertThat(plan.totalTasks()).isGreaterThan(3_000);
        }
    }

    @Test
    void unknownPropertiesAndTypesAreRejected() {
        assertThatThrownBy(() -> json.readOperation("{\"op\":\"compute\",\"name\":\"op-002\",\"surprise\":1}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("malformed");
        assertThatThrownBy(() -> json.readOperation("{\"op\":\"java.lang.Runtime\"}"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void collect(BlockExpr e, Set<String> kinds) {
        kinds.add(e.getClass().getSimpleName());
        if (e instanceof Apply a) {
            a.args().forEach(arg -> {
                kinds.add(arg.mode().name());
                collect(arg.expr(), kinds);
            });
        } else if (e instanceof Fold f) {
            kinds.add(f.input().mode().name());
            collect(f.input().expr(), kinds);
        }
    }
}
