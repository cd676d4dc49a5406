package dev.cubed.spark;

import dev.cubed.runtime.ExecutorOptions;
import dev.cubed.runtime.engine.EngineSettings;
import org.apache.spark.SparkConf;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The executor options of {@code spark}: the common ones ({@code workers}, {@code retries},
 * {@code timeout}, {@code backups}, {@code backup-min-tasks}), {@code master} (default
 * {@code local[workers]}, or what spark-submit set), {@code keep-context} (default true), and any
 * {@code spark.*} setting, passed to the {@link SparkConf} of the context this executor starts. Read once, with errors naming the
 * option, before any Spark context exists.
 *
 * <p>Retries and backup tasks are the engine's, so Spark's own must be off: a Spark task retry
 * inside an engine attempt would multiply the attempts ({@code retries}+1 times
 * {@code spark.task.maxFailures}) and hide them from the engine's counts and timeouts, and Spark
 * speculation compares the tasks of one stage, while every job here has one task. Settings that
 * would turn them on are refused.
 */
public final class SparkExecutorSettings {
    /** The option naming the Spark master ({@code local[2]}, {@code spark://host:7077}, {@code yarn}...). */
    public static final String MASTER = "master";
    /** The option saying whether a context this executor starts stays running after the computation (default true). */
    public static final String KEEP_CONTEXT = "keep-context";

    private final ExecutorOptions options;
    private final Map<String, String> sparkSettings;
    private final Optional<String> master;
    private final Optional<Integer> workers;
    private final boolean keepContext;

    private SparkExecutorSettings(Map<String, String> options) {
        this.options = new ExecutorOptions(options);
        Map<String, String> spark = new TreeMap<>();
        TreeSet<String> unknown = new TreeSet<>();
        for (Map.Entry<String, String> e : options.entrySet()) {
            String key = e.getKey();
            if (key.startsWith("spark.")) {
                spark.put(key, e.getValue());
            } else if (!ExecutorOptions.COMMON.contains(key) && !key.equals(MASTER) && !key.equals(KEEP_CONTEXT)) {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown option(s) " + unknown + " of executor spark: it takes "
                    + new TreeSet<>(ExecutorOptions.COMMON) + ", " + MASTER + ", " + KEEP_CONTEXT + " and spark.* settings");
        }
        if (spark.containsKey("spark.master")) {
            throw new IllegalArgumentException("set the Spark master with executor option " + MASTER + "="
                    + spark.get("spark.master") + ", not spark.master");
        }
        this.sparkSettings = Map.copyOf(spark);
        this.master = Optional.ofNullable(options.get(MASTER)).map(String::trim);
        this.workers = options.containsKey("workers")
                ? Optional.of(this.options.intOption("workers", 1, 1)) : Optional.empty();
        this.keepContext = this.options.booleanOption(KEEP_CONTEXT, true);
        // read now, so that a bad value fails before any Spark context starts
        this.options.engineSettings(1, false);
        checkNoSparkRetries(sparkSettings::get, "executor option");
    }

    public static SparkExecutorSettings fromOptions(Map<String, String> options) {
        return new SparkExecutorSettings(Objects.requireNonNull(options, "options"));
    }

    /** The {@code spark.*} options, as given. */
    public Map<String, String> sparkSettings() {
        return sparkSettings;
    }

    public Optional<String> master() {
        return master;
    }

    /**
     * Whether a context this executor starts is left running when the computation ends, for the
     * next computations in this JVM to use (Spark stops it when the JVM exits): starting one takes
     * seconds. With {@code keep-context=false} it is stopped at the end of each computation.
     */
    public boolean keepContext() {
        return keepContext;
    }

    /** Tasks at once, when the {@code workers} option gives it. */
    public Optional<Integer> workers() {
        return workers;
    }

    /** The engine's settings for {@code workers} tasks at once; backups are off unless the option turns them on. */
    public EngineSettings engineSettings(int slots) {
        return options.engineSettings(slots, false).build();
    }

