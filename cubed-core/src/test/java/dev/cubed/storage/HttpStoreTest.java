package dev.cubed.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cubed.block.Block;
import dev.cubed.block.DataType;
import dev.cubed.storage.zarr.ArrayMetadata;
import dev.cubed.storage.zarr.ZarrArray;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The read-only store contract and Zarr reads over a real HTTP server in this JVM. */
class HttpStoreTest extends ReadableStoreContractTest {
    @TempDir
    static Path dir;
    static DirectoryHttpServer server;
    static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static int n;

    @BeforeAll
    static void start() throws IOException {
        server = new DirectoryHttpServer(dir);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Writes the objects as files of a new directory that the server serves. */
    static String serve(Map<String, byte[]> objects) {
        String name = "s" + n++;
        objects.forEach((k, v) -> {
            try {
                Path f = dir.resolve(name).resolve(k);
                Files.createDirectories(f.getParent());
                Files.write(f, v);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return server.url(name);
    }

    @Override
    Store storeHolding(Map<String, byte[]> objects) {
        return served(objects, false, false);
    }

    /** The objects on the server, which from now on supports Range and HEAD as told. */
    static Store served(Map<String, byte[]> objects, boolean ignoreRange, boolean refuseHead) {
        String url = serve(objects);
        server.ignoreRange(ignoreRange).refuseHead(refuseHead);
        return new HttpStore(CLIENT, url);
    }

    @Test
    void rangesAreRangeRequestsAnswered206() {
        Store s = storeHolding(objects("r", "0123456789"));
        server.reset();
        assertThat(text(s.getRange("r", 2, 3).orElseThrow())).isEqualTo("234");
        assertThat(text(s.getSuffix("r", 4).orElseThrow())).isEqualTo("6789");
        assertThat(server.requests()).extracting(DirectoryHttpServer.Request::range)
                .containsExactly("bytes=2-4", "bytes=-4");
        assertThat(server.bodyBytes()).isEqualTo(7);
    }

    @Test
    void writesAndListingsFailSayingTheStoreIsReadOnly() {
        Store s = storeHolding(objects("k", "v"));
        assertThat(s.supportsListing()).isFalse();
        assertThatThrownBy(() -> s.put("k", bytes("x"))).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("cannot write 'k' in " + s.url()).hasMessageContaining("read-only");
        assertThatThrownBy(() -> s.delete("k")).hasMessageContaining("read-only");
        assertThatThrownBy(() -> s.deletePrefix("")).hasMessageContaining("read-only");
        assertThatThrownBy(() -> s.list("")).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("HTTP has no listing").hasMessageContaining("consolidated metadata");
        assertThatThrownBy(() -> s.listSizes("a/")).hasMessageContaining("under 'a/'");
        assertThat(text(s.get("k").orElseThrow())).isEqualTo("v"); // nothing was written
    }

    @Test
    void serverErrorsAreRetriedThenReportedWithTheUrl() {
        Store s = storeHolding(objects("k", "v"));
        server.failNext(2);
        assertThat(text(s.get("k").orElseThrow())).isEqualTo("v"); // the third attempt
        server.failNext(3);
        assertThatThrownBy(() -> s.get("k")).isInstanceOf(StoreAccessException.class)
                .hasMessageContaining("GET " + s.url() + "/k").hasMessageContaining("HTTP 503 3 times");
        server.failNext(0);
    }

    @Test
    void forbiddenIsAnErrorNotAMissingObject() {
        Store s = storeHolding(objects("secret/x", "v"));
        String path = s.url().substring(s.url().indexOf('/', "http://".length())) + "/secret/x";
        server.answer(path, 403);
        assertThatThrownBy(() -> s.get("secret/x")).isInstanceOf(StoreAccessException.class)
                .hasMessageContaining("GET " + s.url() + "/secret/x answered HTTP 403")
                .hasMessageContaining("sends no credentials");
        assertThatThrownBy(() -> s.exists("secret/x")).hasMessageContaining("HEAD").hasMessageContaining("403");
        server.answer(path, 410);
        assertThat(s.get("secret/x")).isEmpty(); // gone is missing
    }

    @Test
    void storageOpensHttpAndHttpsUrls() {
        try (Storage st = Storage.builder().environment(Map.of()).httpClient(CLIENT).build()) {
            String url = serve(objects("a/zarr.json", "{}"));
            Store s = st.open(url + "/");
            assertThat(s).isInstanceOf(HttpStore.class);
            assertThat(s.url()).isEqualTo(url);
            assertThat(s.exists("a/zarr.json")).isTrue();
            assertThat(st.open("https://example.org/data.zarr").url()).isEqualTo("https://example.org/data.zarr");
            assertThatThrownBy(() -> st.open("https://example.org/data.zarr?token=1"))
                    .hasMessageContaining("has a query or fragment");
            assertThatThrownBy(() -> st.open("https:///nohost")).hasMessageContaining("names no host");
        }
        try (Storage st = Storage.builder().environment(Map.of()).build()) {
            assertThat(st.httpClient()).isSameAs(st.httpClient()); // one client for every http URL
        }
    }

    /**
     * A region inside one shard of a sharded v3 array: the index is one suffix request and each
     * inner chunk one range request, so far fewer bytes cross the wire than the shard holds.
     */
    @Test
    void shardedArrayReadsOnlyTheInnerChunksItNeeds() throws IOException {
        Path arrayDir = dir.resolve("sharded");
        ArrayMetadata m = ArrayMetadata.builder().shape(64, 64).chunks(32, 32).dataType(DataType.FLOAT64)
                .codecs(ArrayMetadata.Codecs.sharding(new int[] {8, 8}, ArrayMetadata.Codecs.none())).build();
        Block data = randomBlock(64, 64);
        ZarrArray.create(new FileStore(arrayDir), "", m).write(new long[2], data);
        long shardBytes = Files.size(arrayDir.resolve("c/1/0"));

        server.ignoreRange(false).refuseHead(false);
        ZarrArray overHttp = ZarrArray.open(new HttpStore(CLIENT, server.url("sharded")), "");
        server.reset();
        // rows 33..42, cols 3..12: 2 x 2 of the 16 inner chunks of shard (1, 0)
        Block region = overHttp.read(new long[] {33, 3}, new int[] {10, 10});
        assertThat(region.sameValues(data.slice(new int[] {33, 3}, new int[] {43, 13}))).isTrue();
        List<DirectoryHttpServer.Request> reqs = server.requests();
        assertThat(reqs).hasSize(1 + 4);
        assertThat(reqs).allSatisfy(r -> assertThat(r.path()).endsWith("/sharded/c/1/0"));
        assertThat(reqs.get(0).range()).isEqualTo("bytes=-" + (16 * 16 + 4)); // 16 (offset, length) pairs + crc32c
        assertThat(reqs.subList(1, 5)).allSatisfy(r -> assertThat(r.range()).matches("bytes=\\d+-\\d+"));
        assertThat(server.bodyBytes()).isEqualTo(16 * 16 + 4 + 4 * 8 * 8 * 8L).isLessThan(shardBytes / 3);

        // the same read from a server without range support: the same values, whole shards sent
        server.ignoreRange(true);
        server.reset();
        Block again = overHttp.read(new long[] {33, 3}, new int[] {10, 10});
        assertThat(again.sameValues(region)).isTrue();
        assertThat(server.bodyBytes()).isEqualTo(5 * shardBytes);
        server.ignoreRange(false);
    }

    private static Block randomBlock(int rows, int cols) {
        Random r = new Random(11);
        double[] d = new double[rows * cols];
        for (int i = 0; i < d.length; i++) {
            d[i] = r.nextGaussian();
        }
        return Block.of(d, rows, cols);
    }

    /** The same contract against a server that ignores Range and answers 200 with the whole object. */
    @Nested
    class WithoutRangeSupport extends ReadableStoreContractTest {
        @Override
        Store storeHolding(Map<String, byte[]> objects) {
            return served(objects, true, false);
        }

        @Test
        void theServerReallyAnswersWholeObjects() {
            Store s = storeHolding(objects("r", "0123456789"));
            server.reset();
            assertThat(text(s.getRange("r", 2, 3).orElseThrow())).isEqualTo("234");
            assertThat(text(s.getSuffix("r", 3).orElseThrow())).isEqualTo("789");
            assertThat(server.bodyBytes()).isEqualTo(20);
        }
    }

    /** The same contract against a server that refuses HEAD: existence is asked with a one-byte GET. */
    @Nested
    class WithoutHead extends ReadableStoreContractTest {
        @Override
        Store storeHolding(Map<String, byte[]> objects) {
            return served(objects, false, true);
        }
    }
}
