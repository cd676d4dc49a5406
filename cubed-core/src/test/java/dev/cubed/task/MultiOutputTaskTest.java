package dev.cubed.task;

import dev.cubed.block.ArrayPool;
import dev.cubed.block.Block;
import dev.cubed.block.DataType;
import dev.cubed.block.ValueType;
import dev.cubed.kernel.KernelRegistry;
import dev.cubed.kernel.Params;
import dev.cubed.primitive.Apply;
import dev.cubed.primitive.Arg;
import dev.cubed.primitive.ArgMode;
import dev.cubed.primitive.ChunkGrid;
import dev.cubed.primitive.ComputeSpec;
import dev.cubed.primitive.Fold;
import dev.cubed.primitive.ReduceMap;
import dev.cubed.primitive.Source;
import dev.cubed.primitive.StoredArray;
import dev.cubed.storage.Storage;
import dev.cubed.storage.zarr.ArrayMetadata;
import dev.cubed.storage.zarr.ZarrArray;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tasks of operations with several outputs, run by the task runner itself with array pooling
 * on: a chunk read once for several folds must never be recycled while a fold's accumulator still
 * holds it, and outputs that cannot run together are refused when the operation is described.
 */
class MultiOutputTaskTest {
    private static final ChunkGrid IN = ChunkGrid.of(new long[] {8, 6}, new int[] {2, 3});
    private static final ChunkGrid OUT = ChunkGrid.of(new long[] {1, 6}, new int[] {1, 3});

    private static ArrayMetadata meta(ChunkGrid g) {
        return ArrayMetadata.builder().shape(g.shape()).chunks(g.chunks()).dataType(DataType.FLOAT64)
                .codecs(ArrayMetadata.Codecs.none()).build();
    }

    @Test
    void foldsOverOneStoredInputAdvanceTogetherAndKeepTheirAccumulators() {
        try (Storage storage = Storage.defaults()) {
            StoredArray in = StoredArray.plain("memory://multi/in", meta(IN));
            StoredArray sums = StoredArray.plain("memory://multi/sums", meta(OUT));
            StoredArray products = StoredArray.plain("memory://multi/products", meta(OUT));
            ZarrArray a = ZarrArray.create(storage.open(in.url()), "", in.metadata());
            Block data = Block.allocate(DataType.FLOAT64, 8, 6);
            for (int i = 0; i < 8; i++) {
                for (int j = 0; j < 6; j++) {
                    data.setDouble(1 + 0.25 * i + 0.5 * j, i, j);
                }
            }
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 2; j++) {
                    a.writeChunk(new long[] {i, j}, data.slice(new int[] {2 * i, 3 * j}, new int[] {2 * i + 2, 3 * j + 3}).copy());
                }
            }
            ZarrArray.create(storage.open(sums.url()), "", sums.metadata());
            ZarrArray.create(storage.open(products.url()), "", products.metadata());

            // each fold reads the four row-blocks of a column of chunks one at a time; its first
            // accumulator is the chunk itself, so recycling it with the step's shared reads would
            // hand its storage to the next read
            ChunkGrid task = ChunkGrid.of(new long[] {2, 6}, new int[] {2, 3});
            Arg blocks = new Arg(new Source(0, IN, ValueType.plain(DataType.FLOAT64)),
                    new ReduceMap(new int[] {4, 1}, IN.numBlocks()), ArgMode.ITER);
            Fold sum = new Fold("add", Params.empty(), blocks, task, ValueType.plain(DataType.FLOAT64));
            Fold product = new Fold("multiply", Params.empty(), blocks, task, ValueType.plain(DataType.FLOAT64));
            StoredArray sumBlocks = StoredArray.plain("memory://multi/sum-blocks", meta(task));
            StoredArray productBlocks = StoredArray.plain("memory://multi/product-blocks", meta(task));
            ZarrArray.create(storage.open(sumBlocks.url()), "", sumBlocks.metadata());
            ZarrArray.create(storage.open(productBlocks.url()), "", productBlocks.metadata());
            ComputeSpec spec = new ComputeSpec("op-002", List.of(in),
                    List.of(new ComputeSpec.Output(sum, sumBlocks), new ComputeSpec.Output(product, productBlocks)));
            assertThat(spec.sharing()).isEqualTo(ComputeSpec.Sharing.STEP);

            TaskRunner runner = new TaskRunner(new TaskContext(storage, KernelRegistry.load(),
                    AllowedLocations.anywhere(), new ArrayPool(1 << 20)));
            TaskStats stats = null;
            for (long j = 0; j < 2; j++) {
                stats = runner.run(spec, new long[] {0, j});
            }
            assertThat(stats.bytesRead()).isEqualTo(4 * 2 * 3 * 8); // four chunks, once for both folds
            Block s = ZarrArray.open(storage.open(sumBlocks.url()), "").read(new long[2], new int[] {2, 6});
            Block p = ZarrArray.open(storage.open(productBlocks.url()), "").read(new long[2], new int[] {2, 6});
            for (int r = 0; r < 2; r++) {
                for (int c = 0; c < 6; c++) {
                    double es = 0;
                    double ep = 1;
                    for (int blk = 0; blk < 4; blk++) {
                        double x = data.getDouble(2 * blk + r, c);
                        es += x;
                        ep *= x;
                    }
                    assertThat(s.getDouble(r, c)).isEqualTo(es);
                    assertThat(p.getDouble(r, c)).isEqualTo(ep);
                }
            }
        }
    }

    @Test
    void outputsThatCannotShareTheirReadsAreRefused() {
        StoredArray in = StoredArray.plain("memory://multi/in", meta(IN));
        StoredArray out = StoredArray.plain("memory://multi/out", meta(IN));
        ChunkGrid task = ChunkGrid.of(new long[] {2, 6}, new int[] {2, 3});
        Fold fold = new Fold("add", Params.empty(), new Arg(new Source(0, IN, ValueType.plain(DataType.FLOAT64)),
                new ReduceMap(new int[] {4, 1}, IN.numBlocks()), ArgMode.ITER), task, ValueType.plain(DataType.FLOAT64));
        Apply copy = new Apply("positive", Params.empty(), List.of(Arg.same(new Source(0, IN,
                ValueType.plain(DataType.FLOAT64)))), IN, ValueType.plain(DataType.FLOAT64));
        Apply stacked = new Apply("testing.list", Params.empty(), List.of(new Arg(new Source(0, IN,
                ValueType.plain(DataType.FLOAT64)), new ReduceMap(new int[] {4, 1}, IN.numBlocks()), ArgMode.LIST)),
                task, ValueType.plain(DataType.FLOAT64));
        StoredArray folded = StoredArray.plain("memory://multi/folded", meta(task));
        StoredArray listed = StoredArray.plain("memory://multi/listed", meta(task));
        // a fold beside a function of a list of chunks: neither shares per task nor per step
        assertThatThrownBy(() -> new ComputeSpec("op-003", List.of(in),
                List.of(new ComputeSpec.Output(stacked, listed), new ComputeSpec.Output(fold, folded))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("op-003")
                .hasMessageContaining("folds over the same sequence");
        assertThat(new ComputeSpec("op-004", List.of(in), List.of(new ComputeSpec.Output(copy, out),
                new ComputeSpec.Output(copy, StoredArray.plain("memory://multi/out2", meta(IN))))).sharing())
                .isEqualTo(ComputeSpec.Sharing.TASK);
    }
}
