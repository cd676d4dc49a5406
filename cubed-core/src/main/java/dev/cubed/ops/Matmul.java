package dev.cubed.ops;

import dev.cubed.block.DataType;
import dev.cubed.block.ValueType;
import dev.cubed.kernel.Params;
import dev.cubed.plan.ArrayNode;
import dev.cubed.plan.OpNode;
import dev.cubed.plan.PlanSettings;
import dev.cubed.primitive.Apply;
import dev.cubed.primitive.Arg;
import dev.cubed.primitive.ArgMode;
import dev.cubed.primitive.ChunkGrid;
import dev.cubed.primitive.ContractionMap;
import dev.cubed.primitive.Source;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Matrix and tensor products in bounded memory: each output block is the sum over the contracted
 * blocks of the block products, accumulated in place as the pairs of blocks are read one at a
 * time (no intermediate array of partial products, unlike a product-then-sum plan). Batch axes of
 * {@code matmul} broadcast as NumPy's do; the operands are rechunked where their chunks along
 * shared axes differ.
 */
public final class Matmul {
    private Matmul() {
    }

    /**
     * {@code a @ b} with the array API's semantics: a is (..., m, k) and b (..., k, n) with batch
     * axes broadcast; a 1-d a is a row vector and a 1-d b a column vector, whose axis the result
     * drops.
     */
    public static ArrayNode matmul(ArrayNode a, ArrayNode b, DataType outType, PlanSettings settings) {
        ChunkGrid ga = a.grid();
        ChunkGrid gb = b.grid();
        if (ga.ndim() == 0 || gb.ndim() == 0) {
            throw new IllegalArgumentException("matmul: operands must have at least one axis, got shapes "
                    + Arrays.toString(ga.shape()) + " and " + Arrays.toString(gb.shape()));
        }
        boolean rowVector = ga.ndim() == 1;
        boolean columnVector = gb.ndim() == 1;
        ArrayNode a2 = rowVector ? Manipulation.expandDims(a, new int[] {0}) : a;
        ArrayNode b2 = columnVector ? Manipulation.expandDims(b, new int[] {1}) : b;
        ArrayNode r = matmul2(a2, b2, outType, settings);
        int nd = r.grid().ndim();
        if (rowVector && columnVector) {
            return Manipulation.squeeze(r, new int[] {nd - 2, nd - 1});
        }
        if (rowVector) {
            return Manipulation.squeeze(r, new int[] {nd - 2});
        }
        if (columnVector) {
            return Manipulation.squeeze(r, new int[] {nd - 1});
        }
        return r;
    }

