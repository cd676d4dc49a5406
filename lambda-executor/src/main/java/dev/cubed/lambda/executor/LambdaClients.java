package dev.cubed.lambda.executor;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.SdkAdvancedAsyncClientOption;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.lambda.LambdaAsyncClient;
import software.amazon.awssdk.services.lambda.LambdaAsyncClientBuilder;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The AWS clients of one Lambda executor, sharing one Netty HTTP client:
 * <ul>
 *   <li>{@link #invoke()}: invocations, with SDK retries off (the executor owns retries, and an SDK
 *       retry of a timed-out synchronous invoke would run the task again behind its back);</li>
 *   <li>{@link #control()}: configuration reads, with the SDK's standard retries.</li>
 * </ul>
 * The HTTP client holds one connection per invocation in flight (a synchronous invoke occupies an
 * HTTP/1.1 connection until the function returns), so its pool is sized to the in-flight target;
 * its read timeout stays above any function's timeout, so that only the executor's deadline ends a
 * slow invocation; and a request waits up to the acquire timeout for a connection.
 */
final class LambdaClients implements AutoCloseable {
    /** Connections beyond the in-flight target, for connections still closing after an abandoned call. */
    static final int SPARE_CONNECTIONS = 16;

    private final EventLoopGroup eventLoop;
    private final SdkAsyncHttpClient http;
    private final DefaultCredentialsProvider credentials;
    private final ExecutorService completions;
    private final LambdaAsyncClient invoke;
    private final LambdaAsyncClient control;
    private final Region region;

    private LambdaClients(EventLoopGroup eventLoop, SdkAsyncHttpClient http, DefaultCredentialsProvider credentials, ExecutorService completions,
                          LambdaAsyncClient invoke, LambdaAsyncClient control, Region region) {
        this.eventLoop = eventLoop;
        this.http = http;
        this.credentials = credentials;
        this.completions = completions;
        this.invoke = invoke;
        this.control = control;
        this.region = region;
    }

    /**
     * Clients for these settings: region and endpoint from the settings, else from the standard AWS
     * chain (AWS_REGION / aws.region / profile; AWS_ENDPOINT_URL_LAMBDA / AWS_ENDPOINT_URL), credentials
     * from the default chain.
     */
    static LambdaClients create(LambdaExecutorSettings settings) {
        Objects.requireNonNull(settings, "settings");
        Region region = resolveRegion(settings);
        // Our own event loop, so that closing it does not wait out Netty's default 2 s quiet period
        // (the SDK's own group does, and an executor is closed after every computation).
        EventLoopGroup eventLoop = new NioEventLoopGroup(settings.eventLoopThreads(), daemon("cubed-lambda-io"));
        SdkAsyncHttpClient http = NettyNioAsyncHttpClient.builder()
                .protocol(Protocol.HTTP1_1)
                .maxConcurrency(settings.inFlight() + SPARE_CONNECTIONS)
                .maxPendingConnectionAcquires(Math.max(10_000, 2 * settings.inFlight()))
                .connectionAcquisitionTimeout(settings.acquireTimeout())
                .connectionTimeout(Duration.ofSeconds(10))
                .readTimeout(settings.readTimeout())
                .writeTimeout(Duration.ofSeconds(60))
                .tcpKeepAlive(true)
                .eventLoopGroup(SdkEventLoopGroup.create(eventLoop, NioSocketChannel::new))
                .build();
        DefaultCredentialsProvider credentials = DefaultCredentialsProvider.builder().build();
        // Answers are decoded and handed to the engine on one thread of our own, not on the I/O thread
        // (a listener that blocks must not stall every connection) and not on the SDK's default pool
        // (up to 64 threads for work that is serial in the engine anyway).
        ExecutorService completions = java.util.concurrent.Executors.newSingleThreadExecutor(daemon("cubed-lambda-answers"));
        LambdaAsyncClient invoke = builder(settings, http, credentials, region, completions)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
        LambdaAsyncClient control = builder(settings, http, credentials, region, completions)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.standardRetryStrategy()))
                .build();
        return new LambdaClients(eventLoop, http, credentials, completions, invoke, control, region);
    }

    private static LambdaAsyncClientBuilder builder(LambdaExecutorSettings settings, SdkAsyncHttpClient http,
                                                    AwsCredentialsProvider credentials, Region region,
                                                    ExecutorService completions) {
        LambdaAsyncClientBuilder b = LambdaAsyncClient.builder()
                .httpClient(http)
                .credentialsProvider(credentials)
                .region(region)
                .asyncConfiguration(a -> a.advancedOption(SdkAdvancedAsyncClientOption.FUTURE_COMPLETION_EXECUTOR,
                        completions));
        settings.endpoint().ifPresent(b::endpointOverride);
        return b;
    }

    private static Region resolveRegion(LambdaExecutorSettings settings) {
        if (settings.region().isPresent()) {
            return Region.of(settings.region().get());
        }
        try {
            return DefaultAwsRegionProviderChain.builder().build().getRegion();
        } catch (SdkClientException e) {
            throw new IllegalArgumentException("no AWS region for the lambda executor: set the executor option region"
                    + " (--region), AWS_REGION, or a region in your AWS profile, or give the function as a full ARN", e);
        }
    }

    LambdaAsyncClient invoke() {
        return invoke;
    }

    LambdaAsyncClient control() {
        return control;
    }

    Region region() {
        return region;
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() {
        try {
            invoke.close();
            control.close();
        } finally {
            http.close();
            credentials.close();
            completions.shutdownNow();
            // no quiet period: every connection is closed already
            eventLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }
}
