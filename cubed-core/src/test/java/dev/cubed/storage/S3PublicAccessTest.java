package dev.cubed.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cubed.block.Block;
import dev.cubed.block.DataType;
import dev.cubed.storage.zarr.ArrayMetadata;
import dev.cubed.storage.zarr.ZarrArray;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;
import software.amazon.awssdk.profiles.ProfileFile;

/**
 * Public data on S3: unsigned requests, requester pays, and the errors for missing credentials,
 * access denied and missing buckets. Two s3proxy servers share one blob store: one checks
 * signatures (as S3 does for a private bucket) and one serves anonymous requests (a public
 * bucket). A TCP relay in front records the bytes the client sends, so the tests see exactly
 * which headers went on the wire.
 */
class S3PublicAccessTest {
    private static S3ProxyServer signedServer;
    private static S3ProxyServer publicServer;
    private static Storage owner;
    private static Block data;

    @BeforeAll
    static void start() throws Exception {
        BlobStore blobs = BlobStores.create("transient-nio2", new Properties());
        signedServer = new S3ProxyServer(blobs, false);
        publicServer = new S3ProxyServer(blobs, true);
        owner = signedServer.storage();
        owner.s3Client().createBucket(b -> b.bucket("open-data"));
        ArrayMetadata m = ArrayMetadata.builder().shape(12, 10).chunks(5, 4).dataType(DataType.INT32)
                .codecs(ArrayMetadata.Codecs.zstd(1)).build();
        int[] values = new int[120];
        for (int i = 0; i < values.length; i++) {
            values[i] = 7 * i - 300;
        }
        data = Block.of(values, 12, 10);
        ZarrArray.create(owner.open("s3://open-data/arrays/x.zarr"), "", m).write(new long[2], data);
    }

    @AfterAll
    static void stop() throws Exception {
        owner.close();
        publicServer.close();
        signedServer.close();
    }

    /** A credentials provider that fails the test when anything asks it for credentials. */
    private static final AwsCredentialsProvider NEVER_ASKED = () -> {
        throw new AssertionError("credentials were looked up for an anonymous request");
    };

    private static Storage.Builder through(RecordingTcpProxy relay) {
        return Storage.builder().endpointOverride(relay.endpoint()).region("us-east-1").pathStyle(true)
                .environment(Map.of());
    }

    private static List<String> headerLines(List<String> heads, String name) {
        String prefix = name.toLowerCase(Locale.ROOT) + ":";
        return heads.stream().flatMap(h -> h.lines()).filter(l -> l.toLowerCase(Locale.ROOT).startsWith(prefix)).toList();
    }

    @Test
    void anonymousRequestsAreUnsignedAndNeedNoCredentials() throws Exception {
        try (RecordingTcpProxy relay = new RecordingTcpProxy(publicServer.endpoint());
             Storage anon = through(relay).credentialsProvider(NEVER_ASKED).anonymous(true).build()) {
            ZarrArray a = ZarrArray.open(anon.open("s3://open-data/arrays/x.zarr"), "");
            assertThat(a.read(new long[2], new int[] {12, 10}).sameValues(data)).isTrue();
            assertThat(a.storedChunks()).hasSize(9); // listing works too
            List<String> heads = relay.requestHeads();
            assertThat(heads).hasSizeGreaterThanOrEqualTo(11); // metadata, 9 chunks, a listing
            assertThat(headerLines(heads, "Authorization")).isEmpty();
            assertThat(headerLines(heads, "X-Amz-Security-Token")).isEmpty();
            assertThat(headerLines(heads, "x-amz-request-payer")).isEmpty();
        }
    }

    @Test
    void theUrlParameterMakesOneUrlAnonymous() throws Exception {
        try (RecordingTcpProxy relay = new RecordingTcpProxy(publicServer.endpoint());
             Storage st = through(relay).credentialsProvider(NEVER_ASKED).build()) {
            assertThat(st.anonymous()).isFalse();
            S3Store s = (S3Store) st.open("s3://open-data/arrays/x.zarr?anon=true");
            assertThat(s.access().anonymous()).isTrue();
            assertThat(s.url()).isEqualTo("s3://open-data/arrays/x.zarr");
            assertThat(ZarrArray.open(s, "").readChunk(1, 1).sameValues(data.slice(new int[] {5, 4}, new int[] {10, 8})))
                    .isTrue();
            assertThat(headerLines(relay.requestHeads(), "Authorization")).isEmpty();
            // and a signed request on the same Storage really does ask for credentials
            assertThatThrownBy(() -> st.open("s3://open-data/arrays/x.zarr").get("zarr.json"))
                    .isInstanceOf(AssertionError.class).hasMessageContaining("credentials were looked up");
        }
    }

