package dev.cubed.lambda.local;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How to reach a {@link LocalAwsEnvironment}: endpoints, region, credentials and buckets, ready to print
 * for a user or to hand to an SDK client or a child process.
 */
public record LocalAwsSettings(
        URI lambdaEndpoint,
        URI s3Endpoint,
        String region,
        String accessKeyId,
        String secretAccessKey,
        List<String> buckets) {

    public LocalAwsSettings {
        Objects.requireNonNull(lambdaEndpoint, "lambdaEndpoint");
        Objects.requireNonNull(s3Endpoint, "s3Endpoint");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        buckets = List.copyOf(buckets);
    }

    /**
     * The standard AWS environment variables that point SDK clients (the AWS SDKs and CLI read them) at
     * this environment.
     */
    public Map<String, String> environmentVariables() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_ENDPOINT_URL_LAMBDA", lambdaEndpoint.toString());
        env.put("AWS_ENDPOINT_URL_S3", s3Endpoint.toString());
        env.put("AWS_REGION", region);
        env.put("AWS_ACCESS_KEY_ID", accessKeyId);
        env.put("AWS_SECRET_ACCESS_KEY", secretAccessKey);
        return env;
    }

    /** Shell lines a user can paste ({@code export NAME=value}), one per variable. */
    public String asShellExports() {
        StringBuilder sb = new StringBuilder();
        environmentVariables().forEach((k, v) -> sb.append("export ").append(k).append('=').append(v).append('\n'));
        return sb.toString();
    }

    /** A short human-readable summary. */
    public String describe() {
        return "Lambda endpoint:  " + lambdaEndpoint + "\n"
                + "S3 endpoint:      " + s3Endpoint + " (path-style)\n"
                + "Region:           " + region + "\n"
                + "Access key id:    " + accessKeyId + "\n"
                + "Secret key:       " + secretAccessKey + "\n"
                + "Buckets:          " + String.join(", ", buckets) + "\n";
    }
}
