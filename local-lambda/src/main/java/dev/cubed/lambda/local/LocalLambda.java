package dev.cubed.lambda.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local AWS Lambda: serves the Lambda API on loopback for the AWS SDK (point
 * {@code LambdaClient.builder().endpointOverride(endpoint())} at it) and runs each function's real
 * deployment package in child JVMs with the AWS Lambda runtime interface client, as Lambda's Java runtime
 * does, speaking the Lambda Runtime API to them.
 *
 * <pre>{@code
 * try (LocalLambda lambda = LocalLambda.builder()
 *         .function(FunctionConfig.builder().name("worker").code(zip).handler("a.b.Handler::handleRequest")
 *                 .memoryMb(2048).timeout(Duration.ofSeconds(300)).build())
 *         .build().start()) {
 *     LambdaClient client = LambdaClient.builder().endpointOverride(lambda.endpoint())...
 * }
 * }</pre>
 *
 * <p>Each function keeps a pool of execution environments up to its concurrency: a warm one is reused, a
 * new one is started only when none is idle, and one that crashed, timed out or failed to initialise is
 * discarded. Invocations beyond the concurrency are throttled with 429 as Lambda does.
 */
public final class LocalLambda implements AutoCloseable {

    private static final DateTimeFormatter LAST_MODIFIED = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

    private final List<FunctionConfig> configs;
    private final int requestedPort;
    private final String region;
    private final String accountId;
    private final int accountConcurrency;
    private final Duration initTimeout;
    private final Path configuredWorkDirectory;
    private final Path configuredLogDirectory;
    private Path workDirectory;
    private Path logDirectory;
    private final Path javaHome;
    private final List<String> jvmOptions;
    private final RoleCredentials credentials;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, FunctionPool> functions = new LinkedHashMap<>();
    private final Map<String, ExecutionEnvironment> environments = new ConcurrentHashMap<>();
    private final AtomicInteger environmentCounter = new AtomicInteger();
    private final Thread shutdownHook = new Thread(this::killChildren, "local-lambda-shutdown");

    private LambdaHttpServer server;
    private ExecutorService eventThreads;
    private ScheduledExecutorService timers;
    private ChildJvmLauncher launcher;
    private URI endpoint;
    private boolean started;
    private boolean closed;

