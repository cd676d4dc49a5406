package dev.cubed.runtime;

import dev.cubed.primitive.BlockRange;
import dev.cubed.primitive.ChunkGrid;
import dev.cubed.primitive.ComputeSpec;
import dev.cubed.storage.zarr.ZarrArray;
import dev.cubed.task.TaskContext;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides which tasks of an operation can be skipped because every chunk they write already
 * exists (chunk writes are atomic, so an existing chunk is complete). One listing of the output
 * per operation, not one request per chunk.
 */
final class ResumeFilter {
    private final ComputeSpec spec;
    private final Set<Long> existing;

    ResumeFilter(ComputeSpec spec, TaskContext context) {
        this.spec = spec;
        Set<Long> common = null;
        // a task is done when every chunk it writes exists: in every output, in every field of each
        ChunkGrid out = spec.output().grid();
        List<ZarrArray> written = new java.util.ArrayList<>();
        spec.outputs().forEach(o -> written.addAll(context.arrays(o.array()).values()));
        for (ZarrArray arr : written) {
            // what a killed run was writing when it died is not a chunk, and nothing else removes it
            arr.store().removeAbandonedWrites(arr.path().isEmpty() ? "" : arr.path() + "/");
            Set<Long> mine = new HashSet<>();
            List<long[]> stored = arr.storedChunks();
            for (long[] c : stored) {
                if (out.contains(c)) {
                    mine.add(out.linearIndex(c));
                }
            }
            if (common == null) {
                common = mine;
            } else {
                common.retainAll(mine);
            }
        }
        this.existing = common == null ? Set.of() : common;
    }

    /**
     * How many tasks {@link #isDone} will skip, counted from the chunks found rather than by
     * visiting every task: an operation may have more tasks than could ever be enumerated.
     */
    long countDone() {
        if (existing.isEmpty()) {
            return 0;
        }
        if (spec.writesSingleChunks()) {
            return existing.size();
        }
        ChunkGrid out = spec.output().grid();
        ChunkGrid task = spec.taskGrid();
        Set<Long> candidates = new HashSet<>();
        for (long index : existing) {
            long[] c = out.coordsOf(index);
            long[] t = new long[c.length];
            for (int i = 0; i < c.length; i++) {
                t[i] = c[i] * out.chunks(i) / task.chunks(i);
            }
            candidates.add(task.linearIndex(t));
        }
        long done = 0;
        for (long t : candidates) {
            if (isDone(task.coordsOf(t))) {
                done++;
            }
        }
        return done;
    }

    /** True when task {@code coords} has nothing left to write. */
    boolean isDone(long[] coords) {
        if (existing.isEmpty()) {
            return false;
        }
        ChunkGrid out = spec.output().grid();
        if (spec.writesSingleChunks()) {
            return existing.contains(out.linearIndex(coords));
        }
        ChunkGrid task = spec.taskGrid();
        long[] origin = task.origin(coords);
        int[] shape = task.blockShape(coords);
        int nd = shape.length;
        long[] lo = new long[nd];
        long[] hi = new long[nd];
        for (int i = 0; i < nd; i++) {
            lo[i] = origin[i] / out.chunks(i);
            hi[i] = (origin[i] + Math.max(shape[i], 1) - 1) / out.chunks(i);
        }
        return BlockRange.inclusive(lo, hi).allMatch(c -> existing.contains(out.linearIndex(c)));
    }
}
