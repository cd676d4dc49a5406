package dev.cubed.block;

/**
 * Where a result block's storage comes from. {@link #FRESH} allocates new zero-filled arrays; a
 * task's allocator may instead hand out arrays recycled from earlier chunks of the same worker,
 * whose elements are left over from that use. Either way the caller must write every element of
 * the block it gets: that is the contract that lets the two be swapped.
 */
@FunctionalInterface
public interface BlockAllocator {

    /** New arrays, as {@link Block#allocate}. */
    BlockAllocator FRESH = Block::allocate;

    /** A compact block of this type and shape whose every element the caller will write. */
    Block allocate(DataType dtype, int[] shape);
}
