package dev.cubed.task;

import dev.cubed.block.Block;
import dev.cubed.block.NamedBlocks;
import dev.cubed.block.Value;
import dev.cubed.primitive.AxisMap;
import dev.cubed.primitive.ChunkGrid;
import dev.cubed.primitive.RegionMap;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads an orthogonal selection for one node chunk: per axis, the input index of every node
 * element is cut into runs (consecutive node elements whose input indices lie in one input chunk
 * and advance by a constant step, possibly 0 for repeats); every input chunk that holds a
 * selected element is then read exactly once, and each combination of its runs is copied as one
 * strided view. So a task holds its output, one input chunk and the runs (a few numbers per run),
 * whatever the selection.
 */
final class OrthogonalRead {
    private OrthogonalRead() {
    }

    /** The runs of one axis, grouped by input chunk: parallel arrays, run r of group g at groupStart[g] + r. */
    static final class AxisRuns {
        long[] chunk = new long[8];
        int[] outStart = new int[8];
        int[] count = new int[8];
        int[] inStart = new int[8];
        int[] step = new int[8];
        int n;
        /** Distinct input chunks in increasing order, and where their runs start (after sorting). */
        long[] groups;
        int[] groupStart;

        void add(long c, int out, int in, int s, int len) {
            if (n == chunk.length) {
                int m = n * 2;
                chunk = Arrays.copyOf(chunk, m);
                outStart = Arrays.copyOf(outStart, m);
                count = Arrays.copyOf(count, m);
                inStart = Arrays.copyOf(inStart, m);
                step = Arrays.copyOf(step, m);
            }
            chunk[n] = c;
            outStart[n] = out;
            count[n] = len;
            inStart[n] = in;
            step[n] = s;
            n++;
        }

        /** Orders runs by input chunk (stable) and records the groups. */
        void group() {
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            boolean sorted = true;
            for (int i = 1; i < n && sorted; i++) {
                sorted = chunk[i - 1] <= chunk[i];
            }
            if (!sorted) {
                Arrays.sort(order, (a, b) -> Long.compare(chunk[a], chunk[b]));
                long[] c = new long[n];
                int[] o = new int[n];
                int[] k = new int[n];
                int[] i0 = new int[n];
                int[] s = new int[n];
                for (int i = 0; i < n; i++) {
                    int r = order[i];
                    c[i] = chunk[r];
                    o[i] = outStart[r];
                    k[i] = count[r];
                    i0[i] = inStart[r];
                    s[i] = step[r];
                }
                chunk = c;
                outStart = o;
                count = k;
                inStart = i0;
                step = s;
            }
            long[] g = new long[n];
            int[] gs = new int[n + 1];
            int m = 0;
            for (int i = 0; i < n; i++) {
                if (i == 0 || chunk[i] != chunk[i - 1]) {
                    g[m] = chunk[i];
                    gs[m] = i;
                    m++;
                }
            }
            gs[m] = n;
            groups = Arrays.copyOf(g, m);
            groupStart = Arrays.copyOf(gs, m + 1);
        }
    }

    /**
     * Cuts axis {@code axis} of a node chunk ({@code len} elements from node element {@code origin})
     * into runs over input chunks of length {@code inChunk} of an axis of length {@code inLength}.
     */
    static AxisRuns runs(AxisMap map, long origin, int len, int inChunk, long inLength, int axis) {
        AxisRuns r = new AxisRuns();
        long prev = 0;
        int runOut = 0;
        long runChunk = -1;
        int runIn = 0;
        int runStep = 0;
        int runLen = 0;
        for (int i = 0; i < len; i++) {
            long idx = map.inputIndex(origin + i);
            if (idx < 0 || idx >= inLength) {
                throw new IndexOutOfBoundsException("selection reads element " + idx + " of axis " + axis
                        + ", outside [0, " + inLength + ")");
            }
            long c = idx / inChunk;
            int local = (int) (idx - c * inChunk);
            if (runLen > 0 && c == runChunk && (runLen == 1 || idx - prev == runStep)
                    && Math.abs(idx - prev) <= Integer.MAX_VALUE) {
                if (runLen == 1) {
                    runStep = (int) (idx - prev);
                }
                runLen++;
            } else {
                if (runLen > 0) {
                    r.add(runChunk, runOut, runIn, runStep, runLen);
                }
                runOut = i;
                runChunk = c;
                runIn = local;
                runStep = 1;
                runLen = 1;
            }
            prev = idx;
        }
        if (runLen > 0) {
            r.add(runChunk, runOut, runIn, runStep, runLen);
        }
        r.group();
        return r;
    }

    /**
     * Fills {@code out} (one block per field, already allocated with the node chunk's shape) with
     * the selection of {@code region} for the node chunk at {@code origin}, reading input chunks
     * through {@code readChunk}.
     */
    static void read(RegionMap.Orthogonal region, ChunkGrid input, long[] origin, int[] shape,
                     Map<String, Block> out, Function<long[], Value> readChunk) {
        int nd = shape.length;
        if (Block.sizeOf(shape) == 0) {
            return;
        }
        AxisRuns[] runs = new AxisRuns[nd];
        for (int a = 0; a < nd; a++) {
            runs[a] = runs(region.axes().get(a), origin[a], shape[a], input.chunks(a), input.shape(a), a);
        }
        int[] g = new int[nd];
        long[] coords = new long[nd];
        while (true) {
            for (int a = 0; a < nd; a++) {
                coords[a] = runs[a].groups[g[a]];
            }
            Value chunk = readChunk.apply(coords.clone());
            for (Map.Entry<String, Block> e : out.entrySet()) {
                Block src = chunk instanceof NamedBlocks nb ? nb.get(e.getKey()) : (Block) chunk;
                if (nd > 0 && scattered(runs[nd - 1], g[nd - 1])) {
                    gatherRuns(src, e.getValue(), runs, g);
                } else {
                    copyRuns(src, e.getValue(), runs, g);
                }
            }
            int a = nd - 1;
            for (; a >= 0; a--) {
                if (++g[a] < runs[a].groups.length) {
                    break;
                }
                g[a] = 0;
            }
            if (a < 0) {
                break;
            }
        }
    }

