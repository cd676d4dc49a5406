package dev.cubed.array;

import dev.cubed.block.Block;
import dev.cubed.block.DataType;

import java.util.Arrays;

/** Straightforward element-by-element computations to check chunked results against. */
final class Reference {
    private Reference() {
    }

    static Block binary(String op, Block a, Block b) {
        int[] as = a.shape();
        int[] bs = b.shape();
        int nd = Math.max(as.length, bs.length);
        int[] out = new int[nd];
        for (int i = 0; i < nd; i++) {
            int x = i - (nd - as.length) >= 0 ? as[i - (nd - as.length)] : 1;
            int y = i - (nd - bs.length) >= 0 ? bs[i - (nd - bs.length)] : 1;
            out[i] = x == 1 ? y : x;
        }
        boolean bool = op.equals("less") || op.equals("equal") || op.equals("greater_equal");
        Block r = Block.allocate(bool ? DataType.BOOL : DataType.FLOAT64, out);
        int[] idx = new int[nd];
        for (int f = 0; f < r.size(); f++) {
            unravel(f, out, idx);
            double x = a.getDouble(broadcastIndex(idx, as));
            double y = b.getDouble(broadcastIndex(idx, bs));
            double v = switch (op) {
                case "add" -> x + y;
                case "subtract" -> x - y;
                case "multiply" -> x * y;
                case "divide" -> x / y;
                case "less" -> x < y ? 1 : 0;
                case "equal" -> x == y ? 1 : 0;
                case "greater_equal" -> x >= y ? 1 : 0;
                default -> throw new IllegalArgumentException(op);
            };
            r.setDoubleAt(f, v);
        }
        return r;
    }

    /** Reduction of {@code a} over {@code axes}, with the array API's result types. */
    static Block reduce(String name, Block a, int[] axes, boolean keepdims) {
        int[] shape = a.shape();
        boolean[] red = new boolean[shape.length];
        for (int x : axes) {
            red[x] = true;
        }
        int[] kept = new int[shape.length];
        for (int i = 0; i < shape.length; i++) {
            kept[i] = red[i] ? 1 : shape[i];
        }
        DataType t = a.dtype();
        DataType rt = switch (name) {
            case "sum", "prod" -> t.isFloat() ? t : (t.isUnsigned() ? DataType.UINT64 : DataType.INT64);
            case "mean" -> t.isFloat() ? t : DataType.FLOAT64;
            case "all", "any" -> DataType.BOOL;
            default -> t;
        };
        int n = Block.sizeOf(kept);
        double[] acc = new double[n];
        long[] lacc = new long[n];
        long[] count = new long[n];
        boolean[] nan = new boolean[n];
        for (int i = 0; i < n; i++) {
            acc[i] = switch (name) {
                case "prod", "all" -> 1;
                case "min" -> Double.POSITIVE_INFINITY;
                case "max" -> Double.NEGATIVE_INFINITY;
                default -> 0;
            };
            lacc[i] = switch (name) {
                case "prod" -> 1;
                case "min" -> Long.MAX_VALUE;
                case "max" -> Long.MIN_VALUE;
                default -> 0;
            };
        }
        int[] idx = new int[shape.length];
        int[] k = new int[shape.length];
        for (int f = 0; f < a.size(); f++) {
            unravel(f, shape, idx);
            for (int i = 0; i < shape.length; i++) {
                k[i] = red[i] ? 0 : idx[i];
            }
            int o = ravel(k, kept);
            double v = a.getDoubleAt(f);
            long lv = a.getLongAt(f);
            count[o]++;
            switch (name) {
                case "sum", "mean" -> {
                    acc[o] += v;
                    lacc[o] += lv;
                }
                case "prod" -> {
                    acc[o] *= v;
                    lacc[o] *= lv;
                }
                case "min" -> {
                    nan[o] |= Double.isNaN(v);
                    acc[o] = Math.min(acc[o], v);
                    lacc[o] = Math.min(lacc[o], lv);
                }
                case "max" -> {
                    nan[o] |= Double.isNaN(v);
                    acc[o] = Math.max(acc[o], v);
                    lacc[o] = Math.max(lacc[o], lv);
                }
                case "all" -> acc[o] = (acc[o] != 0 && v != 0) ? 1 : 0;
                case "any" -> acc[o] = (acc[o] != 0 || v != 0) ? 1 : 0;
                default -> throw new IllegalArgumentException(name);
            }
        }
        Block out = Block.allocate(rt, kept);
        for (int i = 0; i < n; i++) {
            if (name.equals("mean")) {
                out.setDoubleAt(i, count[i] == 0 ? Double.NaN : acc[i] / count[i]);
            } else if (rt.isFloat()) {
                out.setDoubleAt(i, nan[i] ? Double.NaN : acc[i]);
            } else if (rt.isBool()) {
                out.setLongAt(i, acc[i] != 0 ? 1 : 0);
            } else {
                out.setLongAt(i, lacc[i]);
            }
        }
        if (keepdims) {
            return out;
        }
        int[] squeezed = Arrays.stream(shape).filter(x -> true).toArray();
        int m = 0;
        for (int i = 0; i < shape.length; i++) {
            if (!red[i]) {
                squeezed[m++] = shape[i];
            }
        }
        return out.reshape(Arrays.copyOf(squeezed, m));
    }

    static int[] broadcastIndex(int[] outIdx, int[] shape) {
        int lead = outIdx.length - shape.length;
        int[] r = new int[shape.length];
        for (int i = 0; i < shape.length; i++) {
            r[i] = shape[i] == 1 ? 0 : outIdx[lead + i];
        }
        return r;
    }

    static void unravel(int flat, int[] shape, int[] idx) {
        for (int i = shape.length - 1; i >= 0; i--) {
            idx[i] = flat % shape[i];
            flat /= shape[i];
        }
    }

    static int ravel(int[] idx, int[] shape) {
        int f = 0;
        for (int i = 0; i < shape.length; i++) {
            f = f * shape[i] + idx[i];
        }
        return f;
    }
}
