package dev.cubed.storage;

import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsProfileRegionProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Turns store URLs into stores and owns the clients they need; there is no global state, so a
 * program (or a test) makes one {@code Storage}, passes it where stores are opened, and closes it.
 *
 * <ul>
 *   <li>a plain path or {@code file:///abs/path}: a {@link FileStore};
 *   <li>{@code s3://bucket/prefix}: an {@link S3Store} on one S3 client shared by every s3 URL;
 *   <li>{@code memory://name}: a {@link MemoryStore} that lives as long as this Storage, so every
 *       open of the same name sees the same objects.
 * </ul>
 *
 * <p>The S3 client, made on first use unless one is given, uses the JDK URL-connection HTTP
 * client, the standard credentials chain and the region from {@code aws.region},
 * {@code AWS_REGION} or the profile file (us-east-1 when none is set; the EC2 metadata service
 * is never asked). The SDK itself honours {@code AWS_ENDPOINT_URL_S3} / {@code AWS_ENDPOINT_URL}
 * (and the {@code aws.endpointUrlS3} system property) unless an endpoint is set here.
 * {@code CUBED_S3_PATH_STYLE=true} turns on path-style addressing, which most S3-compatible
 * servers need.
 */
public final class Storage implements AutoCloseable {
    /** Environment variable that turns on path-style S3 addressing. */
    public static final String PATH_STYLE_ENV = "CUBED_S3_PATH_STYLE";
    static final Region FALLBACK_REGION = Region.US_EAST_1;

    private final S3Client givenClient;
    private final URI endpointOverride;
    private final Region region;
    private final Boolean pathStyle;
    private final AwsCredentialsProvider credentialsProvider;
    private final Map<String, String> environment;
    private final ConcurrentHashMap<String, MemoryStore> memoryStores = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    private S3Client createdClient;
    private boolean closed;

    private Storage(Builder b) {
        this.givenClient = b.s3Client;
        this.endpointOverride = b.endpointOverride;
        this.region = b.region;
        this.pathStyle = b.pathStyle;
        this.credentialsProvider = b.credentialsProvider;
        this.environment = b.environment == null ? System.getenv() : Map.copyOf(b.environment);
    }

    /** Default settings from the process environment. */
    public static Storage defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The store a URL or path addresses. */
    public Store open(String url) {
        Objects.requireNonNull(url, "url");
        int colon = url.indexOf("://");
        String scheme = colon < 0 ? "" : url.substring(0, colon).toLowerCase(Locale.ROOT);
        switch (scheme) {
            case "":
                return new FileStore(Paths.get(url));
            case "file":
                return new FileStore(Path.of(URI.create(url)));
            case "s3": {
                String rest = url.substring(colon + 3);
                int slash = rest.indexOf('/');
                String bucket = slash < 0 ? rest : rest.substring(0, slash);
                String prefix = slash < 0 ? "" : rest.substring(slash + 1);
                if (bucket.isEmpty()) {
                    throw new IllegalArgumentException("'" + url + "' names no bucket; use s3://bucket/prefix");
                }
                return new S3Store(s3Client(), bucket, prefix);
            }
            case "memory": {
                String name = url.substring(colon + 3);
                return memoryStores.computeIfAbsent(name, MemoryStore::new);
            }
            default:
                throw new IllegalArgumentException("unsupported store URL '" + url
                        + "'; use a path, file:///path, s3://bucket/prefix or memory://name");
        }
    }

    /** The S3 client s3:// URLs use: the one given to the builder, else one made (once) from the settings. */
    public S3Client s3Client() {
        if (givenClient != null) {
            return givenClient;
        }
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("this Storage is closed");
            }
            if (createdClient == null) {
                createdClient = buildClient();
            }
            return createdClient;
        }
    }

    /** Whether s3 clients made here use path-style addressing. */
    public boolean pathStyle() {
        return pathStyle != null ? pathStyle : "true".equalsIgnoreCase(environment.getOrDefault(PATH_STYLE_ENV, "").trim());
    }

    /** The region for s3 clients made here. */
    public Region region() {
        if (region != null) {
            return region;
        }
        String r = System.getProperty("aws.region");
        if (r == null || r.isBlank()) {
            r = environment.get("AWS_REGION");
        }
        if (r == null || r.isBlank()) {
            r = environment.get("AWS_DEFAULT_REGION");
        }
        if (r != null && !r.isBlank()) {
            return Region.of(r.trim());
        }
        try {
            Region fromProfile = new AwsProfileRegionProvider().getRegion();
            if (fromProfile != null) {
                return fromProfile;
            }
        } catch (SdkClientException | IllegalStateException e) {
            // no profile file or no region in it
        }
        return FALLBACK_REGION;
    }

    private S3Client buildClient() {
        S3ClientBuilder b = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.builder().build())
                .region(region())
                .credentialsProvider(credentialsProvider != null ? credentialsProvider : DefaultCredentialsProvider.builder().build())
                .forcePathStyle(pathStyle())
                // S3-compatible servers do not all take the newer default checksums; S3 still gets
                // Content-MD5 where it requires one
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (endpointOverride != null) {
            b.endpointOverride(endpointOverride);
        }
        return b.build();
    }

    /** Closes the S3 client this Storage made (never one it was given) and drops memory stores. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            if (createdClient != null) {
                createdClient.close();
                createdClient = null;
            }
        }
        memoryStores.clear();
    }

    /** Settings for {@link Storage}. */
    public static final class Builder {
        private S3Client s3Client;
        private URI endpointOverride;
        private Region region;
        private Boolean pathStyle;
        private AwsCredentialsProvider credentialsProvider;
        private Map<String, String> environment;

        private Builder() {
        }

        /** Use this client for s3:// URLs (it stays the caller's: Storage does not close it). */
        public Builder s3Client(S3Client client) {
            this.s3Client = client;
            return this;
        }

        /** An S3 endpoint such as {@code http://127.0.0.1:9000}; overrides AWS_ENDPOINT_URL_S3. */
        public Builder endpointOverride(URI endpoint) {
            this.endpointOverride = endpoint;
            return this;
        }

        public Builder region(Region region) {
            this.region = region;
            return this;
        }

        public Builder region(String region) {
            return region(Region.of(region));
        }

        /** Path-style addressing; when unset, {@code CUBED_S3_PATH_STYLE=true} in the environment turns it on. */
        public Builder pathStyle(boolean pathStyle) {
            this.pathStyle = pathStyle;
            return this;
        }

        public Builder credentialsProvider(AwsCredentialsProvider provider) {
            this.credentialsProvider = provider;
            return this;
        }

        /** The environment variables to read settings from (default: the process environment). */
        public Builder environment(Map<String, String> environment) {
            this.environment = environment;
            return this;
        }

        public Storage build() {
            return new Storage(this);
        }
    }
}
