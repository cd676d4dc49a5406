package dev.cubed.lambda.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.s3.S3Client;

/** S3 and Lambda together: a function reaches the local S3 endpoint the way deployed code reaches S3. */
class LocalAwsEnvironmentTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aFunctionWritesAndReadsS3ThroughTheStandardEnvironment() throws Exception {
        Path zip = ProbePackage.build(dir.resolve("probe.zip"));
        try (LocalAwsEnvironment aws = LocalAwsEnvironment.builder()
                .bucket("cubed-work")
                .function(FunctionConfig.builder().name("s3-probe").code(zip).handler(ProbePackage.HANDLER)
                        .memoryMb(512).timeout(Duration.ofSeconds(30)).build())
                .lambda(l -> l.logDirectory(Path.of("target", "local-lambda-logs", "LocalAwsEnvironmentTest")))
                .build().start();
             LambdaClient lambda = LambdaClients.sync(aws.settings().lambdaEndpoint());
             S3Client s3 = s3Client(aws.settings())) {
            InvokeResponse response = lambda.invoke(b -> b.functionName("s3-probe").payload(SdkBytes.fromUtf8String(
                    "{\"action\":\"s3\",\"bucket\":\"cubed-work\",\"key\":\"chunks/0.0\",\"body\":\"from the function\"}")));
            assertThat(response.functionError()).as(response.payload().asUtf8String()).isNull();
            JsonNode answer = JSON.readTree(response.payload().asByteArray());
            assertThat(answer.get("read").asText()).isEqualTo("from the function");
            assertThat(answer.get("endpoint").asText()).isEqualTo(aws.settings().s3Endpoint().toString());

            // The object is really in the S3 endpoint: read it from this JVM, and write one for the function.
            assertThat(s3.getObjectAsBytes(b -> b.bucket("cubed-work").key("chunks/0.0")).asUtf8String())
                    .isEqualTo("from the function");
            aws.createBucket("second-bucket");
            s3.putObject(b -> b.bucket("second-bucket").key("in"), RequestBody.fromString("from the test"));
            InvokeResponse again = lambda.invoke(b -> b.functionName("s3-probe").payload(SdkBytes.fromUtf8String(
                    "{\"action\":\"s3\",\"bucket\":\"second-bucket\",\"key\":\"out\",\"body\":\"second\"}")));
            assertThat(again.functionError()).isNull();
            assertThat(s3.listObjectsV2(b -> b.bucket("second-bucket")).contents())
                    .extracting(o -> o.key()).containsExactly("in", "out");
        }
    }

    @Test
    void settingsArePrintableAndPointSdkClientsAtTheEnvironment() throws Exception {
        Path zip = ProbePackage.build(dir.resolve("probe.zip"));
        try (LocalAwsEnvironment aws = LocalAwsEnvironment.builder().bucket("cubed-work")
                .function(FunctionConfig.builder().name("w").code(zip).handler(ProbePackage.HANDLER).build())
                .build().start()) {
            LocalAwsSettings settings = aws.settings();
            assertThat(settings.buckets()).containsExactly("cubed-work");
            assertThat(settings.environmentVariables())
                    .containsEntry("AWS_ENDPOINT_URL_LAMBDA", aws.lambda().endpoint().toString())
                    .containsEntry("AWS_ENDPOINT_URL_S3", aws.s3().endpoint().toString())
                    .containsEntry("AWS_ACCESS_KEY_ID", LocalS3.DEFAULT_ACCESS_KEY_ID)
                    .containsEntry("AWS_REGION", "us-east-1");
            assertThat(settings.asShellExports()).contains("export AWS_ENDPOINT_URL_S3=" + aws.s3().endpoint());
            assertThat(settings.describe()).contains("Lambda endpoint:  " + aws.lambda().endpoint(), "cubed-work");
            // The function sees the same S3 endpoint it is given.
            try (LambdaClient lambda = LambdaClients.sync(settings.lambdaEndpoint())) {
                JsonNode env = JSON.readTree(lambda.invoke(b -> b.functionName("w").payload(SdkBytes.fromUtf8String(
                        "{\"action\":\"env\",\"names\":\"AWS_ENDPOINT_URL_S3,AWS_ACCESS_KEY_ID,AWS_SECRET_ACCESS_KEY\"}")))
                        .payload().asByteArray());
                assertThat(env.get("AWS_ENDPOINT_URL_S3").asText()).isEqualTo(settings.s3Endpoint().toString());
                assertThat(env.get("AWS_ACCESS_KEY_ID").asText()).isEqualTo(settings.accessKeyId());
                assertThat(env.get("AWS_SECRET_ACCESS_KEY").asText()).isEqualTo(settings.secretAccessKey());
            }
        }
    }

    @Test
    void aFilesystemS3KeepsObjectsAcrossRestarts() {
        Path data = dir.resolve("s3-data");
        try (LocalS3 s3 = LocalS3.builder().directory(data).bucket("kept").build().start();
             S3Client client = s3Client(s3.endpoint().toString(), s3.accessKeyId(), s3.secretAccessKey())) {
            client.putObject(b -> b.bucket("kept").key("a/b"), RequestBody.fromString("persisted"));
        }
        assertThat(data.resolve("kept")).isDirectory();
        try (LocalS3 s3 = LocalS3.builder().directory(data).build().start();
             S3Client client = s3Client(s3.endpoint().toString(), s3.accessKeyId(), s3.secretAccessKey())) {
            assertThat(client.getObjectAsBytes(b -> b.bucket("kept").key("a/b")).asUtf8String()).isEqualTo("persisted");
        }
    }

    private static S3Client s3Client(LocalAwsSettings settings) {
        return s3Client(settings.s3Endpoint().toString(), settings.accessKeyId(), settings.secretAccessKey());
    }

    private static S3Client s3Client(String endpoint, String accessKey, String secretKey) {
        return S3Client.builder()
                .endpointOverride(java.net.URI.create(endpoint))
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }
}
