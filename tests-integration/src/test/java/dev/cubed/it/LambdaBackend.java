package dev.cubed.it;

import dev.cubed.storage.Storage;

import java.time.Duration;
import java.util.Map;

/**
 * Somewhere the packaged worker runs as Lambda functions next to an S3 endpoint: the local Lambda
 * with s3proxy, or LocalStack. The end-to-end tests run the same bodies against each. Every backend
 * deploys the worker zip as these functions:
 * <ul>
 *   <li>{@link #WORKER}: as the template configures it (no test kernels);</li>
 *   <li>{@link #FAULTS}: with the fault-injection kernel and a short timeout ({@link #FAULTS_TIMEOUT});</li>
 *   <li>{@link #THROTTLED}: with the fault kernel and a reserved concurrency of {@link #THROTTLED_CONCURRENCY},
 *       so that an executor with more in flight is throttled.</li>
 * </ul>
 */
interface LambdaBackend {
    String WORKER = "cubed-worker";
    String FAULTS = "cubed-worker-faults";
    String THROTTLED = "cubed-worker-throttled";
    String BUCKET = "cubed-work";
    int MEMORY_MB = 512;
    Duration FAULTS_TIMEOUT = Duration.ofSeconds(8);
    int THROTTLED_CONCURRENCY = 2;

    String name();

    /** The executor options that reach {@code function} here (function, endpoint, region). */
    Map<String, String> executorOptions(String function);

    /** Storage whose S3 client reaches the backend's S3 endpoint with its credentials. */
    Storage storage();

    /** A fresh work dir in the work bucket. */
    String newWorkDir(String label);

    /**
     * The standard environment variables ({@code AWS_ENDPOINT_URL_LAMBDA}, {@code AWS_ENDPOINT_URL_S3},
     * {@code AWS_REGION}, keys, {@code CUBED_S3_PATH_STYLE}) that point a client process at the backend, as
     * {@code cubed local-lambda} prints them.
     */
    Map<String, String> clientEnvironment();

    /** Waits until no invocation of {@code function} is running (those a killed client left behind finish). */
    void awaitIdle(String function, Duration limit) throws InterruptedException;
}
