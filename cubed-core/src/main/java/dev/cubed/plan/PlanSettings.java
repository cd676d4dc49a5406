package dev.cubed.plan;

import dev.cubed.storage.zarr.ArrayMetadata;
import dev.cubed.storage.zarr.codec.Codec;

import java.util.List;
import java.util.Objects;

/**
 * What planning needs to know: where intermediate arrays go, the memory budget per task, and the
 * fusion limits (Cubed's defaults: at most 4 source arrays and 10 input blocks per fused task).
 */
public record PlanSettings(String workDir, long allowedMem, long reservedMem, BufferCopies copies,
                           boolean optimize, int maxSourceArrays, int maxInputBlocks, int parallelism) {

    public static final int DEFAULT_MAX_SOURCE_ARRAYS = 4;
    public static final int DEFAULT_MAX_INPUT_BLOCKS = 10;

    public PlanSettings {
        Objects.requireNonNull(workDir, "workDir");
        Objects.requireNonNull(copies, "copies");
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be >= 1");
        }
        if (allowedMem <= reservedMem) {
            throw new IllegalArgumentException("allowed memory must exceed reserved memory");
        }
    }

    public static PlanSettings of(String workDir, long allowedMem, long reservedMem) {
        return new PlanSettings(workDir, allowedMem, reservedMem, BufferCopies.forWorkDir(workDir), true,
                DEFAULT_MAX_SOURCE_ARRAYS, DEFAULT_MAX_INPUT_BLOCKS, 1);
    }

    public PlanSettings withOptimize(boolean on) {
        return new PlanSettings(workDir, allowedMem, reservedMem, copies, on, maxSourceArrays, maxInputBlocks,
                parallelism);
    }

    /** How many tasks can run at once (planners use it to keep workers busy). */
    public PlanSettings withParallelism(int workers) {
        return new PlanSettings(workDir, allowedMem, reservedMem, copies, optimize, maxSourceArrays, maxInputBlocks,
                workers);
    }

    public MemoryModel memoryModel() {
        return new MemoryModel(reservedMem, copies);
    }

    /**
     * How intermediate arrays are encoded. In a local work dir they are written and read back
     * through the page cache, so compressing them only costs CPU (zstd level 1 on float64 data
     * cost 2x the time of the whole computation in the bench workloads, for a few percent of
     * size on random values): they are stored uncompressed. In an object store bytes cross the
     * network, so they are compressed with zstd level 1. Arrays the user stores keep the codec
     * of their {@link StoreTarget}.
     */
    public List<Codec> intermediateCodecs() {
        return BufferCopies.isObjectStore(workDir) ? ArrayMetadata.Codecs.zstd(1) : ArrayMetadata.Codecs.none();
    }
}
