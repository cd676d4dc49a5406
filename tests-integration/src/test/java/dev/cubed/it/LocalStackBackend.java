package dev.cubed.it;

import dev.cubed.infra.WorkerFunction;
import dev.cubed.kernel.testing.FaultKernelPackage;
import dev.cubed.storage.Storage;
import org.testcontainers.localstack.LocalStackContainer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The packaged worker deployed as real functions to LocalStack (Lambda runs them in its own
 * containers; needs a Docker engine), with LocalStack's S3 as the work bucket. The functions get the
 * settings {@code sam-template.yaml} gives the worker ({@link WorkerFunction}); LocalStack tells
 * them its S3 endpoint ({@code AWS_ENDPOINT_URL}) and credentials itself.
 */
final class LocalStackBackend implements LambdaBackend, AutoCloseable {
    private final LocalStackContainer localstack;
    private final Storage storage;

    private LocalStackBackend(LocalStackContainer localstack, Storage storage) {
        this.localstack = localstack;
        this.storage = storage;
    }

    /** Creates the work bucket and the functions of {@link LambdaBackend} from {@code zip}, and waits until they are active. */
    static LocalStackBackend deploy(LocalStackContainer localstack, Path zip) {
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(localstack.getAccessKey(), localstack.getSecretKey()));
        Storage storage = Storage.builder().endpointOverride(localstack.getEndpoint()).pathStyle(true)
                .region(localstack.getRegion()).credentialsProvider(credentials).build();
        storage.s3Client().createBucket(b -> b.bucket(BUCKET));
        byte[] code;
        byte[] faultCode;
        try {
            code = Files.readAllBytes(zip);
            faultCode = Files.readAllBytes(FaultKernelPackage.withFaultKernel(zip,
                    Path.of("target", "cubed-lambda-worker-faults-localstack.zip")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (LambdaClient lambda = LambdaClient.builder().endpointOverride(localstack.getEndpoint())
                .region(Region.of(localstack.getRegion())).credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofMinutes(5)).build()).build()) {
            create(lambda, code, WORKER, Duration.ofSeconds(60));
            create(lambda, faultCode, FAULTS, FAULTS_TIMEOUT);
            create(lambda, faultCode, THROTTLED, Duration.ofSeconds(60));
            lambda.putFunctionConcurrency(b -> b.functionName(THROTTLED).reservedConcurrentExecutions(THROTTLED_CONCURRENCY));
            for (String f : new String[] {WORKER, FAULTS, THROTTLED}) {
                lambda.waiter().waitUntilFunctionActiveV2(b -> b.functionName(f));
            }
        }
        return new LocalStackBackend(localstack, storage);
    }

    private static void create(LambdaClient lambda, byte[] code, String name, Duration timeout) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("JAVA_TOOL_OPTIONS", WorkerFunction.JAVA_TOOL_OPTIONS);
        env.put(WorkerFunction.ALLOWED_WORK_DIRS, "s3://" + BUCKET + "/");
        env.put(Storage.PATH_STYLE_ENV, "true");
        lambda.createFunction(b -> b.functionName(name).runtime(Runtime.JAVA21).handler(WorkerFunction.HANDLER)
                .role("arn:aws:iam::000000000000:role/cubed-worker").memorySize(MEMORY_MB)
                .timeout((int) timeout.toSeconds()).code(c -> c.zipFile(SdkBytes.fromByteArray(code)))
                .environment(e -> e.variables(env)));
    }

    @Override
    public String name() {
        return "localstack";
    }

    @Override
    public Map<String, String> executorOptions(String function) {
        return Map.of("function", function, "endpoint", localstack.getEndpoint().toString(), "region",
                localstack.getRegion());
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
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_ENDPOINT_URL_LAMBDA", localstack.getEndpoint().toString());
        env.put("AWS_ENDPOINT_URL_S3", localstack.getEndpoint().toString());
        env.put("AWS_REGION", localstack.getRegion());
        env.put("AWS_ACCESS_KEY_ID", localstack.getAccessKey());
        env.put("AWS_SECRET_ACCESS_KEY", localstack.getSecretKey());
        env.put(Storage.PATH_STYLE_ENV, "true");
        return env;
    }

    /**
     * LocalStack does not say how many invocations are running; an invocation started before now ends
     * within the function's timeout, so waiting that long (and a little) is enough.
     */
    @Override
    public void awaitIdle(String function, Duration limit) throws InterruptedException {
        Duration wait = (function.equals(FAULTS) ? FAULTS_TIMEOUT : Duration.ofSeconds(60)).plusSeconds(2);
        Thread.sleep(Math.min(wait.toMillis(), limit.toMillis()));
    }

    @Override
    public void close() {
        storage.close();
    }
}