    private LocalLambda(Builder b) {
        this.configs = List.copyOf(b.functions.values());
        this.requestedPort = b.port;
        this.region = b.region;
        this.accountId = b.accountId;
        this.accountConcurrency = b.accountConcurrency;
        this.initTimeout = b.initTimeout;
        this.javaHome = b.javaHome;
        this.jvmOptions = List.copyOf(b.jvmOptions);
        this.credentials = b.credentials;
        this.configuredWorkDirectory = b.workDirectory;
        this.configuredLogDirectory = b.logDirectory;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Unpacks the functions' code, prepares the runtime interface client and starts serving.
     *
     * @return this, for try-with-resources on {@code builder().build().start()}
     */
    public synchronized LocalLambda start() {
        if (started) {
            throw new IllegalStateException("LocalLambda is already started");
        }
        started = true;
        boolean ok = false;
        QuietLogging.apply();
        try {
            try {
                workDirectory = configuredWorkDirectory != null ? Files.createDirectories(configuredWorkDirectory)
                        : Files.createTempDirectory("local-lambda-");
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot create LocalLambda's work directory: " + e.getMessage(), e);
            }
            logDirectory = configuredLogDirectory != null ? configuredLogDirectory : workDirectory.resolve("logs");
            RuntimeInterfaceClient runtimeClient = RuntimeInterfaceClient.prepare(workDirectory.resolve("runtime"));
            launcher = new ChildJvmLauncher(javaHome, runtimeClient, region, credentials, jvmOptions);
            timers = Executors.newScheduledThreadPool(1, daemonThreads("local-lambda-timer"));
            eventThreads = Executors.newCachedThreadPool(daemonThreads("local-lambda-event"));

            int reservedTotal = configs.stream().mapToInt(c -> c.reservedConcurrency().orElse(0)).sum();
            Semaphore unreserved = new Semaphore(accountConcurrency - reservedTotal);
            String lastModified = ZonedDateTime.now(ZoneOffset.UTC).format(LAST_MODIFIED);
            Duration maxWait = initTimeout.plus(Duration.ofSeconds(30));
            for (FunctionConfig config : configs) {
                DeploymentPackage code = DeploymentPackage.prepare(config.name(), config.code(),
                        workDirectory.resolve("functions").resolve(config.name()).resolve("task"));
                Semaphore permits = config.reservedConcurrency().isPresent()
                        ? new Semaphore(config.reservedConcurrency().getAsInt()) : unreserved;
                functions.put(config.name(), new FunctionPool(config, code, functionArn(config.name()), lastModified,
                        permits, this::startEnvironment, maxWait.plus(config.timeout())));
            }

            server = new LambdaHttpServer(requestedPort,
                    new InvokeApi(Collections.unmodifiableMap(functions), region, accountId, json, eventThreads),
                    new RuntimeApi(environments::get));
            try {
                server.start();
            } catch (Exception e) {
                throw new IllegalStateException("LocalLambda cannot listen on 127.0.0.1:" + requestedPort + ": " + e, e);
            }
            endpoint = server.endpoint();
            Runtime.getRuntime().addShutdownHook(shutdownHook);
            ok = true;
            return this;
        } finally {
            if (!ok) {
                close();
            }
        }
    }

    /** The Lambda API endpoint, for {@code endpointOverride}. */
    public URI endpoint() {
        if (endpoint == null) {
            throw new IllegalStateException("LocalLambda is not started");
        }
        return endpoint;
    }

    public String region() {
        return region;
    }

    public String accountId() {
        return accountId;
    }

    /** The ARN Lambda would give the function. */
    public String functionArn(String functionName) {
        return "arn:aws:lambda:" + region + ":" + accountId + ":function:" + functionName;
    }

    public List<String> functionNames() {
        return configs.stream().map(FunctionConfig::name).toList();
    }

    /** Where each execution environment's log file goes ({@code <function>/<environment>.log}); set by start. */
    public Path logDirectory() {
        if (logDirectory == null) {
            throw new IllegalStateException("LocalLambda is not started");
        }
        return logDirectory;
    }

    /** A snapshot of the function's environments and invocations. */
    public FunctionStats stats(String functionName) {
        FunctionPool pool = functions.get(functionName);
        if (pool == null) {
            throw new IllegalArgumentException("No function " + functionName + "; LocalLambda serves " + functionNames());
        }
        return pool.stats();
    }

    /** Stops serving, kills every child JVM and deletes the task roots (and the work directory if it made it). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (eventThreads != null) {
            eventThreads.shutdownNow();
        }
        // Children first: their deaths end the invocations and long polls that hold server threads.
        killChildren();
        for (FunctionPool pool : functions.values()) {
            for (ExecutionEnvironment env : pool.environments()) {
                env.killAndWait(Duration.ofSeconds(5));
            }
        }
        if (server != null) {
            server.stop();
        }
        if (timers != null) {
            timers.shutdownNow();
        }
        for (FunctionPool pool : functions.values()) {
            if (pool.code.unpacked()) {
                FileTrees.deleteQuietly(pool.code.taskRoot());
            }
        }
        if (workDirectory != null) {
            FileTrees.deleteQuietly(workDirectory.resolve("tmp"));
            FileTrees.deleteQuietly(workDirectory.resolve("runtime"));
            if (configuredWorkDirectory == null) {
                // A temporary work directory goes entirely, with the logs unless logDirectory was set elsewhere.
                FileTrees.deleteQuietly(workDirectory);
            }
        }
        if (started) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // already shutting down: the hook is running
            }
        }
    }

    private void killChildren() {
        for (FunctionPool pool : functions.values()) {
            for (ExecutionEnvironment env : pool.environments()) {
                env.kill();
            }
        }
    }

    private ExecutionEnvironment startEnvironment(FunctionPool pool) {
        FunctionConfig config = pool.config;
        String id = config.name() + "-" + environmentCounter.incrementAndGet();
        Path functionLogs = logDirectory.resolve(config.name());
        EnvironmentLog log = new EnvironmentLog(functionLogs.resolve(id + ".log"));
        Path tmp = workDirectory.resolve("tmp").resolve(id);
        String runtimeApi = endpoint.getHost() + ":" + endpoint.getPort() + RuntimeApi.PREFIX + id;
        Process process = launcher.launch(config, pool.code.taskRoot(), id, runtimeApi, log.file(), tmp, functionLogs);
        ExecutionEnvironment env = new ExecutionEnvironment(id, config, pool.arn, process, log, tmp, timers,
                initTimeout, json);
        environments.put(id, env);
        process.onExit().thenRun(() -> {
            environments.remove(id);
            pool.forget(env);
        });
        return env;
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Settings for a {@link LocalLambda}; defaults suit tests and a developer machine. */
    public static final class Builder {
        private final Map<String, FunctionConfig> functions = new LinkedHashMap<>();
        private int port;
        private String region = "us-east-1";
        private String accountId = "000000000000";
        private int accountConcurrency = 10;
        private Duration initTimeout = Duration.ofSeconds(30);
        private Path workDirectory;
        private Path logDirectory;
        private Path javaHome = Path.of(System.getProperty("java.home"));
        private final List<String> jvmOptions = new ArrayList<>();
        private RoleCredentials credentials = RoleCredentials.of("LOCALLAMBDAACCESSKEY", "local-lambda-secret-key");

        private Builder() {
        }

        /** Adds a function (names must be unique). */
        public Builder function(FunctionConfig function) {
            Objects.requireNonNull(function, "function");
            if (functions.putIfAbsent(function.name(), function) != null) {
                throw new IllegalArgumentException("Function " + function.name() + " is configured twice");
            }
            return this;
        }

        /** The loopback port to listen on; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("Port " + port + " is outside 0-65535");
            }
            this.port = port;
            return this;
        }

        public Builder region(String region) {
            this.region = Objects.requireNonNull(region, "region");
            return this;
        }

        public Builder accountId(String accountId) {
            if (!accountId.matches("[0-9]{12}")) {
                throw new IllegalArgumentException("Account id '" + accountId + "' must be 12 digits");
            }
            this.accountId = accountId;
            return this;
        }

        /**
         * The account's concurrency: how many invocations may run at once over all functions without reserved
         * concurrency (minus what is reserved). Default 10, the quota of a new AWS account, which also keeps
         * the number of child JVMs on a laptop sane.
         */
        public Builder accountConcurrency(int accountConcurrency) {
            if (accountConcurrency < 1) {
                throw new IllegalArgumentException("Account concurrency " + accountConcurrency + " must be 1 or more");
            }
            this.accountConcurrency = accountConcurrency;
            return this;
        }

        /**
         * How long a new environment may take to start its JVM and load the handler. Lambda allows 10 s;
         * the default here is 30 s because local environments share this machine's cores, and a burst of
         * JVMs starting together on two cores takes longer than each would alone.
         */
        public Builder initTimeout(Duration initTimeout) {
            if (initTimeout.isNegative() || initTimeout.isZero()) {
                throw new IllegalArgumentException("Init timeout " + initTimeout + " must be positive");
            }
            this.initTimeout = initTimeout;
            return this;
        }

        /** Where task roots and per-environment /tmp go; default a fresh temporary directory deleted on close. */
        public Builder workDirectory(Path workDirectory) {
            this.workDirectory = workDirectory;
            return this;
        }

        /** Where per-environment log files go; default inside the work directory. Set it to keep the logs. */
        public Builder logDirectory(Path logDirectory) {
            this.logDirectory = logDirectory;
            return this;
        }

        /** The Java the child JVMs run (17+); default this JVM's. */
        public Builder javaHome(Path javaHome) {
            this.javaHome = Objects.requireNonNull(javaHome, "javaHome");
            return this;
        }

        /** Extra options for every child JVM (after LocalLambda's own, so they can override them). */
        public Builder jvmOption(String option) {
            this.jvmOptions.add(Objects.requireNonNull(option, "option"));
            return this;
        }

        /** The credentials every function gets, as Lambda gives it its execution role's. */
        public Builder roleCredentials(RoleCredentials credentials) {
            this.credentials = Objects.requireNonNull(credentials, "credentials");
            return this;
        }

        public LocalLambda build() {
            if (functions.isEmpty()) {
                throw new IllegalStateException("LocalLambda needs at least one function");
            }
            int reserved = functions.values().stream().mapToInt(c -> c.reservedConcurrency().orElse(0)).sum();
            boolean anyUnreserved = functions.values().stream().anyMatch(c -> c.reservedConcurrency().isEmpty());
            if (reserved > accountConcurrency || (anyUnreserved && reserved >= accountConcurrency)) {
                throw new IllegalStateException("Reserved concurrency " + reserved + " leaves nothing of the account"
                        + " concurrency " + accountConcurrency + " for functions without a reservation;"
                        + " raise accountConcurrency or lower the reservations");
            }
            return new LocalLambda(this);
        }
    }
}
