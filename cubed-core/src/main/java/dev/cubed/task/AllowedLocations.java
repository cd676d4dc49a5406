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

    /**
     * Whether {@code url} is under an allowed prefix. A string prefix is not enough: a URL with a
     * {@code .} or {@code ..} path segment (also percent-encoded) would leave the prefix once a
     * file system or HTTP client resolves it ({@code s3://work/../other/x}), so such URLs are
     * refused; a prefix without a trailing slash allows only itself and what lies below it
     * ({@code s3://work} does not allow {@code s3://work-other}).
     */
    public boolean allows(String url) {
        if (prefixes.isEmpty()) {
            return true;
        }
        if (hasDotSegment(url)) {
            return false;
        }
        for (String p : prefixes) {
            if (p.endsWith("/") ? url.startsWith(p) : url.equals(p) || url.startsWith(p + "/")) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasDotSegment(String url) {
        int scheme = url.indexOf("://");
        String path = (scheme < 0 ? url : url.substring(scheme + 3)).replace('\\', '/');
        path = path.replaceAll("(?i)%2e", ".").replaceAll("(?i)%2f", "/").replaceAll("(?i)%5c", "/");
        for (String segment : path.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return true;
            }
        }
        return false;
    }

    /** Throws when {@code url} is outside the allowed locations. */
    public void check(String url, String purpose) {
        if (!prefixes.isEmpty() && hasDotSegment(url)) {
            throw new SecurityException("refusing to " + purpose + " " + url + ": it has a '.' or '..' path segment,"
                    + " which could lead outside the allowed locations (" + String.join(", ", prefixes) + ")");
        }
        if (!allows(url)) {
            throw new SecurityException("refusing to " + purpose + " " + url + ": this worker may only use "
                    + String.join(", ", prefixes) + " (set by CUBED_ALLOWED_WORK_DIRS in its deployment)");
        }
    }
}
