package dev.cubed.kernel.linalg;

import dev.cubed.block.Block;
import dev.cubed.block.DataType;
import dev.cubed.block.Value;
import dev.cubed.kernel.KernelArgs;

import java.util.Iterator;

/**
 * {@code matmul.blocks}: one output block of a chunked matrix product. Inputs 0 and 1 are the
 * sequences of row blocks of a and column blocks of b along the contracted axis, read in step one
 * pair at a time; each product is accumulated into the result, so memory holds one pair and the
 * accumulator whatever the number of contracted blocks. Param {@code dtype}: the result type.
 */
public final class BlockMatmul {
    private BlockMatmul() {
    }

    public static Value apply(KernelArgs args) {
        DataType dtype = args.params().getDataType("dtype");
        Iterator<Value> as = args.many(0).iterator();
        Iterator<Value> bs = args.many(1).iterator();
        Block acc = null;
        while (as.hasNext() && bs.hasNext()) {
            Block a = (Block) as.next();
            Block b = (Block) bs.next();
            acc = Matmul.matmul(a.astype(dtype), b.astype(dtype), acc);
        }
        if (as.hasNext() || bs.hasNext()) {
            throw new IllegalArgumentException("matmul.blocks: the two operands have different numbers of blocks along "
                    + "the contracted axis");
        }
        if (acc == null) {
            return Block.allocate(dtype, args.outputBlockShape());
        }
        return acc.dtype() == dtype ? acc : acc.astype(dtype);
    }
}
