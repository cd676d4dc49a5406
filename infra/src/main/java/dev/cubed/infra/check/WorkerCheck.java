package dev.cubed.infra.check;

import dev.cubed.array.Cubed;
import dev.cubed.array.LazyArray;
import dev.cubed.array.Spec;
import dev.cubed.block.Block;
import dev.cubed.block.DataType;
import dev.cubed.infra.SequentialPlanRun;
import dev.cubed.infra.WorkerFunction;
import dev.cubed.lambda.executor.WorkerInvocation;
import dev.cubed.plan.FinalizedPlan;
import dev.cubed.plan.MemorySize;
import dev.cubed.primitive.StoredArray;
import dev.cubed.storage.Storage;
import dev.cubed.storage.Store;
import dev.cubed.storage.zarr.ArrayMetadata;
import dev.cubed.storage.zarr.ZarrArray;
import dev.cubed.task.AllowedLocations;
import dev.cubed.task.PermanentTaskError;
import dev.cubed.task.TaskMessages;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationResponse;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.State;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Checks that a deployed worker function can run a computation with a given work dir, from the
 * caller's side: the function's configuration against the Spec (memory at least the allowed
 * memory per task, a timeout long enough, the worker allowed to use the work dir), the caller's
 * own read, write, list and delete access to the work dir, and one real round trip (a small
 * array written, a plan of elementwise, reduction and create-arrays tasks run through the
 * function with specs sent by reference, the result read back and verified). Each finding says
 * what to do next. Everything it writes goes under {@code <workDir>/.cubed-check/<id>/} and is
 * deleted at the end.
 */
public final class WorkerCheck {
    public static final String FUNCTION = "function";
    public static final String HANDLER = "handler and runtime";
    public static final String MEMORY = "memory";
    public static final String TIMEOUT = "timeout";
    public static final String ALLOWED = "work dir allowed by the worker";
    public static final String WRITE = "write to the work dir";
    public static final String READ = "read from the work dir";
    public static final String LIST = "list the work dir";
    public static final String DELETE = "delete from the work dir";
    public static final String ROUND_TRIP = "task round trip";
    public static final String VERSION = "worker version";
    public static final String WORK_DIR = "work dir";
    public static final String JVM = "worker JVM";

    /** The line a worker logs at its first invocation (see lambda-worker's WorkerEnvironment.describe). */
    private static final java.util.regex.Pattern WORKER_LINE = java.util.regex.Pattern.compile(
            "cubed worker \\S+: Java (\\S+) .*?max heap (\\d+) MB, TieredCompilation=(\\w+), TieredStopAtLevel=(\\d+)");

    private static final int ROWS = 8;
    private static final int COLS = 6;

    private final LambdaClient lambda;
    private final Storage storage;
    private final String function;
    private final String workDir;
    private final long allowedMem;
    private final Duration minimumTimeout;
    private final String clientVersion;

    private WorkerCheck(Builder b) {
        this.lambda = Objects.requireNonNull(b.lambda, "lambda");
        this.storage = Objects.requireNonNull(b.storage, "storage");
        this.function = Objects.requireNonNull(b.function, "function");
        String w = Objects.requireNonNull(b.workDir, "workDir");
        while (w.endsWith("/")) {
            w = w.substring(0, w.length() - 1);
        }
        this.workDir = w;
        this.allowedMem = b.allowedMem;
        this.minimumTimeout = b.minimumTimeout;
        this.clientVersion = b.clientVersion;
    }

    public static Builder builder() {
        return new Builder();
    }

    public CheckReport run() {
        List<CheckItem> items = new ArrayList<>();
        if (!workDir.startsWith("s3://") || workDir.length() <= "s3://".length()) {
            items.add(CheckItem.fail(WORK_DIR, workDir + " is not an S3 location, and Lambda can only reach S3",
                    "pass --work-dir s3://BUCKET/PREFIX (the stack's WorkDir output)"));
            return new CheckReport(function, workDir, items);
        }
        GetFunctionConfigurationResponse config = checkFunction(items);
        String checkDir = workDir + "/.cubed-check/" + UUID.randomUUID();
        boolean writable = checkStorage(items, storage.open(checkDir));
        if (config == null) {
            items.add(CheckItem.skip(ROUND_TRIP, "the function's configuration could not be read"));
        } else if (!writable) {
            items.add(CheckItem.skip(ROUND_TRIP, "the work dir is not writable with your credentials"));
        } else {
            try {
                roundTrip(items, checkDir);
            } finally {
                try {
                    storage.open(checkDir).deletePrefix("");
                } catch (RuntimeException e) {
                    items.add(CheckItem.warn("clean up", "could not delete " + checkDir + ": " + e.getMessage(),
                            "delete it yourself (objects under the work dir's prefix also expire by the bucket's"
                                    + " lifecycle rule)"));
                }
            }
        }
        return new CheckReport(function, workDir, items);
    }

