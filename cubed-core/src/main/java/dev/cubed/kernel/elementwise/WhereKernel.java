package dev.cubed.kernel.elementwise;

import dev.cubed.block.Block;
import dev.cubed.block.BlockAllocator;
import dev.cubed.block.DataType;
import dev.cubed.block.TypePromotion;
import dev.cubed.block.Value;
import dev.cubed.kernel.Kernel;
import dev.cubed.kernel.KernelArgs;
import dev.cubed.kernel.Shapes;

import java.util.EnumMap;
import java.util.Map;

/**
 * {@code where(cond, x, y)}: x where cond is true, else y; the three inputs broadcast together and
 * the result has the promoted type of x and y. A non-bool condition counts non-zero as true (NaN
 * included), as NumPy does.
 */
final class WhereKernel implements Kernel {
    static final String NAME = "where";

    private static final Map<Domain, Loops.Ternary<Object, Object, Object, Object>> LOOPS = loops();

    @Override
    public Value apply(KernelArgs args) {
        Shapes.checkInputCount(NAME, args, 3);
        Block c = args.block(0);
        Block x = args.block(1);
        Block y = args.block(2);
        int[] shape = Shapes.broadcast(NAME, c.shape(), x.shape(), y.shape());
        Shapes.checkOutput(NAME, shape, args);
        return where(c, x, y, shape, args.allocator());
    }

    static Block where(Block c, Block x, Block y, int[] shape) {
        return where(c, x, y, shape, BlockAllocator.FRESH);
    }

    static Block where(Block c, Block x, Block y, int[] shape, BlockAllocator allocator) {
        DataType t = TypePromotion.resultType(x.dtype(), y.dtype());
        Domain d = Domain.natural(t) == Domain.ULONG ? Domain.LONG : Domain.natural(t);
        Loops.Ternary<Object, Object, Object, Object> loop = LOOPS.get(d);
        return BufferedMap.map(shape, t, d, new Block[] {c, x, y}, new Domain[] {Domain.BOOL, d, d},
                (in, off, out, oo, n) -> loop.run(in[0], off[0], in[1], off[1], in[2], off[2], out, oo, n), allocator);
    }

    @SuppressWarnings("unchecked")
    private static Map<Domain, Loops.Ternary<Object, Object, Object, Object>> loops() {
        Map<Domain, Loops.Ternary<?, ?, ?, ?>> m = new EnumMap<>(Domain.class);
        m.put(Domain.DOUBLE, (Loops.Ternary<byte[], double[], double[], double[]>)
                (c, co, x, xo, y, yo, o, oo, n) -> {
                    for (int i = 0; i < n; i++) {
                        o[oo + i] = c[co + i] != 0 ? x[xo + i] : y[yo + i];
                    }
                });
        m.put(Domain.FLOAT, (Loops.Ternary<byte[], float[], float[], float[]>)
                (c, co, x, xo, y, yo, o, oo, n) -> {
                    for (int i = 0; i < n; i++) {
                        o[oo + i] = c[co + i] != 0 ? x[xo + i] : y[yo + i];
                    }
                });
        m.put(Domain.LONG, (Loops.Ternary<byte[], long[], long[], long[]>)
                (c, co, x, xo, y, yo, o, oo, n) -> {
                    for (int i = 0; i < n; i++) {
                        o[oo + i] = c[co + i] != 0 ? x[xo + i] : y[yo + i];
                    }
                });
        m.put(Domain.INT, (Loops.Ternary<byte[], int[], int[], int[]>)
                (c, co, x, xo, y, yo, o, oo, n) -> {
                    for (int i = 0; i < n; i++) {
                        o[oo + i] = c[co + i] != 0 ? x[xo + i] : y[yo + i];
                    }
                });
        m.put(Domain.BOOL, (Loops.Ternary<byte[], byte[], byte[], byte[]>)
                (c, co, x, xo, y, yo, o, oo, n) -> {
                    for (int i = 0; i < n; i++) {
                        o[oo + i] = c[co + i] != 0 ? x[xo + i] : y[yo + i];
                    }
                });
        Map<Domain, Loops.Ternary<Object, Object, Object, Object>> out = new EnumMap<>(Domain.class);
        m.forEach((k, v) -> out.put(k, (Loops.Ternary<Object, Object, Object, Object>) v));
        return out;
    }
}
