package dev.cubed.lambda.executor;

import dev.cubed.runtime.ExecutorOptions;
import dev.cubed.task.TaskMessages;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * How the Lambda executor reaches and drives the worker function. Built from a Spec's executor
 * options ({@link #fromOptions}) or with {@link #builder()}; every value is checked when set, and the
 * error names the option.
 *
 * <table>
 *   <caption>Executor options</caption>
 *   <tr><th>option</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code function}</td><td>(required)</td><td>name, {@code name:alias} or ARN of the worker</td></tr>
 *   <tr><td>{@code qualifier}</td><td>none ($LATEST)</td><td>version or alias to invoke</td></tr>
 *   <tr><td>{@code region}</td><td>the ARN's, else AWS_REGION / profile</td><td>AWS region</td></tr>
 *   <tr><td>{@code endpoint}</td><td>AWS_ENDPOINT_URL_LAMBDA, else AWS</td><td>a local or LocalStack endpoint</td></tr>
 *   <tr><td>{@code in-flight} (or {@code workers})</td><td>1000</td><td>invocations running at once at most</td></tr>
 *   <tr><td>{@code batch-size}</td><td>1</td><td>tasks per invocation</td></tr>
 *   <tr><td>{@code inline-limit}</td><td>65536</td><td>operation specs above this many bytes go by reference</td></tr>
 *   <tr><td>{@code timeout}</td><td>function timeout + margin</td><td>client-side deadline per attempt, seconds</td></tr>
 *   <tr><td>{@code deadline-margin}</td><td>30</td><td>seconds added to the function timeout for the default deadline</td></tr>
 *   <tr><td>{@code retries}</td><td>2</td><td>retries per task</td></tr>
 *   <tr><td>{@code backups}</td><td>true</td><td>backup invocations for stragglers</td></tr>
 *   <tr><td>{@code backup-min-tasks}</td><td>10</td><td>tasks started before backups are considered</td></tr>
 *   <tr><td>{@code acquire-timeout}</td><td>120</td><td>seconds an invocation may wait for a pooled connection</td></tr>
 *   <tr><td>{@code event-loop-threads}</td><td>1</td><td>Netty I/O threads</td></tr>
 * </table>
 */
public final class LambdaExecutorSettings {
    /** Invocations in flight by default: Lambda's default concurrency per region. */
    public static final int DEFAULT_IN_FLIGHT = 1000;
    /** The most tasks one invocation carries. */
    public static final int MAX_BATCH_SIZE = 100;
    public static final Duration DEFAULT_DEADLINE_MARGIN = Duration.ofSeconds(30);
    public static final Duration DEFAULT_ACQUIRE_TIMEOUT = Duration.ofSeconds(120);
    /** Lambda's longest function timeout: the HTTP read timeout stays above any function's. */
    public static final Duration MAX_FUNCTION_TIMEOUT = Duration.ofSeconds(900);

    /** Every option this executor reads; anything else is an error (a typo must not be ignored). */
    public static final Set<String> OPTIONS = Set.copyOf(new TreeSet<>(Set.of("function", "qualifier", "region",
            "endpoint", "in-flight", "workers", "batch-size", "inline-limit", "timeout", "deadline-margin", "retries",
            "backups", "backup-min-tasks", "acquire-timeout", "event-loop-threads")));

    private final FunctionRef function;
    private final String region;
    private final URI endpoint;
    private final int inFlight;
    private final int batchSize;
    private final int inlineLimit;
    private final Duration taskTimeout;
    private final Duration deadlineMargin;
    private final int retries;
    private final boolean backups;
    private final int backupMinTasks;
    private final Duration acquireTimeout;
    private final int eventLoopThreads;

    private LambdaExecutorSettings(Builder b) {
        this.function = Objects.requireNonNull(b.function, "function (the worker function's name or ARN)");
        this.region = b.region != null ? b.region : function.region();
        this.endpoint = b.endpoint;
        this.inFlight = b.inFlight;
        this.batchSize = b.batchSize;
        this.inlineLimit = b.inlineLimit;
        this.taskTimeout = b.taskTimeout;
        this.deadlineMargin = b.deadlineMargin;
        this.retries = b.retries;
        this.backups = b.backups;
        this.backupMinTasks = b.backupMinTasks;
        this.acquireTimeout = b.acquireTimeout;
        this.eventLoopThreads = b.eventLoopThreads;
        if (function.region() != null && region != null && !region.equals(function.region())) {
            throw new IllegalArgumentException("the function ARN " + function.name() + " is in region " + function.region()
                    + " but the executor option region is " + region + ": give one of them");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Settings from a Spec's executor options (see the class comment for the names). */
    public static LambdaExecutorSettings fromOptions(Map<String, String> options) {
        TreeSet<String> unknown = new TreeSet<>(options.keySet());
        unknown.removeAll(OPTIONS);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown executor option" + (unknown.size() == 1 ? " " : "s ") + unknown
                    + " for the lambda executor; it takes " + new TreeSet<>(OPTIONS));
        }
        ExecutorOptions o = new ExecutorOptions(options);
        Builder b = builder().function(FunctionRef.parse(o.stringOption("function", null), o.stringOption("qualifier", null)));
        String region = o.stringOption("region", null);
        if (region != null && !region.isBlank()) {
            b.region(region.trim());
        }
        String endpoint = o.stringOption("endpoint", null);
        if (endpoint != null && !endpoint.isBlank()) {
            URI uri;
            try {
                uri = URI.create(endpoint.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("executor option endpoint=" + endpoint + " is not a URL"
                        + " (e.g. http://127.0.0.1:3001)", e);
            }
            b.endpoint(uri);
        }
        int inFlight = o.intOption("in-flight", DEFAULT_IN_FLIGHT, 1);
        if (options.containsKey("workers")) {
            int workers = o.intOption("workers", DEFAULT_IN_FLIGHT, 1);
            if (options.containsKey("in-flight") && workers != inFlight) {
                throw new IllegalArgumentException("executor options in-flight=" + inFlight + " and workers=" + workers
                        + " disagree: for the lambda executor both mean invocations at once; give one");
            }
            inFlight = workers;
        }
        b.inFlight(inFlight);
        b.batchSize(o.intOption("batch-size", 1, 1));
        b.inlineLimit(o.intOption("inline-limit", TaskMessages.DEFAULT_INLINE_LIMIT, 0));
        int timeout = o.intOption("timeout", 0, 0);
        if (timeout > 0) {
            b.taskTimeout(Duration.ofSeconds(timeout));
        }
        b.deadlineMargin(Duration.ofSeconds(o.intOption("deadline-margin", (int) DEFAULT_DEADLINE_MARGIN.toSeconds(), 0)));
        b.retries(o.intOption("retries", 2, 0));
        b.backups(o.booleanOption("backups", true));
        b.backupMinTasks(o.intOption("backup-min-tasks", 10, 1));
        b.acquireTimeout(Duration.ofSeconds(o.intOption("acquire-timeout", (int) DEFAULT_ACQUIRE_TIMEOUT.toSeconds(), 1)));
        b.eventLoopThreads(o.intOption("event-loop-threads", 1, 1));
        return b.build();
    }

    public FunctionRef function() {
        return function;
    }

    /** The region option or the ARN's; empty means the SDK's default chain (AWS_REGION, aws.region, profile). */
    public Optional<String> region() {
        return Optional.ofNullable(region);
    }

    /** The endpoint option; empty means the SDK's own (AWS_ENDPOINT_URL_LAMBDA, AWS_ENDPOINT_URL, or AWS). */
    public Optional<URI> endpoint() {
        return Optional.ofNullable(endpoint);
    }

    /** The most invocations running at once (and the engine's in-flight target). */
    public int inFlight() {
        return inFlight;
    }

    public int batchSize() {
        return batchSize;
    }

    public int inlineLimit() {
        return inlineLimit;
    }

    /** The configured task timeout (the client-side deadline per attempt), if one was set. */
    public Optional<Duration> taskTimeout() {
        return Optional.ofNullable(taskTimeout);
    }

    public Duration deadlineMargin() {
        return deadlineMargin;
    }

    public int retries() {
        return retries;
    }

    public boolean backups() {
        return backups;
    }

    public int backupMinTasks() {
        return backupMinTasks;
    }

    public Duration acquireTimeout() {
        return acquireTimeout;
    }

    public int eventLoopThreads() {
        return eventLoopThreads;
    }

    /**
     * The client-side deadline of one attempt, from launch to answer: the configured task timeout, or
     * else the function's own timeout plus the margin (cold start and network), so that an invocation
     * that never answers is abandoned and retried.
     */
    public Duration attemptDeadline(Duration functionTimeout) {
        return taskTimeout != null ? taskTimeout : functionTimeout.plus(deadlineMargin);
    }

    /**
     * The HTTP read timeout: above any function's timeout and above the deadline, so that only the
     * engine's deadline (never the SDK's 30 s default, which would invoke again) ends a slow invocation.
     */
    public Duration readTimeout() {
        Duration above = MAX_FUNCTION_TIMEOUT.plus(deadlineMargin);
        if (taskTimeout != null && taskTimeout.compareTo(above) > 0) {
            above = taskTimeout;
        }
        return above.plusSeconds(60);
    }

    @Override
    public String toString() {
        return "LambdaExecutorSettings[function=" + function + ", region=" + region + ", endpoint=" + endpoint
                + ", inFlight=" + inFlight + ", batchSize=" + batchSize + ", inlineLimit=" + inlineLimit
                + ", taskTimeout=" + taskTimeout + ", deadlineMargin=" + deadlineMargin + ", retries=" + retries
                + ", backups=" + backups + ", backupMinTasks=" + backupMinTasks + ", acquireTimeout=" + acquireTimeout
                + ", eventLoopThreads=" + eventLoopThreads + "]";
    }

    /** Builds {@link LambdaExecutorSettings}; only the function is required. */
    public static final class Builder {
        private FunctionRef function;
        private String region;
        private URI endpoint;
        private int inFlight = DEFAULT_IN_FLIGHT;
        private int batchSize = 1;
        private int inlineLimit = TaskMessages.DEFAULT_INLINE_LIMIT;
        private Duration taskTimeout;
        private Duration deadlineMargin = DEFAULT_DEADLINE_MARGIN;
        private int retries = 2;
        private boolean backups = true;
        private int backupMinTasks = 10;
        private Duration acquireTimeout = DEFAULT_ACQUIRE_TIMEOUT;
        private int eventLoopThreads = 1;

        private Builder() {
        }

        public Builder function(FunctionRef function) {
            this.function = Objects.requireNonNull(function, "function");
            return this;
        }

        /** A function name, {@code name:qualifier} or ARN. */
        public Builder function(String function) {
            return function(FunctionRef.parse(function, null));
        }

        public Builder region(String region) {
            this.region = region;
            return this;
        }

        public Builder endpoint(URI endpoint) {
            if (endpoint != null && (endpoint.getScheme() == null || endpoint.getHost() == null)) {
                throw new IllegalArgumentException("executor option endpoint=" + endpoint
                        + " needs a scheme and a host (e.g. http://127.0.0.1:3001)");
            }
            this.endpoint = endpoint;
            return this;
        }

        public Builder inFlight(int inFlight) {
            if (inFlight < 1 || inFlight > 100_000) {
                throw new IllegalArgumentException("executor option in-flight=" + inFlight + " must be between 1 and"
                        + " 100000 (Lambda's default concurrency is 1000 per region)");
            }
            this.inFlight = inFlight;
            return this;
        }

        public Builder batchSize(int batchSize) {
            if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
                throw new IllegalArgumentException("executor option batch-size=" + batchSize + " must be between 1 and "
                        + MAX_BATCH_SIZE + " tasks per invocation");
            }
            this.batchSize = batchSize;
            return this;
        }

        public Builder inlineLimit(int bytes) {
            if (bytes < 0 || bytes > 1024 * 1024) {
                throw new IllegalArgumentException("executor option inline-limit=" + bytes + " must be between 0 and"
                        + " 1048576 bytes (specs above it travel by reference through the work dir)");
            }
            this.inlineLimit = bytes;
            return this;
        }

        /** The longest one attempt may take before the client abandons it; null: function timeout + margin. */
        public Builder taskTimeout(Duration timeout) {
            if (timeout != null && (timeout.isNegative() || timeout.isZero()
                    || timeout.compareTo(MAX_FUNCTION_TIMEOUT) > 0)) {
                throw new IllegalArgumentException("executor option timeout=" + timeout.toSeconds() + " must be between 1"
                        + " and " + MAX_FUNCTION_TIMEOUT.toSeconds() + " seconds (Lambda's longest function timeout)");
            }
            this.taskTimeout = timeout;
            return this;
        }

        public Builder deadlineMargin(Duration margin) {
            if (margin.isNegative()) {
                throw new IllegalArgumentException("executor option deadline-margin must not be negative, got " + margin);
            }
            this.deadlineMargin = margin;
            return this;
        }

        public Builder retries(int retries) {
            if (retries < 0) {
                throw new IllegalArgumentException("executor option retries=" + retries + " must be >= 0");
            }
            this.retries = retries;
            return this;
        }

        public Builder backups(boolean backups) {
            this.backups = backups;
            return this;
        }

        public Builder backupMinTasks(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("executor option backup-min-tasks=" + n + " must be >= 1");
            }
            this.backupMinTasks = n;
            return this;
        }

        public Builder acquireTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("executor option acquire-timeout must be positive, got " + timeout);
            }
            this.acquireTimeout = timeout;
            return this;
        }

        public Builder eventLoopThreads(int threads) {
            if (threads < 1 || threads > 64) {
                throw new IllegalArgumentException("executor option event-loop-threads=" + threads
                        + " must be between 1 and 64");
            }
            this.eventLoopThreads = threads;
            return this;
        }

        public LambdaExecutorSettings build() {
            return new LambdaExecutorSettings(this);
        }
    }
}