    // ------------------------------------------------------------------ the function's configuration

    private GetFunctionConfigurationResponse checkFunction(List<CheckItem> items) {
        GetFunctionConfigurationResponse c;
        try {
            c = lambda.getFunctionConfiguration(b -> b.functionName(function));
        } catch (ResourceNotFoundException e) {
            items.add(CheckItem.fail(FUNCTION, "no function named " + function + " in this account and region",
                    "deploy the worker (infra/deploy.sh), or pass the stack's InvokeTarget output as --function"
                            + " and check --region / AWS_REGION"));
            return null;
        } catch (SdkException e) {
            java.util.Optional<String> unreachable = dev.cubed.storage.ServiceFailure.unreachable(e);
            if (unreachable.isPresent()) {
                items.add(CheckItem.fail(FUNCTION, "the Lambda endpoint " + dev.cubed.storage.ServiceFailure.endpoint(lambda)
                        + " cannot be reached ("
                        + unreachable.get() + ")", "start it (cubed local-lambda) or fix AWS_ENDPOINT_URL_LAMBDA;"
                        + " without it the check talks to AWS in --region / AWS_REGION"));
                return null;
            }
            if (dev.cubed.storage.ServiceFailure.missingCredentials(e)) {
                items.add(CheckItem.fail(FUNCTION, "no AWS credentials were found", "set AWS_ACCESS_KEY_ID and"
                        + " AWS_SECRET_ACCESS_KEY, or AWS_PROFILE (a profile in ~/.aws/credentials)"));
                return null;
            }
            items.add(CheckItem.fail(FUNCTION, "cannot read its configuration: " + e.getMessage(),
                    "your credentials need lambda:GetFunctionConfiguration and lambda:InvokeFunction on it"
                            + " (infra/deployer-policy.json grants both)"));
            return null;
        }
        String summary = String.format(Locale.ROOT, "%s, %s, %s, %d MB, %d s", c.stateAsString(), c.runtimeAsString(),
                c.architecturesAsStrings(), c.memorySize(), c.timeout());
        if (c.state() != null && c.state() != State.ACTIVE) {
            items.add(CheckItem.fail(FUNCTION, summary + (c.stateReason() == null ? "" : ": " + c.stateReason()),
                    "wait until it is Active, or redeploy it if it Failed"));
        } else {
            items.add(CheckItem.pass(FUNCTION, summary));
        }

        if (!WorkerFunction.HANDLER.equals(c.handler())) {
            items.add(CheckItem.fail(HANDLER, "the handler is " + c.handler() + ", not the worker's "
                    + WorkerFunction.HANDLER, "deploy the worker with sam-template.yaml (infra/deploy.sh)"));
        } else if (c.runtimeAsString() == null || !c.runtimeAsString().matches("java(21|25)")) {
            items.add(CheckItem.warn(HANDLER, "runtime " + c.runtimeAsString() + " (the template uses java21 or java25)",
                    "redeploy with Runtime=java21 or java25: older Java runtimes are deprecated by Lambda"));
        } else {
            items.add(CheckItem.pass(HANDLER, c.handler() + " on " + c.runtimeAsString()));
        }

        long memoryBytes = (long) c.memorySize() * 1024 * 1024;
        if (memoryBytes >= allowedMem) {
            items.add(CheckItem.pass(MEMORY, c.memorySize() + " MB covers the allowed memory of "
                    + MemorySize.format(allowedMem) + " per task"));
        } else {
            long neededMb = (allowedMem + 1024 * 1024 - 1) / (1024 * 1024);
            items.add(CheckItem.fail(MEMORY, c.memorySize() + " MB (" + MemorySize.format(memoryBytes)
                            + ") is less than the allowed memory of " + MemorySize.format(allowedMem)
                            + " per task: tasks planned for that much would run out of memory",
                    "raise the function's memory to at least " + neededMb + " MB (infra/deploy.sh"
                            + " --parameter-overrides MemorySize=" + neededMb + "), or plan with at most"
                            + " --allowed-mem " + memoryBytes / 1_000_000 + "MB"));
        }

        Duration timeout = Duration.ofSeconds(c.timeout() == null ? 3 : c.timeout());
        if (timeout.compareTo(minimumTimeout) >= 0) {
            items.add(CheckItem.pass(TIMEOUT, timeout.toSeconds() + " s, at least the " + minimumTimeout.toSeconds()
                    + " s a task may take"));
        } else {
            items.add(CheckItem.fail(TIMEOUT, timeout.toSeconds() + " s is shorter than the " + minimumTimeout.toSeconds()
                            + " s a task may take: longer tasks would time out",
                    "raise the function's timeout (infra/deploy.sh --parameter-overrides Timeout="
                            + Math.min(900, minimumTimeout.toSeconds()) + "; at most 900 s), or pass a smaller --timeout"
                            + " if tasks are shorter"));
        }

        String allowed = c.environment() == null || c.environment().variables() == null ? null
                : c.environment().variables().get(WorkerFunction.ALLOWED_WORK_DIRS);
        if (allowed == null || allowed.isBlank()) {
            items.add(CheckItem.warn(ALLOWED, WorkerFunction.ALLOWED_WORK_DIRS + " is not set: the worker uses any"
                    + " location its role can reach", "deploy with sam-template.yaml, which limits the worker to its"
                    + " work bucket"));
        } else if (AllowedLocations.parse(allowed).allows(workDir + "/")) {
            items.add(CheckItem.pass(ALLOWED, "the worker may use " + allowed));
        } else {
            items.add(CheckItem.fail(ALLOWED, "the worker may only use " + allowed + ", so it would refuse " + workDir,
                    "pass a --work-dir under " + allowed + " (the stack's WorkDir output)"));
        }
        return c;
    }

