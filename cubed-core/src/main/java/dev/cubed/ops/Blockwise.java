package dev.cubed.ops;

import dev.cubed.block.ValueType;
import dev.cubed.kernel.Params;
import dev.cubed.plan.ArrayNode;
import dev.cubed.plan.OpNode;
import dev.cubed.plan.PlanSettings;
import dev.cubed.plan.StoreTarget;
import dev.cubed.primitive.Apply;
import dev.cubed.primitive.Arg;
import dev.cubed.primitive.BlockwiseMap;
import dev.cubed.primitive.ChunkGrid;
import dev.cubed.primitive.Source;

import java.util.ArrayList;
import java.util.List;

/**
 * Blockwise operations: output chunk {@code c} is a kernel applied to the chunks of the inputs
 * at {@code c} (broadcast where an input has a single chunk along an axis). Inputs whose chunks
 * do not line up with the output's are rechunked first, within memory.
 */
public final class Blockwise {
    private Blockwise() {
    }

    /**
     * Applies {@code kernel} to broadcast inputs, chunk by chunk. Output chunks follow the first
     * input that spans each axis.
     */
    public static ArrayNode elementwise(String kernel, Params params, ValueType outType, List<ArrayNode> inputs,
                                        PlanSettings settings) {
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException(kernel + " needs at least one array");
        }
        List<long[]> shapes = new ArrayList<>();
        for (ArrayNode a : inputs) {
            shapes.add(a.grid().shape());
        }
        long[] outShape = Broadcasting.shape(shapes);
        int nd = outShape.length;
        int[] outChunks = new int[nd];
        for (int d = 0; d < nd; d++) {
            outChunks[d] = 0;
            for (ArrayNode a : inputs) {
                int j = d - (nd - a.grid().ndim());
                if (j >= 0 && a.grid().shape(j) == outShape[d]) {
                    outChunks[d] = a.grid().chunks(j);
                    break;
                }
            }
            if (outChunks[d] == 0) {
                outChunks[d] = (int) Math.max(1, Math.min(outShape[d], Integer.MAX_VALUE - 8));
            }
        }
        // align inputs: same chunks as the output along every axis they span
        List<ArrayNode> aligned = new ArrayList<>();
        for (ArrayNode a : inputs) {
            int k = a.grid().ndim();
            int[] want = a.grid().chunks();
            boolean differs = false;
            for (int j = 0; j < k; j++) {
                int d = nd - k + j;
                if (a.grid().shape(j) == outShape[d] && outShape[d] > 1 && want[j] != outChunks[d]) {
                    want[j] = outChunks[d];
                    differs = true;
                }
            }
            aligned.add(differs ? Rechunk.rechunk(a, want, settings) : a);
        }
        return apply(kernel, params, outType, new ChunkGrid(outShape, outChunks), aligned, "");
    }

    /**
     * Applies {@code kernel} blockwise over inputs already chunked like {@code outGrid} (leading
     * axes broadcast), with the given label suffix.
     */
    static ArrayNode apply(String kernel, Params params, ValueType outType, ChunkGrid outGrid, List<ArrayNode> inputs,
                           String labelSuffix) {
        int nd = outGrid.ndim();
        List<ArrayNode> distinct = new ArrayList<>();
        List<Arg> args = new ArrayList<>();
        for (ArrayNode a : inputs) {
            int idx = indexOf(distinct, a);
            if (idx < 0) {
                distinct.add(a);
                idx = distinct.size() - 1;
            }
            int k = a.grid().ndim();
            int[] dims = new int[k];
            for (int j = 0; j < k; j++) {
                dims[j] = nd - k + j;
            }
            args.add(Arg.one(new Source(idx, a.grid(), a.type()), new BlockwiseMap(dims, a.grid().numBlocks())));
        }
        Apply root = new Apply(kernel, params, args, outGrid, outType);
        OpNode op = OpNode.builder(kernel + labelSuffix).inputs(distinct).root(root).build();
        return ArrayNode.computedBy(op);
    }

    /** Writes {@code x} to a Zarr array at the target (fusing the computation of {@code x} into the write). */
    public static ArrayNode store(ArrayNode x, StoreTarget target) {
        Source root = new Source(0, x.grid(), x.type());
        OpNode op = OpNode.builder("store").inputs(x).root(root).target(target).build();
        return ArrayNode.computedBy(op);
    }

    static int indexOf(List<ArrayNode> list, ArrayNode node) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) == node) {
                return i;
            }
        }
        return -1;
    }
}
