package dev.cubed.spark;

import dev.cubed.plan.FinalizedPlan;
import dev.cubed.plan.PlannedOperation;
import dev.cubed.primitive.OperationSpec;
import dev.cubed.runtime.ComputeRequest;
import dev.cubed.runtime.EngineDagExecutor;
import dev.cubed.runtime.PlannedTask;
import dev.cubed.runtime.engine.BlockingTaskLauncher;
import dev.cubed.runtime.engine.TaskLauncher;
import dev.cubed.task.PreparedOperation;
import dev.cubed.task.TaskContext;
import dev.cubed.task.TaskJson;
import dev.cubed.task.TaskMessages;
import org.apache.spark.JobExecutionStatus;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkContext$;
import org.apache.spark.SparkJobInfo;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import scala.Option;
import scala.Tuple2;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs every task of a plan as a Spark job (executor {@code spark}): the plans of this project on
 * an existing Spark cluster, or in Spark's local mode. Everything but the launch is the shared
 * engine's, so a Spark run has the same retries, timeouts, backup tasks, lazy submission, events
 * and history as {@code threads}:
 *
 * <ul>
 *   <li>one job per task attempt ({@link SparkJobLauncher}); its message is the one a Lambda worker
 *       gets, and an executor runs it with the same function ({@code TaskMessageRunner});</li>
 *   <li>retries are the engine's, Spark's are off ({@code spark.task.maxFailures=1}); backups are
 *       the engine's rule, Spark speculation is off (it compares the tasks of one stage, and each
 *       job here has one); a cancelled attempt cancels its job, interrupting the task;</li>
 *   <li>before the first job, the memory guarantee: every task slot of an executor
 *       ({@code spark.executor.cores / spark.task.cpus}) gets {@code allowed_mem} of
 *       {@code spark.executor.memory} (in local mode, of the driver's heap).</li>
 * </ul>
 *
 * The executor uses the Spark context already running in the JVM (the application's, under
 * spark-submit, or one an earlier computation started) and leaves it running; otherwise it starts
 * one from its options, which stays for the next computations unless {@code keep-context=false}.
 */
public final class SparkExecutor extends EngineDagExecutor {
    public static final String NAME = "spark";

    private final SparkExecutorSettings settings;
    private final TaskJson json = new TaskJson();
    private final ThreadPoolExecutor launchThreads;
    private final String jobGroup;
    private final Map<OperationSpec, PreparedOperation> prepared = new IdentityHashMap<>();

    private SparkContext startedContext;
    private Broadcast<SparkWorker> worker;

    SparkExecutor(TaskContext context, SparkExecutorSettings settings, int slots) {
        super(context, settings.engineSettings(slots));
        this.settings = settings;
        AtomicInteger threadIds = new AtomicInteger();
        // one thread per attempt in flight: each waits for its job, so a launched attempt never queues here
        this.launchThreads = new ThreadPoolExecutor(slots, slots, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, "cubed-spark-job-" + threadIds.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        launchThreads.allowCoreThreadTimeOut(true);
        this.jobGroup = "cubed-" + Integer.toHexString(System.identityHashCode(this));
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Tasks at once: the {@code workers} option, else what the running context's or the new one's settings give. */
    static int slots(SparkExecutorSettings settings) {
        if (settings.workers().isPresent()) {
            return settings.workers().get();
        }
        Option<SparkContext> active = activeContext();
        SparkConf conf = active.isDefined() ? active.get().getConf() : settings.newConf();
        return SparkSlots.of(conf).totalSlots().orElseThrow(() -> new IllegalArgumentException("the Spark settings do"
                + " not say how many tasks run at once (master " + conf.get("spark.master", "?") + "): set executor option"
                + " workers, or spark.executor.instances (or spark.dynamicAllocation.maxExecutors)"));
    }

    /**
     * The Spark context running in this JVM, if any. Spark's public API can only get one by creating
     * it ({@code getOrCreate}); {@code getActive} is its package-private accessor (public in the
     * bytecode), which tells without starting one.
     */
    static Option<SparkContext> activeContext() {
        return SparkContext$.MODULE$.getActive();
    }

    /** The configuration tasks will run under: the running context's, or the one this executor would start. */
    SparkConf effectiveConf() {
        Option<SparkContext> active = activeContext();
        if (active.isDefined()) {
            SparkConf running = active.get().getConf();
            settings.checkRunning(running);
            return running;
        }
        return settings.newConf();
    }

    /** The memory guarantee, checked against the Spark settings before any context starts or job runs. */
    @Override
    protected void checkResources(FinalizedPlan plan) {
        SparkSlots.of(effectiveConf()).check(plan.settings().allowedMem());
    }

    /** Checks, writes specs too large to travel inline to the work dir (once per operation), then runs the plan. */
    @Override
    public void execute(FinalizedPlan plan, ComputeRequest request) {
        checkResources(plan);
        TaskMessages messages = TaskMessages.builder().storage(context().storage()).workDir(plan.settings().workDir())
                .json(json).build();
        synchronized (prepared) {
            prepared.clear();
            for (PlannedOperation op : plan.operations()) {
                prepared.put(op.spec(), messages.prepare(op.spec()));
            }
        }
        try {
            super.execute(plan, request);
        } finally {
            releaseWorker();
        }
    }

    @Override
    protected TaskLauncher<PlannedTask> launcher() {
        JavaSparkContext spark = JavaSparkContext.fromSparkContext(sparkContext());
        SparkConf conf = spark.getConf();
        Map<String, String> executorEnv = new HashMap<>();
        for (Tuple2<String, String> e : conf.getAllWithPrefix("spark.executorEnv.")) {
            executorEnv.put(e._1(), e._2());
        }
        worker = spark.broadcast(new SparkWorker(context().allowed(), executorEnv));
        SparkJobLauncher jobs = new SparkJobLauncher(spark, new SparkTaskFunction(worker), this::prepared, json, jobGroup);
        return new BlockingTaskLauncher<>(launchThreads, jobs);
    }

    private PreparedOperation prepared(OperationSpec spec) {
        synchronized (prepared) {
            return Objects.requireNonNull(prepared.get(spec), () -> "operation " + spec.name() + " is not in the plan");
        }
    }

    /** The running context, or one started from the options (checked and started once). */
    private synchronized SparkContext sparkContext() {
        Option<SparkContext> active = activeContext();
        if (active.isDefined()) {
            settings.checkRunning(active.get().getConf());
            return active.get();
        }
        startedContext = new SparkContext(settings.newConf());
        return startedContext;
    }

    private void releaseWorker() {
        Broadcast<SparkWorker> w = worker;
        worker = null;
        if (w != null) {
            // in local mode the executors use the driver's copy: close the storage clients it built
            w.value().close();
            w.destroy();
        }
    }

    private boolean hasRunningJobs(SparkContext spark) {
        for (int id : spark.statusTracker().getJobIdsForGroup(jobGroup)) {
            Option<SparkJobInfo> info = spark.statusTracker().getJobInfo(id);
            if (info.isDefined() && info.get().status() == JobExecutionStatus.RUNNING) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        super.close();
        launchThreads.shutdownNow();
        SparkContext started;
        synchronized (this) {
            started = startedContext;
            startedContext = null;
        }
        if (started != null && !settings.keepContext()) {
            started.stop();
        } else {
            // a context that stays: cancel what this executor left running (an abandoned attempt)
            Option<SparkContext> active = activeContext();
            if (active.isDefined() && hasRunningJobs(active.get())) {
                active.get().cancelJobGroup(jobGroup);
            }
        }
    }
}