    // ------------------------------------------------------------------ the caller's access to the work dir

    private boolean checkStorage(List<CheckItem> items, Store dir) {
        String[] arn = bucketAndPrefix(workDir);
        String objects = "arn:aws:s3:::" + arn[0] + "/" + (arn[1].isEmpty() ? "" : arn[1] + "/") + "*";
        byte[] probe = ("cubed lambda check " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        String key = "probe";
        try {
            dir.put(key, ByteBuffer.wrap(probe));
            items.add(CheckItem.pass(WRITE, "wrote " + dir.url() + "/" + key));
        } catch (RuntimeException e) {
            items.add(CheckItem.fail(WRITE, "cannot write " + dir.url() + "/" + key + ": " + e.getMessage(),
                    "your credentials need s3:PutObject on " + objects + "; check that the bucket exists and the"
                            + " region is right"));
            items.add(CheckItem.skip(READ, "nothing was written"));
            items.add(CheckItem.skip(LIST, "nothing was written"));
            items.add(CheckItem.skip(DELETE, "nothing was written"));
            return false;
        }
        try {
            Optional<ByteBuffer> back = dir.get(key);
            byte[] got = back.map(b -> {
                byte[] a = new byte[b.remaining()];
                b.get(a);
                return a;
            }).orElse(null);
            if (Arrays.equals(got, probe)) {
                items.add(CheckItem.pass(READ, "read it back unchanged"));
            } else {
                items.add(CheckItem.fail(READ, got == null ? "the object just written is missing" : "read back "
                        + got.length + " bytes that differ from the " + probe.length + " written", "check the bucket"
                        + " for other writers or a lifecycle rule that expires objects at once"));
            }
        } catch (RuntimeException e) {
            items.add(CheckItem.fail(READ, "cannot read " + dir.url() + "/" + key + ": " + e.getMessage(),
                    "your credentials need s3:GetObject on " + objects));
        }
        try {
            List<String> keys = dir.list("");
            if (keys.contains(key)) {
                items.add(CheckItem.pass(LIST, "the listing shows it"));
            } else {
                items.add(CheckItem.fail(LIST, "the listing of " + dir.url() + " does not show it: " + keys,
                        "check that the store is S3 itself, not a cache in front of it"));
            }
        } catch (RuntimeException e) {
            items.add(CheckItem.fail(LIST, "cannot list " + dir.url() + ": " + e.getMessage(),
                    "your credentials need s3:ListBucket on arn:aws:s3:::" + arn[0]));
        }
        try {
            dir.delete(key);
            if (dir.exists(key)) {
                items.add(CheckItem.fail(DELETE, "it still exists after deleting it", "check the bucket's versioning"
                        + " and object lock settings"));
            } else {
                items.add(CheckItem.pass(DELETE, "deleted it"));
            }
        } catch (RuntimeException e) {
            items.add(CheckItem.fail(DELETE, "cannot delete " + dir.url() + "/" + key + ": " + e.getMessage(),
                    "your credentials need s3:DeleteObject on " + objects + " (intermediate arrays are deleted after"
                            + " a run)"));
        }
        return true;
    }

    private static String[] bucketAndPrefix(String s3Url) {
        String rest = s3Url.substring("s3://".length());
        int slash = rest.indexOf('/');
        return slash < 0 ? new String[] {rest, ""} : new String[] {rest.substring(0, slash), rest.substring(slash + 1)};
    }

    // ------------------------------------------------------------------ one real computation

    private void roundTrip(List<CheckItem> items, String checkDir) {
        Spec spec = Spec.builder().workDir(checkDir).allowedMem("100MB").reservedMem("10MB").build();
        try (Cubed cb = Cubed.session(spec, storage)) {
            String inputUrl = checkDir + "/input";
            ArrayMetadata meta = ArrayMetadata.builder().shape(new long[] {ROWS, COLS}).chunks(new int[] {3, 4})
                    .dataType(DataType.FLOAT64).fillValue(0).build();
            double[] v = new double[ROWS * COLS];
            Arrays.setAll(v, i -> i);
            ZarrArray.create(storage.open(inputUrl), "", meta).write(new long[2], Block.of(v, ROWS, COLS));
            LazyArray x = cb.fromZarr(inputUrl);
            FinalizedPlan plan = cb.plan(List.of(x.multiply(2).add(1).sum(new int[] {0}, false)));
            // specs by reference: the worker also reads the work dir, as it does for large operations
            TaskMessages messages = TaskMessages.builder().storage(storage).workDir(checkDir).inlineLimit(0).build();
            SequentialPlanRun.Result result = new SequentialPlanRun(lambda, function, messages, 4).run(plan);
            SequentialPlanRun.Step failed = result.failure();
            if (failed != null) {
                WorkerInvocation inv = failed.invocation();
                items.add(CheckItem.fail(ROUND_TRIP, "task " + Arrays.toString(failed.tasks().get(0)) + " of "
                        + failed.operation() + " failed with " + inv.errorType() + ": " + inv.errorMessage()
                        + lastLogLines(inv.logTail()), advice(inv)));
                return;
            }
            String url = ((StoredArray) plan.outputs().get(0)).url();
            ZarrArray out = ZarrArray.open(storage.open(url), "");
            Block sums = out.read(new long[1], new int[] {COLS});
            for (int j = 0; j < COLS; j++) {
                double expected = 0;
                for (int i = 0; i < ROWS; i++) {
                    expected += 2.0 * (i * COLS + j) + 1;
                }
                if (sums.getDouble(j) != expected) {
                    items.add(CheckItem.fail(ROUND_TRIP, "the worker computed " + sums.getDouble(j) + " for column " + j
                            + " where " + expected + " was expected", "the worker's and the client's releases may"
                            + " differ: deploy the worker from this release (infra/deploy.sh)"));
                    return;
                }
            }
            items.add(CheckItem.pass(ROUND_TRIP, describe(result, plan)));
            items.add(jvmSettings(result.steps().get(0).invocation()));
            String workerVersion = result.steps().get(0).invocation().reply().workerVersion();
            if (clientVersion != null && !clientVersion.equals(workerVersion)) {
                items.add(CheckItem.warn(VERSION, "the worker is " + workerVersion + ", this client " + clientVersion,
                        "deploy the worker from this release (infra/deploy.sh) so both read the same plans"));
            }
        } catch (RuntimeException e) {
            items.add(CheckItem.fail(ROUND_TRIP, "the round trip failed before the worker answered: " + e.getMessage(),
                    e instanceof SdkException ? "your credentials need lambda:InvokeFunction on " + function
                            : "run again with CUBED_DEBUG=1 for the stack trace"));
        }
    }

    /**
     * What the worker's first invocation logged about its JVM: Lambda's Java launcher adds flags of
     * its own, and the kernels need the C2 compiler (C1 only makes matmul about 20x slower).
     */
    private static CheckItem jvmSettings(WorkerInvocation first) {
        java.util.regex.Matcher m = WORKER_LINE.matcher(first.logTail());
        if (!m.find()) {
            return CheckItem.skip(JVM, first.reply().coldStart() ? "the worker's settings line is not in the log tail"
                    : "the worker was warm; a cold start logs its settings (log group /aws/lambda/<function>)");
        }
        String detail = "Java " + m.group(1) + ", max heap " + m.group(2) + " MB, TieredCompilation=" + m.group(3)
                + ", TieredStopAtLevel=" + m.group(4);
        if (!"true".equals(m.group(3)) || !"4".equals(m.group(4))) {
            return CheckItem.warn(JVM, detail + ": the JIT does not use C2, so kernels (matmul above all) run several"
                    + " times slower", "keep JAVA_TOOL_OPTIONS as sam-template.yaml sets it (" + WorkerFunction.JAVA_TOOL_OPTIONS
                    + ") and do not add -XX:TieredStopAtLevel");
        }
        return CheckItem.pass(JVM, detail);
    }

    private static String describe(SequentialPlanRun.Result result, FinalizedPlan plan) {
        List<SequentialPlanRun.Step> steps = result.steps();
        long[] later = steps.stream().skip(1).mapToLong(s -> s.invocation().millis()).sorted().toArray();
        SequentialPlanRun.Step first = steps.get(0);
        return String.format(Locale.ROOT, "%d tasks of %d operations in %d invocations, results verified; first"
                        + " invocation %d ms (%s), then median %d ms; worker %s", plan.totalTasks(),
                plan.operations().size(), steps.size(), first.invocation().millis(),
                first.invocation().reply().coldStart() ? "cold start" : "warm", later.length == 0 ? 0
                        : later[later.length / 2], first.invocation().reply().workerVersion());
    }

    private static String lastLogLines(String tail) {
        if (tail == null || tail.isBlank()) {
            return "";
        }
        String[] lines = tail.strip().split("\n");
        int from = Math.max(0, lines.length - 6);
        return "\n         log: " + String.join("\n              ", Arrays.copyOfRange(lines, from, lines.length));
    }

    private String advice(WorkerInvocation inv) {
        String type = inv.errorType();
        String message = inv.errorMessage() == null ? "" : inv.errorMessage();
        if (PermanentTaskError.isPermanent(type) && message.contains("refusing to")) {
            return "the worker may not use this work dir: pass a --work-dir under its " + WorkerFunction.ALLOWED_WORK_DIRS
                    + " (the stack's WorkDir output)";
        }
        if (PermanentTaskError.isPermanent(type) && message.contains("message version")) {
            return "deploy the worker from this release (infra/deploy.sh)";
        }
        if (message.contains("Access Denied") || message.contains("AccessDenied") || message.contains("403")) {
            return "the worker's role cannot use the work dir: deploy with sam-template.yaml, whose role may use its work"
                    + " bucket, and use that bucket";
        }
        Map<String, String> byType = Map.of(
                "Sandbox.Timedout", "raise the function's timeout (infra/deploy.sh --parameter-overrides Timeout=...)",
                "Runtime.OutOfMemory", "raise the function's memory (infra/deploy.sh --parameter-overrides MemorySize=...)",
                "Runtime.ExitError", "the worker's JVM exited: read its log (log group /aws/lambda/" + function
                        + ") and redeploy the worker (infra/deploy.sh)",
                "java.lang.ClassNotFoundException", "the function's package is not the worker: redeploy it"
                        + " (infra/deploy.sh builds lambda-worker/target/cubed-lambda-worker.zip)");
        return byType.getOrDefault(type, "read the worker's log (log group /aws/lambda/" + function + ") and the"
                + " message above");
    }

    /** Settings for a {@link WorkerCheck}; the clients, function and work dir are required. */
    public static final class Builder {
        private LambdaClient lambda;
        private Storage storage;
        private String function;
        private String workDir;
        private long allowedMem = Spec.DEFAULT_ALLOWED_MEM;
        private Duration minimumTimeout = Duration.ofSeconds(60);
        private String clientVersion;

        private Builder() {
        }

        /** The Lambda client (with the caller's credentials and region). */
        public Builder lambda(LambdaClient lambda) {
            this.lambda = lambda;
            return this;
        }

        /** The caller's storage: its S3 client is the one checked against the work dir. */
        public Builder storage(Storage storage) {
            this.storage = storage;
            return this;
        }

        /** The function name, ARN or name:qualifier. */
        public Builder function(String function) {
            this.function = function;
            return this;
        }

        public Builder workDir(String workDir) {
            this.workDir = workDir;
            return this;
        }

        /** The Spec's allowed memory per task (default Cubed's 2 GB): the function needs at least this. */
        public Builder allowedMem(long bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("allowed memory must be positive, got " + bytes);
            }
            this.allowedMem = bytes;
            return this;
        }

        /** The longest a task may take (default 60 s): the function's timeout must be at least this. */
        public Builder minimumTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("the task timeout must be positive, got " + timeout);
            }
            this.minimumTimeout = timeout;
            return this;
        }

        /** This client's release, compared with the worker's (null: not compared). */
        public Builder clientVersion(String version) {
            this.clientVersion = version;
            return this;
        }

        public WorkerCheck build() {
            return new WorkerCheck(this);
        }
    }
}
