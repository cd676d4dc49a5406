package dev.cubed.storage;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** An S3 endpoint with nothing listening: the message names S3, the endpoint, the bucket and key, and what to check. */
class S3UnreachableEndpointTest {
    @Test
    void aDownEndpointIsNamedWithWhatToCheck() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        try (Storage storage = Storage.builder().endpointOverride(endpoint).region("us-east-1").pathStyle(true)
                .credentialsProvider(S3ProxyServer.credentials()).environment(java.util.Map.of()).build()) {
            Store store = storage.open("s3://cubed-work/run");
            assertThatThrownBy(() -> store.get("a/zarr.json"))
                    .isInstanceOf(StoreAccessException.class)
                    .hasMessageContaining("cannot read s3://cubed-work/run/a/zarr.json")
                    .hasMessageContaining("the S3 endpoint " + endpoint + " cannot be reached")
                    .hasMessageContaining("AWS_ENDPOINT_URL_S3");
            assertThatThrownBy(() -> store.put("a/0", java.nio.ByteBuffer.wrap(new byte[] {1})))
                    .hasMessageContaining("S3 endpoint " + endpoint);
        }
    }
}
