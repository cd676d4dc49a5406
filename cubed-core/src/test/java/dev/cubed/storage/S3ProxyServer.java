package dev.cubed.storage;

import java.net.URI;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * An s3proxy S3 server in this JVM on a free loopback port, backed by the in-memory transient-nio2 blob store
 * (public for the executors' tests in other modules, through the test-jar).
 */
public final class S3ProxyServer implements AutoCloseable {
    public static final String ACCESS_KEY = "test-access-key";
    public static final String SECRET_KEY = "test-secret-key";

    private final S3Proxy proxy;
    private final URI endpoint;
    private final BlobStore blobStore;

    public S3ProxyServer() throws Exception {
        this(BlobStores.create("transient-nio2", new Properties()), false);
    }

    /**
     * A server on {@code blobStore} (two servers may share one); {@code anonymous} serves every
     * request without authentication, as s3proxy.authorization=none does. Headers s3proxy does not
     * implement, such as {@code x-amz-request-payer} (which S3 takes), are ignored rather than
     * refused with 501.
     */
    S3ProxyServer(BlobStore blobStore, boolean anonymous) throws Exception {
        this.blobStore = blobStore;
        proxy = S3Proxy.builder()
                .blobStore(blobStore)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(anonymous ? AuthenticationType.NONE : AuthenticationType.AWS_V2_OR_V4,
                        anonymous ? null : ACCESS_KEY, anonymous ? null : SECRET_KEY)
                .ignoreUnknownHeaders(true)
                .build();
        proxy.start();
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
            }
            Thread.sleep(10);
        }
        endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    public URI endpoint() {
        return endpoint;
    }

    public BlobStore blobStore() {
        return blobStore;
    }

    public static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
    }

    /** A Storage talking to this server with path-style addressing. */
    public Storage storage() {
        return Storage.builder().endpointOverride(endpoint).region("us-east-1").pathStyle(true)
                .credentialsProvider(credentials()).environment(java.util.Map.of()).build();
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
    }
}
