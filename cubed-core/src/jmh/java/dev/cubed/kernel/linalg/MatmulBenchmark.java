package dev.cubed.kernel.linalg;

import dev.cubed.block.Block;
import dev.cubed.block.DataType;
import dev.cubed.kernel.Kernel;
import dev.cubed.kernel.KernelCall;
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
 * 1000 x 1000 matrix products on one thread: the matmul kernel (BLAS dgemm/sgemm through
 * dev.ludovic.netlib, VectorBLAS when jdk.incubator.vector is present) against this project's own
 * cache-blocked loop. GFLOPS = 2 * 1000^3 / (ms per op * 1e6).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx2g"})
public class MatmulBenchmark {
    static final int N = 1000;

    Block a64;
    Block b64;
    Block a32;
    Block b32;
    Block a64i;
    Block b64i;
    double[] c;
    Kernel matmul;
    KernelCall call64;
    KernelCall call32;
    KernelCall callInt;

    @Setup
    public void setup() {
        SplittableRandom r = new SplittableRandom(1);
        double[] a = new double[N * N];
        double[] b = new double[N * N];
        float[] af = new float[N * N];
        float[] bf = new float[N * N];
        long[] al = new long[N * N];
        long[] bl = new long[N * N];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextDouble();
            b[i] = r.nextDouble();
            af[i] = (float) a[i];
            bf[i] = (float) b[i];
            al[i] = r.nextInt(100);
            bl[i] = r.nextInt(100);
        }
        a64 = Block.of(a, N, N);
        b64 = Block.of(b, N, N);
        a32 = Block.of(af, N, N);
        b32 = Block.of(bf, N, N);
        a64i = Block.wrap(DataType.INT64, al, N, N);
        b64i = Block.wrap(DataType.INT64, bl, N, N);
        c = new double[N * N];
        matmul = LinalgKernels.kernels().get("matmul");
        call64 = KernelCall.builder().input(a64).input(b64).outputShape(N, N).build();
        call32 = KernelCall.builder().input(a32).input(b32).outputShape(N, N).build();
        callInt = KernelCall.builder().input(a64i).input(b64i).outputShape(N, N).build();
        System.err.println("BLAS implementation: " + Matmul.blas().getClass().getName());
    }

    @Benchmark
    public Object kernelFloat64() {
        return matmul.apply(call64);
    }

    @Benchmark
    public Object kernelFloat32() {
        return matmul.apply(call32);
    }

    @Benchmark
    public Object kernelInt64() {
        return matmul.apply(callInt);
    }

    @Benchmark
    public double[] ownBlockedFloat64() {
        java.util.Arrays.fill(c, 0);
        BlockedGemm.gemm((double[]) a64.data(), 0, N, (double[]) b64.data(), 0, N, c, 0, N, N, N, N);
        return c;
    }
}
