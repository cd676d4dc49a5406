package dev.cubed.lambda.local;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;

/**
 * An S3 endpoint on loopback (s3proxy in this JVM), in memory or on a directory, with fixed credentials
 * and signature V2 or V4. Clients use path-style addressing against {@link #endpoint()}.
 */
public final class LocalS3 implements AutoCloseable {

    public static final String DEFAULT_ACCESS_KEY_ID = "LOCALS3ACCESSKEY";
    public static final String DEFAULT_SECRET_ACCESS_KEY = "local-s3-secret-key";

    private final Path directory;
    private final int requestedPort;
    private final String accessKeyId;
    private final String secretAccessKey;
    private final List<String> initialBuckets;
    private BlobStore blobStore;
    private S3Proxy proxy;
    private URI endpoint;

    private LocalS3(Builder b) {
        this.directory = b.directory;
        this.requestedPort = b.port;
        this.accessKeyId = b.accessKeyId;
        this.secretAccessKey = b.secretAccessKey;
        this.initialBuckets = List.copyOf(b.buckets);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts the endpoint and creates the configured buckets; returns this. */
    public synchronized LocalS3 start() {
        if (proxy != null) {
            throw new IllegalStateException("LocalS3 is already started");
        }
        QuietLogging.apply();
        Properties properties = new Properties();
        String provider = "transient-nio2";
        if (directory != null) {
            provider = "filesystem-nio2";
            try {
                Files.createDirectories(directory);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("Cannot create the S3 data directory " + directory, e);
            }
            properties.setProperty("jclouds.filesystem.basedir", directory.toAbsolutePath().toString());
        }
        blobStore = BlobStores.create(provider, properties);
        proxy = S3Proxy.builder()
                .blobStore(blobStore)
                .endpoint(URI.create("http://127.0.0.1:" + requestedPort))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKeyId, secretAccessKey)
                // Nothing to drain on close: local clients only.
                .stopTimeout(0)
                .build();
        try {
            proxy.start();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!"STARTED".equals(proxy.getState())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("s3proxy did not start within 10 s (state " + proxy.getState() + ")");
                }
                Thread.sleep(5);
            }
        } catch (Exception e) {
            close();
            throw new IllegalStateException("Cannot start the local S3 endpoint on port " + requestedPort + ": " + e, e);
        }
        endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
        for (String bucket : initialBuckets) {
            createBucket(bucket);
        }
        return this;
    }

    /** The S3 endpoint, for {@code endpointOverride} or {@code AWS_ENDPOINT_URL_S3}. */
    public URI endpoint() {
        if (endpoint == null) {
            throw new IllegalStateException("LocalS3 is not started");
        }
        return endpoint;
    }

    public String accessKeyId() {
        return accessKeyId;
    }

    public String secretAccessKey() {
        return secretAccessKey;
    }

    /** Creates a bucket unless it exists. */
    public void createBucket(String bucket) {
        requireBucketName(bucket);
        if (!blobStore.containerExists(bucket)) {
            blobStore.createContainer(bucket);
        }
    }

    /** The names of the buckets that exist now. */
    public List<String> buckets() {
        List<String> names = new ArrayList<>();
        blobStore.list().buckets().forEach(b -> names.add(b.name()));
        return names;
    }

    @Override
    public synchronized void close() {
        if (proxy != null) {
            try {
                proxy.stop();
            } catch (Exception e) {
                // stopping is best effort
            }
        }
        if (blobStore != null) {
            blobStore.close();
        }
    }

    static void requireBucketName(String bucket) {
        Objects.requireNonNull(bucket, "bucket");
        if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw new IllegalArgumentException("Bucket name '" + bucket + "' is not a valid S3 bucket name:"
                    + " use 3-63 lower-case letters, digits, '.' or '-'");
        }
    }

    /** Defaults: in memory, an ephemeral port, fixed test credentials, no buckets. */
    public static final class Builder {
        private Path directory;
        private int port;
        private String accessKeyId = DEFAULT_ACCESS_KEY_ID;
        private String secretAccessKey = DEFAULT_SECRET_ACCESS_KEY;
        private final List<String> buckets = new ArrayList<>();

        private Builder() {
        }

        /** Keeps objects in memory (the default); they are gone on close. */
        public Builder inMemory() {
            this.directory = null;
            return this;
        }

        /** Keeps objects as files under {@code directory}, one subdirectory per bucket. */
        public Builder directory(Path directory) {
            this.directory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("Port " + port + " is outside 0-65535");
            }
            this.port = port;
            return this;
        }

        public Builder credentials(String accessKeyId, String secretAccessKey) {
            this.accessKeyId = Objects.requireNonNull(accessKeyId, "accessKeyId");
            this.secretAccessKey = Objects.requireNonNull(secretAccessKey, "secretAccessKey");
            return this;
        }

        /** A bucket to create on start. */
        public Builder bucket(String bucket) {
            requireBucketName(bucket);
            this.buckets.add(bucket);
            return this;
        }

        public LocalS3 build() {
            return new LocalS3(this);
        }
    }
}
