package dev.cubed.kernel.elementwise;

import dev.cubed.block.Block;
import dev.cubed.kernel.Kernel;
import dev.cubed.kernel.KernelCall;
import dev.cubed.kernel.KernelRegistry;
import dev.cubed.kernel.Params;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Element-wise and reduction kernels on 1000 x 1000 float64 blocks (8 MB each), one thread,
 * against a plain loop over the arrays as the floor: how much the engine's generality costs on the
 * fast path, with a scalar, and on a transposed (strided) input.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx2g"})
public class ElementwiseBenchmark {
    static final int N = 1000;

    double[] x;
    double[] y;
    double[] out;
    Block a;
    Block b;
    Block scalar;
    Block transposed;
    Block af32;
    Kernel add;
    Kernel less;
    Kernel sin;
    Kernel sumInitial;
    KernelCall addCall;
    KernelCall addScalarCall;
    KernelCall addTransposedCall;
    KernelCall addFloat32Call;
    KernelCall lessCall;
    KernelCall sinCall;
    KernelCall sumRowsCall;
    KernelCall sumColumnsCall;

    @Setup
    public void setup() {
        SplittableRandom r = new SplittableRandom(2);
        x = new double[N * N];
        y = new double[N * N];
        float[] xf = new float[N * N];
        out = new double[N * N];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextDouble();
            y[i] = r.nextDouble();
            xf[i] = (float) x[i];
        }
        a = Block.of(x, N, N);
        b = Block.of(y, N, N);
        af32 = Block.of(xf, N, N);
        scalar = Block.scalar(dev.cubed.block.DataType.FLOAT64, 2.5);
        transposed = b.transpose(1, 0);
        KernelRegistry reg = KernelRegistry.load();
        add = reg.get("add");
        less = reg.get("less");
        sin = reg.get("sin");
        sumInitial = reg.get("sum.initial");
        addCall = KernelCall.builder().input(a).input(b).outputShape(N, N).build();
        addScalarCall = KernelCall.builder().input(a).input(scalar).outputShape(N, N).build();
        addTransposedCall = KernelCall.builder().input(a).input(transposed).outputShape(N, N).build();
        addFloat32Call = KernelCall.builder().input(af32).input(af32).outputShape(N, N).build();
        lessCall = KernelCall.builder().input(a).input(b).outputShape(N, N).build();
        sinCall = KernelCall.builder().input(a).outputShape(N, N).build();
        sumRowsCall = KernelCall.builder().input(a).params(Params.builder().put("axes", new int[] {1}).build())
                .outputShape(N, 1).build();
        sumColumnsCall = KernelCall.builder().input(a).params(Params.builder().put("axes", new int[] {0}).build())
                .outputShape(1, N).build();
    }

    /** The floor: a plain loop into a fresh array, as the kernel must allocate its result. */
    @Benchmark
    public double[] plainLoopAdd() {
        double[] o = new double[N * N];
        for (int i = 0; i < o.length; i++) {
            o[i] = x[i] + y[i];
        }
        return o;
    }

    @Benchmark
    public Object addCompact() {
        return add.apply(addCall);
    }

    @Benchmark
    public Object addScalar() {
        return add.apply(addScalarCall);
    }

    @Benchmark
    public Object addTransposed() {
        return add.apply(addTransposedCall);
    }

    @Benchmark
    public Object addFloat32() {
        return add.apply(addFloat32Call);
    }

    @Benchmark
    public Object lessCompact() {
        return less.apply(lessCall);
    }

    @Benchmark
    public Object sinCompact() {
        return sin.apply(sinCall);
    }

    @Benchmark
    public Object sumRows() {
        return sumInitial.apply(sumRowsCall);
    }

    @Benchmark
    public Object sumColumns() {
        return sumInitial.apply(sumColumnsCall);
    }
}
