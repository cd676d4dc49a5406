package dev.cubed.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cubed.block.Block;
import dev.cubed.block.DataType;
import dev.cubed.lambda.local.LocalS3;
import dev.cubed.storage.DirectoryHttpServer;
import dev.cubed.storage.FileStore;
import dev.cubed.storage.Storage;
import dev.cubed.storage.zarr.ArrayMetadata;
import dev.cubed.storage.zarr.ConsolidatedFixtures;
import dev.cubed.storage.zarr.ZarrArray;
import dev.cubed.storage.zarr.ZarrFormat;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code zarr info} and {@code zarr copy} on public data: consolidated groups (files and HTTP),
 * arrays over HTTP, and {@code --anon} / {@code CUBED_S3_ANONYMOUS} against a local S3 endpoint.
 */
class ZarrPublicDataCommandTest {
    /** The core's consolidated fixtures, from its source tree (in a full build they are inside its test-jar). */
    static final Path FIXTURES = Path.of("..", "cubed-core", "src", "test", "resources", "consolidated").toAbsolutePath()
            .normalize();
    static DirectoryHttpServer http;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        http = new DirectoryHttpServer(FIXTURES);
    }

    @AfterAll
    static void stop() {
        http.close();
    }

    record Result(int code, String out, String err) {
    }

    static Result run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(env, new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void infoShowsTheTreeOfAConsolidatedGroup() {
        for (ZarrFormat f : ZarrFormat.values()) {
            Result r = run(Map.of(), "zarr", "info", FIXTURES.resolve(f == ZarrFormat.V2 ? "v2" : "v3")
                    .resolve("group.zarr").toString());
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out())
                    .contains("format          Zarr " + (f == ZarrFormat.V2 ? "v2" : "v3"))
                    .containsPattern("metadata        consolidated: .*(\\.zmetadata|consolidated_metadata).* \\(5 nodes\\)")
                    .contains("arrays          counts, temperature")
                    .contains("groups          sub")
                    .contains("tree            3 arrays, 2 groups below")
                    .containsPattern("\n  counts +array  \\[10\\]  chunks \\[4\\]  int32  bytes\\(little\\) -> zstd\\(level=1")
                    .containsPattern("\n  sub/ +group\n    deeper/ +group\n    mask +array  \\[5, 5\\]  chunks \\[3, 3\\]  uint8")
                    .containsPattern("\n  temperature +array  \\[6, 8\\]  chunks \\[4, 4\\]  float64  bytes\\(little\\) -> "
                            + (f == ZarrFormat.V2 ? "zlib" : "gzip") + "\\(level=1\\)");
        }
    }

    @Test
    void overHttpTheGroupNeedsItsConsolidatedMetadata() {
        String url = http.url("v2/group.zarr");
        Result r = run(Map.of(), "zarr", "info", url);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("group           " + url).contains("consolidated: '" + url + "/.zmetadata'")
                .contains("3 arrays, 2 groups below");
        Result ignored = run(Map.of(), "zarr", "info", url, "--ignore-consolidated");
        assertThat(ignored.code()).isNotZero();
        assertThat(ignored.err()).contains("cannot find the members of the group '" + url + "'")
                .contains("cannot be listed").contains("no consolidated metadata");
        Result array = run(Map.of(), "zarr", "info", http.url("v3/group.zarr/temperature"));
        assertThat(array.code()).as(array.err()).isZero();
        assertThat(array.out()).contains("shape           [6, 8]")
                .contains("chunks present  not known: " + http.url("v3/group.zarr/temperature") + " cannot be listed");
    }

    @Test
    void copyFromHttpAsksForEveryChunkAndLeavesTheMissingOnesMissing() {
        Path dst = dir.resolve("counts-v3");
        Result r = run(Map.of(), "zarr", "copy", http.url("v2/group.zarr/counts"), dst.toString(), "--format", "3");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("copied 2 of 3 chunks (1 never written, left missing)")
                .contains("size not known: no listing");
        ZarrArray copy = ZarrArray.open(new FileStore(dst), "");
        assertThat(copy.storedChunks()).hasSize(2);
        Block b = copy.read(new long[1], new int[] {10});
        for (int i = 0; i < 10; i++) {
            assertThat(b.getLongAt(i)).isEqualTo(ConsolidatedFixtures.counts(i));
        }
    }

    @Test
    void anonMakesTheInputsRequestsUnsigned() throws Exception {
        try (LocalS3 s3 = LocalS3.builder().inMemory().bucket("data").build().start()) {
            Map<String, String> env = new HashMap<>(Map.of("AWS_ENDPOINT_URL_S3", s3.endpoint().toString(),
                    "AWS_REGION", "us-east-1", Storage.PATH_STYLE_ENV, "true",
                    "AWS_ACCESS_KEY_ID", s3.accessKeyId(), "AWS_SECRET_ACCESS_KEY", s3.secretAccessKey()));
            try (Storage owner = new AwsSettings(env, null).storage()) {
                ZarrArray.create(owner.open("s3://data/x.zarr"), "", ArrayMetadata.builder().shape(4).chunks(2)
                        .dataType(DataType.INT64).build()).write(new long[1], Block.of(new long[] {1, 2, 3, 4}, 4));
            }
            Result signed = run(env, "zarr", "info", "s3://data/x.zarr");
            assertThat(signed.code()).as(signed.err()).isZero();
            assertThat(signed.out()).contains("chunks present  2 of 2");
            // the local endpoint checks signatures, as S3 does for a bucket that is not public
            Result anon = run(env, "zarr", "info", "s3://data/x.zarr", "--anon");
            assertThat(anon.code()).isNotZero();
            assertThat(anon.err()).contains("cannot read s3://data/x.zarr/zarr.json: access denied (HTTP 403")
                    .contains("use credentials instead of anonymous access");
            assertThat(anon.err().length()).isLessThan(700); // the hint and the SDK's one-line reason, no dump
            env.put(Storage.ANONYMOUS_ENV, "true");
            Result fromEnv = run(env, "zarr", "copy", "s3://data/x.zarr", dir.resolve("c").toString());
            assertThat(fromEnv.code()).isNotZero();
            assertThat(fromEnv.err()).contains("access denied (HTTP 403").contains("anonymous");
        }
    }

    @Test
    void accessOptionsBecomeParametersOfS3UrlsOnly() {
        S3AccessOptions o = new S3AccessOptions();
        assertThat(o.apply("s3://b/x.zarr")).isEqualTo("s3://b/x.zarr");
        o.anonymous = true;
        assertThat(o.apply("s3://b/x.zarr")).isEqualTo("s3://b/x.zarr?anon=true");
        assertThat(o.apply("/data/x.zarr")).isEqualTo("/data/x.zarr");
        assertThat(o.apply("https://h/x.zarr")).isEqualTo("https://h/x.zarr");
        o.anonymous = false;
        o.requesterPays = true;
        assertThat(o.apply("S3://b/x.zarr?anon=false")).isEqualTo("S3://b/x.zarr?anon=false&requester_pays=true");
    }
}