    private static ArrayNode matmul2(ArrayNode a, ArrayNode b, DataType outType, PlanSettings settings) {
        ChunkGrid ga = a.grid();
        ChunkGrid gb = b.grid();
        int na = ga.ndim();
        int nb = gb.ndim();
        if (ga.shape(na - 1) != gb.shape(nb - 2)) {
            throw new IllegalArgumentException("matmul: shapes " + Arrays.toString(ga.shape()) + " and "
                    + Arrays.toString(gb.shape()) + " are not aligned: the last axis of a (" + ga.shape(na - 1)
                    + ") must equal the second-to-last axis of b (" + gb.shape(nb - 2) + ")");
        }
        long[] batchA = Arrays.copyOf(ga.shape(), na - 2);
        long[] batchB = Arrays.copyOf(gb.shape(), nb - 2);
        long[] batch;
        try {
            batch = Broadcasting.shape(List.of(batchA, batchB));
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("matmul: the batch axes of shapes " + Arrays.toString(ga.shape()) + " and "
                    + Arrays.toString(gb.shape()) + " do not broadcast: " + ex.getMessage(), ex);
        }
        int nbatch = batch.length;
        int[] batchChunks = new int[nbatch];
        for (int d = 0; d < nbatch; d++) {
            batchChunks[d] = spanningChunk(d, batch, ga, gb);
        }
        // align: batch axes an operand spans, and b's k chunks with a's
        int[] wantA = ga.chunks();
        for (int j = 0; j < na - 2; j++) {
            int d = nbatch - (na - 2) + j;
            if (ga.shape(j) == batch[d] && batch[d] > 1) {
                wantA[j] = batchChunks[d];
            }
        }
        int[] wantB = gb.chunks();
        for (int j = 0; j < nb - 2; j++) {
            int d = nbatch - (nb - 2) + j;
            if (gb.shape(j) == batch[d] && batch[d] > 1) {
                wantB[j] = batchChunks[d];
            }
        }
        wantB[nb - 2] = wantA[na - 1];
        a = Rechunk.rechunk(a, wantA, settings);
        b = Rechunk.rechunk(b, wantB, settings);
        ga = a.grid();
        gb = b.grid();
        long[] outShape = Arrays.copyOf(batch, nbatch + 2);
        outShape[nbatch] = ga.shape(na - 2);
        outShape[nbatch + 1] = gb.shape(nb - 1);
        int[] outChunks = Arrays.copyOf(batchChunks, nbatch + 2);
        outChunks[nbatch] = ga.chunks(na - 2);
        outChunks[nbatch + 1] = gb.chunks(nb - 1);
        ChunkGrid out = new ChunkGrid(outShape, Chunks.normalize(outShape, outChunks));
        int[] dimsA = new int[na];
        for (int j = 0; j < na - 2; j++) {
            dimsA[j] = nbatch - (na - 2) + j;
        }
        dimsA[na - 2] = nbatch;
        dimsA[na - 1] = -1;
        int[] dimsB = new int[nb];
        for (int j = 0; j < nb - 2; j++) {
            dimsB[j] = nbatch - (nb - 2) + j;
        }
        dimsB[nb - 2] = -1;
        dimsB[nb - 1] = nbatch + 1;
        Params p = Params.builder().put("dtype", outType).build();
        return contraction("matmul", "matmul.blocks", p, a, dimsA, b, dimsB, out, outType);
    }

    /** The chunk of batch axis d: from the first operand that spans it, else the whole (length-1) axis. */
    private static int spanningChunk(int d, long[] batch, ChunkGrid ga, ChunkGrid gb) {
        for (ChunkGrid g : new ChunkGrid[] {ga, gb}) {
            int nbOwn = g.ndim() - 2;
            int j = d - (batch.length - nbOwn);
            if (j >= 0 && g.shape(j) == batch[d]) {
                return g.chunks(j);
            }
        }
        return 1;
    }

