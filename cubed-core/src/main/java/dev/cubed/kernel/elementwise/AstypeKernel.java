package dev.cubed.kernel.elementwise;

import dev.cubed.block.Block;
import dev.cubed.block.BlockAllocator;
import dev.cubed.block.DataType;
import dev.cubed.block.Value;
import dev.cubed.kernel.Kernel;
import dev.cubed.kernel.KernelArgs;
import dev.cubed.kernel.Shapes;

/**
 * {@code astype(x)} with parameter {@code dtype}: C cast semantics (see {@link Casts}). Deliberate
 * deviations where C and NumPy are undefined or platform-dependent: a float NaN converts to 0 for
 * every integer type (NumPy on x86 gives the type's minimum), and a float beyond the 64-bit range
 * saturates before wrapping to the target width. int64 and uint64 convert to float32 with a single
 * correct rounding.
 */
final class AstypeKernel implements Kernel {
    static final String NAME = "astype";

    @Override
    public Value apply(KernelArgs args) {
        Shapes.checkInputCount(NAME, args, 1);
        Block x = args.block(0);
        Shapes.checkOutput(NAME, x.shape(), args);
        return astype(x, args.params().getDataType("dtype"), args.allocator());
    }

    static Block astype(Block x, DataType target) {
        return astype(x, target, BlockAllocator.FRESH);
    }

    static Block astype(Block x, DataType target, BlockAllocator allocator) {
        if (target == x.dtype()) {
            return x.compact();
        }
        Domain d = Domain.natural(x.dtype());
        return BufferedMap.map(x.shape(), target, d, new Block[] {x}, new Domain[] {d},
                (in, off, out, oo, n) -> System.arraycopy(in[0], off[0], out, oo, n), allocator);
    }
}
