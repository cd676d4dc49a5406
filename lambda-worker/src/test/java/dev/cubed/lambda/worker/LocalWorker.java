package dev.cubed.lambda.worker;

import dev.cubed.array.Cubed;
import dev.cubed.array.Spec;
import dev.cubed.infra.SequentialPlanRun;
import dev.cubed.infra.WorkerFunction;
import dev.cubed.kernel.testing.FaultKernelPackage;
import dev.cubed.lambda.executor.WorkerInvocation;
import dev.cubed.lambda.local.LocalAwsEnvironment;
import dev.cubed.lambda.local.LocalLambda;
import dev.cubed.storage.Storage;
import dev.cubed.task.TaskJson;
import dev.cubed.task.TaskMessages;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The packaged worker ({@code target/cubed-lambda-worker.zip}) served by one local Lambda with
 * S3 (s3proxy) for every test class that uses this extension, started once per test run:
 * <ul>
 *   <li>{@value #WORKER}: as the template deploys it (allowed the work bucket only);</li>
 *   <li>{@value #FAULTS}: the same package with the fault-injection kernel added (cubed-testkit's jar in
 *       {@code lib/}), 512 MB and a 5 s timeout;</li>
 *   <li>{@value #FRESH}: used by one test only, to see a cold start then a warm one.</li>
 * </ul>
 * and, in this JVM, a Cubed session planning against {@value #WORK_DIR} and clients to reach them.
 */
final class LocalWorker implements BeforeAllCallback, ExtensionContext.Store.CloseableResource {
    static final String BUCKET = "cubed-work";
    static final String OTHER_BUCKET = "other-bucket";
    static final String WORK_DIR = "s3://" + BUCKET + "/cubed";
    static final String WORKER = "worker";
    static final String FAULTS = "worker-faults";
    static final String FRESH = "worker-fresh";
    static final int FAULTS_TIMEOUT_SECONDS = 5;

    private static LocalWorker shared;

    private LocalAwsEnvironment aws;
    private Storage storage;
    private LambdaClient lambda;
    private Cubed session;
    private final TaskJson json = new TaskJson();

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        synchronized (LocalWorker.class) {
            if (shared == null) {
                LocalWorker w = new LocalWorker();
                w.start();
                context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).put(LocalWorker.class.getName(), w);
                shared = w;
            }
        }
    }

    /** The started instance (tests are extended with this class). */
    static LocalWorker get() {
        if (shared == null) {
            throw new IllegalStateException("annotate the test class with @ExtendWith(LocalWorker.class)");
        }
        return shared;
    }

    private void start() throws Exception {
        Path zip = Path.of(System.getProperty("cubed.workerZip", "target/cubed-lambda-worker.zip"));
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException(zip.toAbsolutePath() + " is missing: these tests run the packaged worker;"
                    + " run them with mvn -pl lambda-worker -am verify");
        }
        Path logs = Path.of("target", "lambda-logs");
        aws = LocalAwsEnvironment.builder()
                .bucket(BUCKET)
                .bucket(OTHER_BUCKET)
                .function(WorkerFunction.local(WORKER, zip, BUCKET).memoryMb(1024).timeout(Duration.ofSeconds(60))
                        .build())
                .function(WorkerFunction.local(FAULTS,
                                FaultKernelPackage.withFaultKernel(zip, logs.resolveSibling("cubed-lambda-worker-faults.zip")),
                                BUCKET).memoryMb(512).timeout(Duration.ofSeconds(FAULTS_TIMEOUT_SECONDS)).build())
                .function(WorkerFunction.local(FRESH, zip, BUCKET).memoryMb(512).timeout(Duration.ofSeconds(60))
                        .build())
                .lambda(l -> l.logDirectory(logs))
                .build().start();
        var settings = aws.settings();
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(settings.accessKeyId(), settings.secretAccessKey()));
        storage = Storage.builder().endpointOverride(settings.s3Endpoint()).pathStyle(true).region(settings.region())
                .credentialsProvider(credentials).build();
        lambda = LambdaClient.builder()
                .endpointOverride(settings.lambdaEndpoint())
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(90)).build())
                // a test must see each invocation's first answer
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
        session = Cubed.session(Spec.builder().workDir(WORK_DIR).allowedMem("500MB").reservedMem("50MB").build(),
                storage);
    }

    Storage storage() {
        return storage;
    }

    LambdaClient lambda() {
        return lambda;
    }

    LocalLambda localLambda() {
        return aws.lambda();
    }

    Cubed session() {
        return session;
    }

    TaskJson json() {
        return json;
    }

    /** Messages with specs inline (the default limit) or, with {@code inlineLimit} 0, always by reference. */
    TaskMessages messages(int inlineLimit) {
        return TaskMessages.builder().storage(storage).workDir(WORK_DIR).inlineLimit(inlineLimit).json(json).build();
    }

    SequentialPlanRun runner(String function, int inlineLimit, int batchSize) {
        return new SequentialPlanRun(lambda, function, messages(inlineLimit), batchSize);
    }

    WorkerInvocation invoke(String function, byte[] payload) {
        return WorkerInvocation.invoke(lambda, function, payload, json);
    }

    @Override
    public void close() {
        try {
            if (session != null) {
                session.close();
            }
            if (lambda != null) {
                lambda.close();
            }
            if (storage != null) {
                storage.close();
            }
        } finally {
            if (aws != null) {
                aws.close();
            }
        }
    }
}
