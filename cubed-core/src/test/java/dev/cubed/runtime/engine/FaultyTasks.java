package dev.cubed.runtime.engine;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A deterministic faulty task body (Cubed's executor tests use the same scheme): it counts its
 * invocations per input, and a timing map gives, per input, one code per invocation in
 * milliseconds: {@code >= 0} sleeps that long then succeeds, {@code < 0} sleeps {@code |code|}
 * then fails, {@link #HANG} sleeps until interrupted. Inputs or invocations beyond the map sleep
 * the default and succeed. Sleeps are interruptible, and interruptions are counted, so a test
 * can tell that a cancel reached the running thread.
 */
final class FaultyTasks implements BlockingTaskLauncher.Body<Integer> {
    static final long HANG = Long.MAX_VALUE;

    private final Map<Integer, List<Long>> timingMap;
    private final long defaultMillis;
    private final ConcurrentHashMap<Integer, AtomicInteger> invocations = new ConcurrentHashMap<>();
    private final AtomicInteger interrupted = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();

    FaultyTasks(Map<Integer, List<Long>> timingMap, long defaultMillis) {
        this.timingMap = timingMap;
        this.defaultMillis = defaultMillis;
    }

    @Override
    public TaskOutcome run(Integer input, Attempt attempt) throws Exception {
        int invocation = invocations.computeIfAbsent(input, k -> new AtomicInteger()).getAndIncrement();
        List<Long> codes = timingMap.getOrDefault(input, List.of());
        long code = invocation < codes.size() ? codes.get(invocation) : defaultMillis;
        Instant start = Instant.now();
        running.incrementAndGet();
        try {
            Thread.sleep(code == HANG ? Long.MAX_VALUE : Math.abs(code));
        } catch (InterruptedException e) {
            interrupted.incrementAndGet();
            throw e;
        } finally {
            running.decrementAndGet();
        }
        if (code < 0) {
            throw new IllegalStateException("Deliberately fail on invocation number " + (invocation + 1) + " for input " + input);
        }
        return new TaskOutcome(start, Instant.now(), 1000 + input, 2000 + input, 10L * input, 20L * input, Map.of("input", input));
    }

    /** Invocations per input, for inputs invoked at least once. */
    Map<Integer, Integer> counts() {
        Map<Integer, Integer> m = new TreeMap<>();
        invocations.forEach((k, v) -> m.put(k, v.get()));
        return m;
    }

    int count(int input) {
        AtomicInteger n = invocations.get(input);
        return n == null ? 0 : n.get();
    }

    /** How many invocations were interrupted (cancelled) while sleeping. */
    int interrupted() {
        return interrupted.get();
    }

    /** Invocations running right now. */
    int running() {
        return running.get();
    }
}
