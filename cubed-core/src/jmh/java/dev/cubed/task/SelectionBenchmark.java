package dev.cubed.task;

import dev.cubed.block.Block;
import dev.cubed.block.DataType;
import dev.cubed.block.Value;
import dev.cubed.kernel.KernelCall;
import dev.cubed.kernel.KernelRegistry;
import dev.cubed.kernel.Kernel;
import dev.cubed.kernel.Params;
import dev.cubed.primitive.AxisMap;
import dev.cubed.primitive.ChunkGrid;
import dev.cubed.primitive.RegionMap;
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

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The in-task cost of the array API's data movement on 1000 x 1000 float64 output blocks (8 MB),
 * one thread, chunks already in memory (no storage): region reads (flip, strided slice, take,
 * repeat) assembled from a 2000 x 2000 input in 1000 x 1000 chunks, the concat kernel, and the
 * block scan kernel, against a plain block copy and a plain running-sum loop as floors.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx2g"})
public class SelectionBenchmark {
    static final int N = 1000;

    ChunkGrid input;
    Map<String, Block> chunks;
    Block one;
    RegionMap.Orthogonal flip;
    RegionMap.Orthogonal strided;
    RegionMap.Orthogonal take;
    RegionMap.Orthogonal repeat;
    Block half;
    KernelCall scanCall;
    Kernel concat;
    Kernel scan;

    @Setup
    public void setup() {
        SplittableRandom r = new SplittableRandom(3);
        input = new ChunkGrid(new long[] {2 * N, 2 * N}, new int[] {N, N});
        chunks = new HashMap<>();
        for (long[] c : input.allCoords()) {
            double[] d = new double[N * N];
            for (int i = 0; i < d.length; i++) {
                d[i] = r.nextDouble();
            }
            chunks.put(c[0] + "," + c[1], Block.of(d, N, N));
        }
        one = chunks.get("0,0");
        flip = new RegionMap.Orthogonal(List.of(new AxisMap.Affine(2 * N - 1, -1), new AxisMap.Affine(2 * N - 1, -1)));
        strided = new RegionMap.Orthogonal(List.of(new AxisMap.Affine(0, 2), new AxisMap.Affine(1, 2)));
        long[] idx = new long[N];
        for (int i = 0; i < N; i++) {
            idx[i] = r.nextInt(2 * N);
        }
        take = new RegionMap.Orthogonal(List.of(AxisMap.Affine.identity(), new AxisMap.Listed(idx)));
        repeat = new RegionMap.Orthogonal(List.of(AxisMap.Affine.identity(), new AxisMap.Repeat(2)));
        KernelRegistry reg = KernelRegistry.load();
        concat = reg.get("concat");
        scan = reg.get("cumulative_sum");
        half = one.slice(new int[] {0, 0}, new int[] {N / 2, N});
        scanCall = KernelCall.builder().input(one).params(Params.builder().put("axis", 0)
                .put("dtype", DataType.FLOAT64).build()).outputShape(N, N).build();
    }

    private Block read(RegionMap.Orthogonal region, long[] origin) {
        Map<String, Block> out = new LinkedHashMap<>();
        out.put("", Block.allocate(DataType.FLOAT64, N, N));
        OrthogonalRead.read(region, input, origin, new int[] {N, N}, out,
                c -> (Value) chunks.get(c[0] + "," + c[1]));
        return out.get("");
    }

    @Benchmark
    public Block copyBaseline() {
        return one.copy();
    }

    @Benchmark
    public Block flipAcrossFourChunks() {
        return read(flip, new long[] {N / 2, N / 2});
    }

    @Benchmark
    public Block stridedSliceStep2() {
        return read(strided, new long[] {0, 0});
    }

    @Benchmark
    public Block takeRandomColumns() {
        return read(take, new long[] {0, 0});
    }

    @Benchmark
    public Block repeatColumnsTwice() {
        return read(repeat, new long[] {0, 0});
    }

    @Benchmark
    public Value concatKernelTwoHalves() {
        // a many-input is iterated once, so each call needs its own arguments (cheap to build)
        return KernelCall.builder().many(List.of(half), new long[] {0, 0}).many(List.of(half), new long[] {0, 0})
                .params(Params.builder().put("axis", 0).put("offsets", new long[] {0, N / 2})
                        .put("dtype", DataType.FLOAT64).build())
                .outputShape(N, N).build().applyTo(concat);
    }

    @Benchmark
    public double[] runningSumBaseline() {
        double[] a = (double[]) one.data();
        double[] o = new double[a.length];
        for (int j = 0; j < N; j++) {
            o[j] = a[j];
        }
        for (int i = 1; i < N; i++) {
            for (int j = 0; j < N; j++) {
                o[i * N + j] = o[(i - 1) * N + j] + a[i * N + j];
            }
        }
        return o;
    }

    @Benchmark
    public Value scanKernelAxis0() {
        return scanCall.applyTo(scan);
    }
}
