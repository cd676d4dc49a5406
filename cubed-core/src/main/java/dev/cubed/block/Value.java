package dev.cubed.block;

/**
 * What a kernel takes and returns: a single {@link Block}, or {@link NamedBlocks} when an
 * intermediate carries several fields (a mean carries a sum and a count).
 */
public sealed interface Value permits Block, NamedBlocks {

    /** The shape every block of this value has. */
    int[] shape();

    /** Bytes held by this value's elements. */
    long nbytes();
}
