package dev.cubed.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

class StorageTest {

    @Test
    void pathsAndFileUrlsOpenFileStores(@TempDir Path dir) {
        try (Storage st = Storage.builder().environment(Map.of()).build()) {
            FileStore plain = (FileStore) st.open(dir.toString());
            assertThat(plain.root()).isEqualTo(dir.toAbsolutePath());
            FileStore url = (FileStore) st.open(dir.toUri().toString());
            assertThat(url.root()).isEqualTo(dir.toAbsolutePath());
            plain.put("k", StoreContractTest.bytes("v"));
            assertThat(url.exists("k")).isTrue();
            assertThat(((FileStore) st.open("relative/dir")).root()).isEqualTo(Path.of("relative/dir").toAbsolutePath());
        }
    }

    @Test
    void memoryStoresLiveInTheirStorage() {
        try (Storage a = Storage.builder().environment(Map.of()).build();
             Storage b = Storage.builder().environment(Map.of()).build()) {
            a.open("memory://x").put("k", StoreContractTest.bytes("v"));
            assertThat(a.open("memory://x").exists("k")).isTrue();
            assertThat(a.open("memory://y").exists("k")).isFalse();
            assertThat(b.open("memory://x").exists("k")).isFalse(); // no global state
            assertThat(a.open("memory://x").url()).isEqualTo("memory://x");
        }
    }

    @Test
    void s3UrlsUseTheGivenClientAndLeaveItOpen() {
        S3Client client = S3Client.builder().region(Region.EU_WEST_1)
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                .credentialsProvider(S3ProxyServer.credentials()).build();
        try (Storage st = Storage.builder().s3Client(client).build()) {
            S3Store s = (S3Store) st.open("s3://my-bucket/some/prefix");
            assertThat(s.bucket()).isEqualTo("my-bucket");
            assertThat(s.prefix()).isEqualTo("some/prefix");
            assertThat(st.s3Client()).isSameAs(client);
        }
        assertThat(client.serviceClientConfiguration().region()).isEqualTo(Region.EU_WEST_1); // still usable
        client.close();
    }

    @Test
    void createdClientIsClosedWithTheStorage() {
        Storage st = Storage.builder().environment(Map.of()).region("us-west-2")
                .endpointOverride(URI.create("http://127.0.0.1:9")).credentialsProvider(S3ProxyServer.credentials()).build();
        S3Client c = st.s3Client();
        assertThat(st.s3Client()).isSameAs(c);
        assertThat(c.serviceClientConfiguration().region()).isEqualTo(Region.US_WEST_2);
        st.close();
        assertThatThrownBy(st::s3Client).hasMessageContaining("closed");
    }

    @Test
    void settingsFromTheEnvironmentGiven() {
        try (Storage st = Storage.builder().environment(Map.of("CUBED_S3_PATH_STYLE", "TRUE", "AWS_REGION", "ap-south-1")).build()) {
            assertThat(st.pathStyle()).isTrue();
            assertThat(st.region()).isEqualTo(Region.AP_SOUTH_1);
        }
        try (Storage st = Storage.builder().environment(Map.of("CUBED_S3_PATH_STYLE", "false")).pathStyle(true).build()) {
            assertThat(st.pathStyle()).isTrue(); // the builder wins
        }
        try (Storage st = Storage.builder().environment(Map.of()).build()) {
            assertThat(st.pathStyle()).isFalse();
        }
    }

    @Test
    void regionFallsBackToUsEast1WithoutAskingTheInstanceMetadataService() {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getProperty("aws.region") == null
                && !java.nio.file.Files.exists(Path.of(System.getProperty("user.home"), ".aws", "config"))
                && System.getenv("AWS_CONFIG_FILE") == null, "a region is configured on this machine");
        try (Storage st = Storage.builder().environment(Map.of()).build()) {
            assertThat(st.region()).isEqualTo(Region.US_EAST_1);
        }
    }

    @Test
    void badUrls() {
        try (Storage st = Storage.builder().environment(Map.of()).build()) {
            assertThatThrownBy(() -> st.open("gs://b/p")).hasMessageContaining("unsupported store URL 'gs://b/p'")
                    .hasMessageContaining("s3://bucket/prefix");
            assertThatThrownBy(() -> st.open("s3:///nobucket")).hasMessageContaining("names no bucket");
        }
    }
}
