package dev.cubed.runtime;

import dev.cubed.runtime.engine.BackupPolicy;
import dev.cubed.runtime.engine.EngineSettings;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the executor options every executor understands from a Spec's option map, with clear
 * errors: {@code workers}, {@code retries} (default 2), {@code timeout} (seconds per attempt),
 * {@code backups} (true/false), {@code backup-min-tasks}. Executor-specific options are read by
 * the executor itself.
 */
public final class ExecutorOptions {
    /** The options every engine-based executor accepts. */
    public static final Set<String> COMMON = Set.of("workers", "retries", "timeout", "backups", "backup-min-tasks");

    private final Map<String, String> options;

    public ExecutorOptions(Map<String, String> options) {
        this.options = Map.copyOf(options);
    }

    public int intOption(String name, int defaultValue, int min) {
        String v = options.get(name);
        if (v == null) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < min) {
                throw new IllegalArgumentException("executor option " + name + "=" + v + " must be >= " + min);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("executor option " + name + "=" + v + " is not a whole number", e);
        }
    }

    public boolean booleanOption(String name, boolean defaultValue) {
        String v = options.get(name);
        if (v == null) {
            return defaultValue;
        }
        switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1":
                return true;
            case "false", "no", "off", "0":
                return false;
            default:
                throw new IllegalArgumentException("executor option " + name + "=" + v + " must be true or false");
        }
    }

    public String stringOption(String name, String defaultValue) {
        return options.getOrDefault(name, defaultValue);
    }

    /** Engine settings from the common options, for an executor running {@code workers} tasks at once. */
    public EngineSettings.Builder engineSettings(int workers, boolean backupsByDefault) {
        EngineSettings.Builder b = EngineSettings.builder().maxInFlight(workers).retries(intOption("retries", 2, 0));
        int timeout = intOption("timeout", 0, 0);
        if (timeout > 0) {
            b.attemptTimeout(Duration.ofSeconds(timeout));
        }
        if (booleanOption("backups", backupsByDefault)) {
            b.backupPolicy(BackupPolicy.defaults().withMinStarted(intOption("backup-min-tasks", 10, 1)));
        }
        return b;
    }

    public Map<String, String> asMap() {
        return options;
    }
}
