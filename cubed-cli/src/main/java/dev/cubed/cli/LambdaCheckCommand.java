package dev.cubed.cli;

import dev.cubed.infra.check.CheckReport;
import dev.cubed.infra.check.WorkerCheck;
import dev.cubed.plan.MemorySize;
import dev.cubed.storage.Storage;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.lambda.LambdaClient;

/** {@code cubed lambda check}: is a deployed (or local) worker ready for a computation? */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Check a worker function before computing with it: its memory and timeout against the Spec,"
                + " the work dir it may use, your read/write/list/delete access to the work dir, and one real task round"
                + " trip (a small plan run through the function, verified). Prints a checklist with what to do next;"
                + " exits 1 when something failed.",
                "AWS settings come from the usual places: AWS_REGION or --region, credentials from the environment"
                        + " or your profile, AWS_ENDPOINT_URL_LAMBDA / AWS_ENDPOINT_URL_S3 for a local Lambda."})
final class LambdaCheckCommand implements Callable<Integer> {
    private final Map<String, String> environment;

    @Spec
    CommandSpec spec;

    @Option(names = "--function", required = true, paramLabel = "NAME",
            description = "The worker function: name, ARN or name:alias (the stack's InvokeTarget output)")
    String function;

    @Option(names = "--work-dir", required = true, paramLabel = "s3://BUCKET/PREFIX",
            description = "The work dir computations will use (the stack's WorkDir output)")
    String workDir;

    @Option(names = "--allowed-mem", paramLabel = "SIZE", defaultValue = "2GB",
            description = "The Spec's allowed memory per task; the function needs at least this much (default ${DEFAULT-VALUE})")
    String allowedMem;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "The longest a task may take; the function's timeout must be at least this (default ${DEFAULT-VALUE})")
    long timeoutSeconds;

    @Option(names = "--region", paramLabel = "REGION", description = "AWS region (default: AWS_REGION or your profile's)")
    String region;

    LambdaCheckCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        long mem = MemorySize.parse(allowedMem);
        if (timeoutSeconds < 1) {
            throw new IllegalArgumentException("--timeout must be at least 1 second, got " + timeoutSeconds);
        }
        PrintWriter out = spec.commandLine().getOut();
        AwsSettings aws = new AwsSettings(environment, region);
        CheckReport report;
        try (LambdaClient lambda = aws.lambda(); Storage storage = aws.storage()) {
            report = WorkerCheck.builder().lambda(lambda).storage(storage).function(function).workDir(workDir)
                    .allowedMem(mem).minimumTimeout(Duration.ofSeconds(timeoutSeconds))
                    .clientVersion(VersionProvider.version()).build().run();
        }
        out.print(report.format());
        out.flush();
        return report.passed() ? 0 : 1;
    }
}
