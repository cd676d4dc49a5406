package dev.cubed.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationResponse;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * The SAM template, checked by the tools AWS users run: cfn-lint, then aws-sam-translator (what
 * CloudFormation's SAM transform does) and a deployment to moto's CloudFormation, read back through the
 * AWS APIs. Skips cleanly on machines without Python, cfn-lint, aws-sam-translator or moto.
 *
 * <p>moto creates the function, role, log group and bucket but does not model every property (the
 * function's architecture and SnapStart, the bucket's public-access block, lifecycle rules and policy):
 * those are checked in the template CloudFormation receives from the translator.
 */
class SamTemplateTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path TEMPLATE = Path.of("..", "sam-template.yaml").toAbsolutePath().normalize();
    private static final Path DEPLOY_SCRIPT = Path.of("src", "test", "python", "deploy_to_moto.py").toAbsolutePath();
    private static final Path DEPLOYER_POLICY = Path.of("deployer-policy.json").toAbsolutePath();
    private static final Path TEARDOWN = Path.of("teardown.sh").toAbsolutePath();
    private static final String PYTHON = System.getProperty("cubed.python", "python3");

    @TempDir
    static Path work;
    static MotoServer moto;

    @BeforeAll
    static void startMoto() throws Exception {
        assertThat(TEMPLATE).exists();
        if (ExternalCommand.succeeds(List.of(PYTHON, "-c", "import moto.server, samtranslator, boto3"))) {
            moto = MotoServer.start(PYTHON, work.resolve("moto.log"));
        }
    }

    @AfterAll
    static void stopMoto() throws InterruptedException {
        if (moto != null) {
            moto.close();
        }
    }

    @Test
    void cfnLintFindsNothing() throws Exception {
        Assumptions.assumeTrue(ExternalCommand.succeeds(List.of("cfn-lint", "--version")), "cfn-lint is not installed");
        ExternalCommand lint = ExternalCommand.run(TEMPLATE.getParent(), Map.of(), Duration.ofMinutes(2),
                List.of("cfn-lint", TEMPLATE.getFileName().toString()));
        assertThat(lint.stdout() + lint.stderr()).isEmpty();
        assertThat(lint.exitCode()).isZero();
    }

    @Test
    void deploysWithTheDefaults() throws Exception {
        Deployment d = deploy("cubed-defaults", List.of());
        assertThat(d.status).isEqualTo("CREATE_COMPLETE");
        String function = d.outputs.get("WorkerFunctionName").asText();
        String bucket = d.outputs.get("WorkBucketName").asText();
        assertThat(function).isEqualTo("cubed-defaults-worker");

        try (LambdaClient lambda = client(LambdaClient.builder());
             IamClient iam = client(IamClient.builder());
             S3Client s3 = client(S3Client.builder().forcePathStyle(true));
             CloudWatchLogsClient logs = client(CloudWatchLogsClient.builder())) {
            GetFunctionConfigurationResponse config = lambda.getFunctionConfiguration(b -> b.functionName(function));
            assertThat(config.memorySize()).isEqualTo(2048);
            assertThat(config.timeout()).isEqualTo(300);
            assertThat(config.runtime()).isEqualTo(Runtime.JAVA21);
            assertThat(config.handler()).isEqualTo(WorkerFunction.HANDLER);
            assertThat(config.runtime().toString()).isEqualTo(WorkerFunction.RUNTIME);
            assertThat(config.memorySize()).isEqualTo(WorkerFunction.DEFAULT_MEMORY_MB);
            assertThat(config.timeout()).isEqualTo((int) WorkerFunction.DEFAULT_TIMEOUT.toSeconds());
            // the local worker (tests, cubed local-lambda) runs with the same settings
            assertThat(config.environment().variables())
                    .containsEntry(WorkerFunction.ALLOWED_WORK_DIRS, "s3://" + bucket + "/")
                    .containsEntry("JAVA_TOOL_OPTIONS", WorkerFunction.JAVA_TOOL_OPTIONS)
                    .hasEntrySatisfying("JAVA_TOOL_OPTIONS", v -> assertThat(v)
                            .contains("--add-modules=jdk.incubator.vector").doesNotContain("TieredStopAtLevel=1"));
            assertThat(lambda.getFunction(b -> b.functionName(function)).concurrency()).isNull();

            // The role: assumable by Lambda only; the bucket's objects, listing the bucket, its own log group.
            String roleName = config.role().substring(config.role().lastIndexOf('/') + 1);
            Role role = iam.getRole(b -> b.roleName(roleName)).role();
            assertThat(role.arn()).isEqualTo(config.role());
            JsonNode trust = JSON.readTree(decode(role.assumeRolePolicyDocument()));
            assertThat(trust.at("/Statement/0/Principal/Service").asText()).isEqualTo("lambda.amazonaws.com");
            assertThat(iam.listAttachedRolePolicies(b -> b.roleName(roleName)).attachedPolicies()).isEmpty();
            assertThat(iam.listRolePolicies(b -> b.roleName(roleName)).policyNames())
                    .containsExactlyInAnyOrder("work-bucket-objects", "own-log-group");
            JsonNode objects = rolePolicy(iam, roleName, "work-bucket-objects").get("Statement");
            assertThat(statement(objects, "ReadWriteDeleteObjects").get("Action").toString())
                    .isEqualTo("[\"s3:GetObject\",\"s3:PutObject\",\"s3:DeleteObject\"]");
            assertThat(statement(objects, "ReadWriteDeleteObjects").get("Resource").asText())
                    .isEqualTo("arn:aws:s3:::" + bucket + "/*");
            assertThat(statement(objects, "ListTheBucket").get("Action").asText()).isEqualTo("s3:ListBucket");
            assertThat(statement(objects, "ListTheBucket").get("Resource").asText()).isEqualTo("arn:aws:s3:::" + bucket);
            assertThat(objects).hasSize(2);

            LogGroup group = logs.describeLogGroups(b -> b.logGroupNamePrefix("/aws/lambda/" + function)).logGroups().get(0);
            assertThat(group.retentionInDays()).isEqualTo(14);
            JsonNode logStatement = rolePolicy(iam, roleName, "own-log-group").at("/Statement/0");
            assertThat(logStatement.get("Resource").asText()).isEqualTo(group.arn());
            assertThat(logStatement.get("Action").toString())
                    .isEqualTo("[\"logs:CreateLogStream\",\"logs:PutLogEvents\"]");

            assertThat(s3.getBucketEncryption(b -> b.bucket(bucket)).serverSideEncryptionConfiguration().rules())
                    .extracting(r -> r.applyServerSideEncryptionByDefault().sseAlgorithm())
                    .containsExactly(ServerSideEncryption.AES256);
        }

        assertThat(d.outputs.get("InvokeTarget").asText()).isEqualTo(function);
        assertThat(d.outputs.get("WorkDir").asText()).isEqualTo("s3://" + bucket + "/cubed");
        assertThat(d.outputs.get("ExecutorSettings").asText())
                .isEqualTo("--executor lambda --function " + function + " --region us-east-1 --work-dir s3://" + bucket + "/cubed");
    }

    @Test
    void deploysWithEveryOptionSet() throws Exception {
        Deployment d = deploy("cubed-options", List.of("MemorySize=4096", "Timeout=900", "Architecture=x86_64",
                "Runtime=java25", "SnapStart=on", "ReservedConcurrency=5", "IntermediateRetentionDays=3",
                "LogRetentionDays=30"));
        assertThat(d.status).isEqualTo("CREATE_COMPLETE");
        String function = d.outputs.get("WorkerFunctionName").asText();
        try (LambdaClient lambda = client(LambdaClient.builder());
             CloudWatchLogsClient logs = client(CloudWatchLogsClient.builder())) {
            GetFunctionConfigurationResponse config = lambda.getFunctionConfiguration(b -> b.functionName(function));
            assertThat(config.memorySize()).isEqualTo(4096);
            assertThat(config.timeout()).isEqualTo(900);
            assertThat(config.runtime()).isEqualTo(Runtime.JAVA25);
            assertThat(lambda.getFunction(b -> b.functionName(function)).concurrency().reservedConcurrentExecutions())
                    .isEqualTo(5);
            assertThat(logs.describeLogGroups(b -> b.logGroupNamePrefix("/aws/lambda/" + function)).logGroups().get(0)
                    .retentionInDays()).isEqualTo(30);
        }
        assertThat(d.outputs.get("InvokeTarget").asText()).isEqualTo(function + ":live");
        assertThat(d.outputs.get("ExecutorSettings").asText()).contains("--function " + function + ":live ");
    }

    @Test
    void theTranslatedTemplateCarriesWhatMotoDoesNotModel() throws Exception {
        JsonNode t = deploy("cubed-translated", List.of()).translated;
        JsonNode parameters = t.get("Parameters");
        assertThat(parameters.at("/Architecture/Default").asText()).isEqualTo("arm64");
        assertThat(parameters.at("/Architecture/AllowedValues").toString()).isEqualTo("[\"arm64\",\"x86_64\"]");
        assertThat(parameters.at("/Runtime/AllowedValues").toString()).isEqualTo("[\"java21\",\"java25\"]");

        JsonNode function = t.at("/Resources/WorkerFunction/Properties");
        assertThat(function.at("/Handler").asText()).isEqualTo(WorkerFunction.HANDLER);
        assertThat(function.at("/Architectures/0/Ref").asText()).isEqualTo("Architecture");
        assertThat(function.at("/SnapStart/ApplyOn").toString())
                .isEqualTo("{\"Fn::If\":[\"SnapStartOn\",\"PublishedVersions\",\"None\"]}");
        assertThat(function.at("/LoggingConfig/LogGroup/Ref").asText()).isEqualTo("WorkerLogGroup");
        assertThat(function.at("/ReservedConcurrentExecutions/Fn::If/0").asText()).isEqualTo("HasReservedConcurrency");
        List<String> types = new ArrayList<>();
        t.get("Resources").forEach(r -> types.add(r.get("Type").asText()));
        assertThat(types).contains("AWS::Lambda::Version", "AWS::Lambda::Alias");

        JsonNode bucket = t.at("/Resources/WorkBucket/Properties");
        assertThat(bucket.get("PublicAccessBlockConfiguration").toString()).isEqualTo(
                "{\"BlockPublicAcls\":true,\"BlockPublicPolicy\":true,\"IgnorePublicAcls\":true,\"RestrictPublicBuckets\":true}");
        JsonNode expiry = bucket.at("/LifecycleConfiguration/Rules/0");
        assertThat(expiry.get("Status").asText()).isEqualTo("Enabled");
        assertThat(expiry.get("Prefix").asText()).isEqualTo("cubed/");
        assertThat(expiry.at("/ExpirationInDays/Ref").asText()).isEqualTo("IntermediateRetentionDays");
        assertThat(bucket.at("/OwnershipControls/Rules/0/ObjectOwnership").asText()).isEqualTo("BucketOwnerEnforced");

        JsonNode deny = t.at("/Resources/WorkBucketPolicy/Properties/PolicyDocument/Statement/0");
        assertThat(deny.get("Effect").asText()).isEqualTo("Deny");
        assertThat(deny.get("Action").asText()).isEqualTo("s3:*");
        assertThat(deny.at("/Condition/Bool/aws:SecureTransport").asText()).isEqualTo("false");
        assertThat(deny.get("Resource")).hasSize(2);
    }

    @Test
    void teardownEmptiesTheBucketAndDeletesTheStack() throws Exception {
        Assumptions.assumeTrue(ExternalCommand.succeeds(List.of("aws", "--version")), "the AWS CLI is not installed");
        Deployment d = deploy("cubed-teardown", List.of());
        String bucket = d.outputs.get("WorkBucketName").asText();
        String function = d.outputs.get("WorkerFunctionName").asText();
        try (S3Client s3 = client(S3Client.builder().forcePathStyle(true));
             LambdaClient lambda = client(LambdaClient.builder())) {
            for (String key : List.of("cubed/array-1/0.0", "cubed/array-1/.zarray", "results/final.zarr/0")) {
                s3.putObject(b -> b.bucket(bucket).key(key), software.amazon.awssdk.core.sync.RequestBody.fromString(key));
            }
            ExternalCommand teardown = ExternalCommand.run(work, Map.of(
                            "AWS_ENDPOINT_URL", moto.endpoint().toString(), "AWS_ACCESS_KEY_ID", "testing",
                            "AWS_SECRET_ACCESS_KEY", "testing", "AWS_DEFAULT_REGION", "us-east-1"),
                    Duration.ofMinutes(3), List.of("bash", TEARDOWN.toString(), "--stack-name", "cubed-teardown",
                            "--region", "us-east-1", "--yes"));
            assertThat(teardown.exitCode()).as("teardown.sh failed:%n%s", teardown.stderr()).isZero();
            assertThatThrownBy(() -> s3.headBucket(b -> b.bucket(bucket)))
                    .isInstanceOf(software.amazon.awssdk.services.s3.model.NoSuchBucketException.class);
            assertThatThrownBy(() -> lambda.getFunction(b -> b.functionName(function)))
                    .isInstanceOf(software.amazon.awssdk.services.lambda.model.ResourceNotFoundException.class);
        }
        ExternalCommand again = ExternalCommand.run(work, Map.of("AWS_ENDPOINT_URL", moto.endpoint().toString(),
                        "AWS_ACCESS_KEY_ID", "testing", "AWS_SECRET_ACCESS_KEY", "testing"),
                Duration.ofMinutes(1), List.of("bash", TEARDOWN.toString(), "--stack-name", "cubed-teardown",
                        "--region", "us-east-1", "--yes"));
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.stderr()).contains("no stack named cubed-teardown");
    }

    @Test
    void theDeployerPolicyIsValidAndCoversWhatTheStackCreates() throws Exception {
        JsonNode policy = JSON.readTree(Files.readString(DEPLOYER_POLICY));
        assertThat(policy.get("Version").asText()).isEqualTo("2012-10-17");
        Deployment d = deploy("cubed-policy", List.of("ReservedConcurrency=3"));
        String function = d.outputs.get("WorkerFunctionArn").asText();
        String bucket = "arn:aws:s3:::" + d.outputs.get("WorkBucketName").asText();
        try (IamClient iam = client(IamClient.builder());
             LambdaClient lambda = client(LambdaClient.builder());
             CloudWatchLogsClient logs = client(CloudWatchLogsClient.builder())) {
            // moto checks IAM policy grammar (actions, ARNs, conditions) the way IAM does.
            iam.createPolicy(b -> b.policyName("cubed-deployer").policyDocument(policy.toString()));

            String role = lambda.getFunctionConfiguration(b -> b.functionName(function)).role();
            String logGroup = logs.describeLogGroups(b -> b.logGroupNamePrefix("/aws/lambda/cubed-policy-worker"))
                    .logGroups().get(0).arn();
            // Each action CloudFormation performs for the template, on the name the stack actually got.
            Map<String, List<String>> needed = Map.of(
                    bucket, List.of("s3:CreateBucket", "s3:PutEncryptionConfiguration", "s3:PutBucketPublicAccessBlock",
                            "s3:PutBucketOwnershipControls", "s3:PutLifecycleConfiguration", "s3:PutBucketPolicy",
                            "s3:DeleteBucket", "s3:ListBucket"),
                    bucket + "/cubed/x", List.of("s3:DeleteObject", "s3:GetObject", "s3:PutObject"),
                    role, List.of("iam:CreateRole", "iam:PutRolePolicy", "iam:PassRole", "iam:DeleteRole"),
                    function, List.of("lambda:CreateFunction", "lambda:PutFunctionConcurrency", "lambda:PublishVersion",
                            "lambda:UpdateFunctionCode", "lambda:DeleteFunction", "lambda:InvokeFunction"),
                    function + ":live", List.of("lambda:CreateAlias", "lambda:InvokeFunction"),
                    logGroup, List.of("logs:CreateLogGroup", "logs:PutRetentionPolicy", "logs:DeleteLogGroup"),
                    "arn:aws:cloudformation:us-east-1:123456789012:stack/cubed-policy/1234",
                    List.of("cloudformation:CreateChangeSet", "cloudformation:ExecuteChangeSet", "cloudformation:DeleteStack"),
                    "arn:aws:cloudformation:us-east-1:aws:transform/Serverless-2016-10-31",
                    List.of("cloudformation:CreateChangeSet"));
            needed.forEach((arn, actions) -> actions.forEach(action ->
                    assertThat(allows(policy, action, arn)).as("%s on %s", action, arn).isTrue()));
            assertThat(allows(policy, "s3:PutObject", "arn:aws:s3:::someone-elses-bucket/x")).isFalse();
            assertThat(allows(policy, "iam:PassRole", "arn:aws:iam::123456789012:role/Admin")).isFalse();
        }
    }

    /** Whether an Allow statement names the action (or a wildcard of it) on a resource pattern matching the ARN. */
    private static boolean allows(JsonNode policy, String action, String arn) {
        for (JsonNode statement : policy.get("Statement")) {
            if (!statement.get("Effect").asText().equals("Allow")) {
                continue;
            }
            if (matchesAny(statement.get("Action"), action) && matchesAny(statement.get("Resource"), arn)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesAny(JsonNode patterns, String value) {
        List<String> list = new ArrayList<>();
        if (patterns.isArray()) {
            patterns.forEach(p -> list.add(p.asText()));
        } else {
            list.add(patterns.asText());
        }
        for (String pattern : list) {
            String regex = ("\\Q" + pattern + "\\E").replace("*", "\\E.*\\Q").replace("?", "\\E.\\Q");
            if (value.matches(regex)) {
                return true;
            }
        }
        return false;
    }

    private record Deployment(String status, JsonNode outputs, JsonNode translated) {
    }

    private static Deployment deploy(String stack, List<String> parameters) throws Exception {
        Assumptions.assumeTrue(moto != null, "python3 with moto, aws-sam-translator and boto3 is not installed");
        Path translated = work.resolve(stack + "-translated.json");
        List<String> command = new ArrayList<>(List.of(PYTHON, DEPLOY_SCRIPT.toString(),
                "--endpoint", moto.endpoint().toString(), "--template", TEMPLATE.toString(),
                "--stack-name", stack, "--translated-out", translated.toString()));
        for (String p : parameters) {
            command.add("--parameter");
            command.add(p);
        }
        ExternalCommand run = ExternalCommand.run(work, Map.of("AWS_DEFAULT_REGION", "us-east-1",
                "AWS_ACCESS_KEY_ID", "testing", "AWS_SECRET_ACCESS_KEY", "testing"), Duration.ofMinutes(3), command);
        assertThat(run.exitCode()).as("deploy_to_moto.py failed:%n%s", run.stderr()).isZero();
        JsonNode result = JSON.readTree(run.stdout());
        return new Deployment(result.get("status").asText(), result.get("outputs"), JSON.readTree(Files.readString(translated)));
    }

    private static JsonNode statement(JsonNode statements, String sid) {
        for (JsonNode s : statements) {
            if (sid.equals(s.path("Sid").asText())) {
                return s;
            }
        }
        throw new AssertionError("No statement " + sid + " in " + statements);
    }

    /** IAM returns policy documents URL-encoded. */
    private static String decode(String policy) {
        return policy.startsWith("%7B") || policy.startsWith("%7b") ? URLDecoder.decode(policy, StandardCharsets.UTF_8) : policy;
    }

    /**
     * An inline role policy as moto's CloudFormation stores it: the document's Python repr (single
     * quotes), which is JSON apart from the quotes.
     */
    private static JsonNode rolePolicy(IamClient iam, String role, String name) throws java.io.IOException {
        String document = decode(iam.getRolePolicy(b -> b.roleName(role).policyName(name)).policyDocument());
        return new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
                .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_SINGLE_QUOTES).build()).readTree(document);
    }

    private static <B extends software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, C>
            & software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder<B, C>, C> C client(B builder) {
        // moto serves every service on one endpoint; IAM is global but signs with us-east-1 like the rest.
        return builder.endpointOverride(moto.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }
}
