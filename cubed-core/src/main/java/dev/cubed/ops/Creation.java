package dev.cubed.ops;

import dev.cubed.block.Block;
import dev.cubed.block.DataType;
import dev.cubed.block.ValueType;
import dev.cubed.kernel.Params;
import dev.cubed.plan.ArrayNode;
import dev.cubed.primitive.ChunkGrid;
import dev.cubed.primitive.VirtualArray;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

/**
 * Arrays defined by a formula: constants, ranges, seeded random numbers and small embedded data.
 * They are virtual: no task stores them, every chunk is computed where it is read.
 */
public final class Creation {
    /** Largest in-memory array embedded in a plan (larger ones are stored before computing). */
    public static final long MAX_EMBEDDED_BYTES = 1_000_000;

    private Creation() {
    }

    public static ArrayNode full(long[] shape, int[] chunks, Number value, DataType dtype) {
        Params p = Params.builder().put("dtype", dtype).put("value", toJsonNumber(value, dtype)).build();
        return virtual(shape, chunks, dtype, "full", p);
    }

    /** A 0-d virtual array: how scalar operands enter block functions. */
    public static ArrayNode scalar(Number value, DataType dtype) {
        return full(new long[0], new int[0], value, dtype);
    }

    /** {@code start, start + step, ...} below {@code stop}, like NumPy's arange. */
    public static ArrayNode arange(double start, double stop, double step, DataType dtype, int chunk) {
        if (step == 0) {
            throw new IllegalArgumentException("arange step must not be zero");
        }
        long n = (long) Math.max(0, Math.ceil((stop - start) / step));
        Params p = Params.builder().put("dtype", dtype).put("start", start).put("step", step).build();
        return virtual(new long[] {n}, new int[] {chunk}, dtype, "arange", p);
    }

    /** Uniform random numbers in [low, high): each chunk a pure function of (seed, chunk coordinates). */
    public static ArrayNode randomUniform(long[] shape, int[] chunks, long seed, double low, double high,
                                          DataType dtype) {
        checkFloat(dtype, "random");
        Params p = Params.builder().put("dtype", dtype).put("seed", seed).put("low", low).put("high", high).build();
        return virtual(shape, chunks, dtype, "random.uniform", p);
    }

    /** Normal random numbers: each chunk a pure function of (seed, chunk coordinates). */
    public static ArrayNode randomNormal(long[] shape, int[] chunks, long seed, double loc, double scale,
                                         DataType dtype) {
        checkFloat(dtype, "random");
        Params p = Params.builder().put("dtype", dtype).put("seed", seed).put("loc", loc).put("scale", scale).build();
        return virtual(shape, chunks, dtype, "random.normal", p);
    }

    /** A small in-memory block carried in the plan itself; {@link #MAX_EMBEDDED_BYTES} at most. */
    public static ArrayNode embedded(Block block, int[] chunks) {
        if (block.nbytes() > MAX_EMBEDDED_BYTES) {
            throw new IllegalArgumentException("a block of " + block.nbytes() + " bytes is too large to embed in a plan");
        }
        Block b = block.compact();
        ByteBuffer buf = ByteBuffer.allocate((int) b.nbytes()).order(ByteOrder.LITTLE_ENDIAN);
        Object data = b.data();
        switch (b.dtype()) {
            case BOOL, INT8, UINT8 -> buf.put((byte[]) data);
            case INT16, UINT16 -> buf.asShortBuffer().put((short[]) data);
            case INT32, UINT32 -> buf.asIntBuffer().put((int[]) data);
            case INT64, UINT64 -> buf.asLongBuffer().put((long[]) data);
            case FLOAT32 -> buf.asFloatBuffer().put((float[]) data);
            case FLOAT64 -> buf.asDoubleBuffer().put((double[]) data);
        }
        long[] shape = new long[b.ndim()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = b.shape(i);
        }
        Params p = Params.builder().put("dtype", b.dtype()).put("shape", shape)
                .put("data", Base64.getEncoder().encodeToString(buf.array())).build();
        return virtual(shape, chunks, b.dtype(), "embedded", p);
    }

    public static ArrayNode virtual(long[] shape, int[] chunks, DataType dtype, String kernel, Params params) {
        ChunkGrid grid = new ChunkGrid(shape, Chunks.normalize(shape, chunks));
        return ArrayNode.of(new VirtualArray(grid, ValueType.plain(dtype), kernel, params));
    }

    private static void checkFloat(DataType dtype, String what) {
        if (!dtype.isFloat()) {
            throw new IllegalArgumentException(what + " arrays are float32 or float64, not " + dtype);
        }
    }

    /** The value as JSON wants it for the data type: integers exact (uint64 beyond Long.MAX too). */
    private static com.fasterxml.jackson.databind.JsonNode toJsonNumber(Number value, DataType dtype) {
        var f = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
        if (dtype.isBool()) {
            return f.booleanNode(value.doubleValue() != 0);
        }
        if (dtype.isFloat() || value instanceof Double || value instanceof Float) {
            double d = value.doubleValue();
            if (Double.isNaN(d)) {
                return f.textNode("NaN");
            }
            if (Double.isInfinite(d)) {
                return f.textNode(d > 0 ? "Infinity" : "-Infinity");
            }
            return f.numberNode(d);
        }
        if (value instanceof java.math.BigInteger bi) {
            return f.numberNode(bi);
        }
        return f.numberNode(value.longValue());
    }
}
