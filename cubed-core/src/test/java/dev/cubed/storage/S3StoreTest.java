package dev.cubed.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cubed.block.Block;
import dev.cubed.block.DataType;
import dev.cubed.storage.zarr.ArrayMetadata;
import dev.cubed.storage.zarr.ZarrArray;
import dev.cubed.storage.zarr.ZarrFormat;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The store contract and Zarr round trips against a real S3 protocol server (s3proxy, in this JVM). */
class S3StoreTest extends StoreContractTest {
    private static S3ProxyServer server;
    private static Storage storage;
    private static int n;

    @BeforeAll
    static void start() throws Exception {
        server = new S3ProxyServer();
        storage = server.storage();
        storage.s3Client().createBucket(b -> b.bucket("bucket"));
    }

    @AfterAll
    static void stop() throws Exception {
        storage.close();
        server.close();
    }

    @Override
    Store store() {
        return storage.open("s3://bucket/run" + n++);
    }

    @Test
    void urlsMapToBucketAndPrefix() {
        S3Store s = (S3Store) storage.open("s3://bucket/a/b/");
        assertThat(s.bucket()).isEqualTo("bucket");
        assertThat(s.prefix()).isEqualTo("a/b");
        assertThat(s.url()).isEqualTo("s3://bucket/a/b");
        s.put("k", bytes("v"));
        assertThat(storage.s3Client().headObject(h -> h.bucket("bucket").key("a/b/k")).contentLength()).isEqualTo(1);
        S3Store root = (S3Store) storage.open("s3://bucket");
        assertThat(root.list("a/b/")).contains("a/b/k");
    }

    @Test
    void listingsPageThroughEveryKey() {
        S3Store s = new S3Store(storage.s3Client(), "bucket", "paged", S3Store.Access.SIGNED, 7);
        for (int i = 0; i < 25; i++) {
            s.put("k/" + i, bytes("x".repeat(i)));
        }
        assertThat(s.list("k/")).hasSize(25);
        assertThat(s.listSizes("")).hasSize(25).containsEntry("k/24", 24L);
        s.deletePrefix("k/1");
        assertThat(s.list("")).hasSize(25 - 11);
    }

    @Test
    void zarrArraysRoundTripOnS3() {
        for (ZarrFormat f : ZarrFormat.values()) {
            Store s = storage.open("s3://bucket/zarr-" + f);
            ArrayMetadata m = ArrayMetadata.builder().format(f).shape(30, 17).chunks(8, 8).dataType(DataType.FLOAT64)
                    .codecs(ArrayMetadata.Codecs.zstd(1)).attributes(Map.of("on", "s3")).build();
            Block data = random(30, 17);
            ZarrArray.create(s, "arr", m).write(new long[2], data);
            ZarrArray back = ZarrArray.open(storage.open("s3://bucket/zarr-" + f), "arr");
            assertThat(back.metadata()).isEqualTo(m);
            assertThat(back.read(new long[2], new int[] {30, 17}).sameValues(data)).isTrue();
            assertThat(back.storedChunks()).hasSize(12);
            assertThat(back.storedBytes()).isPositive();
        }
    }

    @Test
    void shardedArrayPartialReadsUseRangeRequests() {
        Store s = storage.open("s3://bucket/sharded");
        ArrayMetadata m = ArrayMetadata.builder().shape(32, 32).chunks(16, 16).dataType(DataType.FLOAT64)
                .codecs(ArrayMetadata.Codecs.sharding(new int[] {4, 4})).build();
        Block data = random(32, 32);
        ZarrArray a = ZarrArray.create(s, "", m);
        a.write(new long[2], data);
        assertThat(a.read(new long[] {5, 9}, new int[] {13, 3}).sameValues(data.slice(new int[] {5, 9}, new int[] {18, 12})))
                .isTrue();
        assertThat(a.readChunk(1, 1).sameValues(data.slice(new int[] {16, 16}, new int[] {32, 32}))).isTrue();
    }

    /**
     * The SDK picks the endpoint from AWS_ENDPOINT_URL_S3 or its system-property twin
     * aws.endpointUrlS3 (same resolution code); path style comes from CUBED_S3_PATH_STYLE in the
     * environment Storage is given. Uses the system property so the process environment is untouched.
     */
    @Test
    void endpointFromTheSdkSettingAndPathStyleFromTheEnvironment() {
        String before = System.getProperty("aws.endpointUrlS3");
        System.setProperty("aws.endpointUrlS3", server.endpoint().toString());
        try (Storage fromEnv = Storage.builder().region("us-east-1").credentialsProvider(S3ProxyServer.credentials())
                .environment(Map.of(Storage.PATH_STYLE_ENV, "true")).build()) {
            assertThat(fromEnv.pathStyle()).isTrue();
            Store s = fromEnv.open("s3://bucket/env");
            s.put("hello", bytes("world"));
            assertThat(text(storage.open("s3://bucket/env").get("hello").orElseThrow())).isEqualTo("world");
        } finally {
            if (before == null) {
                System.clearProperty("aws.endpointUrlS3");
            } else {
                System.setProperty("aws.endpointUrlS3", before);
            }
        }
    }

    private static Block random(int... shape) {
        Random r = new Random(3);
        double[] d = new double[shape[0] * shape[1]];
        for (int i = 0; i < d.length; i++) {
            d[i] = r.nextGaussian();
        }
        return Block.of(d, shape);
    }
}
