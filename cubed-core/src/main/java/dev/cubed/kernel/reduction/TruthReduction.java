package dev.cubed.kernel.reduction;

import dev.cubed.block.Block;
import dev.cubed.block.DataType;
import dev.cubed.block.Value;
import dev.cubed.block.ValueType;
import dev.cubed.kernel.Params;
import dev.cubed.kernel.elementwise.Domain;
import dev.cubed.kernel.elementwise.ElementwiseKernels;

import java.util.Arrays;

/**
 * Reductions of truth values, for every input type (non-zero is true, NaN included): {@code all}
 * and {@code any} give bool (an empty {@code all} is true, an empty {@code any} false), and
 * {@code count_nonzero} gives int64.
 */
record TruthReduction(String name, Kind kind) implements Reduction {
    enum Kind { ALL, ANY, COUNT }

    @Override
    public Number identity() {
        return kind == Kind.ALL ? 1 : 0;
    }

    @Override
    public DataType resultType(DataType input, Params params) {
        return kind == Kind.COUNT ? DataType.INT64 : DataType.BOOL;
    }

    @Override
    public ValueType intermediateType(DataType input, Params params) {
        return ValueType.plain(resultType(input, params));
    }

    @Override
    public Value initial(Block block, int[] axes, long[] origin, Params params) {
        AxisIteration it = new AxisIteration(name + ".initial", block, axes);
        if (kind == Kind.COUNT) {
            long[] count = new long[it.outSize()];
            it.forEach(Domain.BOOL, new AxisIteration.Visitor() {
                @Override
                public void run(int out, int reducedStart, Object data, int off, int n) {
                    byte[] a = (byte[]) data;
                    long c = 0;
                    for (int i = 0; i < n; i++) {
                        c += a[off + i] != 0 ? 1 : 0;
                    }
                    count[out] += c;
                }

                @Override
                public void row(int outStart, int reduced, Object data, int off, int n) {
                    byte[] a = (byte[]) data;
                    for (int i = 0; i < n; i++) {
                        count[outStart + i] += a[off + i] != 0 ? 1 : 0;
                    }
                }
            });
            return Block.wrap(DataType.INT64, count, it.keepShape());
        }
        boolean all = kind == Kind.ALL;
        byte[] acc = new byte[it.outSize()];
        if (all) {
            Arrays.fill(acc, (byte) 1);
        }
        it.forEach(Domain.BOOL, new AxisIteration.Visitor() {
            @Override
            public void run(int out, int reducedStart, Object data, int off, int n) {
                byte[] a = (byte[]) data;
                // the answer is settled once an element differs from the identity
                if ((acc[out] != 0) != all) {
                    return;
                }
                for (int i = 0; i < n; i++) {
                    if ((a[off + i] != 0) != all) {
                        acc[out] = (byte) (all ? 0 : 1);
                        return;
                    }
                }
            }

            @Override
            public void row(int outStart, int reduced, Object data, int off, int n) {
                byte[] a = (byte[]) data;
                if (all) {
                    for (int i = 0; i < n; i++) {
                        acc[outStart + i] = (byte) ((acc[outStart + i] != 0 & a[off + i] != 0) ? 1 : 0);
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        acc[outStart + i] = (byte) ((acc[outStart + i] != 0 | a[off + i] != 0) ? 1 : 0);
                    }
                }
            }
        });
        return Block.wrap(DataType.BOOL, acc, it.keepShape());
    }

    @Override
    public Value combine(Value a, Value b, Params params) {
        String k = name + ".combine";
        Block x = Intermediates.plain(k, a);
        Block y = Intermediates.plain(k, b);
        Intermediates.sameShape(k, x, y);
        String op = switch (kind) {
            case ALL -> "logical_and";
            case ANY -> "logical_or";
            case COUNT -> "add";
        };
        return ElementwiseKernels.binary(op).apply(x, y);
    }

    @Override
    public Value aggregate(Value intermediate, Params params) {
        Block x = Intermediates.plain(name + ".aggregate", intermediate);
        return ElementwiseKernels.astype(x, resultType(x.dtype(), params));
    }
}