    /** True when the last axis has several runs (or a repeat) in group {@code g}: element gathers beat views then. */
    private static boolean scattered(AxisRuns last, int g) {
        int from = last.groupStart[g];
        int to = last.groupStart[g + 1];
        return to - from > 1 || last.step[from] == 0;
    }

    /** The source and destination index of every element of group {@code g} of one axis. */
    private static int[][] elements(AxisRuns r, int g) {
        int from = r.groupStart[g];
        int to = r.groupStart[g + 1];
        int n = 0;
        for (int k = from; k < to; k++) {
            n += r.count[k];
        }
        int[] in = new int[n];
        int[] out = new int[n];
        int m = 0;
        for (int k = from; k < to; k++) {
            for (int t = 0; t < r.count[k]; t++) {
                in[m] = r.inStart[k] + t * r.step[k];
                out[m] = r.outStart[k] + t;
                m++;
            }
        }
        return new int[][] {in, out};
    }

    /**
     * Copies group {@code g} element by element along the last axis, row by row over the others:
     * for index lists and repeats, whose many short runs would each cost a view and a copy.
     */
    private static void gatherRuns(Block src, Block dest, AxisRuns[] runs, int[] g) {
        int nd = runs.length;
        int[][] in = new int[nd][];
        int[][] outIdx = new int[nd][];
        for (int a = 0; a < nd; a++) {
            int[][] e = elements(runs[a], g[a]);
            in[a] = e[0];
            outIdx[a] = e[1];
        }
        int[] ss = src.strides();
        int[] ds = dest.strides();
        int last = nd - 1;
        int[] k = new int[last];
        Object sd = src.data();
        Object dd = dest.data();
        while (true) {
            int sb = src.offset();
            int db = dest.offset();
            for (int a = 0; a < last; a++) {
                sb += in[a][k[a]] * ss[a];
                db += outIdx[a][k[a]] * ds[a];
            }
            gatherRow(sd, sb, ss[last], in[last], dd, db, ds[last], outIdx[last]);
            int a = last - 1;
            for (; a >= 0; a--) {
                if (++k[a] < in[a].length) {
                    break;
                }
                k[a] = 0;
            }
            if (a < 0) {
                break;
            }
        }
    }

    private static void gatherRow(Object src, int sb, int ss, int[] si, Object dst, int db, int ds, int[] di) {
        int n = si.length;
        if (src instanceof double[] s) {
            double[] d = (double[]) dst;
            for (int j = 0; j < n; j++) {
                d[db + di[j] * ds] = s[sb + si[j] * ss];
            }
        } else if (src instanceof float[] s) {
            float[] d = (float[]) dst;
            for (int j = 0; j < n; j++) {
                d[db + di[j] * ds] = s[sb + si[j] * ss];
            }
        } else if (src instanceof long[] s) {
            long[] d = (long[]) dst;
            for (int j = 0; j < n; j++) {
                d[db + di[j] * ds] = s[sb + si[j] * ss];
            }
        } else if (src instanceof int[] s) {
            int[] d = (int[]) dst;
            for (int j = 0; j < n; j++) {
                d[db + di[j] * ds] = s[sb + si[j] * ss];
            }
        } else if (src instanceof short[] s) {
            short[] d = (short[]) dst;
            for (int j = 0; j < n; j++) {
                d[db + di[j] * ds] = s[sb + si[j] * ss];
            }
        } else {
            byte[] s = (byte[]) src;
            byte[] d = (byte[]) dst;
            for (int j = 0; j < n; j++) {
                d[db + di[j] * ds] = s[sb + si[j] * ss];
            }
        }
    }

    /** Copies every combination of the runs of groups {@code g} from {@code src} into {@code dest}. */
    private static void copyRuns(Block src, Block dest, AxisRuns[] runs, int[] g) {
        int nd = runs.length;
        int[] r = new int[nd];
        int[] lo = new int[nd];
        int[] hi = new int[nd];
        for (int a = 0; a < nd; a++) {
            lo[a] = runs[a].groupStart[g[a]];
            hi[a] = runs[a].groupStart[g[a] + 1];
            r[a] = lo[a];
        }
        int[] destOffset = new int[nd];
        int[] target = new int[nd];
        while (true) {
            Block view = src;
            boolean broadcast = false;
            for (int a = 0; a < nd; a++) {
                AxisRuns ar = runs[a];
                int k = r[a];
                int s = ar.step[k];
                if (s == 0) {
                    view = view.stride(a, ar.inStart[k], 1, 1);
                    broadcast = true;
                } else {
                    view = view.stride(a, ar.inStart[k], s, ar.count[k]);
                }
                destOffset[a] = ar.outStart[k];
                target[a] = ar.count[k];
            }
            if (broadcast) {
                view = view.broadcastTo(target);
            }
            view.copyInto(dest, destOffset);
            int a = nd - 1;
            for (; a >= 0; a--) {
                if (++r[a] < hi[a]) {
                    break;
                }
                r[a] = lo[a];
            }
            if (a < 0) {
                break;
            }
        }
    }
}
