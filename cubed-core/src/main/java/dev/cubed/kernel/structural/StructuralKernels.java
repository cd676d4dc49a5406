package dev.cubed.kernel.structural;

import dev.cubed.block.Block;
import dev.cubed.block.DataType;
import dev.cubed.block.NamedBlocks;
import dev.cubed.block.Value;
import dev.cubed.kernel.Kernel;
import dev.cubed.kernel.KernelArgs;
import dev.cubed.kernel.KernelProvider;
import dev.cubed.kernel.Params;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Kernels the planner's own operations use: reshaping a block to the plan's block shape, slicing
 * small arrays embedded in a plan, accumulating chunked matrix and tensor products, and the
 * manipulation kernels of {@link ManipulationKernels}.
 */
public final class StructuralKernels implements KernelProvider {

    @Override
    public Map<String, Kernel> kernels() {
        Map<String, Kernel> m = new LinkedHashMap<>();
        m.put("reshape", StructuralKernels::reshape);
        m.put("embedded", StructuralKernels::embedded);
        m.put("matmul.blocks", dev.cubed.kernel.linalg.BlockMatmul::apply);
        m.put("tensordot.blocks", dev.cubed.kernel.linalg.BlockTensordot::apply);
        m.putAll(ManipulationKernels.kernels());
        return m;
    }

    /** The input's elements in C order, in the output block's shape (drops or adds length-1 axes). */
    static Value reshape(KernelArgs args) {
        int[] shape = args.outputBlockShape();
        Value v = args.value(0);
        if (v instanceof Block b) {
            return b.reshape(shape).compact();
        }
        Map<String, Block> out = new LinkedHashMap<>();
        ((NamedBlocks) v).fields().forEach((k, b) -> out.put(k, b.reshape(shape).compact()));
        return new NamedBlocks(out);
    }

    /**
     * The region of an array embedded in the parameters ({@code dtype}, {@code shape}, and
     * {@code data}: little-endian bytes in C order, base64) that the output block covers.
     */
    static Value embedded(KernelArgs args) {
        Params p = args.params();
        DataType dtype = p.getDataType("dtype");
        long[] fullShape = p.getLongArray("shape");
        int[] full = new int[fullShape.length];
        for (int i = 0; i < full.length; i++) {
            full[i] = (int) fullShape[i];
        }
        byte[] bytes = Base64.getDecoder().decode(p.getString("data"));
        Block whole = decode(dtype, bytes, full);
        long[] origin = args.outputOrigin();
        int[] shape = args.outputBlockShape();
        int[] start = new int[shape.length];
        int[] stop = new int[shape.length];
        for (int i = 0; i < shape.length; i++) {
            start[i] = (int) origin[i];
            stop[i] = start[i] + shape[i];
        }
        return whole.slice(start, stop).copy();
    }

    private static Block decode(DataType dtype, byte[] bytes, int[] shape) {
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        Block b = Block.allocate(dtype, shape);
        Object data = b.data();
        switch (dtype) {
            case BOOL, INT8, UINT8 -> buf.get((byte[]) data);
            case INT16, UINT16 -> buf.asShortBuffer().get((short[]) data);
            case INT32, UINT32 -> buf.asIntBuffer().get((int[]) data);
            case INT64, UINT64 -> buf.asLongBuffer().get((long[]) data);
            case FLOAT32 -> buf.asFloatBuffer().get((float[]) data);
            case FLOAT64 -> buf.asDoubleBuffer().get((double[]) data);
        }
        return b;
    }
}
