package dev.cubed.it;

import dev.cubed.array.ComputeOptions;
import dev.cubed.array.Cubed;
import dev.cubed.array.LazyArray;
import dev.cubed.array.Spec;
import dev.cubed.block.Block;
import dev.cubed.lambda.executor.LambdaCostCallback;
import dev.cubed.lambda.executor.LambdaCostSummary;
import dev.cubed.runtime.TaskEndEvent;
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
    }
}
