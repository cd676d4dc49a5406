package dev.cubed.ops;

import dev.cubed.plan.ArrayNode;
import dev.cubed.plan.OpNode;
import dev.cubed.plan.PlanSettings;
import dev.cubed.primitive.ChunkGrid;
import dev.cubed.primitive.ReadRegion;
import dev.cubed.primitive.RegionMap;

import java.util.Arrays;
import java.util.List;

/**
 * Builds the copy operations that change an array's chunking within the memory budget, as
 * planned by {@link RechunkPlanner}. Copies are not fused: each stage is written whole before
 * the next reads it.
 */
public final class Rechunk {
    private Rechunk() {
    }

    public static ArrayNode rechunk(ArrayNode x, int[] targetChunks, PlanSettings settings) {
        int[] target = Chunks.normalize(x.grid().shape(), targetChunks);
        if (Arrays.equals(target, x.grid().chunks())) {
            return x;
        }
        long[] shape = x.grid().shape();
        if (x.grid().size() == 0) {
            // nothing to move: a zero-size array only changes its metadata
            return copy(x, new ChunkGrid(shape, target), new ChunkGrid(shape, target));
        }
        List<RechunkPlanner.CopyStage> stages = RechunkPlanner.plan(shape, x.grid().chunks(), target,
                x.type().itemSize(), settings.allowedMem(), settings.reservedMem(), settings.copies().read(),
                settings.copies().write(), -1, settings.parallelism());
        ArrayNode out = x;
        for (RechunkPlanner.CopyStage st : stages) {
            int[] copy = Chunks.normalize(shape, st.copyChunks());
            out = copy(out, new ChunkGrid(shape, copy), new ChunkGrid(shape, Chunks.normalize(shape, st.targetChunks())));
        }
        return out;
    }

    /** One copy: tasks read {@code taskGrid} regions of {@code x} and write them to an array chunked as {@code outGrid}. */
    static ArrayNode copy(ArrayNode x, ChunkGrid taskGrid, ChunkGrid outGrid) {
        ChunkGrid tasks = taskGrid;
        if (!tasks.isMultipleOf(outGrid)) {
            // copy chunks not aligned with the target (possible at the last stage): copy one target chunk per task
            tasks = outGrid;
        }
        ReadRegion root = new ReadRegion(0, RegionMap.identity(x.grid().ndim()), tasks, x.type());
        OpNode op = OpNode.builder("rechunk").inputs(x).root(root).outputGrid(outGrid).fusable(false).build();
        return ArrayNode.computedBy(op);
    }
}
