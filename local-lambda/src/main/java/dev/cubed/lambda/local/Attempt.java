package dev.cubed.lambda.local;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/** One delivery of an invocation to one execution environment; completed once, by whichever event comes first. */
final class Attempt {

    final Invocation invocation;
    final long logStart;
    final long assignedNanos = System.nanoTime();
    private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    private volatile boolean delivered;
    private volatile long deliveredNanos;
    private volatile long completedNanos;
    private ScheduledFuture<?> watchdog;

    Attempt(Invocation invocation, long logStart) {
        this.invocation = invocation;
        this.logStart = logStart;
    }

    String requestId() {
        return invocation.requestId();
    }

    /** Completes with {@code result} unless already completed; true when this call decided the outcome. */
    boolean complete(Outcome result) {
        if (!outcome.complete(result)) {
            return false;
        }
        completedNanos = System.nanoTime();
        cancelWatchdog();
        return true;
    }

    boolean isDone() {
        return outcome.isDone();
    }

    CompletableFuture<Outcome> outcome() {
        return outcome;
    }

    void markDelivered() {
        deliveredNanos = System.nanoTime();
        delivered = true;
    }

    boolean delivered() {
        return delivered;
    }

    /** Milliseconds the function ran: from delivery (or assignment, if never delivered) to completion. */
    double durationMillis() {
        long start = delivered ? deliveredNanos : assignedNanos;
        long end = completedNanos == 0 ? System.nanoTime() : completedNanos;
        return (end - start) / 1e6;
    }

    synchronized void watch(ScheduledFuture<?> next) {
        if (watchdog != null) {
            watchdog.cancel(false);
        }
        watchdog = next;
        if (isDone()) {
            next.cancel(false);
        }
    }

    private synchronized void cancelWatchdog() {
        if (watchdog != null) {
            watchdog.cancel(false);
        }
    }
}
