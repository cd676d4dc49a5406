package dev.cubed.kernel.reduction;

import dev.cubed.block.Block;
import dev.cubed.block.DataType;
import dev.cubed.block.Value;
import dev.cubed.block.ValueType;
import dev.cubed.kernel.Params;

/**
 * A tree reduction in three steps: {@link #initial} reduces one input block over some of its
 * axes (keeping them with length 1), {@link #combine} merges two intermediates of the same shape,
 * and {@link #aggregate} turns the last intermediate into the result. Any grouping of combines
 * gives the same result up to floating-point rounding, which is what makes results independent of
 * chunking.
 */
public interface Reduction {

    /** The array API name ("sum", "argmax", ...). */
    String name();

    /** The type of the intermediates for an input of type {@code input}, known before any task runs. */
    ValueType intermediateType(DataType input, Params params);

    /** The result type. */
    DataType resultType(DataType input, Params params);

    /**
     * The parameters all three kernels should receive: {@code params} with defaults made explicit.
     * By default that is {@code dtype}, the result type, so {@code aggregate} needs nothing else.
     */
    default Params resolve(DataType input, Params params) {
        return Intermediates.withDtype(params, resultType(input, params));
    }

    /**
     * Reduces {@code block} over {@code axes}.
     *
     * @param origin where the block's first element sits in its array (arg-reductions use it)
     */
    Value initial(Block block, int[] axes, long[] origin, Params params);

    Value combine(Value a, Value b, Params params);

    /** The result over an empty axis, as NumPy gives it, or null where NumPy raises (no identity). */
    default Number identity() {
        return null;
    }

    Value aggregate(Value intermediate, Params params);
}