    /**
     * The configuration of a context this executor would start: Spark's defaults and what
     * spark-submit set (system properties), then the {@code spark.*} options, the master (default
     * {@code local[workers]}) and the settings that leave retries and backups to the engine.
     */
    public SparkConf newConf() {
        SparkConf conf = new SparkConf(true);
        sparkSettings.forEach(conf::set);
        if (master.isPresent()) {
            conf.setMaster(master.get());
        } else if (!conf.contains("spark.master")) {
            conf.setMaster("local[" + workers.orElse(Runtime.getRuntime().availableProcessors()) + "]");
        }
        conf.setIfMissing("spark.app.name", "cubed");
        checkNoSparkRetries(key -> conf.contains(key) ? conf.get(key) : null, "Spark setting");
        conf.set("spark.task.maxFailures", "1");
        conf.set("spark.speculation", "false");
        return conf;
    }

    /**
     * Checks that a running context (the application's own, under spark-submit) takes this
     * executor's settings: its Spark retries and speculation are off, and every {@code spark.*}
     * option given agrees with it (a running context cannot change them).
     */
    public void checkRunning(SparkConf running) {
        for (Map.Entry<String, String> e : sparkSettings.entrySet()) {
            String actual = running.contains(e.getKey()) ? running.get(e.getKey()) : null;
            if (!e.getValue().equals(actual)) {
                throw new IllegalArgumentException("executor option " + e.getKey() + "=" + e.getValue() + " cannot apply:"
                        + " a Spark context is already running in this JVM with " + e.getKey() + "="
                        + (actual == null ? "(unset)" : actual) + ". Set it where that context is created"
                        + " (spark-submit --conf " + e.getKey() + "=" + e.getValue() + ") or drop the option");
            }
        }
        if (master.isPresent() && !master.get().equals(running.get("spark.master", ""))) {
            throw new IllegalArgumentException("executor option " + MASTER + "=" + master.get() + " cannot apply: a Spark"
                    + " context is already running in this JVM with master " + running.get("spark.master", "(unset)"));
        }
        String failures = running.get("spark.task.maxFailures", SparkSlots.isLocal(running) ? "1" : "4");
        if (!failures.trim().equals("1") || SparkSlots.localTaskFailures(running) > 1) {
            throw new IllegalArgumentException("the running Spark context retries failed tasks (spark.task.maxFailures="
                    + failures + " or local[N,F]): Cubed's task engine retries them (executor option retries), so"
                    + " attempts would multiply. Start it with --conf spark.task.maxFailures=1");
        }
        if (running.getBoolean("spark.speculation", false)) {
            throw new IllegalArgumentException("the running Spark context has spark.speculation=true: Cubed runs backup"
                    + " tasks itself (executor option backups=true). Start it with --conf spark.speculation=false");
        }
    }

    private static void checkNoSparkRetries(java.util.function.Function<String, String> settings, String what) {
        String failures = settings.apply("spark.task.maxFailures");
        if (failures != null && !failures.trim().equals("1")) {
            throw new IllegalArgumentException(what + " spark.task.maxFailures=" + failures + " is refused: Cubed's task"
                    + " engine retries failed tasks (executor option retries, default 2), and Spark retries inside"
                    + " each engine attempt would multiply them. Use retries=" + (parseOr(failures, 2) - 1)
                    + " instead");
        }
        String speculation = settings.apply("spark.speculation");
        if (speculation != null && speculation.trim().toLowerCase(Locale.ROOT).equals("true")) {
            throw new IllegalArgumentException(what + " spark.speculation=true is refused: Cubed launches backup tasks"
                    + " itself (executor option backups=true), because every Spark job it submits has a single task"
                    + " and Spark speculates only among the tasks of one stage");
        }
    }

    private static int parseOr(String s, int fallback) {
        try {
            return Math.max(1, Integer.parseInt(s.trim()));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
