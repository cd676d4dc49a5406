package dev.cubed.kernel.elementwise;

import dev.cubed.block.Block;
import dev.cubed.block.BlockAllocator;
import dev.cubed.block.DataType;

/**
 * Maps a loop over inputs broadcast to an output shape, whatever their layout and types.
 *
 * <p>The output is a new compact block. Axes of length 1 are dropped and adjacent axes that are
 * contiguous in every input are merged, so compact same-shape inputs form one long run. Each run is
 * processed in pieces: an input whose type is native to its loop domain and which is contiguous
 * along the run is passed to the loop in place; any other input (strided, broadcast with stride 0,
 * or of another type) is first converted into a small buffer. Results go straight into the output
 * array when its type is native to the output domain, else through a buffer and a conversion. This
 * is the same idea as NumPy's buffered ufunc iterator: one loop per operation and domain serves
 * every data type and layout, with bounded extra memory ({@value #BUFFER} elements per operand).
 */
public final class BufferedMap {

    /** Elements per conversion buffer: small enough for the buffers of a ternary loop to stay in L1/L2 cache. */
    static final int BUFFER = 2048;

    /** The loop over one piece: inputs (arrays and offsets), output array and offset, element count. */
    @FunctionalInterface
    public interface Piece {
        void run(Object[] in, int[] inOffsets, Object out, int outOffset, int n);
    }

    private BufferedMap() {
    }

    /**
     * Runs {@code piece} over every element of {@code shape}.
     *
     * @param shape     the output shape; every input must broadcast to it
     * @param outType   the output block's data type
     * @param outDomain the domain the loop writes
     * @param inputs    the inputs, any layout
     * @param inDomains the domain the loop reads for each input
     */
    public static Block map(int[] shape, DataType outType, Domain outDomain, Block[] inputs, Domain[] inDomains,
                            Piece piece) {
        return map(shape, outType, outDomain, inputs, inDomains, piece, BlockAllocator.FRESH);
    }

    /** As {@link #map(int[], DataType, Domain, Block[], Domain[], Piece)}, the output's storage from {@code allocator}. */
    public static Block map(int[] shape, DataType outType, Domain outDomain, Block[] inputs, Domain[] inDomains,
                            Piece piece, BlockAllocator allocator) {
        Block out = allocator.allocate(outType, shape); // every element is written below
        int size = out.size();
        if (size == 0) {
            return out;
        }
        int k = inputs.length;
        int rank = shape.length;
        Block[] views = new Block[k];
        int[][] viewStrides = new int[k][];
        for (int i = 0; i < k; i++) {
            views[i] = inputs[i].broadcastTo(shape);
            viewStrides[i] = views[i].strides();
        }

        // keep axes longer than 1, then merge an axis into its outer neighbour where every input is contiguous
        int[] ext = new int[Math.max(rank, 1)];
        int[][] st = new int[k][Math.max(rank, 1)];
        int m = 0;
        for (int ax = 0; ax < rank; ax++) {
            int e = shape[ax];
            if (e == 1) {
                continue;
            }
            boolean merge = m > 0;
            for (int i = 0; i < k && merge; i++) {
                merge = st[i][m - 1] == viewStrides[i][ax] * e;
            }
            if (merge) {
                ext[m - 1] *= e;
                for (int i = 0; i < k; i++) {
                    st[i][m - 1] = viewStrides[i][ax];
                }
            } else {
                ext[m] = e;
                for (int i = 0; i < k; i++) {
                    st[i][m] = viewStrides[i][ax];
                }
                m++;
            }
        }
        if (m == 0) {
            ext[0] = 1;
            m = 1;
        }
        int inner = ext[m - 1];

        boolean[] direct = new boolean[k];
        boolean anyBuffer = false;
        for (int i = 0; i < k; i++) {
            direct[i] = st[i][m - 1] == 1 && inDomains[i].isDirect(views[i].dtype());
            anyBuffer |= !direct[i];
        }
        boolean outDirect = outDomain.isDirect(outType);
        anyBuffer |= !outDirect;
        int pieceLen = anyBuffer ? Math.min(BUFFER, inner) : inner;

        Object[] bufs = new Object[k];
        for (int i = 0; i < k; i++) {
            if (!direct[i]) {
                bufs[i] = inDomains[i].allocate(pieceLen);
            }
        }
        Object outBuf = outDirect ? null : outDomain.allocate(pieceLen);
        Object outData = out.data();

        int[] pos = new int[k];
        int[] filledAt = new int[k];
        int[] filledLen = new int[k];
        for (int i = 0; i < k; i++) {
            pos[i] = views[i].offset();
            filledAt[i] = -1;
        }
        Object[] ins = new Object[k];
        int[] offs = new int[k];
        int[] counter = new int[m];
        int outer = size / inner;
        int outPos = 0;
        for (int r = 0; r < outer; r++) {
            for (int p = 0; p < inner; p += pieceLen) {
                int n = Math.min(pieceLen, inner - p);
                for (int i = 0; i < k; i++) {
                    int step = st[i][m - 1];
                    if (direct[i]) {
                        ins[i] = views[i].data();
                        offs[i] = pos[i] + p;
                    } else {
                        int start = pos[i] + p * step;
                        // a broadcast scalar run is converted once and reused while it stays the same element
                        if (step != 0 || filledAt[i] != start || filledLen[i] < n) {
                            Casts.gather(views[i].dtype(), views[i].data(), start, step, n, inDomains[i], bufs[i]);
                            filledAt[i] = step == 0 ? start : -1;
                            filledLen[i] = n;
                        }
                        ins[i] = bufs[i];
                        offs[i] = 0;
                    }
                }
                if (outDirect) {
                    piece.run(ins, offs, outData, outPos + p, n);
                } else {
                    piece.run(ins, offs, outBuf, 0, n);
                    Casts.scatter(outDomain, outBuf, 0, n, outType, outData, outPos + p);
                }
            }
            outPos += inner;
            for (int ax = m - 2; ax >= 0; ax--) {
                counter[ax]++;
                for (int i = 0; i < k; i++) {
                    pos[i] += st[i][ax];
                }
                if (counter[ax] < ext[ax]) {
                    break;
                }
                for (int i = 0; i < k; i++) {
                    pos[i] -= st[i][ax] * ext[ax];
                }
                counter[ax] = 0;
            }
        }
        return out;
    }
}
