package dev.cubed.lambda.executor;

import java.util.Locale;

/**
 * Lambda's on-demand list prices (us-east-1 and most regions, checked 2026-11-25): per GB-second of
 * billed duration by architecture, and per request. Estimates only: free tier, savings plans and
 * regional differences are not applied.
 *
 * @param architecture          {@code arm64} or {@code x86_64}
 * @param usdPerGbSecond        price of one GB-second (GB = 1024 MB of configured memory)
 * @param usdPerMillionRequests price of one million invocations
 */
public record LambdaPricing(String architecture, double usdPerGbSecond, double usdPerMillionRequests) {
    public static final double ARM64_PER_GB_SECOND = 0.0000133334;
    public static final double X86_PER_GB_SECOND = 0.0000166667;
    public static final double PER_MILLION_REQUESTS = 0.20;

    /** The prices for a function of this architecture ({@code arm64}; anything else is priced as x86_64). */
    public static LambdaPricing forArchitecture(String architecture) {
        String a = architecture == null ? "x86_64" : architecture.toLowerCase(Locale.ROOT);
        return a.equals("arm64") ? new LambdaPricing("arm64", ARM64_PER_GB_SECOND, PER_MILLION_REQUESTS)
                : new LambdaPricing("x86_64", X86_PER_GB_SECOND, PER_MILLION_REQUESTS);
    }

    /** GB-seconds of {@code billedMillis} at {@code memoryMb}. */
    public static double gbSeconds(long billedMillis, int memoryMb) {
        return billedMillis / 1000.0 * memoryMb / 1024.0;
    }

    public double computeUsd(double gbSeconds) {
        return gbSeconds * usdPerGbSecond;
    }

    public double requestUsd(long requests) {
        return requests * usdPerMillionRequests / 1_000_000.0;
    }
}
