package dev.cubed.infra;

import dev.cubed.lambda.executor.WorkerInvocation;
import dev.cubed.plan.FinalizedPlan;
import dev.cubed.plan.PlannedOperation;
import dev.cubed.task.PreparedOperation;
import dev.cubed.task.TaskJson;
import dev.cubed.task.TaskMessages;
import software.amazon.awssdk.services.lambda.LambdaClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Runs a finalised plan through a worker function one invocation at a time: each operation's
 * tasks in batches, operations in plan order, stopping at the first failure. Made for checks and
 * tests, where every invocation's outcome should be seen; computations use the Lambda executor,
 * which runs tasks concurrently and retries them.
 */
public final class SequentialPlanRun {
    private final LambdaClient lambda;
    private final String function;
    private final TaskMessages messages;
    private final int batchSize;

    public SequentialPlanRun(LambdaClient lambda, String function, TaskMessages messages, int batchSize) {
        this.lambda = Objects.requireNonNull(lambda, "lambda");
        this.function = Objects.requireNonNull(function, "function");
        this.messages = Objects.requireNonNull(messages, "messages");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        this.batchSize = batchSize;
    }

    /** What one invocation sent and got. */
    public record Step(String operation, List<long[]> tasks, WorkerInvocation invocation) {
    }

    /** The invocations made, the last one failed if the run stopped early. */
    public record Result(List<Step> steps) {
        public Result {
            steps = List.copyOf(steps);
        }

        public boolean succeeded() {
            return steps.stream().noneMatch(s -> s.invocation().failed());
        }

        /** The failed step, or null. */
        public Step failure() {
            return steps.stream().filter(s -> s.invocation().failed()).findFirst().orElse(null);
        }
    }

    public Result run(FinalizedPlan plan) {
        List<Step> steps = new ArrayList<>();
        TaskJson json = messages.json();
        for (PlannedOperation op : plan.operations()) {
            PreparedOperation prepared = messages.prepare(op.spec());
            List<long[]> batch = new ArrayList<>();
            for (long[] coords : op.spec().taskGrid().allCoords()) {
                batch.add(coords);
                if (batch.size() == batchSize) {
                    if (!send(op, prepared, batch, steps, json)) {
                        return new Result(steps);
                    }
                    batch = new ArrayList<>();
                }
            }
            if (!batch.isEmpty() && !send(op, prepared, batch, steps, json)) {
                return new Result(steps);
            }
        }
        return new Result(steps);
    }

    private boolean send(PlannedOperation op, PreparedOperation prepared, List<long[]> batch, List<Step> steps,
                         TaskJson json) {
        WorkerInvocation inv = WorkerInvocation.invoke(lambda, function, prepared.encode(batch), json);
        steps.add(new Step(op.name(), List.copyOf(batch), inv));
        return !inv.failed();
    }
}
