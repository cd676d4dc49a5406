package dev.cubed.lambda.executor;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counts behind a {@link LambdaCostSummary}, updated from whichever thread an invocation ends on.
 */
final class InvocationStats {
    private final LongAdder invocations = new LongAdder();
    private final LongAdder tasks = new LongAdder();
    private final LongAdder functionErrors = new LongAdder();
    private final LongAdder abandoned = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder backups = new LongAdder();
    private final LongAdder throttles = new LongAdder();
    private final LongAdder poolWaits = new LongAdder();
    private final LongAdder callErrors = new LongAdder();
    private final LongAdder coldStarts = new LongAdder();
    private final LongAdder reported = new LongAdder();
    private final LongAdder billedMillis = new LongAdder();

    /** Lambda ran an invocation carrying these attempts (retries and backups among them), billed for this long. */
    void invoked(int retried, int backedUp, long billed, boolean fromReport, boolean coldStart) {
        invocations.increment();
        retries.add(retried);
        backups.add(backedUp);
        billedMillis.add(Math.max(1, billed));
        if (fromReport) {
            reported.increment();
        }
        if (coldStart) {
            coldStarts.increment();
        }
    }

    void tasksCompleted(int n) {
        tasks.add(n);
    }

    void functionError() {
        functionErrors.increment();
    }

    void abandoned() {
        abandoned.increment();
    }

    void throttled() {
        throttles.increment();
    }

    void poolWait() {
        poolWaits.increment();
    }

    void callError() {
        callErrors.increment();
    }

    long throttles() {
        return throttles.sum();
    }

    long invocations() {
        return invocations.sum();
    }

    long poolWaits() {
        return poolWaits.sum();
    }

    LambdaCostSummary summary(String function, WorkerFunctionConfig config, Duration wall) {
        return new LambdaCostSummary(function, config.architecture(), config.memoryMb(), invocations.sum(), tasks.sum(),
                functionErrors.sum(), abandoned.sum(), retries.sum(), backups.sum(), throttles.sum(), poolWaits.sum(),
                callErrors.sum(), coldStarts.sum(), reported.sum(), billedMillis.sum(),
                LambdaPricing.forArchitecture(config.architecture()), wall);
    }
}
