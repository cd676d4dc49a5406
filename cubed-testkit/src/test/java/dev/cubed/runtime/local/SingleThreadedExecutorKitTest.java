package dev.cubed.runtime.local;

import dev.cubed.runtime.testkit.ExecutorFeature;
import dev.cubed.runtime.testkit.ExecutorTestKit;

import java.util.Map;

/** The executor test kit against {@code single-threaded}. */
class SingleThreadedExecutorKitTest extends ExecutorTestKit {
    @Override
    protected String executorName() {
        return "single-threaded";
    }

    @Override
    protected Map<ExecutorFeature, String> unsupported() {
        String why = "each task runs to its end on the calling thread, inside the launch";
        return Map.of(
                ExecutorFeature.BACKUP_TASKS, why + ", so no backup can run beside a straggler",
                ExecutorFeature.ATTEMPT_TIMEOUTS, why + ", so nothing can abandon an attempt that outlives its timeout");
    }
}
