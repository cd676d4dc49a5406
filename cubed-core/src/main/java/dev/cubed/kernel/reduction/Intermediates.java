package dev.cubed.kernel.reduction;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cubed.block.Block;
import dev.cubed.block.DataType;
import dev.cubed.block.NamedBlocks;
import dev.cubed.block.Value;
import dev.cubed.kernel.Params;
import dev.cubed.kernel.elementwise.ElementwiseKernels;

import java.util.Arrays;

/** Checks and conversions of intermediate values shared by the reductions. */
final class Intermediates {

    private Intermediates() {
    }

    static Block plain(String kernel, Value v) {
        if (v instanceof Block b) {
            return b;
        }
        throw new IllegalArgumentException("kernel '" + kernel + "' expects a plain intermediate block but got fields "
                + ((NamedBlocks) v).names());
    }

    static NamedBlocks fields(String kernel, Value v, String... names) {
        if (!(v instanceof NamedBlocks nb)) {
            throw new IllegalArgumentException("kernel '" + kernel + "' expects an intermediate with fields "
                    + Arrays.toString(names) + " but got a plain block");
        }
        for (String n : names) {
            if (!nb.fields().containsKey(n)) {
                throw new IllegalArgumentException("kernel '" + kernel + "' expects intermediate fields "
                        + Arrays.toString(names) + " but got " + nb.names());
            }
        }
        return nb;
    }

    static void sameShape(String kernel, Value a, Value b) {
        if (!Arrays.equals(a.shape(), b.shape())) {
            throw new IllegalArgumentException("kernel '" + kernel + "' combines intermediates of one shape, got "
                    + Arrays.toString(a.shape()) + " and " + Arrays.toString(b.shape()));
        }
    }

    /** A compact block of type {@code t} with the values of {@code b} (no copy when already so). */
    static Block compactAs(Block b, DataType t) {
        return (b.dtype() == t ? b : ElementwiseKernels.astype(b, t)).compact();
    }

    /** The {@code dtype} parameter, or {@code fallback} when absent. */
    static DataType dtype(Params p, DataType fallback) {
        return p.has("dtype") ? p.getDataType("dtype") : fallback;
    }

    /** {@code params} with {@code dtype} set. */
    static Params withDtype(Params params, DataType dtype) {
        return Params.of(((ObjectNode) params.json()).put("dtype", dtype.zarrName()));
    }
}
