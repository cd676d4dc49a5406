package dev.cubed.plan;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Memory amounts as users write them: decimal units as Cubed uses ("2GB" = 2e9 bytes,
 * "100MB", "500kB"), binary units when asked for ("2GiB"), or plain byte counts.
 */
public final class MemorySize {
    private static final Pattern FORMAT = Pattern.compile("\\s*([0-9]+(?:\\.[0-9]*)?)\\s*([a-zA-Z]*)\\s*");

    private MemorySize() {
    }

    /** Parses "2GB", "1.5 GB", "100MB", "2GiB", "1000" (bytes). */
    public static long parse(String text) {
        Matcher m = FORMAT.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("cannot read memory size '" + text
                    + "': write a number and a unit, such as 2GB, 500MB or 1.5GiB");
        }
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2).toLowerCase(Locale.ROOT);
        double factor;
        switch (unit) {
            case "", "b" -> factor = 1;
            case "kb", "k" -> factor = 1e3;
            case "mb", "m" -> factor = 1e6;
            case "gb", "g" -> factor = 1e9;
            case "tb", "t" -> factor = 1e12;
            case "kib" -> factor = 1024.0;
            case "mib" -> factor = 1024.0 * 1024;
            case "gib" -> factor = 1024.0 * 1024 * 1024;
            case "tib" -> factor = 1024.0 * 1024 * 1024 * 1024;
            default -> throw new IllegalArgumentException("unknown memory unit '" + m.group(2) + "' in '" + text
                    + "': use B, kB, MB, GB, TB or KiB, MiB, GiB, TiB");
        }
        return Math.round(n * factor);
    }

    /** Formats in decimal units with one decimal place, as Cubed's messages do: "3.3 GB". */
    public static String format(long bytes) {
        return format(bytes, false);
    }

    /**
     * As {@link #format}, rounded up instead of to the nearest: a size that is at least
     * {@code bytes}, for "raise it to at least ..." advice that works when followed to the letter.
     */
    public static String formatAtLeast(long bytes) {
        return format(bytes, true);
    }

    private static String format(long bytes, boolean up) {
        double b = bytes;
        String[] units = {"bytes", "kB", "MB", "GB", "TB", "PB"};
        int u = 0;
        while (Math.abs(b) >= 1000 && u < units.length - 1) {
            b /= 1000;
            u++;
        }
        if (u == 0) {
            return bytes + " bytes";
        }
        return String.format(Locale.ROOT, "%.1f %s", up ? Math.ceil(b * 10) / 10 : b, units[u]);
    }
}
