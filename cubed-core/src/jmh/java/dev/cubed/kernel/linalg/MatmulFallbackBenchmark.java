package dev.cubed.kernel.linalg;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The float64 matmul kernel in a JVM without {@code --add-modules jdk.incubator.vector}: the
 * library falls back to its Java11BLAS, which is what a worker started without the flag gets.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Threads(1)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class MatmulFallbackBenchmark {

    @Benchmark
    public Object kernelFloat64WithoutVectorModule(MatmulBenchmark state) {
        return state.kernelFloat64();
    }
}