    @Test
    void aServerThatChecksSignaturesRefusesTheAnonymousClient() {
        try (Storage anon = Storage.builder().endpointOverride(signedServer.endpoint()).region("us-east-1")
                .pathStyle(true).environment(Map.of(Storage.ANONYMOUS_ENV, "true")).credentialsProvider(NEVER_ASKED)
                .build()) {
            assertThat(anon.anonymous()).isTrue(); // from the environment
            Store s = anon.open("s3://open-data/arrays/x.zarr");
            assertThatThrownBy(() -> s.get("zarr.json")).isInstanceOf(StoreAccessException.class)
                    .hasMessageContaining("cannot read s3://open-data/arrays/x.zarr/zarr.json")
                    .hasMessageContaining("access denied (HTTP 403")
                    .hasMessageContaining("bucket 'open-data'")
                    .hasMessageContaining("use credentials instead of anonymous access");
        }
    }

    @Test
    void requesterPaysSendsTheHeaderOnEveryRequest() throws Exception {
        try (RecordingTcpProxy relay = new RecordingTcpProxy(signedServer.endpoint());
             Storage st = through(relay).credentialsProvider(S3ProxyServer.credentials()).build()) {
            Store s = st.open("s3://open-data/arrays/x.zarr?requester_pays=true");
            ZarrArray a = ZarrArray.open(s, "");
            assertThat(a.read(new long[] {3, 3}, new int[] {4, 4}).sameValues(data.slice(new int[] {3, 3}, new int[] {7, 7})))
                    .isTrue();
            s.put("extra/k", ReadableStoreContractTest.bytes("v"));
            assertThat(s.exists("extra/k")).isTrue();
            assertThat(s.getRange("extra/k", 0, 1)).isPresent();
            assertThat(s.getSuffix("extra/k", 1)).isPresent();
            assertThat(s.list("extra/")).containsExactly("extra/k");
            s.delete("extra/k");
            s.deletePrefix("nothing/");
            List<String> heads = relay.requestHeads();
            assertThat(heads).hasSizeGreaterThanOrEqualTo(12);
            assertThat(headerLines(heads, "x-amz-request-payer")).hasSize(heads.size())
                    .allSatisfy(l -> assertThat(l.substring(l.indexOf(':') + 1).trim()).isEqualTo("requester"));
            assertThat(headerLines(heads, "Authorization")).hasSize(heads.size()); // still signed

            relay.clear();
            st.open("s3://open-data/arrays/x.zarr").get("zarr.json");
            assertThat(headerLines(relay.requestHeads(), "x-amz-request-payer")).isEmpty();
        }
        try (Storage fromEnv = Storage.builder().environment(Map.of(Storage.REQUESTER_PAYS_ENV, "true")).build()) {
            assertThat(((S3Store) fromEnv.open("s3://b/p")).access().requesterPays()).isTrue();
            assertThat(((S3Store) fromEnv.open("s3://b/p?requester_pays=false")).access().requesterPays()).isFalse();
        }
    }

    @Test
    void urlParametersAreCheckedAndKeptWhenPathsAreJoined() {
        try (Storage st = Storage.builder().environment(Map.of()).build()) {
            assertThatThrownBy(() -> st.open("s3://b/p?anon=true&requester_pays=true"))
                    .hasMessageContaining("anonymous access and requester pays together");
            assertThatThrownBy(() -> st.open("s3://b/p?region=eu-west-1"))
                    .hasMessageContaining("the parameter 'region'").hasMessageContaining("anon=true|false");
            assertThatThrownBy(() -> st.open("s3://b/p?anon=maybe")).hasMessageContaining("use anon=true or anon=false");
            assertThat(((S3Store) st.open("s3://b/p?anon")).access().anonymous()).isTrue();
            assertThat(((S3Store) st.open("s3://b?anon=true")).prefix()).isEmpty();
        }
        try (Storage st = Storage.builder().environment(Map.of(Storage.ANONYMOUS_ENV, "true")).anonymous(false).build()) {
            assertThat(st.anonymous()).isFalse(); // the builder wins over the environment
        }
        assertThat(Storage.resolve("s3://b/data.zarr?anon=true", "g/a")).isEqualTo("s3://b/data.zarr/g/a?anon=true");
        assertThat(Storage.resolve("s3://b/data.zarr/", "/a/")).isEqualTo("s3://b/data.zarr/a");
        assertThat(Storage.resolve("https://h/x.zarr", "a")).isEqualTo("https://h/x.zarr/a");
        assertThat(Storage.resolve("/tmp/x", "")).isEqualTo("/tmp/x");
    }

