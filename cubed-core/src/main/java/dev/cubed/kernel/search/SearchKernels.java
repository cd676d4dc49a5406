package dev.cubed.kernel.search;

import dev.cubed.block.Block;
import dev.cubed.block.DataType;
import dev.cubed.block.TypePromotion;
import dev.cubed.block.Value;
import dev.cubed.kernel.Kernel;
import dev.cubed.kernel.KernelArgs;
import dev.cubed.kernel.Shapes;
import dev.cubed.kernel.elementwise.ElementwiseKernels;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code searchsorted.blocks}: input 0 is the sequence of blocks of a sorted 1-d array x1, read one
 * at a time; input 1 a block of values x2. The result (int64, x2's block shape) is, for each value,
 * the number of elements of x1 that sort before it: strictly less for param {@code side}
 * {@code "left"} (the default), less or equal for {@code "right"}. That count is the insertion
 * index NumPy's {@code searchsorted} returns, summed block by block with a binary search in each.
 * NaN sorts after every number, as in NumPy's sort order.
 */
public final class SearchKernels {
    private SearchKernels() {
    }

    public static Map<String, Kernel> kernels() {
        Map<String, Kernel> m = new LinkedHashMap<>();
        m.put("searchsorted.blocks", SearchKernels::searchsorted);
        return m;
    }

    private static Value searchsorted(KernelArgs args) {
        if (args.count() != 2 || !args.isMany(0) || args.isMany(1)) {
            throw new IllegalArgumentException("kernel 'searchsorted.blocks' takes the blocks of x1 and one block of x2");
        }
        boolean right = args.params().has("side") && args.params().getString("side").equals("right");
        Block values = args.block(1);
        Shapes.checkOutput("searchsorted.blocks", values.shape(), args);
        long[] counts = new long[values.size()];
        DataType v = values.dtype();
        boolean asDouble = true;
        boolean unsigned = false;
        Block vals = null;
        for (Value item : args.many(0)) {
            Block sorted = (Block) item;
            if (sorted.ndim() != 1) {
                throw new IllegalArgumentException("kernel 'searchsorted.blocks': x1 must be 1-d, got a block of "
                        + sorted.ndim() + " axes");
            }
            if (vals == null) {
                DataType common = TypePromotion.resultType(sorted.dtype(), v);
                asDouble = common.isFloat() || common.isBool();
                unsigned = common == DataType.UINT64;
                DataType work = asDouble ? DataType.FLOAT64 : (unsigned ? DataType.UINT64 : DataType.INT64);
                vals = ElementwiseKernels.astype(values, work).compact();
            }
            if (asDouble) {
                double[] s = (double[]) ElementwiseKernels.astype(sorted, DataType.FLOAT64).compact().data();
                double[] q = (double[]) vals.data();
                for (int i = 0; i < q.length; i++) {
                    counts[i] += right ? upperBound(s, q[i]) : lowerBound(s, q[i]);
                }
            } else {
                long[] s = (long[]) ElementwiseKernels.astype(sorted, unsigned ? DataType.UINT64 : DataType.INT64)
                        .compact().data();
                long[] q = (long[]) vals.data();
                for (int i = 0; i < q.length; i++) {
                    counts[i] += bound(s, q[i], right, unsigned);
                }
            }
        }
        return Block.wrap(DataType.INT64, counts, values.shape());
    }

    /** NaN-last order: a sorts strictly before b. */
    private static boolean before(double a, double b) {
        if (Double.isNaN(a)) {
            return false;
        }
        return Double.isNaN(b) || a < b;
    }

    /** Elements strictly before {@code v}. */
    private static int lowerBound(double[] s, double v) {
        int lo = 0;
        int hi = s.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (before(s[mid], v)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Elements not after {@code v}. */
    private static int upperBound(double[] s, double v) {
        int lo = 0;
        int hi = s.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (!before(v, s[mid])) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static int bound(long[] s, long v, boolean right, boolean unsigned) {
        int lo = 0;
        int hi = s.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            int c = unsigned ? Long.compareUnsigned(s[mid], v) : Long.compare(s[mid], v);
            if (c < 0 || (right && c == 0)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
