package dev.cubed.kernel.reduction;

import dev.cubed.block.Block;
import dev.cubed.block.DataType;
import dev.cubed.block.NamedBlocks;
import dev.cubed.block.Value;
import dev.cubed.block.ValueType;
import dev.cubed.kernel.Params;
import dev.cubed.kernel.elementwise.Casts;
import dev.cubed.kernel.elementwise.Domain;

import java.util.Arrays;

/**
 * {@code argmax} and {@code argmin} along one axis. Intermediates carry the best {@code value}
 * (input type) and its {@code index} (int64) along the axis in the whole array: the block's
 * origin on that axis plus the local position. As in NumPy, ties go to the first occurrence and
 * NaN beats every number (the first NaN wins). The result is the int64 index.
 *
 * <p>Combining compares values and breaks ties (equal values, or both NaN) by the smaller index,
 * so any grouping of blocks gives the index NumPy gives. An empty block carries index -1, which
 * combining ignores.
 */
record ArgReduction(String name, boolean max) implements Reduction {
    static final String VALUE = "value";
    static final String INDEX = "index";

    @Override
    public DataType resultType(DataType input, Params params) {
        return DataType.INT64;
    }

    @Override
    public ValueType intermediateType(DataType input, Params params) {
        return ValueType.fields(VALUE, input, INDEX, DataType.INT64);
    }

    @Override
    public Params resolve(DataType input, Params params) {
        return params;
    }

    private static Domain domain(DataType t) {
        return t.isFloat() ? Domain.DOUBLE : (t == DataType.UINT64 ? Domain.ULONG : Domain.LONG);
    }

    @Override
    public Value initial(Block block, int[] axes, long[] origin, Params params) {
        String k = name + ".initial";
        if (axes.length != 1) {
            throw new IllegalArgumentException("kernel '" + k + "' reduces exactly one axis, got axes "
                    + Arrays.toString(axes) + " (reshape to one axis first to reduce several)");
        }
        AxisIteration it = new AxisIteration(k, block, axes);
        int axis = axes[0] < 0 ? axes[0] + block.ndim() : axes[0];
        if (origin.length != block.ndim()) {
            throw new IllegalArgumentException("kernel '" + k + "': origin " + Arrays.toString(origin) + " has "
                    + origin.length + " axes but the block has " + block.ndim());
        }
        int n = it.outSize();
        long[] index = new long[n];
        Arrays.fill(index, -1L);
        DataType t = block.dtype();
        Domain d = domain(t);
        Object best = d.allocate(n);
        it.forEach(d, d == Domain.DOUBLE ? doubles((double[]) best, index)
                : longs((long[]) best, index, d == Domain.ULONG));
        long base = origin[axis];
        for (int i = 0; i < n; i++) {
            if (index[i] >= 0) {
                index[i] += base;
            }
        }
        Block value = Block.allocate(t, it.keepShape());
        Casts.scatter(d, best, 0, n, t, value.data(), 0);
        return NamedBlocks.of(VALUE, value, INDEX, Block.wrap(DataType.INT64, index, it.keepShape()));
    }

    private AxisIteration.Visitor doubles(double[] best, long[] index) {
        boolean mx = max;
        return new AxisIteration.Visitor() {
            @Override
            public void run(int out, int reducedStart, Object data, int off, int n) {
                double[] a = (double[]) data;
                double b = best[out];
                long bi = index[out];
                for (int i = 0; i < n; i++) {
                    double x = a[off + i];
                    if (bi < 0 || better(x, b, mx)) {
                        b = x;
                        bi = reducedStart + i;
                    }
                }
                best[out] = b;
                index[out] = bi;
            }

            @Override
            public void row(int outStart, int reduced, Object data, int off, int n) {
                double[] a = (double[]) data;
                for (int i = 0; i < n; i++) {
                    double x = a[off + i];
                    int o = outStart + i;
                    if (index[o] < 0 || better(x, best[o], mx)) {
                        best[o] = x;
                        index[o] = reduced;
                    }
                }
            }
        };
    }

