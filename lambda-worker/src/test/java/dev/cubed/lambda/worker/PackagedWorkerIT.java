package dev.cubed.lambda.worker;

import dev.cubed.array.Cubed;
import dev.cubed.array.LazyArray;
import dev.cubed.block.Block;
import dev.cubed.block.DataType;
import dev.cubed.infra.SequentialPlanRun;
import dev.cubed.lambda.executor.WorkerInvocation;
import dev.cubed.lambda.local.FunctionStats;
import dev.cubed.plan.FinalizedPlan;
import dev.cubed.plan.PlannedOperation;
import dev.cubed.primitive.Apply;
import dev.cubed.primitive.Arg;
import dev.cubed.primitive.BlockExpr;
import dev.cubed.primitive.ComputeSpec;
import dev.cubed.primitive.Fold;
import dev.cubed.primitive.ReadRegion;
import dev.cubed.primitive.StoredArray;
import dev.cubed.storage.zarr.ArrayMetadata;
import dev.cubed.storage.zarr.ZarrArray;
import dev.cubed.task.PreparedOperation;
import dev.cubed.task.TaskMessages;
import dev.cubed.task.TaskReply;
import dev.cubed.task.TaskStats;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.UUID;
import java.util.function.LongBinaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged worker running real tasks in a local Lambda: plans of every operation type are
 * planned here against an S3 work dir, their tasks sent as messages, and the Zarr arrays the
 * worker wrote read back and compared with plain loops.
 */
@ExtendWith(LocalWorker.class)
class PackagedWorkerIT {
    private static final Offset<Double> CLOSE = Offset.offset(1e-9);

    private final LocalWorker w = LocalWorker.get();