    @Test
    void aMissingBucketIsNamed() {
        Store s = owner.open("s3://no-such-bucket/data");
        assertThatThrownBy(() -> s.get("zarr.json")).isInstanceOf(StoreAccessException.class)
                .hasMessageContaining("the bucket 'no-such-bucket' does not exist (NoSuchBucket)");
        assertThatThrownBy(() -> s.list("")).hasMessageContaining("cannot list s3://no-such-bucket/data")
                .hasMessageContaining("NoSuchBucket");
    }

    /** S3 answers a request for a bucket in another region with 301 and the bucket's region in a header. */
    @Test
    void aBucketInAnotherRegionNamesTheRegionToSet() throws Exception {
        com.sun.net.httpserver.HttpServer wrongRegion = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        wrongRegion.createContext("/", ex -> {
            byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>PermanentRedirect</Code><Message>The"
                    + " bucket you are attempting to access must be addressed using the specified endpoint.</Message>"
                    + "<Bucket>far-away</Bucket><Endpoint>far-away.s3.us-west-2.amazonaws.com</Endpoint></Error>")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("x-amz-bucket-region", "us-west-2");
            ex.getResponseHeaders().set("Content-Type", "application/xml");
            ex.sendResponseHeaders(301, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        wrongRegion.start();
        try (Storage st = Storage.builder().environment(Map.of()).region("us-east-1").pathStyle(true)
                .endpointOverride(java.net.URI.create("http://127.0.0.1:" + wrongRegion.getAddress().getPort()))
                .anonymous(true).build()) {
            assertThatThrownBy(() -> st.open("s3://far-away/data.zarr").get("zarr.json"))
                    .isInstanceOf(StoreAccessException.class)
                    .hasMessageContaining("the bucket 'far-away' is in region us-west-2, not in this client's")
                    .hasMessageContaining("set AWS_REGION=us-west-2");
        } finally {
            wrongRegion.stop(0);
        }
    }

    /**
     * With no credentials anywhere in the chain, the error is a few lines that name the bucket
     * and the settings, not the SDK's dump of every provider it tried.
     */
    @Test
    void missingCredentialsGiveAShortMessageNamingBucketAndVariables(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(System.getProperty("aws.accessKeyId") == null, "aws.accessKeyId is set in this JVM");
        Path emptyProfiles = Files.writeString(dir.resolve("credentials"), "");
        AwsCredentialsProvider nothing = AwsCredentialsProviderChain.of(SystemPropertyCredentialsProvider.create(),
                ProfileCredentialsProvider.builder().profileFile(ProfileFile.builder().content(emptyProfiles)
                        .type(ProfileFile.Type.CREDENTIALS).build()).profileName("default").build());
        try (Storage st = Storage.builder().endpointOverride(signedServer.endpoint()).region("us-east-1").pathStyle(true)
                .environment(Map.of()).credentialsProvider(nothing).build()) {
            Store s = st.open("s3://open-data/arrays/x.zarr");
            Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> ZarrArray.open(s, ""));
            assertThat(t).isInstanceOf(StoreAccessException.class);
            String m = t.getMessage();
            assertThat(m).contains("cannot read s3://open-data/arrays/x.zarr/zarr.json")
                    .contains("no AWS credentials were found for bucket 'open-data'")
                    .contains("AWS_ACCESS_KEY_ID").contains("AWS_SECRET_ACCESS_KEY").contains("AWS_PROFILE")
                    .contains("?anon=true").contains(Storage.ANONYMOUS_ENV)
                    .doesNotContain("AwsCredentialsProviderChain").doesNotContain("SystemPropertyCredentialsProvider");
            assertThat(m.length()).isLessThan(400);
            assertThat(t.getCause()).isNull(); // nothing long for an error printer to append
            assertThat(t.getSuppressed()).hasSize(1); // the SDK's exception, for stack traces
            assertThat(t.getSuppressed()[0].getMessage()).contains("Unable to load credentials");
        }
    }
}
