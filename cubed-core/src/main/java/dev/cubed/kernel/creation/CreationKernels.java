package dev.cubed.kernel.creation;

import dev.cubed.block.Block;
import dev.cubed.block.DataType;
import dev.cubed.block.TypePromotion;
import dev.cubed.block.Value;
import dev.cubed.kernel.Kernel;
import dev.cubed.kernel.KernelArgs;
import dev.cubed.kernel.Params;
import dev.cubed.kernel.ScalarParam;
import dev.cubed.kernel.elementwise.Casts;
import dev.cubed.kernel.elementwise.Domain;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Kernels that create blocks from nothing but their position: they take no inputs and use
 * {@link KernelArgs#outputBlockShape()}, {@link KernelArgs#outputOrigin()},
 * {@link KernelArgs#outputArrayShape()} and {@link KernelArgs#outputChunkCoords()}, so every
 * value depends only on where it sits in the array, never on how the array is chunked (random
 * values depend on the chunk, by design, see {@link ChunkRandom}).
 *
 * <ul>
 *   <li>{@code full}: {@code value} (number, true/false, or "NaN"/"Infinity"/"-Infinity"),
 *       {@code dtype} (default: bool for true/false, int64 for an integer, else float64). An integer
 *       value must fit an integer dtype.</li>
 *   <li>{@code arange}: 1-d; {@code start} (default 0), {@code step} (default 1), {@code dtype}
 *       (default int64 when start and step are integers, else float64). Element g of the array is
 *       {@code start + g * step}: exact (wrapping) in 64-bit integers for integer parameters and an
 *       integer dtype, else computed in float64 (a multiplication and an addition) and converted.</li>
 *   <li>{@code linspace}: 1-d; {@code start}, {@code stop}, {@code num} (default: the array's
 *       length), {@code endpoint} (default true), {@code dtype} (default float64). As NumPy: with
 *       {@code div = endpoint ? num - 1 : num} and {@code step = (stop - start) / div}, element g is
 *       {@code g * step + start} ({@code g / div * (stop - start) + start} if step is 0), the last
 *       element is exactly {@code stop} when endpoint; integer dtypes take the floor.</li>
 *   <li>{@code eye}: 2-d; {@code k} (default 0), {@code dtype} (default float64): 1 where
 *       {@code column - row == k}.</li>
 *   <li>{@code random.uniform}: {@code seed}, {@code low} (default 0), {@code high} (default 1),
 *       {@code dtype} float64 (default) or float32: {@code low + (high - low) * u} in float64 with u
 *       uniform on [0, 1) (53 bits; 24 bits for float32, then rounded), so values lie in
 *       [low, high), high being reachable only by rounding, as in NumPy.</li>
 *   <li>{@code random.normal}: {@code seed}, {@code loc} (default 0), {@code scale} (default 1),
 *       {@code dtype}: {@code loc + scale * z}, z from Marsaglia's polar method on pairs of float64
 *       uniforms u, v on (-1, 1) (rejecting s = u^2 + v^2 outside (0, 1)), giving
 *       {@code u * sqrt(-2 ln s / s)} then {@code v * sqrt(-2 ln s / s)} for consecutive elements, with
 *       {@link StrictMath} so the bits are the same on every platform.</li>
 * </ul>
 * Random values fill the block in C order from the chunk's stream ({@link ChunkRandom#forChunk}
 * with {@link KernelArgs#outputChunkCoords()}), so a block is a pure function of (seed, chunk
 * coordinates, block shape).
 */
public final class CreationKernels {

    private CreationKernels() {
    }

    public static Map<String, Kernel> kernels() {
        Map<String, Kernel> m = new LinkedHashMap<>();
        m.put("full", CreationKernels::full);
        m.put("arange", CreationKernels::arange);
        m.put("linspace", CreationKernels::linspace);
        m.put("eye", CreationKernels::eye);
        m.put("random.uniform", CreationKernels::uniform);
        m.put("random.normal", CreationKernels::normal);
        return Collections.unmodifiableMap(m);
    }

    private static void noInputs(String kernel, KernelArgs args) {
        if (args.count() != 0) {
            throw new IllegalArgumentException("kernel '" + kernel + "' takes no inputs but was given " + args.count());
        }
    }

    // ---------------------------------------------------------------- full

    private static Value full(KernelArgs args) {
        noInputs("full", args);
        Params p = args.params();
        boolean isBool = p.get("value").isBoolean();
        Number v = ScalarParam.get(p, "value");
        DataType dtype = p.has("dtype") ? p.getDataType("dtype")
                : isBool ? DataType.BOOL : ScalarParam.isFloating(v) ? DataType.FLOAT64 : DataType.INT64;
        if (dtype.isInteger() && !ScalarParam.isFloating(v) && !isBool && !TypePromotion.fits(dtype, v)) {
            throw new IllegalArgumentException("kernel 'full': value " + v + " is out of range for " + dtype
                    + "; choose a wider dtype");
        }
        return Block.full(dtype, v, args.outputBlockShape());
    }

    // ---------------------------------------------------------------- arange, linspace

    private static int oneDimension(String kernel, KernelArgs args) {
        int[] shape = args.outputBlockShape();
        if (shape.length != 1) {
            throw new IllegalArgumentException("kernel '" + kernel + "' creates 1-d arrays; the output block has shape "
                    + Arrays.toString(shape));
        }
        return shape[0];
    }

    private static Value arange(KernelArgs args) {
        noInputs("arange", args);
        int n = oneDimension("arange", args);
        long origin = args.outputOrigin()[0];
        Params p = args.params();
        Number start = p.has("start") ? ScalarParam.get(p, "start") : (Number) 0L;
        Number step = p.has("step") ? ScalarParam.get(p, "step") : (Number) 1L;
        boolean integral = !ScalarParam.isFloating(start) && !ScalarParam.isFloating(step);
        DataType dtype = p.has("dtype") ? p.getDataType("dtype") : integral ? DataType.INT64 : DataType.FLOAT64;
        if (integral && dtype.isIntegral()) {
            long s0 = bits(start);
            long st = bits(step);
            long[] v = new long[n];
            for (int i = 0; i < n; i++) {
                v[i] = s0 + (origin + i) * st;
            }
            return convert(Domain.LONG, v, dtype, n);
        }
        double s0 = start.doubleValue();
        double st = step.doubleValue();
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = s0 + (double) (origin + i) * st;
        }
        return convert(Domain.DOUBLE, v, dtype, n);
    }

    private static long bits(Number n) {
        return n instanceof BigInteger b ? b.longValue() : n.longValue();
    }

    private static Block convert(Domain d, Object values, DataType dtype, int n) {
        Block out = Block.allocate(dtype, n);
        Casts.scatter(d, values, 0, n, dtype, out.data(), 0);
        return out;
    }

    private static Value linspace(KernelArgs args) {
        noInputs("linspace", args);
        int n = oneDimension("linspace", args);
        long origin = args.outputOrigin()[0];
        Params p = args.params();
        double start = p.getDouble("start");
        double stop = p.getDouble("stop");
        long num = p.has("num") ? p.getLong("num") : args.outputArrayShape()[0];
        boolean endpoint = p.getBoolean("endpoint", true);
        DataType dtype = p.has("dtype") ? p.getDataType("dtype") : DataType.FLOAT64;
        double div = endpoint ? num - 1 : num;
        double delta = stop - start;
        double step = delta / div;
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            long g = origin + i;
            double y;
            if (div > 0) {
                y = step == 0 ? g / div * delta + start : g * step + start;
            } else {
                y = g * delta + start;
            }
            if (endpoint && num > 1 && g == num - 1) {
                y = stop;
            }
            v[i] = dtype.isFloat() ? y : Math.floor(y);
        }
        return convert(Domain.DOUBLE, v, dtype, n);
    }

    // ---------------------------------------------------------------- eye

    private static Value eye(KernelArgs args) {
        noInputs("eye", args);
        int[] shape = args.outputBlockShape();
        if (shape.length != 2) {
            throw new IllegalArgumentException("kernel 'eye' creates 2-d arrays; the output block has shape "
                    + Arrays.toString(shape));
        }
        Params p = args.params();
        long k = p.has("k") ? p.getLong("k") : 0;
        DataType dtype = p.has("dtype") ? p.getDataType("dtype") : DataType.FLOAT64;
        long[] origin = args.outputOrigin();
        Block out = Block.allocate(dtype, shape);
        for (int i = 0; i < shape[0]; i++) {
            long j = origin[0] + i + k - origin[1];
            if (j >= 0 && j < shape[1]) {
                out.setLongAt(i * shape[1] + (int) j, 1);
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- random

    private static DataType floatType(String kernel, Params p) {
        DataType dtype = p.has("dtype") ? p.getDataType("dtype") : DataType.FLOAT64;
        if (!dtype.isFloat()) {
            throw new IllegalArgumentException("kernel '" + kernel + "' creates float32 or float64 values, not " + dtype);
        }
        return dtype;
    }

    private static Value uniform(KernelArgs args) {
        noInputs("random.uniform", args);
        Params p = args.params();
        DataType dtype = floatType("random.uniform", p);
        double low = p.has("low") ? p.getDouble("low") : 0.0;
        double high = p.has("high") ? p.getDouble("high") : 1.0;
        double width = high - low;
        ChunkRandom r = ChunkRandom.forChunk(p.getLong("seed"), args.outputChunkCoords());
        Block out = Block.allocate(dtype, args.outputBlockShape());
        int n = out.size();
        if (dtype == DataType.FLOAT64) {
            double[] v = (double[]) out.data();
            for (int i = 0; i < n; i++) {
                v[i] = low + width * r.nextDouble();
            }
        } else {
            float[] v = (float[]) out.data();
            for (int i = 0; i < n; i++) {
                v[i] = (float) (low + width * r.nextFloat());
            }
        }
        return out;
    }

    private static Value normal(KernelArgs args) {
        noInputs("random.normal", args);
        Params p = args.params();
        DataType dtype = floatType("random.normal", p);
        double loc = p.has("loc") ? p.getDouble("loc") : 0.0;
        double scale = p.has("scale") ? p.getDouble("scale") : 1.0;
        ChunkRandom r = ChunkRandom.forChunk(p.getLong("seed"), args.outputChunkCoords());
        Block out = Block.allocate(dtype, args.outputBlockShape());
        int n = out.size();
        double[] pair = new double[2];
        for (int i = 0; i < n; i += 2) {
            polarPair(r, pair);
            for (int j = 0; j < 2 && i + j < n; j++) {
                double z = loc + scale * pair[j];
                if (dtype == DataType.FLOAT64) {
                    ((double[]) out.data())[i + j] = z;
                } else {
                    ((float[]) out.data())[i + j] = (float) z;
                }
            }
        }
        return out;
    }

    /** Two independent standard normal values by Marsaglia's polar method. */
    private static void polarPair(ChunkRandom r, double[] out) {
        double u;
        double v;
        double s;
        do {
            u = 2.0 * r.nextDouble() - 1.0;
            v = 2.0 * r.nextDouble() - 1.0;
            s = u * u + v * v;
        } while (s >= 1.0 || s == 0.0);
        double f = StrictMath.sqrt(-2.0 * StrictMath.log(s) / s);
        out[0] = u * f;
        out[1] = v * f;
    }
}
