package dev.cubed.kernel;

import dev.cubed.block.Block;
import dev.cubed.block.DataType;
import dev.cubed.block.Value;

import java.util.Map;

/** The user kernel example of docs/kernels.md, registered through the test class path's ServiceLoader file. */
public final class ExampleKernelProvider implements KernelProvider {
    @Override
    public Map<String, Kernel> kernels() {
        return Map.of("example.clamp01", ExampleKernelProvider::clamp01);
    }

    /** Clamps a block to [0, 1] as float64. */
    private static Value clamp01(KernelArgs args) {
        Block x = args.block(0).astype(DataType.FLOAT64).compact();
        Shapes.checkOutput("example.clamp01", x.shape(), args);
        double[] in = (double[]) x.data();
        double[] out = new double[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = Math.min(Math.max(in[i], 0.0), 1.0);
        }
        return Block.wrap(DataType.FLOAT64, out, x.shape());
    }
}
