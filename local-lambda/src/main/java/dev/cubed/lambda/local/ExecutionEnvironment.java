package dev.cubed.lambda.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One execution environment: a child JVM running the runtime interface client on the function's task
 * root, and the Runtime API state it talks to (the invocation waiting for it, the one it is running).
 *
 * <p>Outcomes come from the child (response, error, init error) or from faults seen here (the process
 * exited, the deadline passed). Whichever comes first decides; the environment is kept only after
 * outcomes the runtime itself reported.
 */
final class ExecutionEnvironment {

    /** What HotSpot prints when {@code -XX:+ExitOnOutOfMemoryError} ends the JVM. */
    static final String OOM_MARKER = "Terminating due to java.lang.OutOfMemoryError";
    /** Lambda's limit on a synchronous response. */
    static final int MAX_RESPONSE_BYTES = 6_291_556;

    enum Delivery { ACCEPTED, STALE, UNKNOWN }

    private final String id;
    private final FunctionConfig config;
    private final String functionArn;
    private final Process process;
    private final EnvironmentLog log;
    private final Path tmpDir;
    private final ScheduledExecutorService timers;
    private final Duration initTimeout;
    private final ObjectMapper json;
    private final long startedNanos = System.nanoTime();
    private final LinkedBlockingQueue<Attempt> mailbox = new LinkedBlockingQueue<>();
    /** Request ids this environment finished recently: late posts for them are accepted and ignored. */
    private final Deque<String> finished = new ArrayDeque<>();
    private Attempt current;
    private boolean dead;
    private long initNanos = -1;
    private boolean initReported;
    private int served;

    ExecutionEnvironment(String id, FunctionConfig config, String functionArn, Process process, EnvironmentLog log,
                         Path tmpDir, ScheduledExecutorService timers, Duration initTimeout, ObjectMapper json) {
        this.id = id;
        this.config = config;
        this.functionArn = functionArn;
        this.process = process;
        this.log = log;
        this.tmpDir = tmpDir;
        this.timers = timers;
        this.initTimeout = initTimeout;
        this.json = json;
        process.onExit().thenRun(this::processExited);
    }

    String id() {
        return id;
    }

    long pid() {
        return process.pid();
    }

    Path logFile() {
        return log.file();
    }

    String functionArn() {
        return functionArn;
    }

    long timeoutMillis() {
        return config.timeout().toMillis();
    }

    synchronized boolean isAlive() {
        return !dead && process.isAlive();
    }

    /** Hands an invocation to this environment; the child picks it up on its next {@code /next}. */
    Attempt assign(Invocation invocation) {
        Attempt attempt;
        synchronized (this) {
            attempt = new Attempt(invocation, log.size());
            current = attempt;
            log.appendLine("START RequestId: " + invocation.requestId() + " Version: $LATEST");
            if (dead) {
                completeAfterExit(attempt);
                return attempt;
            }
            if (initNanos < 0) {
                attempt.watch(timers.schedule(() -> initTimedOut(attempt), initTimeout.toMillis(), TimeUnit.MILLISECONDS));
            }
        }
        mailbox.add(attempt);
        return attempt;
    }

    /**
     * Runtime API {@code GET /next}: blocks until an invocation is assigned (or the environment dies, then
     * null), marks it delivered and starts its timeout.
     */
    Attempt awaitNext() throws InterruptedException {
        synchronized (this) {
            if (initNanos < 0) {
                initNanos = System.nanoTime() - startedNanos;
            }
        }
        while (true) {
            Attempt attempt = mailbox.poll(250, TimeUnit.MILLISECONDS);
            if (attempt == null) {
                if (!isAlive()) {
                    return null;
                }
                continue;
            }
            if (attempt.isDone()) {
                continue;
            }
            attempt.markDelivered();
            attempt.watch(timers.schedule(() -> timedOut(attempt), config.timeout().toMillis(), TimeUnit.MILLISECONDS));
            return attempt;
        }
    }

