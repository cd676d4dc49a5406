package dev.cubed.it;

import dev.cubed.array.Cubed;
import dev.cubed.array.LazyArray;
import dev.cubed.array.Spec;
import dev.cubed.block.DataType;
import dev.cubed.kernel.testing.FaultInjectionKernels;
import dev.cubed.lambda.executor.LambdaExecutor;

import java.util.Map;

/**
 * The client {@code LambdaExecutorEndToEndTests} kills mid-operation and resumes in its own JVM: the
 * fault kernel over {@link #TASKS} inputs of {@link #TASK_SECONDS} each, {@link #IN_FLIGHT} at a time.
 * Both JVMs build the plan here, so they plan the same thing. It reaches Lambda and S3 through the
 * standard AWS variables alone ({@code AWS_ENDPOINT_URL_LAMBDA}, {@code AWS_ENDPOINT_URL_S3},
 * {@code AWS_REGION}, the keys), as {@code ./cubed} does after {@code cubed local-lambda}'s exports.
 */
final class ResumeClient {
    static final int TASKS = 30;
    static final int IN_FLIGHT = 3;
    static final double TASK_SECONDS = 0.3;

    private ResumeClient() {
    }

    static LazyArray build(Cubed cb, String counter) {
        return cb.mapBlocks("testing.fault", FaultInjectionKernels.params(counter, Map.of(), TASK_SECONDS),
                DataType.INT64, cb.zeros(new long[] {TASKS}, new int[] {1}, DataType.INT64));
    }

    /** {@code java ResumeClient WORK_DIR COUNTER_URL FUNCTION}: computes until killed. */
    public static void main(String[] args) {
        Spec spec = Spec.builder().executor(LambdaExecutor.NAME).executorOption("function", args[2])
                .executorOption("in-flight", IN_FLIGHT).workDir(args[0]).allowedMem("400MB").reservedMem("50MB").build();
        try (Cubed cb = Cubed.session(spec)) {
            build(cb, args[1]).compute();
        }
        System.err.println("the computation finished, but the test meant to kill it first");
        System.exit(3);
    }
}
