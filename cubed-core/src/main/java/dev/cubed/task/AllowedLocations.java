package dev.cubed.task;

import java.util.ArrayList;
import java.util.List;

/**
 * The storage locations tasks may read and write, as URL prefixes. A worker deployed for one
 * work bucket refuses anything else (defence in depth: a forged or mistaken plan cannot touch
 * other data). An empty list allows everything, which is what a local run uses.
 */
public record AllowedLocations(List<String> prefixes) {

    public AllowedLocations {
        List<String> norm = new ArrayList<>();
        for (String p : prefixes) {
            String t = p.trim();
            if (!t.isEmpty()) {
                norm.add(t);
            }
        }
        prefixes = List.copyOf(norm);
    }

    public static AllowedLocations anywhere() {
        return new AllowedLocations(List.of());
    }

    /** Parses a comma-separated list such as {@code s3://bucket/,s3://other/data/}. */
    public static AllowedLocations parse(String commaSeparated) {
        if (commaSeparated == null || commaSeparated.isBlank()) {
            return anywhere();
        }
        return new AllowedLocations(List.of(commaSeparated.split(",")));
    }

    public boolean allows(String url) {
        if (prefixes.isEmpty()) {
            return true;
        }
        for (String p : prefixes) {
            if (url.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    /** Throws when {@code url} is outside the allowed locations. */
    public void check(String url, String purpose) {
        if (!allows(url)) {
            throw new SecurityException("refusing to " + purpose + " " + url + ": this worker may only use "
                    + String.join(", ", prefixes) + " (set by CUBED_ALLOWED_WORK_DIRS in its deployment)");
        }
    }
}
