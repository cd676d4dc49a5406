package dev.cubed.kernel;

import dev.cubed.block.Block;
import dev.cubed.block.BlockAllocator;
import dev.cubed.block.NamedBlocks;
import dev.cubed.block.Value;

/**
 * The arguments of one kernel call: positional inputs, the kernel's parameters from the plan, and
 * where the output block sits in its array.
 *
 * <p>An input is either <em>single</em> (one value) or <em>many</em> (several values, e.g. the
 * blocks a reduction folds). Many-inputs are produced lazily: iterate them once, in order, and
 * keep only what you need, because that is what keeps a task within its memory budget.
 */
public interface KernelArgs {

    /** Number of positional inputs. */
    int count();

    /** True when input {@code i} is a many-input (use {@link #many(int)}). */
    boolean isMany(int i);

    /** Input {@code i} as a value. */
    Value value(int i);

    /** Input {@code i}, which must be a single block. */
    default Block block(int i) {
        Value v = value(i);
        if (v instanceof Block b) {
            return b;
        }
        throw new IllegalArgumentException("input " + i + " has fields " + ((NamedBlocks) v).names()
                + " but this kernel needs a plain block");
    }

    /** Input {@code i}, which must carry named fields. */
    default NamedBlocks fields(int i) {
        Value v = value(i);
        if (v instanceof NamedBlocks nb) {
            return nb;
        }
        throw new IllegalArgumentException("input " + i + " is a plain block but this kernel needs named fields");
    }

    /** The values of a many-input, produced one at a time as the iteration proceeds. Iterate once. */
    Iterable<Value> many(int i);

    /**
     * Where input {@code i}'s block (its first element) sits in the array it came from. For a
     * many-input, the origin of its first block.
     */
    long[] origin(int i);

    /** Where the output block's first element sits in the output array. */
    long[] outputOrigin();

    /** The shape of the whole output array. */
    long[] outputArrayShape();

    /** The shape of the block this call must return. */
    int[] outputBlockShape();

    /** The coordinates of the output block in the output array's chunk grid. */
    long[] outputChunkCoords();

    /** The kernel's parameters, as the plan gave them. */
    Params params();

    /**
     * Storage for a result block the kernel writes completely. Inside a task this may hand out an
     * array recycled from an earlier chunk, with its old elements: use it only for a block whose
     * every element the kernel sets (use {@link Block#allocate} for one it fills partly).
     */
    default BlockAllocator allocator() {
        return BlockAllocator.FRESH;
    }
}
