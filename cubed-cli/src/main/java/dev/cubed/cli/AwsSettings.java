package dev.cubed.cli;

import dev.cubed.storage.Storage;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.LambdaClientBuilder;

/**
 * AWS clients configured from the standard environment variables a command was given
 * ({@code AWS_REGION}, {@code AWS_ENDPOINT_URL_LAMBDA}, {@code AWS_ENDPOINT_URL_S3}, the key
 * variables; otherwise the SDK's default chains, profiles included), so that the exports
 * {@code cubed local-lambda} prints point a command at the local environment.
 */
final class AwsSettings {
    private final Map<String, String> env;
    private final String region;

    AwsSettings(Map<String, String> env, String regionOption) {
        this.env = env;
        this.region = regionOption != null ? regionOption : firstOf("AWS_REGION", "AWS_DEFAULT_REGION");
    }

    /** A Lambda client that waits long enough for a synchronous invoke and never repeats one by itself. */
    LambdaClient lambda() {
        LambdaClientBuilder b = LambdaClient.builder()
                .httpClient(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(960)).build())
                // a check must see each invocation's own outcome
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .credentialsProvider(credentials());
        if (region != null) {
            b.region(Region.of(region));
        }
        lambdaEndpoint().ifPresent(e -> b.endpointOverride(URI.create(e)));
        return b.build();
    }

    /** Storage whose S3 client uses the same settings. */
    Storage storage() {
        Storage.Builder b = Storage.builder().environment(env).credentialsProvider(credentials());
        if (region != null) {
            b.region(region);
        }
        String endpoint = firstOf("AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL");
        if (endpoint != null) {
            b.endpointOverride(URI.create(endpoint));
        }
        return b.build();
    }

    String region() {
        return region;
    }

    /** The Lambda endpoint the variables name ({@code AWS_ENDPOINT_URL_LAMBDA}, else {@code AWS_ENDPOINT_URL}), if any. */
    java.util.Optional<String> lambdaEndpoint() {
        return java.util.Optional.ofNullable(firstOf("AWS_ENDPOINT_URL_LAMBDA", "AWS_ENDPOINT_URL"));
    }

    private AwsCredentialsProvider credentials() {
        String id = env.get("AWS_ACCESS_KEY_ID");
        String secret = env.get("AWS_SECRET_ACCESS_KEY");
        String token = env.get("AWS_SESSION_TOKEN");
        if (id != null && secret != null) {
            return StaticCredentialsProvider.create(token == null ? AwsBasicCredentials.create(id, secret)
                    : AwsSessionCredentials.create(id, secret, token));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    private String firstOf(String... names) {
        for (String n : names) {
            String v = env.get(n);
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return null;
    }
}