    /** Runtime API {@code POST /invocation/{id}/response}. */
    Delivery respond(String requestId, byte[] body, long fullSize) {
        Attempt attempt = attemptFor(requestId);
        if (attempt == null) {
            return knownRequest(requestId) ? Delivery.STALE : Delivery.UNKNOWN;
        }
        if (fullSize > MAX_RESPONSE_BYTES) {
            attempt.complete(new Outcome(Outcome.Kind.RESPONSE_TOO_LARGE, new ErrorPayload(ErrorPayload.RESPONSE_TOO_LARGE,
                    "Response payload size (" + fullSize + " bytes) exceeded maximum allowed payload size ("
                            + MAX_RESPONSE_BYTES + " bytes).").toJson(json)));
        } else {
            attempt.complete(new Outcome(Outcome.Kind.SUCCESS, body));
        }
        return Delivery.ACCEPTED;
    }

    /** Runtime API {@code POST /invocation/{id}/error}: the body is the runtime's error JSON, passed through. */
    Delivery reportError(String requestId, byte[] body) {
        Attempt attempt = attemptFor(requestId);
        if (attempt == null) {
            return knownRequest(requestId) ? Delivery.STALE : Delivery.UNKNOWN;
        }
        attempt.complete(new Outcome(Outcome.Kind.FUNCTION_ERROR, body));
        return Delivery.ACCEPTED;
    }

    /**
     * Runtime API {@code POST /init/error}: the handler could not be set up. The invocation that caused the
     * initialisation fails with the runtime's error; the environment is not used again.
     */
    void reportInitError(byte[] body) {
        Attempt attempt;
        synchronized (this) {
            initReported = true;
            attempt = current;
        }
        if (attempt != null) {
            attempt.complete(new Outcome(Outcome.Kind.INIT_ERROR, body));
        }
    }

    /**
     * Called by the invoking thread once the attempt has an outcome: writes Lambda's END and REPORT lines and
     * returns the invocation's result, with its log tail.
     */
    InvocationResult finish(Attempt attempt, Outcome outcome) {
        String requestId = attempt.requestId();
        if (outcome.kind() == Outcome.Kind.TIMEOUT || outcome.kind() == Outcome.Kind.EXIT
                || outcome.kind() == Outcome.Kind.OUT_OF_MEMORY) {
            ErrorPayload error = readError(outcome.payload());
            log.appendLine(Instant.now() + " " + error.errorMessage());
            log.appendLine(error.errorType());
        }
        log.appendLine("END RequestId: " + requestId);
        StringBuilder report = new StringBuilder("REPORT RequestId: ").append(requestId)
                .append(String.format(Locale.ROOT, "\tDuration: %.2f ms", attempt.durationMillis()))
                .append("\tBilled Duration: ").append((long) Math.ceil(attempt.durationMillis())).append(" ms")
                .append("\tMemory Size: ").append(config.memoryMb()).append(" MB");
        long peak = peakResidentMegabytes();
        if (peak > 0) {
            report.append("\tMax Memory Used: ").append(peak).append(" MB");
        }
        synchronized (this) {
            if (served == 0 && initNanos >= 0) {
                report.append(String.format(Locale.ROOT, "\tInit Duration: %.2f ms", initNanos / 1e6));
            }
            served++;
            if (current == attempt) {
                current = null;
            }
            finished.addLast(requestId);
            if (finished.size() > 16) {
                finished.removeFirst();
            }
        }
        log.appendLine(report.append('\t').toString());
        String functionError = outcome.kind().functionError() ? "Unhandled" : null;
        return new InvocationResult(requestId, outcome.payload(), functionError, log.tailFrom(attempt.logStart));
    }

