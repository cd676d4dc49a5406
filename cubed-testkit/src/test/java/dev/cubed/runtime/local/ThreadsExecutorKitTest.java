package dev.cubed.runtime.local;

import dev.cubed.array.Spec;
import dev.cubed.runtime.testkit.ExecutorTestKit;

import java.nio.file.Path;

/** The executor test kit against {@code threads}, with more workers than cores (tasks mostly sleep). */
class ThreadsExecutorKitTest extends ExecutorTestKit {
    @Override
    protected String executorName() {
        return "threads";
    }

    @Override
    protected Spec.Builder specBuilder(Path testDir) {
        return super.specBuilder(testDir).executorOption("workers", 4);
    }
}
