package dev.cubed.examples;

import dev.cubed.examples.executor.PooledExecutor;
import dev.cubed.runtime.testkit.ExecutorTestKit;

/** This project's own executor passes the executor test kit (cubed-testkit, a test dependency). */
class PooledExecutorKitTest extends ExecutorTestKit {
    @Override
    protected String executorName() {
        return PooledExecutor.NAME;
    }
}
