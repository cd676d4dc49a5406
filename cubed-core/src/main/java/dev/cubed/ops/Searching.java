package dev.cubed.ops;

import dev.cubed.block.DataType;
import dev.cubed.block.ValueType;
import dev.cubed.kernel.Params;
import dev.cubed.plan.ArrayNode;
import dev.cubed.plan.OpNode;
import dev.cubed.primitive.Apply;
import dev.cubed.primitive.Arg;
import dev.cubed.primitive.ArgMode;
import dev.cubed.primitive.ChunkGrid;
import dev.cubed.primitive.ContractionMap;
import dev.cubed.primitive.Source;

import java.util.Arrays;
import java.util.List;

/** Searching functions whose result shape is known before running: {@code searchsorted}. */
public final class Searching {
    private Searching() {
    }

    /**
     * Insertion indices of {@code x2}'s values into the sorted 1-d {@code x1}: one task per block of
     * x2, which counts, block by block of x1 (read one at a time), the elements that sort before
     * each value. Reads all of x1 per task, in bounded memory.
     */
    public static ArrayNode searchsorted(ArrayNode x1, ArrayNode x2, String side) {
        ChunkGrid g1 = x1.grid();
        ChunkGrid g2 = x2.grid();
        if (g1.ndim() != 1) {
            throw new IllegalArgumentException("searchsorted: x1 must be 1-d, got shape " + Arrays.toString(g1.shape()));
        }
        List<ArrayNode> inputs = x1 == x2 ? List.of(x1) : List.of(x1, x2);
        int i2 = x1 == x2 ? 0 : 1;
        Arg sorted = new Arg(new Source(0, g1, x1.type()), new ContractionMap(new int[] {-1}, g1.numBlocks()),
                ArgMode.ITER);
        Arg values = Arg.same(new Source(i2, g2, x2.type()));
        Params p = Params.builder().put("side", side).build();
        Apply root = new Apply("searchsorted.blocks", p, List.of(sorted, values), g2, ValueType.plain(DataType.INT64));
        // the kernel converts x2's block and one x1 block to 64-bit values
        long extra = 8 * g2.chunkSize() + 8 * g1.chunkSize();
        return ArrayNode.computedBy(OpNode.builder("searchsorted").inputs(inputs).root(root).extraMem(extra).build());
    }
}
