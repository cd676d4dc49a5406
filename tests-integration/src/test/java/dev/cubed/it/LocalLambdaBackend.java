package dev.cubed.it;

import dev.cubed.infra.WorkerFunction;
import dev.cubed.kernel.testing.FaultKernelPackage;
import dev.cubed.lambda.local.FunctionStats;
import dev.cubed.lambda.local.LocalAwsEnvironment;
import dev.cubed.lambda.local.LocalAwsSettings;
import dev.cubed.storage.Storage;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The packaged worker on the local Lambda (child JVMs through AWS's runtime interface client) with
 * s3proxy, started once per test JVM and shared by every class that uses it (stopped when the JVM
 * exits). Beside the functions of {@link LambdaBackend}, {@link #KIT} serves the executor test kit
 * (fault kernel, a 60 s timeout and reserved concurrency {@link #KIT_CONCURRENCY}).
 */
final class LocalLambdaBackend implements LambdaBackend {
    static final String KIT = "cubed-worker-kit";
    static final int KIT_CONCURRENCY = 6;
    /** The account's concurrency: what the unreserved functions share. */
    static final int ACCOUNT_CONCURRENCY = 16;

    private static LocalLambdaBackend shared;

    private final LocalAwsEnvironment aws;
    private final Storage storage;

    private LocalLambdaBackend(LocalAwsEnvironment aws, Storage storage) {
        this.aws = aws;
        this.storage = storage;
    }

    /** The backend of this JVM, started on first use. */
    static synchronized LocalLambdaBackend get() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "local-lambda-backend-stop"));
        }
        return shared;
    }

    static Path workerZip() {
        Path zip = Path.of(System.getProperty("cubed.workerZip", "../lambda-worker/target/cubed-lambda-worker.zip"));
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException(zip.toAbsolutePath() + " is missing: these tests run the packaged worker;"
                    + " run them with mvn -pl tests-integration -am verify");
        }
        return zip;
    }

    /** The worker package with the fault-injection kernel added, for the functions that inject faults. */
    static Path faultWorkerZip() {
        return FaultKernelPackage.withFaultKernel(workerZip(), Path.of("target", "cubed-lambda-worker-faults.zip"));
    }

    private static LocalLambdaBackend start() {
        Path zip = workerZip();
        Path faultZip = faultWorkerZip();
        LocalAwsEnvironment aws = LocalAwsEnvironment.builder()
                .bucket(BUCKET)
                .function(WorkerFunction.local(WORKER, zip, BUCKET).memoryMb(MEMORY_MB).timeout(Duration.ofSeconds(60))
                        .build())
                .function(WorkerFunction.local(FAULTS, faultZip, BUCKET).memoryMb(MEMORY_MB).timeout(FAULTS_TIMEOUT)
                        .build())
                .function(WorkerFunction.local(THROTTLED, faultZip, BUCKET).memoryMb(MEMORY_MB)
                        .timeout(Duration.ofSeconds(60)).reservedConcurrency(THROTTLED_CONCURRENCY).build())
                .function(WorkerFunction.local(KIT, faultZip, BUCKET).memoryMb(MEMORY_MB).timeout(Duration.ofSeconds(60))
                        .reservedConcurrency(KIT_CONCURRENCY).build())
                .lambda(l -> l.accountConcurrency(ACCOUNT_CONCURRENCY).logDirectory(Path.of("target", "lambda-logs")))
                .build().start();
        LocalAwsSettings s = aws.settings();
        Storage storage = Storage.builder().endpointOverride(s.s3Endpoint()).pathStyle(true).region(s.region())
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(s.accessKeyId(), s.secretAccessKey())))
                .build();
        return new LocalLambdaBackend(aws, storage);
    }

    LocalAwsEnvironment environment() {
        return aws;
    }

    FunctionStats stats(String function) {
        return aws.lambda().stats(function);
    }

    @Override
    public String name() {
        return "local-lambda";
    }

    @Override
    public Map<String, String> executorOptions(String function) {
        LocalAwsSettings s = aws.settings();
        return Map.of("function", function, "endpoint", s.lambdaEndpoint().toString(), "region", s.region());
    }

    @Override
    public Storage storage() {
        return storage;
    }

    @Override
    public String newWorkDir(String label) {
        return "s3://" + BUCKET + "/it/" + label + "-" + UUID.randomUUID();
    }

    @Override
    public Map<String, String> clientEnvironment() {
        Map<String, String> env = new LinkedHashMap<>(aws.settings().environmentVariables());
        env.put(Storage.PATH_STYLE_ENV, "true");
        return env;
    }

    @Override
    public void awaitIdle(String function, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (stats(function).inFlight() > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(function + " still has " + stats(function).inFlight() + " invocations running"
                        + " after " + limit);
            }
            Thread.sleep(50);
        }
    }

    private void close() {
        try {
            storage.close();
        } finally {
            aws.close();
        }
    }
}
