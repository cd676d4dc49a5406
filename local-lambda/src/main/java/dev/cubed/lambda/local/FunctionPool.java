package dev.cubed.lambda.local;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * One function's execution environments and its share of concurrency. An invocation is admitted (or
 * throttled), runs on an idle warm environment if there is one, else on a newly started one; afterwards
 * the environment goes back to the idle set unless it crashed, timed out or failed to initialise.
 */
final class FunctionPool {

    /** Why Lambda throttled: the function's reserved concurrency, or the account's unreserved pool. */
    static final String RESERVED_LIMIT = "ReservedFunctionConcurrentInvocationLimitExceeded";
    static final String ACCOUNT_LIMIT = "ConcurrentInvocationLimitExceeded";

    final FunctionConfig config;
    final DeploymentPackage code;
    final String arn;
    final String lastModified;
    private final Semaphore permits;
    private final Function<FunctionPool, ExecutionEnvironment> starter;
    private final Duration maxWait;
    private final Deque<ExecutionEnvironment> idle = new ArrayDeque<>();
    private final Set<ExecutionEnvironment> live = new LinkedHashSet<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong started = new AtomicLong();
    private final AtomicLong invocations = new AtomicLong();
    private final AtomicLong throttled = new AtomicLong();

    /**
     * @param permits the function's reserved concurrency, or the account's shared unreserved pool
     * @param starter starts a new execution environment for this function
     * @param maxWait the longest an invocation can take before it must have an outcome (init + timeout + slack)
     */
    FunctionPool(FunctionConfig config, DeploymentPackage code, String arn, String lastModified, Semaphore permits,
                 Function<FunctionPool, ExecutionEnvironment> starter, Duration maxWait) {
        this.config = config;
        this.code = code;
        this.arn = arn;
        this.lastModified = lastModified;
        this.permits = permits;
        this.starter = starter;
        this.maxWait = maxWait;
    }

    String throttleReason() {
        return config.reservedConcurrency().isPresent() ? RESERVED_LIMIT : ACCOUNT_LIMIT;
    }

    /** Admits a synchronous invocation if concurrency allows; false means answer 429. */
    boolean tryAdmit() {
        if (permits.tryAcquire()) {
            inFlight.incrementAndGet();
            return true;
        }
        throttled.incrementAndGet();
        return false;
    }

    /** Admits an asynchronous invocation, waiting for concurrency as Lambda's event queue does. */
    void admit() throws InterruptedException {
        permits.acquire();
        inFlight.incrementAndGet();
    }

    /** Returns an admitted invocation's concurrency. */
    void release() {
        inFlight.decrementAndGet();
        permits.release();
    }

    /** Runs an admitted invocation to its outcome. */
    InvocationResult invoke(Invocation invocation) throws InterruptedException {
        while (true) {
            ExecutionEnvironment env = acquireEnvironment();
            Attempt attempt = env.assign(invocation);
            Outcome outcome = await(env, attempt);
            if (outcome.kind() == Outcome.Kind.LOST) {
                retire(env);
                continue;
            }
            InvocationResult result = env.finish(attempt, outcome);
            invocations.incrementAndGet();
            if (outcome.kind().keepsEnvironment() && env.isAlive()) {
                synchronized (this) {
                    idle.push(env);
                }
            } else {
                retire(env);
            }
            return result;
        }
    }

    FunctionStats stats() {
        synchronized (this) {
            return new FunctionStats(config.name(), inFlight.get(), live.size(), idle.size(), started.get(),
                    invocations.get(), throttled.get());
        }
    }

    /** Every environment ever started that is still tracked (for shutdown). */
    synchronized List<ExecutionEnvironment> environments() {
        return new ArrayList<>(live);
    }

    private Outcome await(ExecutionEnvironment env, Attempt attempt) throws InterruptedException {
        try {
            return attempt.outcome().get(maxWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Invocation " + attempt.requestId() + " failed inside LocalLambda", e.getCause());
        } catch (TimeoutException e) {
            // The watchdogs should have decided long ago: treat the environment as hung.
            env.timedOut(attempt);
            return attempt.outcome().join();
        }
    }

    private ExecutionEnvironment acquireEnvironment() {
        synchronized (this) {
            while (!idle.isEmpty()) {
                ExecutionEnvironment env = idle.pop();
                if (env.isAlive()) {
                    return env;
                }
                live.remove(env);
            }
        }
        ExecutionEnvironment env = starter.apply(this);
        started.incrementAndGet();
        synchronized (this) {
            live.add(env);
        }
        return env;
    }

    private void retire(ExecutionEnvironment env) {
        env.kill();
        forget(env);
    }

    /** Drops an environment whose process has ended. */
    synchronized void forget(ExecutionEnvironment env) {
        live.remove(env);
        idle.remove(env);
    }
}
