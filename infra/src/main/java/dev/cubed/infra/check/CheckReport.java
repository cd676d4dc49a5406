package dev.cubed.infra.check;

import java.util.List;
import java.util.Locale;

/** The outcome of a {@link WorkerCheck}: its items in order. */
public record CheckReport(String function, String workDir, List<CheckItem> items) {

    public CheckReport {
        items = List.copyOf(items);
    }

    /** True when nothing failed (warnings and skips allowed). */
    public boolean passed() {
        return items.stream().noneMatch(i -> i.status() == CheckItem.Status.FAIL);
    }

    public CheckItem item(String name) {
        return items.stream().filter(i -> i.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no check item named " + name));
    }

    /** The checklist as printed by {@code cubed lambda check}. */
    public String format() {
        StringBuilder sb = new StringBuilder();
        sb.append("Checking Lambda function ").append(function).append(" with work dir ").append(workDir).append('\n');
        for (CheckItem i : items) {
            sb.append(String.format(Locale.ROOT, "[%-4s] %s: %s%n", i.status().label(), i.name(), i.detail()));
            if (!i.nextStep().isEmpty()) {
                for (String line : i.nextStep().split("\n")) {
                    sb.append("       -> ").append(line).append('\n');
                }
            }
        }
        long failed = items.stream().filter(i -> i.status() == CheckItem.Status.FAIL).count();
        long warned = items.stream().filter(i -> i.status() == CheckItem.Status.WARN).count();
        sb.append(failed == 0
                ? "The worker is ready" + (warned == 0 ? "." : " (" + warned + " warning" + (warned == 1 ? "" : "s") + ").")
                : failed + " check" + (failed == 1 ? "" : "s") + " failed: fix " + (failed == 1 ? "it" : "them")
                        + " and run the check again.").append('\n');
        return sb.toString();
    }
}
