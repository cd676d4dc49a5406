package dev.cubed.lambda.local.probe;

import java.util.Map;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * S3 from inside a function, configured the way a production worker is: region, credentials and the
 * endpoint all come from the environment Lambda (here LocalLambda) sets, nothing from test hooks.
 */
final class S3Probe {

    private S3Probe() {
    }

    static String roundTrip(String bucket, String key, String body) {
        try (S3Client s3 = S3Client.builder().httpClient(UrlConnectionHttpClient.create()).build()) {
            String etag = s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(body)).eTag();
            String read = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String();
            return ProbeHandler.json(Map.of("etag", etag, "read", read,
                    "endpoint", String.valueOf(System.getenv("AWS_ENDPOINT_URL_S3"))));
        }
    }
}