    /** Writes an input array x[i][j] = f(i, j) to the work bucket, as a client's data would be. */
    private LazyArray input(int rows, int cols, int[] chunks, LongBinaryOperator f) {
        double[] v = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                v[i * cols + j] = f.applyAsLong(i, j);
            }
        }
        String url = "s3://" + LocalWorker.BUCKET + "/inputs/" + UUID.randomUUID();
        ArrayMetadata meta = ArrayMetadata.builder().shape(new long[] {rows, cols}).chunks(chunks)
                .dataType(DataType.FLOAT64).fillValue(0).build();
        ZarrArray.create(w.storage().open(url), "", meta).write(new long[2], Block.of(v, rows, cols));
        return w.session().fromZarr(url);
    }

    /** The stored output, read through its own metadata (which the worker's create-arrays task wrote). */
    private Block output(FinalizedPlan plan, int i) {
        String url = ((StoredArray) plan.outputs().get(i)).url();
        ZarrArray arr = ZarrArray.open(w.storage().open(url), "");
        long[] shape = arr.metadata().shape();
        int[] s = new int[shape.length];
        for (int k = 0; k < s.length; k++) {
            s[k] = (int) shape[k];
        }
        return arr.read(new long[shape.length], s);
    }

    private SequentialPlanRun.Result run(FinalizedPlan plan, int inlineLimit, int batch) {
        SequentialPlanRun.Result result = w.runner(LocalWorker.WORKER, inlineLimit, batch).run(plan);
        SequentialPlanRun.Step failed = result.failure();
        assertThat(failed).as("%s", failed == null ? "" : failed.invocation().errorType() + ": "
                + failed.invocation().errorMessage() + "\n" + failed.invocation().logTail()).isNull();
        long tasks = plan.totalTasks();
        assertThat(result.steps().stream().mapToLong(s -> s.invocation().reply().results().size()).sum())
                .isEqualTo(tasks);
        for (SequentialPlanRun.Step step : result.steps()) {
            TaskReply reply = step.invocation().reply();
            assertThat(reply.results()).hasSameSizeAs(step.tasks());
            assertThat(reply.workerVersion()).isNotBlank().isNotEqualTo("unknown");
            for (TaskStats s : reply.results()) {
                assertThat(s.functionEndMillis()).isGreaterThanOrEqualTo(s.functionStartMillis());
                // the worker JVM's peak resident memory around the task: more than an empty JVM, less than the
                // function's memory (Linux updates the peak lazily, so the two readings are not ordered)
                assertThat(s.peakMemStart()).isBetween(20L << 20, 1024L << 20);
                assertThat(s.peakMemEnd()).isBetween(20L << 20, 1024L << 20);
            }
        }
        return result;
    }

    private static List<TaskStats> statsOf(SequentialPlanRun.Result result, String operation) {
        return result.steps().stream().filter(s -> s.operation().equals(operation))
                .flatMap(s -> s.invocation().reply().results().stream()).toList();
    }

    @Test
    void elementwiseAndCreateArrays() {
        Cubed cb = w.session();
        LazyArray a = input(10, 12, new int[] {4, 5}, (i, j) -> i * 100 + j);
        LazyArray b = a.multiply(2).add(cb.arange(0, 12, 1, 5, DataType.FLOAT64)).astype(DataType.FLOAT32);
        FinalizedPlan plan = cb.plan(List.of(b));
        SequentialPlanRun.Result result = run(plan, TaskMessages.DEFAULT_INLINE_LIMIT, 2);
        PlannedOperation create = plan.operations().get(0);
        assertThat(create.isCreateArrays()).isTrue();
        assertThat(statsOf(result, create.name())).allMatch(s -> s.bytesWritten() == 0);
        PlannedOperation compute = plan.operations().get(1);
        List<TaskStats> stats = statsOf(result, compute.name());
        assertThat(stats).hasSize(9);
        // float32 blocks: 4x5, edge chunks 2 rows and/or 2 columns
        assertThat(stats).extracting(TaskStats::bytesWritten).containsExactly(80L, 80L, 32L, 80L, 80L, 32L, 40L, 40L,
                16L);
        assertThat(stats).allMatch(s -> s.bytesRead() > 0 && s.chunksWritten() == 1);

        Block out = output(plan, 0);
        assertThat(out.dtype()).isEqualTo(DataType.FLOAT32);
        for (int i = 0; i < 10; i++) {
            for (int j = 0; j < 12; j++) {
                assertThat(out.getDouble(i, j)).isEqualTo(2.0 * (i * 100 + j) + j);
            }
        }
    }

    @Test
    void aFusedReductionFoldsItsBlocksInTheWorker() {
        LazyArray a = input(20, 6, new int[] {2, 3}, (i, j) -> i * j + i);
        LazyArray sums = a.sum(new int[] {0}, false);
        FinalizedPlan plan = w.session().plan(List.of(sums));
        assertThat(plan.operations()).anyMatch(op -> op.spec() instanceof ComputeSpec c && contains(c.root(), Fold.class));
        run(plan, TaskMessages.DEFAULT_INLINE_LIMIT, 1);
        Block out = output(plan, 0);
        for (int j = 0; j < 6; j++) {
            long expected = 0;
            for (int i = 0; i < 20; i++) {
                expected += (long) i * j + i;
            }
            assertThat(out.getDouble(j)).isCloseTo(expected, CLOSE);
        }
    }

    @Test
    void aRechunkCopyWritesSeveralOutputChunksPerTask() {
        // large enough that the planner, aiming at a few tasks per worker, still consolidates copies
        LazyArray a = input(96, 96, new int[] {3, 3}, (i, j) -> i * 96 + j);
        LazyArray r = a.rechunk(2, 96);
        FinalizedPlan plan = w.session().plan(List.of(r));
        PlannedOperation copy = plan.operations().stream()
                .filter(op -> op.spec() instanceof ComputeSpec c && c.root() instanceof ReadRegion).findFirst()
                .orElseThrow();
        SequentialPlanRun.Result result = run(plan, TaskMessages.DEFAULT_INLINE_LIMIT, 3);
        // the planner consolidates the copy within the memory budget: each task reads a region spanning
        // several input chunks and writes several output chunks
        assertThat(((ComputeSpec) copy.spec()).writesSingleChunks()).isFalse();
        assertThat(statsOf(result, copy.name())).allMatch(s -> s.chunksWritten() > 1);
        Block out = output(plan, 0);
        assertThat(ZarrArray.open(w.storage().open(((StoredArray) plan.outputs().get(0)).url()), "").metadata()
                .chunks()).containsExactly(2, 96);
        for (int i = 0; i < 96; i++) {
            for (int j = 0; j < 96; j++) {
                assertThat(out.getDouble(i, j)).isEqualTo(i * 96 + j);
            }
        }
    }

    @Test
    void matmul() {
        LazyArray a = input(9, 7, new int[] {2, 3}, (i, j) -> i - j);
        LazyArray b = input(7, 5, new int[] {3, 2}, (i, j) -> i * j + 1);
        FinalizedPlan plan = w.session().plan(List.of(a.matmul(b)));
        run(plan, TaskMessages.DEFAULT_INLINE_LIMIT, 4);
        Block out = output(plan, 0);
        for (int i = 0; i < 9; i++) {
            for (int k = 0; k < 5; k++) {
                double dot = 0;
                for (int j = 0; j < 7; j++) {
                    dot += (double) (i - j) * (j * k + 1);
                }
                assertThat(out.getDouble(i, k)).isCloseTo(dot, CLOSE);
            }
        }
    }

    @Test
    void specsByReferenceAreFetchedCheckedAndCached() {
        LazyArray a = input(6, 6, new int[] {3, 3}, (i, j) -> i + 10 * j);
        FinalizedPlan plan = w.session().plan(List.of(a.negative()));
        SequentialPlanRun.Result result = run(plan, 0, 2);
        Block out = output(plan, 0);
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 6; j++) {
                assertThat(out.getDouble(i, j)).isEqualTo(-(i + 10.0 * j));
            }
        }
        // every spec went by reference, so every message was a few hundred bytes
        TaskMessages byReference = w.messages(0);
        PlannedOperation compute = plan.operations().get(1);
        PreparedOperation prepared = byReference.prepare(compute.spec());
        assertThat(prepared.isInline()).isFalse();
        byte[] message = prepared.encode(List.of(new long[] {1, 1}));
        assertThat(message.length).isLessThan(250);
        assertThat(result.steps()).isNotEmpty();

        // the warm worker has the spec cached: it runs the task even once the object is gone
        long started = w.localLambda().stats(LocalWorker.WORKER).environmentsStarted();
        w.storage().open(byReference.specDirectory()).delete(prepared.ref().objectName());
        WorkerInvocation again = w.invoke(LocalWorker.WORKER, message);
        assertThat(again.failed()).as("%s: %s", again.errorType(), again.errorMessage()).isFalse();
        assertThat(again.reply().coldStart()).isFalse();
        assertThat(w.localLambda().stats(LocalWorker.WORKER).environmentsStarted()).isEqualTo(started);
    }

    @Test
    void aWarmEnvironmentReusesItsClientsAndSaysItIsNotCold() {
        Cubed cb = w.session();
        FinalizedPlan plan = cb.plan(List.of(cb.arange(0, 8, 1, 4, DataType.FLOAT64).add(1)));
        SequentialPlanRun.Result result = w.runner(LocalWorker.FRESH, TaskMessages.DEFAULT_INLINE_LIMIT, 1).run(plan);
        assertThat(result.succeeded()).isTrue();
        List<Boolean> cold = result.steps().stream().map(s -> s.invocation().reply().coldStart()).toList();
        assertThat(cold).containsExactly(true, false, false);
        FunctionStats stats = w.localLambda().stats(LocalWorker.FRESH);
        assertThat(stats.environmentsStarted()).isEqualTo(1);
        assertThat(stats.invocations()).isEqualTo(3);
        // the first invocation's log has the worker's settings line
        assertThat(result.steps().get(0).invocation().logTail()).contains("cubed worker ")
                .contains("allowed locations: s3://" + LocalWorker.BUCKET + "/");
        Block out = output(plan, 0);
        for (int i = 0; i < 8; i++) {
            assertThat(out.getDouble(i)).isEqualTo(i + 1.0);
        }
    }

    private static boolean contains(BlockExpr e, Class<? extends BlockExpr> kind) {
        if (kind.isInstance(e)) {
            return true;
        }
        if (e instanceof Apply a) {
            for (Arg arg : a.args()) {
                if (contains(arg.expr(), kind)) {
                    return true;
                }
            }
        }
        if (e instanceof Fold f) {
            return contains(f.input().expr(), kind);
        }
        return false;
    }
}
