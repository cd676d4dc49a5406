package dev.cubed.storage;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
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
 *   <li>{@code s3://bucket/prefix}: an {@link S3Store} on one S3 client shared by every s3 URL.
 *       {@code ?anon=true} makes its requests unsigned (public buckets, no credentials needed) and
 *       {@code ?requester_pays=true} sends {@code x-amz-request-payer: requester} on each one;
 *       both default to the builder's settings, else {@code CUBED_S3_ANONYMOUS=true} and
 *       {@code CUBED_S3_REQUESTER_PAYS=true}. In the URL they travel with a plan to every worker.
 *   <li>{@code https://host/path} and {@code http://...}: a read-only {@link HttpStore} on one JDK
 *       HTTP client shared by every such URL;
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
    /** Environment variable that makes s3:// requests unsigned unless a URL says {@code ?anon=false}. */
    public static final String ANONYMOUS_ENV = "CUBED_S3_ANONYMOUS";
    /** Environment variable that makes s3:// requests pay as requester unless a URL says {@code ?requester_pays=false}. */
    public static final String REQUESTER_PAYS_ENV = "CUBED_S3_REQUESTER_PAYS";
    /** The s3:// URL parameter for unsigned requests (fsspec's name for the setting). */
    public static final String ANON_PARAMETER = "anon";
    /** The s3:// URL parameter for requester pays (s3fs's name for the setting). */
    public static final String REQUESTER_PAYS_PARAMETER = "requester_pays";
    static final Region FALLBACK_REGION = Region.US_EAST_1;

    private final S3Client givenClient;
    private final URI endpointOverride;
    private final Region region;
    private final Boolean pathStyle;
    private final AwsCredentialsProvider credentialsProvider;
    private final Boolean anonymous;
    private final Boolean requesterPays;
    private final HttpClient givenHttpClient;
    private final Map<String, String> environment;
    private final ConcurrentHashMap<String, MemoryStore> memoryStores = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    private S3Client createdClient;
    private HttpClient createdHttpClient;
    private boolean closed;

    private Storage(Builder b) {
        this.givenClient = b.s3Client;
        this.endpointOverride = b.endpointOverride;
        this.region = b.region;
        this.pathStyle = b.pathStyle;
        this.credentialsProvider = b.credentialsProvider;
        this.anonymous = b.anonymous;
        this.requesterPays = b.requesterPays;
        this.givenHttpClient = b.httpClient;
        this.environment = b.environment == null ? System.getenv() : Map.copyOf(b.environment);
    }

    /** Default settings from the process environment. */
    public static Storage defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Storage configured from these variables alone, as a remote worker (a Lambda function, a Spark
     * executor) is: region, path style, the S3 endpoint ({@code AWS_ENDPOINT_URL_S3}) and static
     * credentials ({@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}, {@code AWS_SESSION_TOKEN})
     * when they are there, else the SDK's default chain.
     */
    public static Storage fromEnvironment(Map<String, String> env) {
        Builder b = builder().environment(env);
        String endpoint = env.get("AWS_ENDPOINT_URL_S3");
        if (endpoint != null && !endpoint.isBlank()) {
            b.endpointOverride(URI.create(endpoint.trim()));
        }
        String id = env.get("AWS_ACCESS_KEY_ID");
        String secret = env.get("AWS_SECRET_ACCESS_KEY");
        String token = env.get("AWS_SESSION_TOKEN");
        if (id != null && secret != null) {
            b.credentialsProvider(StaticCredentialsProvider.create(token == null ? AwsBasicCredentials.create(id, secret)
                    : AwsSessionCredentials.create(id, secret, token)));
        }
        return b.build();
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
            case "s3":
                return s3Store(url, url.substring(colon + 3));
            case "http", "https":
                return new HttpStore(httpClient(), url);
            case "memory": {
                String name = url.substring(colon + 3);
                return memoryStores.computeIfAbsent(name, MemoryStore::new);
            }
            default:
                throw new IllegalArgumentException("unsupported store URL '" + url
                        + "'; use a path, file:///path, s3://bucket/prefix, https://host/path or memory://name");
        }
    }

    /** {@code bucket/prefix?param=value&...} of an s3:// URL. */
    private Store s3Store(String url, String rest) {
        int q = rest.indexOf('?');
        Map<String, String> params = q < 0 ? Map.of() : parameters(url, rest.substring(q + 1));
        String location = q < 0 ? rest : rest.substring(0, q);
        int slash = location.indexOf('/');
        String bucket = slash < 0 ? location : location.substring(0, slash);
        String prefix = slash < 0 ? "" : location.substring(slash + 1);
        if (bucket.isEmpty()) {
            throw new IllegalArgumentException("'" + url + "' names no bucket; use s3://bucket/prefix");
        }
        boolean anon = flag(url, params, ANON_PARAMETER, anonymous, ANONYMOUS_ENV);
        boolean pays = flag(url, params, REQUESTER_PAYS_PARAMETER, requesterPays, REQUESTER_PAYS_ENV);
        if (anon && pays) {
            throw new IllegalArgumentException("'" + url + "' asks for anonymous access and requester pays together;"
                    + " requester pays bills the requester's AWS account, so it needs credentials: drop one of them"
                    + " (anonymous from " + source(params, ANON_PARAMETER, anonymous, ANONYMOUS_ENV) + ", requester pays from "
                    + source(params, REQUESTER_PAYS_PARAMETER, requesterPays, REQUESTER_PAYS_ENV) + ")");
        }
        return new S3Store(s3Client(), bucket, prefix, new S3Store.Access(anon, pays));
    }

    private static Map<String, String> parameters(String url, String query) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String part : query.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String name = (eq < 0 ? part : part.substring(0, eq)).toLowerCase(Locale.ROOT);
            String value = eq < 0 ? "true" : part.substring(eq + 1);
            if (!name.equals(ANON_PARAMETER) && !name.equals(REQUESTER_PAYS_PARAMETER)) {
                throw new IllegalArgumentException("'" + url + "' has the parameter '" + name + "', which s3:// URLs do"
                        + " not take; they take " + ANON_PARAMETER + "=true|false and " + REQUESTER_PAYS_PARAMETER
                        + "=true|false (a '?' cannot be part of the prefix)");
            }
            out.put(name, value);
        }
        return out;
    }

    /** The URL's parameter, else the builder's setting, else the environment variable; false when none is set. */
    private boolean flag(String url, Map<String, String> params, String name, Boolean setting, String env) {
        String v = params.get(name);
        if (v != null) {
            return switch (v.toLowerCase(Locale.ROOT)) {
                case "true", "1", "yes" -> true;
                case "false", "0", "no" -> false;
                default -> throw new IllegalArgumentException("'" + url + "' has " + name + "=" + v
                        + "; use " + name + "=true or " + name + "=false");
            };
        }
        if (setting != null) {
            return setting;
        }
        return isTrue(environment.get(env));
    }

    private static String source(Map<String, String> params, String name, Boolean setting, String env) {
        return params.containsKey(name) ? "the URL" : setting != null ? "the Storage settings" : env;
    }

    private static boolean isTrue(String v) {
        return v != null && (v.trim().equalsIgnoreCase("true") || v.trim().equals("1"));
    }

    /**
     * The URL of {@code path} below a store URL: {@code s3://b/data?anon=true} and {@code a/b}
     * give {@code s3://b/data/a/b?anon=true}, keeping a store's parameters at the end.
     */
    public static String resolve(String url, String path) {
        String p = path == null ? "" : path;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.isEmpty()) {
            return url;
        }
        int colon = url.indexOf("://");
        boolean s3 = colon > 0 && url.substring(0, colon).equalsIgnoreCase("s3");
        int q = s3 ? url.indexOf('?') : -1;
        String base = q < 0 ? url : url.substring(0, q);
        String query = q < 0 ? "" : url.substring(q);
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return base + "/" + p + query;
    }

    /** The HTTP client http(s):// URLs use: the one given to the builder, else one made (once) here. */
    public HttpClient httpClient() {
        if (givenHttpClient != null) {
            return givenHttpClient;
        }
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("this Storage is closed");
            }
            if (createdHttpClient == null) {
                createdHttpClient = HttpClient.newBuilder()
                        .followRedirects(HttpClient.Redirect.NORMAL) // data hosts often redirect; never https to http
                        .connectTimeout(Duration.ofSeconds(10))
                        .build();
            }
            return createdHttpClient;
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

    /** Whether s3:// URLs without an {@code anon} parameter are read and written with unsigned requests. */
    public boolean anonymous() {
        return anonymous != null ? anonymous : isTrue(environment.get(ANONYMOUS_ENV));
    }

    /** Whether s3:// URLs without a {@code requester_pays} parameter send {@code x-amz-request-payer: requester}. */
    public boolean requesterPays() {
        return requesterPays != null ? requesterPays : isTrue(environment.get(REQUESTER_PAYS_ENV));
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

    /**
     * Closes the S3 client this Storage made (never one it was given) and drops memory stores.
     * The JDK 17 HTTP client cannot be closed; it is dropped and its idle threads end on their own.
     */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            if (createdClient != null) {
                createdClient.close();
                createdClient = null;
            }
            createdHttpClient = null;
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
        private Boolean anonymous;
        private Boolean requesterPays;
        private HttpClient httpClient;
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

        /**
         * Unsigned s3:// requests (no credentials needed or sent), for public buckets, like fsspec's
         * {@code anon=True}; a URL's {@code ?anon=} wins. When unset, {@code CUBED_S3_ANONYMOUS=true}
         * in the environment turns it on.
         */
        public Builder anonymous(boolean anonymous) {
            this.anonymous = anonymous;
            return this;
        }

        /**
         * Send {@code x-amz-request-payer: requester} on every s3:// request, for buckets whose
         * owner bills the reader; a URL's {@code ?requester_pays=} wins. When unset,
         * {@code CUBED_S3_REQUESTER_PAYS=true} in the environment turns it on.
         */
        public Builder requesterPays(boolean requesterPays) {
            this.requesterPays = requesterPays;
            return this;
        }

        /** Use this client for http(s):// URLs (proxies, TLS settings); default: one made here. */
        public Builder httpClient(HttpClient client) {
            this.httpClient = client;
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
