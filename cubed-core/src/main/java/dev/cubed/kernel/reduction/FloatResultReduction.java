package dev.cubed.kernel.reduction;

import dev.cubed.block.DataType;
import dev.cubed.block.TypePromotion;
import dev.cubed.kernel.Params;

/**
 * A reduction whose result is floating point (mean, var, std and their NaN variants): float64 for
 * integer input, else the input's float type, or the {@code dtype} parameter if it names a float
 * type; bool input is refused; the reduction of nothing is NaN.
 */
interface FloatResultReduction extends Reduction {
    @Override
    default DataType resultType(DataType input, Params params) {
        if (input.isBool()) {
            throw new IllegalArgumentException(name() + " does not accept bool input; it accepts integer and "
                    + "floating-point types");
        }
        DataType r = Intermediates.dtype(params, TypePromotion.floatResultType(input));
        if (!r.isFloat()) {
            throw new IllegalArgumentException(name() + ": dtype must be float32 or float64, got " + r);
        }
        return r;
    }

    @Override
    default Number identity() {
        return Double.NaN;
    }
}
