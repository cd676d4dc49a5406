package dev.cubed.kernel.linalg;

import dev.cubed.block.Block;
import dev.cubed.block.DataType;
import dev.cubed.block.Value;
import dev.cubed.kernel.KernelArgs;
import dev.cubed.kernel.Shapes;

import java.util.Arrays;
import java.util.Iterator;

/**
 * {@code tensordot.blocks}: one output block of a chunked tensor contraction. Input 0 is the
 * sequence of a's blocks, each shaped {@code (free_a..., contracted...)}, input 1 the matching
 * sequence of b's blocks shaped {@code (contracted..., free_b...)}; param {@code contracted} is the
 * number of contracted axes and {@code dtype} the result type. Each pair is flattened to a matrix
 * product (a copy of each block when its layout needs one) and accumulated into the result, so
 * memory holds one pair, their flattened copies and the accumulator.
 */
public final class BlockTensordot {
    private BlockTensordot() {
    }

    public static Value apply(KernelArgs args) {
        DataType dtype = args.params().getDataType("dtype");
        int contracted = args.params().getInt("contracted");
        int[] outShape = args.outputBlockShape();
        Iterator<Value> as = args.many(0).iterator();
        Iterator<Value> bs = args.many(1).iterator();
        Block acc = null;
        while (as.hasNext() && bs.hasNext()) {
            Block a = ((Block) as.next()).astype(dtype);
            Block b = ((Block) bs.next()).astype(dtype);
            int freeA = a.ndim() - contracted;
            int[] sa = a.shape();
            int[] sb = b.shape();
            if (freeA < 0 || b.ndim() < contracted
                    || !Arrays.equals(Arrays.copyOfRange(sa, freeA, sa.length), Arrays.copyOf(sb, contracted))) {
                throw new IllegalArgumentException("tensordot.blocks: blocks of shapes " + Arrays.toString(sa) + " and "
                        + Arrays.toString(sb) + " do not share their " + contracted + " contracted axes");
            }
            int m = Block.sizeOf(Arrays.copyOf(sa, freeA));
            int k = Block.sizeOf(Arrays.copyOfRange(sa, freeA, sa.length));
            int n = Block.sizeOf(Arrays.copyOfRange(sb, contracted, sb.length));
            Block product = Matmul.matmul(a.reshape(m, k), b.reshape(k, n), acc);
            acc = product;
        }
        if (as.hasNext() || bs.hasNext()) {
            throw new IllegalArgumentException("tensordot.blocks: the two operands have different numbers of blocks "
                    + "along the contracted axes");
        }
        if (acc == null) {
            return Block.allocate(dtype, outShape);
        }
        Block r = acc.dtype() == dtype ? acc : acc.astype(dtype);
        r = r.reshape(outShape).compact();
        Shapes.checkOutput("tensordot.blocks", r.shape(), args);
        return r;
    }
}
