package dev.cubed.it;

import dev.cubed.array.Cubed;
import dev.cubed.array.Spec;
import dev.cubed.block.DataType;
import dev.cubed.kernel.testing.FaultInjectionKernels;
import dev.cubed.lambda.executor.LambdaExecutor;
import dev.cubed.runtime.testkit.ExecutorTestKit;
import dev.cubed.runtime.testkit.KitTimings;
import org.junit.jupiter.api.BeforeAll;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The executor test kit (Cubed's fault-injection matrix, each case with backups on and off) against
 * the Lambda executor, every task an invocation of the real worker package on the local Lambda,
 * with the work dir and the kernel's invocation counters on s3proxy.
 *
 * <p>The kit's function has {@link LocalLambdaBackend#KIT_CONCURRENCY} environments and the executor
 * keeps {@value #IN_FLIGHT} invocations in flight, so the hung attempts of the timeout and straggler
 * cases (which keep running in their environment after the client gave up on them) leave room for
 * the next cases. The environments are started before the first case, so that no case pays cold
 * starts inside a deadline.
 */
class LambdaExecutorKitIT extends ExecutorTestKit {
    static final int IN_FLIGHT = 4;

    private final LocalLambdaBackend backend = LocalLambdaBackend.get();

    @BeforeAll
    static void startEnvironments() {
        LocalLambdaBackend b = LocalLambdaBackend.get();
        String counter = "s3://" + LambdaBackend.BUCKET + "/kit-warmup/" + UUID.randomUUID();
        Map<Long, List<Object>> timing = new HashMap<>();
        for (long i = 0; i < LocalLambdaBackend.KIT_CONCURRENCY; i++) {
            timing.put(i, List.of(1.5)); // all running at once: one environment each
        }
        Spec spec = Spec.builder().executor(LambdaExecutor.NAME).executorOptions(b.executorOptions(LocalLambdaBackend.KIT))
                .executorOption("in-flight", LocalLambdaBackend.KIT_CONCURRENCY).executorOption("backups", false)
                .workDir(b.newWorkDir("kit-warmup")).allowedMem("200MB").reservedMem("10MB").build();
        try (Cubed cb = Cubed.session(spec, b.storage())) {
            cb.compute(List.of(cb.mapBlocks("testing.fault", FaultInjectionKernels.params(counter, timing, 0),
                    DataType.INT64, cb.zeros(new long[] {LocalLambdaBackend.KIT_CONCURRENCY}, new int[] {1},
                            DataType.INT64))));
        }
        assertThat(b.stats(LocalLambdaBackend.KIT).environments()).isEqualTo(LocalLambdaBackend.KIT_CONCURRENCY);
    }

    @Override
    protected String executorName() {
        return LambdaExecutor.NAME;
    }

    @Override
    protected Spec.Builder specBuilder(Path testDir) {
        return Spec.builder().executor(LambdaExecutor.NAME).executorOptions(backend.executorOptions(LocalLambdaBackend.KIT))
                .executorOption("in-flight", IN_FLIGHT).workDir(backend.newWorkDir("kit")).allowedMem("200MB")
                .reservedMem("10MB");
    }

    @Override
    protected String counterRoot(Path testDir) {
        return "s3://" + LambdaBackend.BUCKET + "/kit-counters/" + UUID.randomUUID();
    }

    @Override
    protected Cubed openSession(Spec spec) {
        return Cubed.session(spec, backend.storage());
    }

    /**
     * A warm invocation costs 20-100 ms here (two S3 requests for the counter, one chunk write), a cold
     * one seconds: deadlines of whole seconds, and delays long next to them.
     */
    @Override
    protected KitTimings timings() {
        return KitTimings.local().toBuilder()
                .timeout(5, 15)
                .straggler(16, 6)
                .quickFailure(Duration.ofSeconds(30))
                .caseLimit(Duration.ofSeconds(120))
                .build();
    }
}
