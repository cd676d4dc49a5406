package dev.cubed.lambda.executor;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The figures of Lambda's {@code REPORT} line, which ends every invocation's log (and so its log
 * tail): {@code REPORT RequestId: id Duration: 12.34 ms Billed Duration: 13 ms Memory Size: 2048 MB
 * Max Memory Used: 180 MB Init Duration: 402.10 ms}.
 *
 * @param durationMillis   the handler's duration
 * @param billedMillis     what Lambda bills (rounded up to 1 ms; on-demand init is billed too)
 * @param memorySizeMb     the function's memory size, or -1 when absent
 * @param maxMemoryUsedMb  the environment's peak memory, or -1 when absent
 * @param initMillis       the environment's init duration (cold starts only), or -1 when absent
 */
public record LambdaReport(double durationMillis, long billedMillis, int memorySizeMb, int maxMemoryUsedMb,
                           double initMillis) {

    /** The handler's own duration: a tab-separated field of its own, not "Billed Duration" or "Init Duration". */
    private static final Pattern DURATION = Pattern.compile("^Duration: ([0-9.]+) ms");
    private static final Pattern BILLED = Pattern.compile("Billed Duration: ([0-9]+) ms");
    private static final Pattern MEMORY = Pattern.compile("Memory Size: ([0-9]+) MB");
    private static final Pattern USED = Pattern.compile("Max Memory Used: ([0-9]+) MB");
    private static final Pattern INIT = Pattern.compile("Init Duration: ([0-9.]+) ms");

    /** The last REPORT line of a decoded log tail, if it has one with a billed duration. */
    public static Optional<LambdaReport> parse(String logTail) {
        if (logTail == null || logTail.isEmpty()) {
            return Optional.empty();
        }
        int at = logTail.lastIndexOf("REPORT RequestId:");
        if (at < 0) {
            return Optional.empty();
        }
        int end = logTail.indexOf('\n', at);
        String line = end < 0 ? logTail.substring(at) : logTail.substring(at, end);
        Matcher billed = BILLED.matcher(line);
        if (!billed.find()) {
            return Optional.empty();
        }
        double duration = -1;
        for (String field : line.split("\t")) {
            Matcher d = DURATION.matcher(field.trim());
            if (d.find()) {
                duration = Double.parseDouble(d.group(1));
            }
        }
        return Optional.of(new LambdaReport(duration, Long.parseLong(billed.group(1)), intOf(MEMORY, line),
                intOf(USED, line), doubleOf(INIT, line)));
    }

    /** True when the invocation started a new execution environment. */
    public boolean coldStart() {
        return initMillis >= 0;
    }

    private static int intOf(Pattern p, String line) {
        Matcher m = p.matcher(line);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    private static double doubleOf(Pattern p, String line) {
        Matcher m = p.matcher(line);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "REPORT[duration %.2f ms, billed %d ms, memory %d MB, used %d MB%s]",
                durationMillis, billedMillis, memorySizeMb, maxMemoryUsedMb,
                initMillis >= 0 ? String.format(Locale.ROOT, ", init %.2f ms", initMillis) : "");
    }
}
