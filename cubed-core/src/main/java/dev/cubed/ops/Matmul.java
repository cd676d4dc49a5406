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

import java.util.List;

/**
 * Matrix products in bounded memory: each output block is the sum over the contracted blocks of
 * the block products, accumulated in place as the pairs of blocks are read one at a time (no
 * intermediate array of partial products, unlike a product-then-sum plan).
 */
public final class Matmul {
    private Matmul() {
    }

    public static ArrayNode matmul(ArrayNode a, ArrayNode b, DataType outType, PlanSettings settings) {
        ChunkGrid ga = a.grid();
        ChunkGrid gb = b.grid();
        if (ga.ndim() != 2 || gb.ndim() != 2) {
            throw new IllegalArgumentException("matmul of " + ga.ndim() + "-d and " + gb.ndim()
                    + "-d arrays: only 2-d operands are supported here (batched matmul: see the array API docs)");
        }
        if (ga.shape(1) != gb.shape(0)) {
            throw new IllegalArgumentException("matmul: shapes " + java.util.Arrays.toString(ga.shape()) + " and "
                    + java.util.Arrays.toString(gb.shape()) + " are not aligned (" + ga.shape(1) + " != "
                    + gb.shape(0) + ")");
        }
        if (gb.chunks(0) != ga.chunks(1)) {
            b = Rechunk.rechunk(b, new int[] {ga.chunks(1), gb.chunks(1)}, settings);
            gb = b.grid();
        }
        ChunkGrid out = new ChunkGrid(new long[] {ga.shape(0), gb.shape(1)}, new int[] {ga.chunks(0), gb.chunks(1)});
        List<ArrayNode> inputs = a == b ? List.of(a) : List.of(a, b);
        int ib = a == b ? 0 : 1;
        Arg argA = new Arg(new Source(0, ga, a.type()), new ContractionMap(new int[] {0, -1}, ga.numBlocks()),
                ArgMode.ITER);
        Arg argB = new Arg(new Source(ib, gb, b.type()), new ContractionMap(new int[] {-1, 1}, gb.numBlocks()),
                ArgMode.ITER);
        Params p = Params.builder().put("dtype", outType).build();
        Apply root = new Apply("matmul.blocks", p, List.of(argA, argB), out, ValueType.plain(outType));
        OpNode op = OpNode.builder("matmul").inputs(inputs).root(root).extraMem(out.chunkSize() * outType.itemSize())
                .build();
        return ArrayNode.computedBy(op);
    }
}