    /**
     * {@code tensordot(a, b, axes)}: the sum of products over a's axes {@code axesA} paired with b's
     * {@code axesB} (normalised); the result has a's other axes, then b's other axes.
     */
    public static ArrayNode tensordot(ArrayNode a, ArrayNode b, int[] axesA, int[] axesB, DataType outType,
                                      PlanSettings settings) {
        ChunkGrid ga = a.grid();
        ChunkGrid gb = b.grid();
        if (axesA.length != axesB.length) {
            throw new IllegalArgumentException("tensordot: " + axesA.length + " axes of a paired with " + axesB.length
                    + " axes of b");
        }
        int nk = axesA.length;
        boolean[] ca = new boolean[ga.ndim()];
        boolean[] cb = new boolean[gb.ndim()];
        for (int i = 0; i < nk; i++) {
            if (ca[axesA[i]] || cb[axesB[i]]) {
                throw new IllegalArgumentException("tensordot: repeated axes in " + Arrays.toString(axesA) + " / "
                        + Arrays.toString(axesB));
            }
            ca[axesA[i]] = true;
            cb[axesB[i]] = true;
            if (ga.shape(axesA[i]) != gb.shape(axesB[i])) {
                throw new IllegalArgumentException("tensordot: axis " + axesA[i] + " of a (length "
                        + ga.shape(axesA[i]) + ") and axis " + axesB[i] + " of b (length " + gb.shape(axesB[i])
                        + ") differ in length; shapes " + Arrays.toString(ga.shape()) + " and "
                        + Arrays.toString(gb.shape()));
            }
        }
        List<Integer> freeA = new ArrayList<>();
        for (int i = 0; i < ga.ndim(); i++) {
            if (!ca[i]) {
                freeA.add(i);
            }
        }
        List<Integer> freeB = new ArrayList<>();
        for (int i = 0; i < gb.ndim(); i++) {
            if (!cb[i]) {
                freeB.add(i);
            }
        }
        // b's contracted chunks follow a's
        int[] wantB = gb.chunks();
        for (int i = 0; i < nk; i++) {
            wantB[axesB[i]] = ga.chunks(axesA[i]);
        }
        b = Rechunk.rechunk(b, wantB, settings);
        int[] permA = new int[ga.ndim()];
        int k = 0;
        for (int i : freeA) {
            permA[k++] = i;
        }
        for (int i : axesA) {
            permA[k++] = i;
        }
        int[] permB = new int[gb.ndim()];
        k = 0;
        for (int i : axesB) {
            permB[k++] = i;
        }
        for (int i : freeB) {
            permB[k++] = i;
        }
        ArrayNode pa = Manipulation.permuteDims(a, permA);
        ArrayNode pb = Manipulation.permuteDims(b, permB);
        int fa = freeA.size();
        int fb = freeB.size();
        long[] outShape = new long[fa + fb];
        int[] outChunks = new int[fa + fb];
        for (int i = 0; i < fa; i++) {
            outShape[i] = pa.grid().shape(i);
            outChunks[i] = pa.grid().chunks(i);
        }
        for (int i = 0; i < fb; i++) {
            outShape[fa + i] = pb.grid().shape(nk + i);
            outChunks[fa + i] = pb.grid().chunks(nk + i);
        }
        ChunkGrid out = new ChunkGrid(outShape, outChunks);
        int[] dimsA = new int[fa + nk];
        for (int i = 0; i < fa + nk; i++) {
            dimsA[i] = i < fa ? i : -1;
        }
        int[] dimsB = new int[nk + fb];
        for (int i = 0; i < nk + fb; i++) {
            dimsB[i] = i < nk ? -1 : fa + (i - nk);
        }
        Params p = Params.builder().put("dtype", outType).put("contracted", nk).build();
        return contraction("tensordot", "tensordot.blocks", p, pa, dimsA, pb, dimsB, out, outType);
    }

    /**
     * One task per output block, reading the pairs of blocks along the contracted axes ({@code dims}
     * entries below 0) one pair at a time. Kernel-internal memory: the accumulator and a new product
     * per step, and a converted or re-laid-out copy of each operand block.
     */
    private static ArrayNode contraction(String label, String kernel, Params params, ArrayNode a, int[] dimsA,
                                         ArrayNode b, int[] dimsB, ChunkGrid out, DataType outType) {
        List<ArrayNode> inputs = a == b ? List.of(a) : List.of(a, b);
        int ib = a == b ? 0 : 1;
        ChunkGrid ga = a.grid();
        ChunkGrid gb = b.grid();
        Arg argA = new Arg(new Source(0, ga, a.type()), new ContractionMap(dimsA, ga.numBlocks()), ArgMode.ITER);
        Arg argB = new Arg(new Source(ib, gb, b.type()), new ContractionMap(dimsB, gb.numBlocks()), ArgMode.ITER);
        Apply root = new Apply(kernel, params, List.of(argA, argB), out, ValueType.plain(outType));
        long work = outType.isFloat() ? outType.itemSize() : 8;
        long extra = 2 * out.chunkSize() * work + ga.chunkSize() * work + gb.chunkSize() * work;
        OpNode op = OpNode.builder(label).inputs(inputs).root(root).extraMem(extra).build();
        return ArrayNode.computedBy(op);
    }
}
