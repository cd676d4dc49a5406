package dev.cubed.lambda.local;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * S3 and Lambda on loopback, wired together: a {@link LocalS3} endpoint and a {@link LocalLambda} whose
 * functions find it the way deployed code finds real S3, through {@code AWS_ENDPOINT_URL_S3},
 * {@code AWS_REGION} and the role credentials in the environment. The default integration environment for
 * the worker and the executor, and what {@code cubed local-lambda} serves.
 *
 * <pre>{@code
 * try (LocalAwsEnvironment aws = LocalAwsEnvironment.builder()
 *         .bucket("cubed-work")
 *         .function(FunctionConfig.builder().name("cubed-worker").code(zip).handler(h).build())
 *         .build().start()) {
 *     System.out.print(aws.settings().describe());
 * }
 * }</pre>
 */
public final class LocalAwsEnvironment implements AutoCloseable {

    private final LocalS3 s3;
    private final List<FunctionConfig> functions;
    private final String region;
    private final Consumer<LocalLambda.Builder> lambdaSettings;
    private LocalLambda lambda;

    private LocalAwsEnvironment(Builder b) {
        LocalS3.Builder s3Builder = LocalS3.builder().port(b.s3Port);
        if (b.s3Directory != null) {
            s3Builder.directory(b.s3Directory);
        }
        b.buckets.forEach(s3Builder::bucket);
        this.s3 = s3Builder.build();
        this.functions = List.copyOf(b.functions);
        this.region = b.region;
        this.lambdaSettings = b.lambdaSettings;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts S3 (creating the buckets), then Lambda; returns this. */
    public synchronized LocalAwsEnvironment start() {
        if (lambda != null) {
            throw new IllegalStateException("LocalAwsEnvironment is already started");
        }
        s3.start();
        try {
            LocalLambda.Builder lambdaBuilder = LocalLambda.builder();
            lambdaSettings.accept(lambdaBuilder);
            // After the caller's settings: the wiring to S3 is what this class is for.
            lambdaBuilder.region(region).roleCredentials(RoleCredentials.of(s3.accessKeyId(), s3.secretAccessKey()));
            for (FunctionConfig f : functions) {
                lambdaBuilder.function(f.toBuilder()
                        .environmentVariable("AWS_ENDPOINT_URL_S3", s3.endpoint().toString())
                        .build());
            }
            lambda = lambdaBuilder.build().start();
        } catch (RuntimeException e) {
            s3.close();
            throw e;
        }
        return this;
    }

    public LocalLambda lambda() {
        if (lambda == null) {
            throw new IllegalStateException("LocalAwsEnvironment is not started");
        }
        return lambda;
    }

    public LocalS3 s3() {
        return s3;
    }

    /** Creates a bucket unless it exists. */
    public void createBucket(String bucket) {
        s3.createBucket(bucket);
    }

    /** Endpoints, region, credentials and buckets, for printing or for clients. */
    public LocalAwsSettings settings() {
        return new LocalAwsSettings(lambda().endpoint(), s3.endpoint(), region, s3.accessKeyId(),
                s3.secretAccessKey(), s3.buckets());
    }

    /** Stops Lambda (killing its child JVMs), then S3. */
    @Override
    public synchronized void close() {
        try {
            if (lambda != null) {
                lambda.close();
            }
        } finally {
            s3.close();
        }
    }

    /** Defaults: S3 in memory, region us-east-1, LocalLambda's defaults. */
    public static final class Builder {
        private final List<FunctionConfig> functions = new ArrayList<>();
        private final Set<String> buckets = new LinkedHashSet<>();
        private Path s3Directory;
        private int s3Port;
        private String region = "us-east-1";
        private Consumer<LocalLambda.Builder> lambdaSettings = b -> { };

        private Builder() {
        }

        /** A function to serve; it gets {@code AWS_ENDPOINT_URL_S3} added to its environment. */
        public Builder function(FunctionConfig function) {
            functions.add(Objects.requireNonNull(function, "function"));
            return this;
        }

        /** A bucket to create on start. */
        public Builder bucket(String bucket) {
            LocalS3.requireBucketName(bucket);
            buckets.add(bucket);
            return this;
        }

        /** Keeps S3 objects in memory (the default). */
        public Builder inMemoryS3() {
            this.s3Directory = null;
            return this;
        }

        /** Keeps S3 objects as files under {@code directory} (they survive a restart). */
        public Builder s3Directory(Path directory) {
            this.s3Directory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        public Builder s3Port(int port) {
            this.s3Port = port;
            return this;
        }

        public Builder region(String region) {
            this.region = Objects.requireNonNull(region, "region");
            return this;
        }

        /** Further LocalLambda settings (port, concurrency, log directory, JVM options...). */
        public Builder lambda(Consumer<LocalLambda.Builder> settings) {
            this.lambdaSettings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        public LocalAwsEnvironment build() {
            if (functions.isEmpty()) {
                throw new IllegalStateException("LocalAwsEnvironment needs at least one function");
            }
            return new LocalAwsEnvironment(this);
        }
    }
}
