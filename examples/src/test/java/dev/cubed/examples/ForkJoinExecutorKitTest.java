package dev.cubed.examples;

import dev.cubed.examples.executor.ForkJoinExecutor;
import dev.cubed.runtime.testkit.ExecutorTestKit;

/** The example executor of docs/writing-an-executor.md passes the executor test kit. */
class ForkJoinExecutorKitTest extends ExecutorTestKit {
    @Override
    protected String executorName() {
        return ForkJoinExecutor.NAME;
    }
}
