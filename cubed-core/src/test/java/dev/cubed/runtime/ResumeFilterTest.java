package dev.cubed.runtime;

import dev.cubed.array.Cubed;
import dev.cubed.array.LazyArray;
import dev.cubed.array.Spec;
import dev.cubed.block.Block;
import dev.cubed.block.DataType;
import dev.cubed.plan.FinalizedPlan;
import dev.cubed.plan.PlannedOperation;
import dev.cubed.primitive.ComputeSpec;
import dev.cubed.storage.zarr.ZarrArray;
import dev.cubed.task.TaskRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Which tasks resume skips, for tasks that write one output chunk and tasks that write several. */
class ResumeFilterTest {
    @TempDir
    Path dir;

    @Test
    void aTaskWritingSeveralChunksIsDoneOnlyWhenAllOfThemExist() {
        try (Cubed cb = Cubed.session(Spec.builder().workDir(dir).allowedMem("200MB").reservedMem("10MB").build())) {
            // a rechunk from chunks of 6 to chunks of 2: each copy task reads one chunk and writes three
            LazyArray x = cb.arange(0, 12, 1, 6, DataType.INT64).rechunk(2);
            FinalizedPlan plan = x.plan();
            ComputeSpec copy = null;
            for (PlannedOperation op : plan.operations()) {
                if (op.spec() instanceof ComputeSpec cs && !cs.writesSingleChunks()) {
                    copy = cs;
                }
            }
            assertThat(copy).as("an operation whose tasks write several chunks in\n%s", plan).isNotNull();
            assertThat(copy.taskGrid().numChunks()).isEqualTo(2);
            TaskRunner runner = new TaskRunner(cb.taskContext());
            for (PlannedOperation op : plan.operations()) {
                if (op.isCreateArrays()) {
                    for (long i = 0; i < op.numTasks(); i++) {
                        runner.run(op.spec(), new long[] {i});
                    }
                }
            }
            ZarrArray out = ZarrArray.open(cb.storage().open(copy.output().url()), "", copy.output().metadata());
            assertThat(new ResumeFilter(copy, cb.taskContext()).countDone()).isZero();

            // task 0 wrote all of chunks 0-2, task 1 only chunk 3 of 3-5
            for (long c = 0; c < 4; c++) {
                out.writeChunk(new long[] {c}, Block.wrap(DataType.INT64, new long[] {2 * c, 2 * c + 1}, 2));
            }
            ResumeFilter filter = new ResumeFilter(copy, cb.taskContext());
            assertThat(filter.isDone(new long[] {0})).isTrue();
            assertThat(filter.isDone(new long[] {1})).isFalse();
            assertThat(filter.countDone()).isEqualTo(1);

            out.writeChunk(new long[] {5}, Block.wrap(DataType.INT64, new long[] {10, 11}, 2));
            assertThat(new ResumeFilter(copy, cb.taskContext()).countDone()).as("chunk 4 still missing").isEqualTo(1);
            out.writeChunk(new long[] {4}, Block.wrap(DataType.INT64, new long[] {8, 9}, 2));
            assertThat(new ResumeFilter(copy, cb.taskContext()).countDone()).isEqualTo(2);
        }
    }

    @Test
    void aTaskOfAMultiOutputOperationIsDoneOnlyWhenEveryOutputHasItsChunk() {
        try (Cubed cb = Cubed.session(Spec.builder().workDir(dir).allowedMem("200MB").reservedMem("10MB").build())) {
            LazyArray a = cb.arange(0, 12, 1, 4, DataType.FLOAT64);
            a.toZarr(dir.resolve("a.zarr").toString());
            LazyArray s = cb.fromZarr(dir.resolve("a.zarr").toString());
            FinalizedPlan plan = cb.plan(java.util.List.of(s.add(1), s.multiply(2)));
            ComputeSpec both = null;
            for (PlannedOperation op : plan.operations()) {
                if (op.spec() instanceof ComputeSpec cs && cs.outputs().size() == 2) {
                    both = cs;
                }
            }
            assertThat(both).as("one operation computing both arrays in\n%s", plan).isNotNull();
            TaskRunner runner = new TaskRunner(cb.taskContext());
            for (PlannedOperation op : plan.operations()) {
                if (op.isCreateArrays()) {
                    for (long i = 0; i < op.numTasks(); i++) {
                        runner.run(op.spec(), new long[] {i});
                    }
                }
            }
            runner.run(both, new long[] {0});
            runner.run(both, new long[] {1});
            ComputeSpec.Output second = both.outputs().get(1);
            ZarrArray.open(cb.storage().open(second.array().url()), "", second.array().metadata()).store()
                    .delete("c/1");
            ResumeFilter filter = new ResumeFilter(both, cb.taskContext());
            assertThat(filter.isDone(new long[] {0})).isTrue();
            assertThat(filter.isDone(new long[] {1})).as("its second output's chunk is missing").isFalse();
            assertThat(filter.isDone(new long[] {2})).isFalse();
            assertThat(filter.countDone()).isEqualTo(1);
        }
    }
}