    /** Strictly better: larger (smaller), or NaN against a number. Equal values keep the earlier one. */
    static boolean better(double x, double b, boolean max) {
        if (b != b) {
            return false;
        }
        if (x != x) {
            return true;
        }
        return max ? x > b : x < b;
    }

    private AxisIteration.Visitor longs(long[] best, long[] index, boolean unsigned) {
        boolean mx = max;
        return new AxisIteration.Visitor() {
            @Override
            public void run(int out, int reducedStart, Object data, int off, int n) {
                long[] a = (long[]) data;
                long b = best[out];
                long bi = index[out];
                for (int i = 0; i < n; i++) {
                    long x = a[off + i];
                    if (bi < 0 || better(x, b, mx, unsigned)) {
                        b = x;
                        bi = reducedStart + i;
                    }
                }
                best[out] = b;
                index[out] = bi;
            }

            @Override
            public void row(int outStart, int reduced, Object data, int off, int n) {
                long[] a = (long[]) data;
                for (int i = 0; i < n; i++) {
                    long x = a[off + i];
                    int o = outStart + i;
                    if (index[o] < 0 || better(x, best[o], mx, unsigned)) {
                        best[o] = x;
                        index[o] = reduced;
                    }
                }
            }
        };
    }

    static boolean better(long x, long b, boolean max, boolean unsigned) {
        int c = unsigned ? Long.compareUnsigned(x, b) : Long.compare(x, b);
        return max ? c > 0 : c < 0;
    }

    @Override
    public Value combine(Value a, Value b, Params params) {
        String k = name + ".combine";
        NamedBlocks x = Intermediates.fields(k, a, VALUE, INDEX);
        NamedBlocks y = Intermediates.fields(k, b, VALUE, INDEX);
        Intermediates.sameShape(k, x, y);
        DataType t = x.get(VALUE).dtype();
        if (y.get(VALUE).dtype() != t) {
            throw new IllegalArgumentException("kernel '" + k + "' combines values of one type, got " + t + " and "
                    + y.get(VALUE).dtype());
        }
        Domain d = domain(t);
        Block xv = x.get(VALUE).compact();
        Block yv = y.get(VALUE).compact();
        int n = xv.size();
        Object va = d.allocate(n);
        Object vb = d.allocate(n);
        Casts.gather(t, xv.data(), 0, 1, n, d, va);
        Casts.gather(t, yv.data(), 0, 1, n, d, vb);
        long[] ia = (long[]) Intermediates.compactAs(x.get(INDEX), DataType.INT64).data();
        long[] ib = (long[]) Intermediates.compactAs(y.get(INDEX), DataType.INT64).data();
        Object value = d.allocate(n);
        long[] index = new long[n];
        boolean unsigned = d == Domain.ULONG;
        for (int i = 0; i < n; i++) {
            boolean takeB;
            if (ia[i] < 0 || ib[i] < 0) {
                takeB = ia[i] < 0;
            } else if (d == Domain.DOUBLE) {
                double p = ((double[]) va)[i];
                double q = ((double[]) vb)[i];
                takeB = better(q, p, max) || (!better(p, q, max) && ib[i] < ia[i]);
            } else {
                long p = ((long[]) va)[i];
                long q = ((long[]) vb)[i];
                takeB = better(q, p, max, unsigned) || (!better(p, q, max, unsigned) && ib[i] < ia[i]);
            }
            index[i] = takeB ? ib[i] : ia[i];
            System.arraycopy(takeB ? vb : va, i, value, i, 1);
        }
        Block valueBlock = Block.allocate(t, xv.shape());
        Casts.scatter(d, value, 0, n, t, valueBlock.data(), 0);
        return NamedBlocks.of(VALUE, valueBlock, INDEX, Block.wrap(DataType.INT64, index, xv.shape()));
    }

    @Override
    public Value aggregate(Value intermediate, Params params) {
        NamedBlocks x = Intermediates.fields(name + ".aggregate", intermediate, VALUE, INDEX);
        return Intermediates.compactAs(x.get(INDEX), DataType.INT64);
    }
}
