package dev.cubed.lambda.executor;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * What one computation cost on Lambda, counted by the executor: invocations (requests Lambda
 * accepted and billed), how many of them were retries, backups and cold starts, the refusals
 * (throttles), and the billed GB-seconds with an estimated price.
 *
 * <p>Billed time comes from each invocation's {@code REPORT} line ({@code Billed Duration}, in its
 * log tail) when present; otherwise from the worker's measured task time (or, for a failed call,
 * the client's round trip), rounded up to 1 ms. Invocations the client abandoned (past the
 * deadline, or a backup's twin that lost) keep running and are billed by Lambda for time the client
 * never hears about; they count here with the time until they were abandoned, a lower bound.
 *
 * @param function            the worker function
 * @param architecture        its architecture (the price depends on it)
 * @param memoryMb            its memory size
 * @param invocations         invoke calls Lambda accepted (billed requests)
 * @param tasks               tasks completed
 * @param functionErrors      invocations that ended in a function error
 * @param abandoned           invocations the client stopped waiting for
 * @param retries             task attempts sent again after a failure
 * @param backups             backup copies sent for stragglers
 * @param throttles           invoke calls refused with 429 (not billed)
 * @param poolWaits           invoke calls that found no free connection in time (not sent, not billed)
 * @param callErrors          invoke calls that failed without an answer (network, service errors)
 * @param coldStarts          invocations that started a new execution environment
 * @param reportedInvocations invocations whose billed duration came from a REPORT line
 * @param billedMillis        billed duration, summed
 * @param pricing             the prices applied
 * @param wallTime            from the start of the computation to its end
 */
public record LambdaCostSummary(String function, String architecture, int memoryMb, long invocations, long tasks,
                                long functionErrors, long abandoned, long retries, long backups, long throttles,
                                long poolWaits, long callErrors, long coldStarts, long reportedInvocations,
                                long billedMillis, LambdaPricing pricing, Duration wallTime) {

    public LambdaCostSummary {
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(pricing, "pricing");
        Objects.requireNonNull(wallTime, "wallTime");
    }

    /** Billed GB-seconds (GB = 1024 MB of configured memory). */
    public double gbSeconds() {
        return LambdaPricing.gbSeconds(billedMillis, memoryMb);
    }

    public double computeUsd() {
        return pricing.computeUsd(gbSeconds());
    }

    public double requestUsd() {
        return pricing.requestUsd(invocations);
    }

    /** The estimated price of the computation in US dollars. */
    public double estimatedUsd() {
        return computeUsd() + requestUsd();
    }

    /** Two lines for a terminal. */
    public String format() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Lambda %s (%d MB, %s): %,d invocations for %,d tasks in %.1f s; %,d retries,"
                        + " %,d backups, %,d throttled, %,d cold starts", function, memoryMb, architecture, invocations, tasks,
                wallTime.toMillis() / 1000.0, retries, backups, throttles, coldStarts));
        if (functionErrors > 0 || abandoned > 0 || callErrors > 0 || poolWaits > 0) {
            sb.append(String.format(Locale.ROOT, "; %,d function errors, %,d abandoned, %,d call errors, %,d pool waits",
                    functionErrors, abandoned, callErrors, poolWaits));
        }
        sb.append(String.format(Locale.ROOT, "%n  billed %,.1f GB-s (%,d of %,d invocations from REPORT lines): about $%.4f"
                        + " ($%.4f compute at $%.10f/GB-s + $%.4f requests)", gbSeconds(), reportedInvocations, invocations,
                estimatedUsd(), computeUsd(), pricing.usdPerGbSecond(), requestUsd()));
        return sb.toString();
    }

    @Override
    public String toString() {
        return format();
    }
}
