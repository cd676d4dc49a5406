package dev.cubed.kernel.linalg;

import dev.cubed.block.Block;
import dev.cubed.block.DataType;
import dev.cubed.block.TypePromotion;
import dev.cubed.block.Value;
import dev.cubed.kernel.Kernel;
import dev.cubed.kernel.KernelArgs;
import dev.cubed.kernel.Params;
import dev.cubed.kernel.Shapes;
import dev.cubed.kernel.elementwise.ElementwiseKernels;
import dev.cubed.kernel.reduction.Reduction;
import dev.cubed.kernel.reduction.ReductionKernels;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Linear algebra kernels:
 * <ul>
 *   <li>{@code matmul}: inputs a, b and optionally c; {@code a @ b + c} (see {@link Matmul});</li>
 *   <li>{@code vecdot}: inputs x1, x2 and optionally c, parameter {@code axis} (default -1):
 *       the sum over that axis of {@code x1 * x2}, broadcast together, plus c; the result has the
 *       promoted type (float sums accumulate in float64);</li>
 *   <li>{@code outer}: 1-d inputs x1 (m) and x2 (n); the (m, n) products.</li>
 * </ul>
 */
public final class LinalgKernels {

    private LinalgKernels() {
    }

    public static Map<String, Kernel> kernels() {
        Map<String, Kernel> m = new LinkedHashMap<>();
        m.put(Matmul.NAME, LinalgKernels::matmul);
        m.put("vecdot", LinalgKernels::vecdot);
        m.put("outer", LinalgKernels::outer);
        return Collections.unmodifiableMap(m);
    }

    private static Value matmul(KernelArgs args) {
        int n = accumulatorArity("matmul", args);
        Block a = args.block(0);
        Block b = args.block(1);
        Shapes.checkOutput(Matmul.NAME, Matmul.resultShape(Matmul.NAME, a.shape(), b.shape()), args);
        return Matmul.matmul(a, b, n == 3 ? args.block(2) : null);
    }

    private static int accumulatorArity(String kernel, KernelArgs args) {
        int n = args.count();
        if (n != 2 && n != 3) {
            throw new IllegalArgumentException("kernel '" + kernel + "' takes two inputs and an optional accumulator, got "
                    + n + " inputs");
        }
        Shapes.checkInputCount(kernel, args, n);
        return n;
    }

    private static Value vecdot(KernelArgs args) {
        int count = accumulatorArity("vecdot", args);
        Block x1 = args.block(0);
        Block x2 = args.block(1);
        int axis = args.params().has("axis") ? args.params().getInt("axis") : -1;
        int[] shape = Shapes.broadcast("vecdot", x1.shape(), x2.shape());
        int nd = shape.length;
        int ax = axis < 0 ? axis + nd : axis;
        if (nd == 0 || ax < 0 || ax >= nd) {
            throw new IllegalArgumentException("kernel 'vecdot': axis " + axis + " is out of range for inputs broadcast to "
                    + Arrays.toString(shape));
        }
        int[] out = new int[nd - 1];
        for (int i = 0, j = 0; i < nd; i++) {
            if (i != ax) {
                out[j++] = shape[i];
            }
        }
        Shapes.checkOutput("vecdot", out, args);
        DataType t = TypePromotion.resultType(x1.dtype(), x2.dtype());
        if (t.isBool()) {
            throw new IllegalArgumentException("kernel 'vecdot' does not accept bool inputs");
        }
        Block product = ElementwiseKernels.binary("multiply").apply(x1, x2);
        Reduction sum = ReductionKernels.reduction("sum");
        Params p = Params.builder().put("dtype", t).build();
        Block r = (Block) sum.aggregate(sum.initial(product, new int[] {ax}, new long[nd], p), p);
        r = r.reshape(out);
        if (count == 3) {
            r = ElementwiseKernels.astype(ElementwiseKernels.binary("add").apply(r, args.block(2)), t);
            if (!Arrays.equals(r.shape(), out)) {
                throw new IllegalArgumentException("kernel 'vecdot': the accumulator of shape "
                        + Arrays.toString(args.block(2).shape()) + " does not match the result shape " + Arrays.toString(out));
            }
        }
        return r;
    }

    private static Value outer(KernelArgs args) {
        Shapes.checkInputCount("outer", args, 2);
        Block x1 = args.block(0);
        Block x2 = args.block(1);
        if (x1.ndim() != 1 || x2.ndim() != 1) {
            throw new IllegalArgumentException("kernel 'outer' takes two 1-d inputs, got shapes "
                    + Arrays.toString(x1.shape()) + " and " + Arrays.toString(x2.shape()));
        }
        int[] out = {x1.shape(0), x2.shape(0)};
        Shapes.checkOutput("outer", out, args);
        return ElementwiseKernels.binary("multiply").apply(x1.reshape(out[0], 1), x2.reshape(1, out[1]));
    }
}
