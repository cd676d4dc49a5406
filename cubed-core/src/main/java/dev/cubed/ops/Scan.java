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
import dev.cubed.primitive.CoarsenMap;
import dev.cubed.primitive.ReduceMap;
import dev.cubed.primitive.Source;

import java.util.List;

/**
 * Cumulative sums and products along an axis in bounded memory, as Cubed's {@code scan} (after
 * Blelloch): each block is scanned on its own; the blocks' totals are gathered, {@link #GROUP} to
 * a chunk, into a small array with one element per block along the axis; that array's exclusive
 * scan (recursively, the same way) gives each block the combined total of the blocks before it;
 * a last blockwise step adds (multiplies) it in. Every task reads at most {@link #GROUP} input
 * blocks, one at a time, and the recursion shrinks the axis by {@link #GROUP} per level.
 */
public final class Scan {
    /** Block totals per chunk of the totals array (Cubed's default split_every for scans is 5). */
    public static final int GROUP = 5;

    private Scan() {
    }

    /**
     * The running sum ({@code product} false) or product of {@code x} along {@code axis}
     * (normalised), in type {@code dtype}; {@code exclusive} gives each element the running value
     * of the elements before it.
     */
    public static ArrayNode scan(ArrayNode x, int axis, boolean product, DataType dtype, boolean exclusive) {
        String name = product ? "cumulative_prod" : "cumulative_sum";
        ChunkGrid g = x.grid();
        ValueType type = ValueType.plain(dtype);
        Params p = Params.builder().put("axis", axis).put("dtype", dtype).put("exclusive", exclusive).build();
        Apply blockScan = new Apply(name, p, List.of(Arg.same(new Source(0, g, x.type()))), g, type);
        ArrayNode scanned = ArrayNode.computedBy(OpNode.builder(name + " (blocks)").inputs(x).root(blockScan).build());
        long nb = g.numBlocks(axis);
        if (nb <= 1) {
            return scanned;
        }
        // one total per block, gathered GROUP to a chunk along the axis
        Params tp = Params.builder().put("axis", axis).put("dtype", dtype).build();
        long[] perBlockShape = g.shape();
        int[] perBlockChunks = g.chunks();
        perBlockShape[axis] = nb;
        perBlockChunks[axis] = 1;
        ChunkGrid perBlock = new ChunkGrid(perBlockShape, perBlockChunks);
        Apply total = new Apply(name + ".total", tp, List.of(Arg.same(new Source(0, g, x.type()))), perBlock, type);
        int group = (int) Math.min(GROUP, nb);
        int[] totalChunks = perBlockChunks.clone();
        totalChunks[axis] = group;
        ChunkGrid totalsGrid = new ChunkGrid(perBlockShape, totalChunks);
        int[] split = new int[g.ndim()];
        split[axis] = group;
        Params cp = Params.builder().put("axis", axis).put("offsets", new long[] {0}).put("dtype", dtype).build();
        Apply gather = new Apply("concat", cp, List.of(new Arg(total, new ReduceMap(split, perBlock.numBlocks()),
                ArgMode.ITER)), totalsGrid, type);
        ArrayNode totals = ArrayNode.computedBy(OpNode.builder(name + " (block totals)").inputs(x).root(gather).build());
        // the combined total of the blocks before each block
        ArrayNode offsets = scan(totals, axis, product, dtype, true);
        Apply apply = new Apply(name + ".offset", tp, List.of(Arg.same(new Source(0, g, type)),
                Arg.one(new Source(1, offsets.grid(), type), CoarsenMap.along(g.ndim(), axis, group))), g, type);
        return ArrayNode.computedBy(OpNode.builder(name + " (offsets)").inputs(scanned, offsets).root(apply).build());
    }
}
