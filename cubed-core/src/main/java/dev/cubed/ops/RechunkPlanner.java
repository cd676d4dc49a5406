package dev.cubed.ops;

import dev.cubed.plan.MemorySize;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Plans a rechunk as a sequence of copy stages that each fit a memory budget, for regular
 * (Zarr-compatible) chunks. The algorithm is Cubed's regular multistage planner (itself adapted
 * from rechunker): consolidate write chunks and then read chunks up to {@code maxMem}; then for
 * 1, 2, 3... stages choose intermediate chunks as integer multiples spaced geometrically between
 * the read and write chunks, stopping at the first stage count whose smallest intermediate chunk
 * reaches {@code minMem}, or keeping the previous plan when I/O operations start to grow.
 *
 * <p>Beyond Cubed: consolidation is capped so that each stage still has about
 * {@value #TASKS_PER_WORKER} tasks per worker ({@code parallelism}), because consolidating a
 * whole array into a couple of huge copies leaves most workers idle (Cubed ran an 8000 x 8000
 * rechunk with two tasks per stage). Large arrays are unaffected: their consolidation is bound by
 * memory first.
 */
public final class RechunkPlanner {
    static final int MAX_STAGES = 100;
    /** Copy tasks per worker to aim for when consolidating chunks of a small array. */
    static final int TASKS_PER_WORKER = 4;

    private RechunkPlanner() {
    }

    /** One copy operation: tasks copy {@code copyChunks} regions into an array chunked by {@code targetChunks}. */
    public record CopyStage(int[] copyChunks, int[] targetChunks) {
        @Override
        public boolean equals(Object o) {
            return o instanceof CopyStage s && Arrays.equals(s.copyChunks, copyChunks)
                    && Arrays.equals(s.targetChunks, targetChunks);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(copyChunks) + Arrays.hashCode(targetChunks);
        }

        @Override
        public String toString() {
            return Arrays.toString(copyChunks) + " -> " + Arrays.toString(targetChunks);
        }
    }

    /** One split/consolidate stage of the multistage plan: (read chunks, intermediate chunks, write chunks). */
    public record Stage(int[] read, int[] intermediate, int[] write) {
        @Override
        public String toString() {
            return Arrays.toString(read) + " / " + Arrays.toString(intermediate) + " / " + Arrays.toString(write);
        }
    }

    /**
     * The copy operations that rechunk an array of {@code shape} from {@code source} to
     * {@code target} chunks with {@code allowedMem} per task ({@code reservedMem} of it taken by
     * the worker itself) and the given buffer copies, as Cubed's {@code _rechunk_plan} yields
     * them. {@code minMem} below 0 means Cubed's default ({@code min(maxMem / 20, nbytes)}).
     */
    public static List<CopyStage> plan(long[] shape, int[] source, int[] target, int itemSize, long allowedMem,
                                       long reservedMem, int readCopies, int writeCopies, long minMem,
                                       int parallelism) {
        if (Arrays.equals(source, target)) {
            return List.of();
        }
        long nbytes = itemSize;
        for (long s : shape) {
            nbytes *= s;
        }
        if (nbytes == 0) {
            return List.of();
        }
        int totalCopies = 1 + readCopies + 1 + 1 + writeCopies;
        long maxMem = (allowedMem - reservedMem) / totalCopies;
        long consolidateMem = maxMem;
        if (parallelism > 1) {
            // a few tasks per worker, so stages balance and no worker waits on one huge copy
            long perTask = nbytes / ((long) parallelism * TASKS_PER_WORKER);
            long largest = Math.max(chunkBytes(source, itemSize), chunkBytes(target, itemSize));
            consolidateMem = Math.max(Math.min(maxMem, perTask), largest);
        }
        if (minMem < 0) {
            // Cubed's default, relative to the budget chunks are actually consolidated to
            minMem = Math.min(consolidateMem / 20, nbytes);
        }
        checkFits(source, target, itemSize, allowedMem, reservedMem, totalCopies, maxMem);
        List<Stage> stages = multistage(shape, source, target, itemSize, minMem, maxMem, consolidateMem);
        List<CopyStage> out = new ArrayList<>();
        for (int i = 0; i < stages.size(); i++) {
            Stage st = stages.get(i);
            boolean last = i == stages.size() - 1;
            int[] targetChunks = last ? target : st.write();
            if (Arrays.equals(st.read(), st.write())) {
                out.add(new CopyStage(st.read(), targetChunks));
            } else {
                out.add(new CopyStage(st.read(), st.intermediate()));
                if (last) {
                    out.add(new CopyStage(st.write(), targetChunks));
                }
            }
        }
        return out;
    }

    /**
     * Fails, in the terms of the Spec and the command line, when a task could not hold {@code chunks}:
     * the allowed_mem that would fit, and the largest chunk that fits the current one.
     */
    private static void checkFits(int[] source, int[] target, int itemSize, long allowedMem, long reservedMem,
                                  int copies, long maxMem) {
        long sourceMem = chunkBytes(source, itemSize);
        long targetMem = chunkBytes(target, itemSize);
        if (Math.max(sourceMem, targetMem) <= maxMem) {
            return;
        }
        boolean sourceTooBig = sourceMem > maxMem;
        String which = sourceTooBig ? "Source" : "Target";
        long mem = sourceTooBig ? sourceMem : targetMem;
        int[] chunks = sourceTooBig ? source : target;
        // enough for both sides: the copies hold a source and a target chunk alike
        long needed = reservedMem + copies * Math.max(sourceMem, targetMem);
        long fits = Math.max(maxMem, 0);
        throw new IllegalArgumentException(which + " chunk memory (" + MemorySize.format(mem) + ", chunks "
                + Arrays.toString(chunks) + ") exceeds max_mem (" + MemorySize.format(fits) + " = (allowed_mem "
                + MemorySize.format(allowedMem) + " - reserved_mem " + MemorySize.format(reservedMem) + ") / " + copies
                + " copies a rechunk task holds): raise allowed_mem (--allowed-mem on the command line, allowed_mem in"
                + " the Spec) to at least " + MemorySize.formatAtLeast(needed) + ", or use "
                + (sourceMem > maxMem && targetMem > maxMem ? "source and target" : which.toLowerCase())
                + " chunks of at most " + MemorySize.format(fits) + " (" + fits / itemSize + " elements)");
    }

    /** Cubed's {@code multistage_regular_rechunking_plan}, with a separate consolidation budget. */
    public static List<Stage> multistage(long[] shape, int[] source, int[] target, int itemSize, long minMem,
                                         long maxMem, long consolidateMem) {
        int nd = shape.length;
        if (source.length != nd || target.length != nd) {
            throw new IllegalArgumentException("source chunks " + Arrays.toString(source) + " and target chunks "
                    + Arrays.toString(target) + " must have " + nd + " axes");
        }
        long sourceMem = chunkBytes(source, itemSize);
        long targetMem = chunkBytes(target, itemSize);
        if (sourceMem > maxMem) {
            throw new IllegalArgumentException("Source chunk memory (" + sourceMem + ") exceeds max_mem (" + maxMem
                    + "): rechunk needs allowed_mem - reserved_mem of at least " + (sourceMem * 5)
                    + " bytes for these chunks, or smaller source chunks");
        }
        if (targetMem > maxMem) {
            throw new IllegalArgumentException("Target chunk memory (" + targetMem + ") exceeds max_mem (" + maxMem
                    + "): choose smaller target chunks or raise allowed_mem");
        }
        if (maxMem < minMem) {
            throw new IllegalArgumentException("max_mem (" + maxMem + ") cannot be smaller than min_mem (" + minMem + ")");
        }
        long budget = Math.min(maxMem, Math.max(consolidateMem, Math.max(sourceMem, targetMem)));
        int[] write = consolidate(shape, target, itemSize, budget, null);
        Integer[] limits = new Integer[nd];
        for (int i = 0; i < nd; i++) {
            limits[i] = write[i] > source[i] ? write[i] : null;
        }
        int[] read = consolidate(shape, source, itemSize, budget, limits);

        List<Stage> prevPlan = null;
        long prevIo = -1;
        for (int stageCount = 1; stageCount < MAX_STAGES; stageCount++) {
            List<int[]> stageChunks = regularStageChunks(read, write, stageCount);
            List<int[]> following = new ArrayList<>(stageChunks);
            following.add(write);
            read = fixCopyChunks(shape, read, following.get(0));
            List<int[]> pre = new ArrayList<>();
            pre.add(read);
            pre.addAll(stageChunks);
            List<int[]> post = new ArrayList<>(stageChunks);
            post.add(write);
            List<Stage> plan = new ArrayList<>();
            long intMem = Long.MAX_VALUE;
            for (int i = 0; i < pre.size(); i++) {
                int[] shared = new int[nd];
                for (int d = 0; d < nd; d++) {
                    shared[d] = Math.min(pre.get(i)[d], post.get(i)[d]);
                }
                plan.add(new Stage(pre.get(i), shared, post.get(i)));
                intMem = Math.min(intMem, chunkBytes(shared, itemSize));
            }
            if (intMem >= minMem) {
                return plan;
            }
            long io = 0;
            for (int i = 0; i < pre.size(); i++) {
                io += singleStageIoOps(shape, pre.get(i), post.get(i));
            }
            if (prevIo >= 0 && io > prevIo) {
                return prevPlan;
            }
            prevIo = io;
            prevPlan = plan;
        }
        throw new IllegalStateException("no multistage rechunk plan satisfies min_mem " + minMem + " and max_mem "
                + maxMem + " for shape " + Arrays.toString(shape) + " from " + Arrays.toString(source) + " to "
                + Arrays.toString(target));
    }

    /**
     * Grows chunks, from the last axis towards the first, up to {@code maxMem}: each axis either
     * to its limit, or by the largest whole multiple that still fits. Axes with a null limit are
     * left alone; {@code limits == null} means every axis up to the array's size.
     */
    static int[] consolidate(long[] shape, int[] chunks, int itemSize, long maxMem, Integer[] limits) {
        int nd = shape.length;
        long[] limit = new long[nd];
        boolean[] use = new boolean[nd];
        for (int i = 0; i < nd; i++) {
            if (limits == null) {
                limit[i] = shape[i];
                use[i] = true;
            } else if (limits[i] != null) {
                long cl = limits[i];
                if (cl == -1 || cl > shape[i]) {
                    cl = shape[i];
                }
                limit[i] = cl;
                use[i] = true;
            }
        }
        long chunkMem = chunkBytes(chunks, itemSize);
        if (chunkMem > maxMem) {
            throw new IllegalArgumentException("chunk memory " + chunkMem + " exceeds max_mem " + maxMem);
        }
        double headroom = (double) maxMem / chunkMem;
        int[] out = chunks.clone();
        for (int axis = nd - 1; axis >= 0; axis--) {
            if (!use[axis]) {
                continue;
            }
            long upper = Math.min(shape[axis], limit[axis]);
            out[axis] = (int) Math.max(upper, 1);
            long mem = chunkBytes(out, itemSize);
            double upperHeadroom = (double) maxMem / mem;
            if (upperHeadroom > 1) {
                headroom = upperHeadroom;
            } else {
                long larger = (long) chunks[axis] * (long) Math.floor(headroom);
                out[axis] = (int) Math.max(1, Math.min(larger, upper));
                headroom = (double) maxMem / chunkBytes(out, itemSize);
            }
        }
        return out;
    }

    /**
     * Intermediate chunks for {@code stageCount} stages: per axis, {@code stageCount - 1} values
     * spaced geometrically between read and write chunks, each a whole multiple of the smaller.
     */
    static List<int[]> regularStageChunks(int[] read, int[] write, int stageCount) {
        int nd = read.length;
        int n = stageCount - 1;
        List<int[]> stages = new ArrayList<>();
        for (int s = 0; s < n; s++) {
            stages.add(new int[nd]);
        }
        for (int d = 0; d < nd; d++) {
            long[] values = multspace(read[d], write[d], n);
            for (int s = 0; s < n; s++) {
                stages.get(s)[d] = (int) values[s];
            }
        }
        return stages;
    }

    /**
     * {@code num} numbers strictly between {@code start} and {@code stop}, roughly evenly spaced
     * on a log scale, each a whole multiple of the smaller endpoint: multspace(1, 1000, 2) is
     * [10, 100]; multspace(24, 43800, 3) is [144, 1008, 6048].
     */
    static long[] multspace(long start, long stop, int num) {
        if (start < 1 || stop < 1) {
            throw new IllegalArgumentException("multspace needs endpoints >= 1");
        }
        if (start > stop) {
            long[] up = multspace(stop, start, num);
            long[] rev = new long[up.length];
            for (int i = 0; i < up.length; i++) {
                rev[i] = up[up.length - 1 - i];
            }
            return rev;
        }
        int count = num + 2;
        long[] vals = new long[count];
        long vint = 1;
        // as numpy.geomspace: 10 ** linspace(log10(start), log10(stop)), endpoints exact
        double ls = Math.log10(start);
        double le = Math.log10(stop);
        double stepLog = (le - ls) / (count - 1);
        for (int i = 0; i < count; i++) {
            double v;
            if (i == 0) {
                v = start;
            } else if (i == count - 1) {
                v = stop;
            } else {
                v = Math.pow(10, ls + i * stepLog);
            }
            vint = Math.max((long) Math.floor(v / vint) * vint, 1);
            vals[i] = vint;
        }
        return Arrays.copyOfRange(vals, 1, count - 1);
    }

    /** Rounds copy chunks that exceed the target chunks down to whole multiples of them. */
    static int[] fixCopyChunks(long[] shape, int[] copy, int[] target) {
        int[] out = copy.clone();
        for (int i = 0; i < copy.length; i++) {
            int cc = copy[i];
            int tc = target[i];
            if (!(cc <= tc || cc == shape[i] || cc % tc == 0)) {
                out[i] = (cc / tc) * tc;
            }
        }
        return out;
    }

    /** Read/write operations of one stage: the product over axes of the intermediate pieces. */
    static long singleStageIoOps(long[] shape, int[] in, int[] out) {
        long ops = 1;
        for (int i = 0; i < shape.length; i++) {
            ops *= countIntermediateChunks(in[i], out[i], shape[i]);
        }
        return ops;
    }

    static long countIntermediateChunks(long source, long target, long size) {
        long multiple = lcm(source, target);
        long splitsPerLcm = multiple / source + multiple / target - 1;
        long lcmCount = size / multiple;
        long remainder = size % multiple;
        long splitsInRemainder = remainder == 0 ? 0
                : ceilDiv(remainder, source) + ceilDiv(remainder, target) - 1;
        return lcmCount * splitsPerLcm + splitsInRemainder;
    }

    private static long lcm(long a, long b) {
        return a / gcd(a, b) * b;
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    static long chunkBytes(int[] chunks, int itemSize) {
        long n = itemSize;
        for (int c : chunks) {
            n *= c;
        }
        return n;
    }
}
