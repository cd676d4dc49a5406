package dev.cubed.lambda.executor;

import dev.cubed.plan.FinalizedPlan;
import dev.cubed.plan.MemorySize;
import dev.cubed.plan.PlannedOperation;
import dev.cubed.primitive.OperationSpec;
import dev.cubed.runtime.Callback;
import dev.cubed.runtime.ComputeRequest;
import dev.cubed.runtime.EngineDagExecutor;
import dev.cubed.runtime.PlannedTask;
import dev.cubed.runtime.engine.BackupPolicy;
import dev.cubed.runtime.engine.EngineSettings;
import dev.cubed.runtime.engine.TaskLauncher;
import dev.cubed.task.AllowedLocations;
import dev.cubed.task.PreparedOperation;
import dev.cubed.task.TaskContext;
import dev.cubed.task.TaskJson;
import dev.cubed.task.TaskMessages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationResponse;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

import java.time.Duration;
import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * Runs every task of a plan as an invocation of the deployed worker function (executor
 * {@code lambda}): the laptop plans, Lambda computes. Concurrency, lazy submission, retries,
 * deadlines, backup invocations and throttling come from the shared task engine; this class says
 * how one attempt is sent ({@link InvocationLauncher}) and guards what Lambda must give a task:
 *
 * <ul>
 *   <li>before the first invocation it reads the function's configuration and fails, before any
 *       task runs, when its memory is below the Spec's {@code allowed_mem}, its timeout is missing or
 *       shorter than the task timeout, the work dir is not on S3, or the worker may not use it;</li>
 *   <li>each attempt has a client-side deadline (the task timeout, or the function's timeout plus a
 *       margin), so an invocation that never answers is abandoned and retried;</li>
 *   <li>backups are on by default: chunk writes to S3 are atomic, so a straggler's twin is harmless.</li>
 * </ul>
 * At the end of each computation it reports invocations, retries, throttles, backups, cold starts,
 * billed GB-seconds and an estimated price ({@link LambdaCostSummary}) to every
 * {@link LambdaCostCallback} among the compute's callbacks, and keeps it ({@link #lastCostSummary()}).
 */
public final class LambdaExecutor extends EngineDagExecutor {
    public static final String NAME = "lambda";
    private static final Logger LOG = LoggerFactory.getLogger(LambdaExecutor.class);

    private final LambdaExecutorSettings settings;
    private final LambdaClients clients;
    private final WorkerFunctionConfig function;
    private final TaskJson json = new TaskJson();
    private final ScheduledExecutorService lingerTimer;

    private volatile Run run;
    private volatile LambdaCostSummary lastCostSummary;

