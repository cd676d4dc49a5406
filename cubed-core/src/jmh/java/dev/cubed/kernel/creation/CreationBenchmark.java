package dev.cubed.kernel.creation;

import dev.cubed.kernel.Kernel;
import dev.cubed.kernel.KernelCall;
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

import java.util.concurrent.TimeUnit;

/** Random blocks of 1,000,000 float64 values, one thread. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class CreationBenchmark {
    Kernel uniform;
    Kernel normal;
    KernelCall call;

    @Setup
    public void setup() {
        uniform = CreationKernels.kernels().get("random.uniform");
        normal = CreationKernels.kernels().get("random.normal");
        call = KernelCall.builder().params(Params.builder().put("seed", 1).build()).outputShape(1000, 1000)
                .outputChunkCoords(3, 4).build();
    }

    @Benchmark
    public Object uniform() {
        return uniform.apply(call);
    }

    @Benchmark
    public Object normal() {
        return normal.apply(call);
    }
}