    /** Kills the child (and anything it started). */
    void kill() {
        synchronized (this) {
            dead = true;
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** Kills the child and waits for it, so its files can be deleted. */
    void killAndWait(Duration wait) {
        kill();
        try {
            process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteTmp();
    }

    private void initTimedOut(Attempt attempt) {
        String message = "RequestId: " + attempt.requestId() + " Error: Init phase timed out after "
                + seconds(initTimeout) + " seconds (LocalLambda initTimeout; see " + log.file() + ")";
        if (attempt.complete(new Outcome(Outcome.Kind.TIMEOUT,
                new ErrorPayload(ErrorPayload.TIMED_OUT, message).toJson(json)))) {
            kill();
        }
    }

    void timedOut(Attempt attempt) {
        String message = "RequestId: " + attempt.requestId() + " Error: Task timed out after "
                + seconds(config.timeout()) + " seconds";
        if (attempt.complete(new Outcome(Outcome.Kind.TIMEOUT,
                new ErrorPayload(ErrorPayload.TIMED_OUT, message).toJson(json)))) {
            kill();
        }
    }

    private void processExited() {
        Attempt attempt;
        synchronized (this) {
            dead = true;
            attempt = current;
        }
        if (attempt != null && !attempt.isDone()) {
            completeAfterExit(attempt);
        }
        deleteTmp();
    }

    private void completeAfterExit(Attempt attempt) {
        boolean warm;
        boolean initFailed;
        synchronized (this) {
            warm = served > 0;
            initFailed = initReported;
        }
        if (!attempt.delivered() && warm && !initFailed) {
            attempt.complete(new Outcome(Outcome.Kind.LOST, new byte[0]));
            return;
        }
        int status = process.isAlive() ? -1 : process.exitValue();
        String reason = "RequestId: " + attempt.requestId() + " Error: Runtime exited with error: " + exitDescription(status);
        String oomLine = log.lineSince(attempt.delivered() ? attempt.logStart : 0, OOM_MARKER);
        if (oomLine != null) {
            String detail = oomLine.substring("Terminating due to ".length());
            attempt.complete(new Outcome(Outcome.Kind.OUT_OF_MEMORY,
                    new ErrorPayload(ErrorPayload.OUT_OF_MEMORY, reason + " (" + detail + ")").toJson(json)));
        } else {
            attempt.complete(new Outcome(Outcome.Kind.EXIT,
                    new ErrorPayload(ErrorPayload.EXIT_ERROR, reason).toJson(json)));
        }
    }

    private synchronized Attempt attemptFor(String requestId) {
        Attempt attempt = current;
        if (attempt == null || !attempt.requestId().equals(requestId) || !attempt.delivered()) {
            return null;
        }
        return attempt;
    }

    private synchronized boolean knownRequest(String requestId) {
        return finished.contains(requestId) || (current != null && current.requestId().equals(requestId));
    }

    private ErrorPayload readError(byte[] payload) {
        try {
            var node = json.readTree(payload);
            return new ErrorPayload(node.path("errorType").asText(), node.path("errorMessage").asText());
        } catch (IOException e) {
            return new ErrorPayload("", new String(payload, java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    /** The child's peak resident memory (VmHWM), as Lambda's "Max Memory Used"; 0 when unknown. */
    private long peakResidentMegabytes() {
        if (!process.isAlive()) {
            return 0;
        }
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"));
            for (String line : lines) {
                if (line.startsWith("VmHWM:")) {
                    String[] parts = line.substring(6).trim().split("\\s+");
                    return Math.round(Long.parseLong(parts[0]) / 1024.0);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or the process just ended
        }
        return 0;
    }

    private void deleteTmp() {
        FileTrees.deleteQuietly(tmpDir);
    }

    static String exitDescription(int status) {
        if (status < 0) {
            return "unknown";
        }
        if (status > 128 && status < 160) {
            return switch (status - 128) {
                case 9 -> "signal: killed";
                case 6 -> "signal: aborted";
                case 11 -> "signal: segmentation fault";
                case 15 -> "signal: terminated";
                default -> "signal: " + (status - 128);
            };
        }
        return "exit status " + status;
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.2f", d.toMillis() / 1000.0);
    }
}
