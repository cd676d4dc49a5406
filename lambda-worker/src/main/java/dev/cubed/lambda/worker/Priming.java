package dev.cubed.lambda.worker;

import dev.cubed.block.Block;
import dev.cubed.block.DataType;
import dev.cubed.block.ValueType;
import dev.cubed.kernel.KernelRegistry;
import dev.cubed.kernel.Params;
import dev.cubed.primitive.Apply;
import dev.cubed.primitive.Arg;
import dev.cubed.primitive.ChunkGrid;
import dev.cubed.primitive.ComputeSpec;
import dev.cubed.primitive.CreateArraysSpec;
import dev.cubed.primitive.OperationSpec;
import dev.cubed.primitive.ReadRegion;
import dev.cubed.primitive.RegionMap;
import dev.cubed.primitive.Source;
import dev.cubed.primitive.StoredArray;
import dev.cubed.primitive.VirtualArray;
import dev.cubed.storage.Storage;
import dev.cubed.storage.zarr.ArrayMetadata;
import dev.cubed.storage.zarr.ZarrArray;
import dev.cubed.task.AllowedLocations;
import dev.cubed.task.TaskContext;
import dev.cubed.task.TaskJson;
import dev.cubed.task.TaskMessage;
import dev.cubed.task.TaskReply;
import dev.cubed.task.TaskRunner;
import dev.cubed.task.TaskStats;

import java.util.ArrayList;
import java.util.List;

/**
 * Work done during an execution environment's init so that its first task does not pay for
 * first use: a few tasks run through every layer a real task touches (message JSON both ways,
 * the task runner, kernels, Zarr with the default zstd codec) on an in-memory store, and one S3
 * request that sets up the client's request path and connection. Measured on the local Lambda,
 * a cold worker's first task otherwise spent about as long as its init on this (README.md).
 *
 * <p>Nothing here may fail the environment: a problem is reported in the init log line, and the
 * first real task then meets it with its own message.
 */
final class Priming {
    private static final String ROOT = "memory://cubed-worker-priming";
    /** What the S3 warm-up request reads: an object that normally does not exist. */
    static final String S3_PROBE_KEY = ".cubed-worker-priming";

    private Priming() {
    }

    /** Runs the sample tasks; returns null when all went well, else what went wrong. */
    static String runSampleTasks(KernelRegistry kernels, TaskJson json) {
        try (Storage memory = Storage.builder().environment(java.util.Map.of()).build()) {
            TaskRunner runner = new TaskRunner(new TaskContext(memory, kernels, AllowedLocations.anywhere()));
            ChunkGrid grid = new ChunkGrid(new long[] {64, 64}, new int[] {32, 32});
            ValueType f64 = ValueType.plain(DataType.FLOAT64);
            ArrayMetadata meta = ArrayMetadata.builder().shape(grid.shape()).chunks(grid.chunks())
                    .dataType(DataType.FLOAT64).fillValue(0).build();
            StoredArray a = StoredArray.plain(ROOT + "/a", meta);
            StoredArray b = StoredArray.plain(ROOT + "/b", meta);
            VirtualArray ones = new VirtualArray(grid, f64, "full",
                    Params.builder().put("value", 1.5).put("dtype", DataType.FLOAT64).build());
            Source one = new Source(0, grid, f64);
            List<OperationSpec> ops = List.of(
                    new CreateArraysSpec("priming-create", List.of(a, b)),
                    new ComputeSpec("priming-write", List.of(ones),
                            new Apply("add", Params.empty(), List.of(Arg.same(one), Arg.same(one)), grid, f64), a),
                    new ComputeSpec("priming-read", List.of(a),
                            new Apply("negative", Params.empty(), List.of(Arg.same(
                                    new ReadRegion(0, RegionMap.identity(2), grid, f64))), grid, f64), b));
            for (OperationSpec op : ops) {
                List<long[]> tasks = new ArrayList<>();
                op.taskGrid().allCoords().forEach(tasks::add);
                TaskMessage message = json.readMessage(json.writeBytes(TaskMessage.inline(op, tasks)));
                List<TaskStats> stats = new ArrayList<>();
                for (long[] t : message.tasks()) {
                    stats.add(runner.run(message.op(), t));
                }
                json.readReply(json.writeBytes(TaskReply.of(stats, true, "priming")));
            }
            Block check = ZarrArray.open(memory.open(b.url()), "", meta).readChunk(1, 1);
            if (check.getDouble(0, 0) != -3.0) {
                return "priming computed " + check.getDouble(0, 0) + " instead of -3.0";
            }
            return null;
        } catch (RuntimeException | LinkageError e) {
            return "priming tasks failed: " + e;
        }
    }

    /**
     * One GET of a missing object under the first allowed S3 location (the work bucket), which
     * builds the client's request path (endpoint rules, signing, HTTP connection, error parsing).
     * Returns null when the request was answered (a missing object is the expected answer).
     */
    static String warmS3(Storage storage, AllowedLocations allowed) {
        String prefix = allowed.prefixes().stream().filter(p -> p.startsWith("s3://")).findFirst().orElse(null);
        try {
            storage.s3Client();
            if (prefix != null) {
                storage.open(prefix).get(S3_PROBE_KEY);
            }
            return null;
        } catch (RuntimeException e) {
            return "S3 warm-up request to " + prefix + " failed: " + e.getMessage();
        }
    }
}
