package dev.cubed.kernel;

import dev.cubed.block.Block;
import dev.cubed.block.DataType;
import dev.cubed.block.NamedBlocks;
import dev.cubed.block.Value;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The kernels behind the array API's operations, called directly on hand-checked blocks. */
class ArrayApiKernelsTest {
    private static final KernelRegistry KERNELS = KernelRegistry.load();

    private static Value call(String kernel, KernelCall.Builder b) {
        return b.build().applyTo(KERNELS.get(kernel));
    }

    private static long[] longs(Value v) {
        Block b = (Block) v;
        long[] r = new long[b.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = b.getLongAt(i);
        }
        return r;
    }

    @Test
    void everyKernelIsRegistered() {
        for (String name : List.of("permute_dims", "broadcast_to", "concat", "tril", "triu", "tensordot.blocks",
                "cumulative_sum", "cumulative_prod", "cumulative_sum.total", "cumulative_prod.total",
                "cumulative_sum.offset", "cumulative_prod.offset", "argmax.flat.initial", "argmin.flat.initial",
                "searchsorted.blocks")) {
            assertThat(KERNELS.get(name)).as(name).isNotNull();
        }
    }

    @Test
    void concatPlacesOverlappingBlocksAtTheirOffsets() {
        // output elements [2, 6) of concat(a, b): a = 0..4 in chunks of 2 (blocks [2,3], [4] overlap),
        // b = 10..12 from offset 5 in chunks of 2 (block [10, 11] overlaps, of which 10 lands at 5)
        Block a1 = Block.of(new long[] {2, 3}, 2);
        Block a2 = Block.of(new long[] {4}, 1);
        Block b0 = Block.of(new long[] {10, 11}, 2);
        Value v = call("concat", KernelCall.builder().many(List.of(a1, a2), new long[] {2})
                .many(List.of(b0), new long[] {0})
                .params(Params.builder().put("axis", 0).put("offsets", new long[] {0, 5}).put("dtype", DataType.INT64)
                        .build())
                .outputShape(4).outputOrigin(2).outputArrayShape(8));
        assertThat(longs(v)).containsExactly(2, 3, 4, 10);
    }

