package dev.cubed.lambda.executor;

import dev.cubed.primitive.OperationSpec;
import dev.cubed.runtime.EngineDagExecutor;
import dev.cubed.runtime.PeakMemoryScope;
import dev.cubed.runtime.PermanentTaskFailure;
import dev.cubed.runtime.PlannedTask;
import dev.cubed.runtime.engine.Attempt;
import dev.cubed.runtime.engine.TaskLauncher;
import dev.cubed.runtime.engine.TaskOutcome;
import dev.cubed.runtime.engine.ThrottledException;
import dev.cubed.task.IncompatibleMessageException;
import dev.cubed.task.PreparedOperation;
import dev.cubed.task.TaskJson;
import dev.cubed.task.TaskReply;
import dev.cubed.task.TaskStats;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.lambda.LambdaAsyncClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.TooManyRequestsException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Starts attempts of tasks as invocations of the worker function: serialises each attempt's task
 * message (the operation's spec encoded once, see {@link PreparedOperation}), invokes the function
 * asynchronously and turns the answer into a {@link TaskOutcome} or the failure the engine acts on:
 * <ul>
 *   <li>a function error: {@link WorkerFailure} (retried) or {@link PermanentWorkerFailure} (not);</li>
 *   <li>429 {@code TooManyRequestsException}, or no pooled connection in time: {@link ThrottledException}
 *       (the engine waits and resubmits without spending a retry);</li>
 *   <li>a client error the request itself causes (404, 400, 413, 403): {@link PermanentTaskFailure};</li>
 *   <li>anything else (network, 5xx): {@link InvokeFailedException} (retried).</li>
 * </ul>
 * When the engine cancels an attempt (deadline passed, its twin won, the run failed), the HTTP call
 * is abandoned; Lambda finishes or times out the invocation on its side.
 *
 * <p>With a batch size above one, attempts launched within a few milliseconds of each other (the
 * engine launches freed slots in a burst) share one invocation; a batch fails or succeeds as a whole.
 */
final class InvocationLauncher implements TaskLauncher<PlannedTask> {
    /** How long a partial batch waits for more attempts before it is sent anyway. */
    static final Duration LINGER = Duration.ofMillis(5);

    private final LambdaAsyncClient lambda;
    private final FunctionRef function;
    private final Function<OperationSpec, PreparedOperation> prepared;
    private final TaskJson json;
    private final InvocationStats stats;
    private final int batchSize;
    private final ScheduledExecutorService lingerTimer;

    /** The batch being filled (batch size > 1 only); guarded by this. */
    private List<Pending> open;
    private ScheduledFuture<?> openTimer;

    InvocationLauncher(LambdaAsyncClient lambda, FunctionRef function, Function<OperationSpec, PreparedOperation> prepared,
                       TaskJson json, InvocationStats stats, int batchSize, ScheduledExecutorService lingerTimer) {
        this.lambda = Objects.requireNonNull(lambda, "lambda");
        this.function = Objects.requireNonNull(function, "function");
        this.prepared = Objects.requireNonNull(prepared, "prepared");
        this.json = Objects.requireNonNull(json, "json");
        this.stats = Objects.requireNonNull(stats, "stats");
        this.batchSize = batchSize;
        this.lingerTimer = lingerTimer;
        if (batchSize > 1 && lingerTimer == null) {
            throw new IllegalArgumentException("batching needs a timer to send partial batches");
        }
    }

    /** One attempt waiting for its invocation's answer. */
    private static final class Pending {
        final PlannedTask task;
        final Attempt attempt;
        final CompletableFuture<TaskOutcome> result = new CompletableFuture<>();
        /** Set once the attempt travels in an invocation. */
        volatile Invocation invocation;
        /** Whether this attempt's cancellation was counted against its invocation. */
        final AtomicBoolean released = new AtomicBoolean();

        Pending(PlannedTask task, Attempt attempt) {
            this.task = task;
            this.attempt = attempt;
            // the engine cancels an attempt past its deadline, or whose twin won: let its invocation know
            result.whenComplete((o, e) -> {
                Invocation inv = invocation;
                if (result.isCancelled() && inv != null) {
                    inv.release(this);
                }
            });
        }
    }

    @Override
    public CompletableFuture<TaskOutcome> launch(PlannedTask task, Attempt attempt) {
        Pending p = new Pending(task, attempt);
        if (batchSize == 1) {
            send(List.of(p));
            return p.result;
        }
        List<Pending> full = null;
        List<Pending> other = null;
        synchronized (this) {
            if (open != null && open.get(0).task.operation() != task.operation()) {
                other = takeOpen(); // a batch runs one operation's tasks
            }
            if (open == null) {
                open = new ArrayList<>(batchSize);
                openTimer = lingerTimer.schedule(this::flushOpen, LINGER.toNanos(), TimeUnit.NANOSECONDS);
            }
            open.add(p);
            if (open.size() == batchSize) {
                full = takeOpen();
            }
        }
        // an attempt cancelled before its batch left is simply not sent
        if (other != null) {
            send(other);
        }
        if (full != null) {
            send(full);
        }
        return p.result;
    }

    private synchronized List<Pending> takeOpen() {
        List<Pending> b = open;
        open = null;
        if (openTimer != null) {
            openTimer.cancel(false);
            openTimer = null;
        }
        return b;
    }

    private void flushOpen() {
        List<Pending> b = takeOpen();
        if (b != null) {
            send(b);
        }
    }

    private void send(List<Pending> batch) {
        List<Pending> live = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            if (!p.result.isDone()) {
                live.add(p);
            }
        }
        if (live.isEmpty()) {
            return;
        }
        Invocation inv = new Invocation(live);
        byte[] payload;
        try {
            OperationSpec op = live.get(0).task.operation();
            List<long[]> coords = new ArrayList<>(live.size());
            for (Pending p : live) {
                coords.add(p.task.coords());
            }
            payload = prepared.apply(op).encode(coords);
        } catch (RuntimeException e) {
            inv.failAll(e);
            return;
        }
        long t0 = System.nanoTime();
        CompletableFuture<InvokeResponse> call;
        try {
            call = lambda.invoke(WorkerInvocation.request(function, payload));
        } catch (RuntimeException e) {
            call = CompletableFuture.failedFuture(e);
        }
        inv.start(call, t0);
    }

    /** One invoke call and the attempts it carries. */
    private final class Invocation {
        private final List<Pending> batch;
        private final AtomicInteger live;
        private final AtomicBoolean settled = new AtomicBoolean();
        private long startNanos;
        private volatile CompletableFuture<InvokeResponse> call;

        Invocation(List<Pending> batch) {
            this.batch = batch;
            this.live = new AtomicInteger(batch.size());
        }

        void start(CompletableFuture<InvokeResponse> call, long startNanos) {
            this.startNanos = startNanos;
            this.call = call;
            for (Pending p : batch) {
                p.invocation = this;
                if (p.result.isCancelled()) {
                    release(p); // cancelled while being sent
                }
            }
            call.whenComplete(this::answered);
        }

        /** The engine gave up on one of the attempts; when it gave up on all, the call is abandoned. */
        void release(Pending p) {
            if (!p.released.compareAndSet(false, true)) {
                return;
            }
            if (live.decrementAndGet() == 0 && settled.compareAndSet(false, true)) {
                CompletableFuture<InvokeResponse> c = call;
                if (c != null) {
                    c.cancel(true);
                }
                long millis = (System.nanoTime() - startNanos) / 1_000_000;
                stats.invoked(retries(), backups(), millis, false, false);
                stats.abandoned();
            }
        }

        void failAll(Throwable failure) {
            settled.set(true);
            for (Pending p : batch) {
                p.result.completeExceptionally(failure);
            }
        }

        private void answered(InvokeResponse response, Throwable error) {
            if (!settled.compareAndSet(false, true)) {
                return; // abandoned: nobody waits for it
            }
            long millis = (System.nanoTime() - startNanos) / 1_000_000;
            if (error != null) {
                failAll(callFailure(unwrap(error)));
                return;
            }
            WorkerInvocation inv;
            try {
                inv = WorkerInvocation.decode(response, json, millis);
            } catch (IncompatibleMessageException e) {
                stats.invoked(retries(), backups(), millis, false, false);
                failAll(new PermanentTaskFailure("the worker " + function + " answered " + tasks() + " with a reply of"
                        + " another release: " + e.getMessage(), e));
                return;
            } catch (RuntimeException e) {
                stats.invoked(retries(), backups(), millis, false, false);
                failAll(new PermanentTaskFailure("the function " + function + " answered " + tasks() + " with something"
                        + " that is not a Cubed task reply (" + e.getMessage() + "): is it the Cubed worker"
                        + " (dev.cubed.lambda.worker.TaskHandler)?", e));
                return;
            }
            Optional<LambdaReport> report = inv.report();
            if (inv.failed()) {
                stats.invoked(retries(), backups(), report.map(LambdaReport::billedMillis).orElse(Math.max(1, millis)),
                        report.isPresent(), report.map(LambdaReport::coldStart).orElse(false));
                stats.functionError();
                failAll(WorkerFailure.of(function.toString(), tasks(), inv));
                return;
            }
            TaskReply reply = inv.reply();
            if (reply.results().size() != batch.size()) {
                stats.invoked(retries(), backups(), millis, false, reply.coldStart());
                failAll(new PermanentTaskFailure("the worker " + function + " answered " + batch.size() + " tasks ("
                        + tasks() + ") with " + reply.results().size() + " results: deploy a worker built from the same"
                        + " release as the client", null));
                return;
            }
            long measured = 0;
            for (TaskStats s : reply.results()) {
                measured += s.functionEndMillis() - s.functionStartMillis();
            }
            stats.invoked(retries(), backups(), report.map(LambdaReport::billedMillis).orElse(Math.max(1, measured)),
                    report.isPresent(), reply.coldStart());
            stats.tasksCompleted(batch.size());
            String requestId = response.responseMetadata() == null ? null : response.responseMetadata().requestId();
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).result.complete(outcome(reply.results().get(i), reply, report, millis, requestId));
            }
        }

        private TaskOutcome outcome(TaskStats s, TaskReply reply, Optional<LambdaReport> report, long millis,
                                    String requestId) {
            TaskOutcome base = EngineDagExecutor.outcome(s, PeakMemoryScope.TASK);
            Map<String, Object> extra = new LinkedHashMap<>(base.extraStats());
            extra.put("cold_start", reply.coldStart());
            extra.put("invoke_ms", millis);
            report.ifPresent(r -> {
                extra.put("billed_ms", r.billedMillis());
                if (r.maxMemoryUsedMb() >= 0) {
                    extra.put("max_memory_used_mb", r.maxMemoryUsedMb());
                }
                if (r.initMillis() >= 0) {
                    extra.put("init_ms", r.initMillis());
                }
            });
            if (batch.size() > 1) {
                extra.put("batch_size", batch.size());
            }
            if (requestId != null) {
                extra.put("request_id", requestId);
            }
            return new TaskOutcome(base.functionStart(), base.functionEnd(), base.peakMemoryBefore(),
                    base.peakMemoryAfter(), base.bytesRead(), base.bytesWritten(), extra);
        }

        /** What a failed invoke call means for the engine. */
        private RuntimeException callFailure(Throwable e) {
            if (e instanceof TooManyRequestsException t) {
                stats.throttled();
                return new ThrottledException("Lambda refused to invoke " + function + " for " + tasks() + " (429 "
                        + (t.reasonAsString() == null ? "TooManyRequestsException" : t.reasonAsString()) + ")",
                        retryAfter(t.retryAfterSeconds()), e);
            }
            if (e instanceof SdkServiceException s && s.statusCode() == 429) {
                stats.throttled();
                return new ThrottledException("Lambda refused to invoke " + function + " for " + tasks() + " (429: "
                        + s.getMessage() + ")", null, e);
            }
            if (isPoolExhausted(e)) {
                stats.poolWait();
                return new ThrottledException("no free connection to Lambda for " + tasks() + " within the acquire"
                        + " timeout (more invocations in flight than connections): waiting", null, e);
            }
            stats.callError();
            if (e instanceof SdkServiceException s && s.statusCode() >= 400 && s.statusCode() < 500
                    && s.statusCode() != 408 && s.statusCode() != 409) {
                return new PermanentTaskFailure("Lambda rejected the invocation of " + function + " for " + tasks()
                        + " (HTTP " + s.statusCode() + "): " + s.getMessage() + advice(s.statusCode()), e);
            }
            java.util.Optional<String> unreachable = dev.cubed.storage.ServiceFailure.unreachable(e);
            if (unreachable.isPresent()) {
                return new InvokeFailedException("invoking Lambda function " + function + " for " + tasks() + ": the"
                        + " Lambda endpoint " + dev.cubed.storage.ServiceFailure.endpoint(lambda) + " cannot be reached (" + unreachable.get() + "); check that"
                        + " it is running (cubed local-lambda prints its AWS_ENDPOINT_URL_LAMBDA) and that"
                        + " AWS_ENDPOINT_URL_LAMBDA / the region are right", e);
            }
            if (dev.cubed.storage.ServiceFailure.missingCredentials(e)) {
                return new PermanentTaskFailure("invoking Lambda function " + function + " for " + tasks() + ": no AWS"
                        + " credentials were found; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE (a"
                        + " profile in ~/.aws/credentials)", e);
            }
            return new InvokeFailedException("invoking " + function + " for " + tasks() + " failed without an answer"
                    + " from the worker: " + e, e);
        }

        private int retries() {
            int n = 0;
            for (Pending p : batch) {
                if (!p.attempt.isFirst() && !p.attempt.backup()) {
                    n++;
                }
            }
            return n;
        }

        private int backups() {
            int n = 0;
            for (Pending p : batch) {
                if (p.attempt.backup()) {
                    n++;
                }
            }
            return n;
        }

        /** "op-002 chunk [3]" or "op-002 chunks [3], [4]". */
        private String tasks() {
            if (batch.size() == 1) {
                return batch.get(0).task.toString();
            }
            StringBuilder sb = new StringBuilder(batch.get(0).task.operation().name()).append(" chunks ");
            for (int i = 0; i < batch.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(Arrays.toString(batch.get(i).task.coords()));
            }
            return sb.toString();
        }
    }

    private static String advice(int status) {
        if (status == 404) {
            return " - check the executor option function and the region";
        }
        if (status == 403) {
            return " - your credentials need lambda:InvokeFunction on the worker (infra/deployer-policy.json)";
        }
        if (status == 413) {
            return " - lower the executor option inline-limit so that operation specs travel by reference";
        }
        return "";
    }

    /** The Netty client found no connection for the request within the acquire timeout: it was never sent. */
    static boolean isPoolExhausted(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            String m = c.getMessage();
            if (m != null && (m.contains("Acquire operation took longer") || m.contains("pending connection acquisitions")
                    || m.contains("Too many outstanding acquire operations"))) {
                return true;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return e instanceof SdkClientException && e.getCause() instanceof java.util.concurrent.TimeoutException
                && String.valueOf(e.getMessage()).contains("acquire");
    }

    private static Duration retryAfter(String seconds) {
        if (seconds == null || seconds.isBlank()) {
            return null;
        }
        try {
            long s = Long.parseLong(seconds.trim());
            return s >= 0 ? Duration.ofSeconds(s) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