    private LambdaExecutor(TaskContext context, EngineSettings engine, LambdaExecutorSettings settings,
                           LambdaClients clients, WorkerFunctionConfig function) {
        super(context, engine);
        this.settings = settings;
        this.clients = clients;
        this.function = function;
        if (settings.batchSize() > 1) {
            ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "cubed-lambda-batches");
                t.setDaemon(true);
                return t;
            });
            timer.setRemoveOnCancelPolicy(true);
            this.lingerTimer = timer;
        } else {
            this.lingerTimer = null;
        }
    }

    /**
     * An executor for the function these settings name: reads its configuration (the first call to
     * Lambda), checks its timeout against the task timeout, and derives the engine's settings.
     *
     * @throws IllegalArgumentException when the function cannot be found or read, or its timeout does not fit
     */
    public static LambdaExecutor create(LambdaExecutorSettings settings, TaskContext context) {
        LambdaClients clients = LambdaClients.create(settings);
        try {
            WorkerFunctionConfig config = readConfiguration(clients, settings);
            Duration deadline = checkTimeout(config, settings);
            EngineSettings.Builder engine = EngineSettings.builder()
                    .maxInFlight(settings.inFlight())
                    .retries(settings.retries())
                    .attemptTimeout(deadline);
            if (settings.backups()) {
                engine.backupPolicy(BackupPolicy.defaults().withMinStarted(settings.backupMinTasks()));
            }
            return new LambdaExecutor(context, engine.build(), settings, clients, config);
        } catch (RuntimeException e) {
            clients.close();
            throw e;
        }
    }

    private static WorkerFunctionConfig readConfiguration(LambdaClients clients, LambdaExecutorSettings settings) {
        FunctionRef f = settings.function();
        try {
            GetFunctionConfigurationResponse c = clients.control().getFunctionConfiguration(b -> {
                b.functionName(f.name());
                if (f.qualifier() != null) {
                    b.qualifier(f.qualifier());
                }
            }).join();
            return WorkerFunctionConfig.of(c);
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof ResourceNotFoundException) {
                throw new IllegalArgumentException("no Lambda function " + f + " in region " + clients.region()
                        + ": deploy the worker (infra/deploy.sh) or check the executor options function and region"
                        + " (the stack's InvokeTarget output)", cause);
            }
            if (cause instanceof SdkException) {
                throw new IllegalArgumentException("cannot read the configuration of Lambda function " + f + " in region "
                        + clients.region() + ": " + cause.getMessage() + " - your credentials need"
                        + " lambda:GetFunctionConfiguration and lambda:InvokeFunction on it"
                        + " (infra/deployer-policy.json grants both)", cause);
            }
            throw e;
        }
    }

    /** The attempt deadline, after checking the function's timeout leaves a task the time it is configured for. */
    static Duration checkTimeout(WorkerFunctionConfig config, LambdaExecutorSettings settings) {
        if (config.timeout() == null) {
            throw new IllegalArgumentException("the configuration of Lambda function " + settings.function()
                    + " has no timeout, so no deadline can be set for its invocations: deploy it with"
                    + " sam-template.yaml (infra/deploy.sh, parameter Timeout)");
        }
        Optional<Duration> task = settings.taskTimeout();
        if (task.isPresent() && config.timeout().compareTo(task.get()) < 0) {
            throw new IllegalArgumentException("the timeout of Lambda function " + settings.function() + " ("
                    + config.timeout().toSeconds() + " s) is shorter than the task timeout (executor option timeout="
                    + task.get().toSeconds() + " s): Lambda would stop tasks before the executor's deadline. Raise the"
                    + " function's timeout (infra/deploy.sh --parameter-overrides Timeout=" + task.get().toSeconds()
                    + ", at most 900) or lower the executor option timeout");
        }
        return settings.attemptDeadline(config.timeout());
    }

    @Override
    public String name() {
        return NAME;
    }

    /** What the executor read from {@code GetFunctionConfiguration}. */
    public WorkerFunctionConfig function() {
        return function;
    }

    public LambdaExecutorSettings settings() {
        return settings;
    }

    /** The cost summary of the last computation this executor ran (empty before the first ends). */
    public Optional<LambdaCostSummary> lastCostSummary() {
        return Optional.ofNullable(lastCostSummary);
    }

    /**
     * Checks, before any task runs, that Lambda can run this plan: the work dir is on S3 (Lambda
     * cannot reach this machine's files), the function gives every task the Spec's
     * {@code allowed_mem}, it is active, and the worker is allowed to use the work dir.
     */
    @Override
    protected void checkResources(FinalizedPlan plan) {
        checkPlanFits(function, settings.function(), plan.settings().workDir(), plan.settings().allowedMem());
    }

    /** {@link #checkResources}: whether a plan with this work dir and memory per task can run on the function. */
    static void checkPlanFits(WorkerFunctionConfig function, FunctionRef name, String workDir, long allowed) {
        if (!workDir.startsWith("s3://")) {
            throw new IllegalArgumentException("the lambda executor needs an s3:// work dir, but the Spec's work dir is "
                    + workDir + ": Lambda workers cannot reach this machine's files. Use --work-dir"
                    + " s3://BUCKET/PREFIX (the stack's WorkDir output)");
        }
        if (function.memoryBytes() < allowed) {
            long neededMb = (allowed + (1 << 20) - 1) >> 20;
            throw new IllegalArgumentException("Runtime memory (" + MemorySize.format(function.memoryBytes()) + ") is less"
                    + " than allowed_mem (" + MemorySize.format(allowed) + "): Lambda function " + name + " has "
                    + function.memoryMb() + " MB. Raise the function's MemorySize parameter to at least " + neededMb
                    + " (infra/deploy.sh --parameter-overrides MemorySize=" + neededMb + ") or lower the Spec's"
                    + " allowed_mem to at most " + MemorySize.format(function.memoryBytes()));
        }
        if (function.state() != null && !function.state().equals("Active")) {
            throw new IllegalStateException("Lambda function " + name + " is " + function.state()
                    + (function.stateReason() == null ? "" : " (" + function.stateReason() + ")")
                    + ", not Active: wait until it is, or redeploy it if it failed");
        }
        if (function.allowedWorkDirs() != null && !function.allowedWorkDirs().isBlank()
                && !AllowedLocations.parse(function.allowedWorkDirs()).allows(workDir + "/")) {
            throw new IllegalArgumentException("the worker " + name + " may only use " + function.allowedWorkDirs()
                    + " (its " + WorkerFunctionConfig.ALLOWED_WORK_DIRS + "), so it would refuse the work dir " + workDir
                    + ": use a work dir under it (the stack's WorkDir output)");
        }
    }

    /**
     * Runs the plan, then reports its cost. Specs too large to travel inline are written to the work
     * dir here, once per operation, before any task is launched.
     */
    @Override
    public void execute(FinalizedPlan plan, ComputeRequest request) {
        checkResources(plan);
        TaskMessages messages = TaskMessages.builder().storage(context().storage()).workDir(plan.settings().workDir())
                .inlineLimit(settings.inlineLimit()).json(json).build();
        Map<OperationSpec, PreparedOperation> prepared = new IdentityHashMap<>();
        for (PlannedOperation op : plan.operations()) {
            prepared.put(op.spec(), messages.prepare(op.spec()));
        }
        Run r = new Run(prepared, new InvocationStats(), Instant.now());
        run = r;
        try {
            super.execute(plan, request);
        } finally {
            run = null;
            LambdaCostSummary summary = r.stats.summary(settings.function().toString(), function,
                    Duration.between(r.start, Instant.now()));
            lastCostSummary = summary;
            LOG.info("{}", summary);
            for (Callback c : request.callbacks()) {
                if (c instanceof LambdaCostCallback cost) {
                    try {
                        cost.onLambdaCost(summary);
                    } catch (RuntimeException e) {
                        LOG.warn("cost callback {} failed: {}", c.getClass().getName(), e.toString(), e);
                    }
                }
            }
        }
    }

    @Override
    protected TaskLauncher<PlannedTask> launcher() {
        Run r = Objects.requireNonNull(run, "launcher() is called during execute()");
        return new InvocationLauncher(clients.invoke(), settings.function(), r::prepared, json, r.stats,
                settings.batchSize(), lingerTimer);
    }

    /** One computation's messages and counts. */
    private record Run(Map<OperationSpec, PreparedOperation> preparedOps, InvocationStats stats,
                       Instant start) {
        /** The operation's prepared message; every operation of the plan was prepared before the first launch. */
        PreparedOperation prepared(OperationSpec spec) {
            PreparedOperation p = preparedOps.get(spec);
            if (p == null) {
                throw new IllegalStateException("operation " + spec.name() + " is not part of the plan being run");
            }
            return p;
        }
    }

    @Override
    public void close() {
        try {
            super.close();
        } finally {
            clients.close();
            if (lingerTimer != null) {
                lingerTimer.shutdownNow();
            }
        }
    }
}