    @Test
    void scansAreExclusiveOnRequestAndTotalsMatchTheLastRunningValue() {
        Block x = Block.of(new long[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Params p = Params.builder().put("axis", 1).put("dtype", DataType.INT64).build();
        assertThat(longs(call("cumulative_sum", KernelCall.builder().input(x).params(p).outputShape(2, 3))))
                .containsExactly(1, 3, 6, 4, 9, 15);
        Params ex = Params.builder().put("axis", 1).put("dtype", DataType.INT64).put("exclusive", true).build();
        assertThat(longs(call("cumulative_prod", KernelCall.builder().input(x).params(ex).outputShape(2, 3))))
                .containsExactly(1, 1, 2, 1, 4, 20);
        assertThat(longs(call("cumulative_prod.total", KernelCall.builder().input(x).params(p).outputShape(2, 1))))
                .containsExactly(6, 120);
        // block 7's offset is row 2 of the offsets chunk that starts at block 5
        Block offsets = Block.of(new long[] {0, 0, 100, 0, 0, 200}, 2, 3);
        Block scanned = Block.of(new long[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Value shifted = call("cumulative_sum.offset", KernelCall.builder().input(scanned).input(offsets, 0, 5)
                .params(p).outputShape(2, 3).outputChunkCoords(0, 7));
        assertThat(longs(shifted)).containsExactly(101, 102, 103, 204, 205, 206);
        Params i8 = Params.builder().put("axis", 0).put("dtype", DataType.INT8).build();
        assertThat(longs(call("cumulative_sum", KernelCall.builder().input(Block.of(new long[] {100, 100}, 2))
                .params(i8).outputShape(2)))).as("wraps to int8").containsExactly(100, -56);
    }

    @Test
    void trianglesUseTheBlockPosition() {
        Block x = Block.full(DataType.INT32, 1, 2, 3);
        // a block at rows 1..2, columns 2..4 of the array
        Value lower = call("tril", KernelCall.builder().input(x).params(Params.builder().put("k", 0).build())
                .outputShape(2, 3).outputOrigin(1, 2));
        assertThat(longs(lower)).containsExactly(0, 0, 0, 1, 0, 0);
        Value upper = call("triu", KernelCall.builder().input(x).params(Params.builder().put("k", 1).build())
                .outputShape(2, 3).outputOrigin(1, 2));
        assertThat(longs(upper)).containsExactly(1, 1, 1, 0, 1, 1);
    }

    @Test
    void flatArgReductionsIndexTheWholeArray() {
        Block x = Block.of(new double[] {1, 7, 7, Double.NaN, 2, Double.NaN}, 2, 3);
        Params p = Params.builder().put("shape", new long[] {10, 20}).build();
        NamedBlocks max = (NamedBlocks) call("argmax.flat.initial", KernelCall.builder().input(x, 4, 5).params(p)
                .outputShape(1, 1));
        // the first NaN, at (1, 0) of the block = (5, 5) of the array = flat 105
        assertThat(max.get("index").getLongAt(0)).isEqualTo(105);
        Block y = Block.of(new double[] {3, 1, 1, 2}, 2, 2);
        NamedBlocks min = (NamedBlocks) call("argmin.flat.initial", KernelCall.builder().input(y, 0, 18).params(p)
                .outputShape(1, 1));
        assertThat(min.get("index").getLongAt(0)).isEqualTo(19);
        assertThat(min.get("value").getDoubleAt(0)).isEqualTo(1.0);
    }

    @Test
    void searchsortedCountsAcrossBlocks() {
        Block s1 = Block.of(new double[] {1, 2, 2}, 3);
        Block s2 = Block.of(new double[] {2, 5, Double.NaN}, 3);
        Block values = Block.of(new double[] {2, 0, 6, Double.NaN}, 4);
        Value left = call("searchsorted.blocks", KernelCall.builder().many(List.of(s1, s2)).input(values)
                .params(Params.builder().put("side", "left").build()).outputShape(4));
        assertThat(longs(left)).containsExactly(1, 0, 5, 5);
        Value right = call("searchsorted.blocks", KernelCall.builder().many(List.of(s1, s2)).input(values)
                .params(Params.builder().put("side", "right").build()).outputShape(4));
        assertThat(longs(right)).containsExactly(4, 0, 5, 6);
    }

    @Test
    void tensordotAccumulatesPairsOfBlocks() {
        // a: (2, [k=3]) split into k-blocks of 2 and 1; b: ([k=3], 1) likewise
        Block a1 = Block.of(new double[] {1, 2, 4, 5}, 2, 2);
        Block a2 = Block.of(new double[] {3, 6}, 2, 1);
        Block b1 = Block.of(new double[] {1, 10}, 2, 1);
        Block b2 = Block.of(new double[] {100}, 1, 1);
        Value v = call("tensordot.blocks", KernelCall.builder().many(List.of(a1, a2)).many(List.of(b1, b2))
                .params(Params.builder().put("contracted", 1).put("dtype", DataType.FLOAT64).build()).outputShape(2, 1));
        assertThat(((Block) v).getDoubleAt(0)).isEqualTo(1 + 20 + 300);
        assertThat(((Block) v).getDoubleAt(1)).isEqualTo(4 + 50 + 600);
        assertThatThrownBy(() -> call("tensordot.blocks", KernelCall.builder().many(List.of(a1)).many(List.of(b2))
                .params(Params.builder().put("contracted", 1).put("dtype", DataType.FLOAT64).build()).outputShape(2, 1)))
                .hasMessageContaining("do not share their 1 contracted axes");
    }
}
