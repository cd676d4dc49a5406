package dev.cubed.it;

import dev.cubed.array.ComputeOptions;
import dev.cubed.array.Cubed;
import dev.cubed.array.LazyArray;
import dev.cubed.array.Spec;
import dev.cubed.block.Block;
import dev.cubed.lambda.executor.LambdaCostCallback;
import dev.cubed.lambda.executor.LambdaCostSummary;
import dev.cubed.runtime.TaskEndEvent;
import dev.cubed.runtime.DagExecutor;
import dev.cubed.plan.FinalizedPlan;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Lambda executor end to end, through the real worker package: the same test bodies run against
 * each {@link LambdaBackend} (the local Lambda here, LocalStack where Docker is available).
 */
abstract class LambdaExecutorEndToEndTests {

    /** The backend the subclass runs against. */
    protected abstract LambdaBackend backend();

    /** A session whose Spec runs on {@code function} with these extra executor options. */
    protected Cubed lambdaSession(String function, String workDir, Map<String, ?> options) {
        Spec spec = Spec.builder().executor("lambda").executorOptions(backend().executorOptions(function))
                .executorOptions(options).workDir(workDir).allowedMem("400MB").reservedMem("50MB").build();
        return Cubed.session(spec, backend().storage());
    }

    /** Records task ends and the cost summary. */
    protected static final class Recorder implements LambdaCostCallback {
        final List<TaskEndEvent> taskEnds = new ArrayList<>();
        final List<LambdaCostSummary> costs = new ArrayList<>();

        @Override
        public void onTaskEnd(TaskEndEvent event) {
            taskEnds.add(event);
        }

        @Override
        public void onLambdaCost(LambdaCostSummary summary) {
            costs.add(summary);
        }

        LambdaCostSummary cost() {
            assertThat(costs).as("one cost summary per computation").hasSize(1);
            return costs.get(0);
        }
    }

    @Test
    void smokeAddAndSum() {
        Recorder rec = new Recorder();
        try (Cubed cb = lambdaSession(LambdaBackend.WORKER, backend().newWorkDir("smoke"), Map.of("in-flight", 4))) {
            LazyArray a = cb.ones(new long[] {20, 20}, new int[] {5, 5});
            Block sum = cb.compute(List.of(a.add(a).sum()), ComputeOptions.defaults().withCallbacks(rec)).get(0);
            assertThat(sum.getDoubleAt(0)).isEqualTo(800.0);
        }
        System.out.println(rec.cost().format());
        rec.taskEnds.stream().limit(3).forEach(e -> System.out.println(e.extras()));
        try (Cubed cb = lambdaSession(LambdaBackend.WORKER, backend().newWorkDir("smoke"), Map.of("in-flight", 4))) {
            for (int i = 0; i < 4; i++) {
                long t0 = System.nanoTime();
                LazyArray a = cb.ones(new long[] {20, 20}, new int[] {10, 10});
                FinalizedPlan p = cb.plan(List.of(a.add(a)));
                long t1 = System.nanoTime();
                DagExecutor ex = dev.cubed.runtime.Executors.create("lambda", cb.spec().executorOptions(), cb.taskContext());
                long t2 = System.nanoTime();
                ex.execute(p, new dev.cubed.runtime.ComputeRequest("x" + i, List.of(), false));
                long t3 = System.nanoTime();
                ex.close();
                long t4 = System.nanoTime();
                System.out.printf("plan %.0f ms, create %.0f ms, execute %.0f ms, close %.0f ms%n", (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6, (t4 - t3) / 1e6);
            }
        }
    }
}
