package dev.cubed.cli;

import dev.cubed.infra.WorkerFunction;
import dev.cubed.lambda.local.LocalAwsEnvironment;
import dev.cubed.lambda.local.LocalAwsSettings;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cubed local-lambda}: AWS Lambda and S3 on loopback serving the packaged worker, until
 * stopped. The same worker zip AWS would run, in child JVMs through AWS's runtime interface
 * client; S3 is s3proxy, in memory or on a directory.
 */
@Command(name = "local-lambda", mixinStandardHelpOptions = true,
        description = {"Run the Lambda worker locally: a Lambda endpoint serving the packaged worker and an S3 endpoint"
                + " with a work bucket, on 127.0.0.1, until Ctrl-C. Prints the settings that point the executor and"
                + " the AWS SDKs and CLI at it.",
                "Needs Linux (the Lambda runtime interface client's native part)."})
final class LocalLambdaCommand implements Callable<Integer> {
    static final String DEFAULT_FUNCTION = "cubed-worker";
    static final String DEFAULT_BUCKET = "cubed-work";

    private final Map<String, String> environment;
    private final CountDownLatch stopped = new CountDownLatch(1);

    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "P", defaultValue = "3001",
            description = "Lambda endpoint port (default ${DEFAULT-VALUE}; 0 picks a free one)")
    int port;

    @Option(names = "--s3-port", paramLabel = "P", defaultValue = "9000",
            description = "S3 endpoint port (default ${DEFAULT-VALUE}; 0 picks a free one)")
    int s3Port;

    @Option(names = "--concurrency", paramLabel = "K", defaultValue = "4",
            description = "Invocations running at once, each in its own JVM; more are throttled as Lambda does"
                    + " (default ${DEFAULT-VALUE})")
    int concurrency;

    @Option(names = "--memory", paramLabel = "MB", defaultValue = "" + WorkerFunction.DEFAULT_MEMORY_MB,
            description = "The function's memory size; each worker JVM gets 85%% of it as heap (default ${DEFAULT-VALUE})")
    int memoryMb;

    @Option(names = "--timeout", paramLabel = "S", defaultValue = "300",
            description = "The function's timeout in seconds (default ${DEFAULT-VALUE})")
    int timeoutSeconds;

    @Option(names = "--worker-zip", paramLabel = "PATH",
            description = "The worker package (default: " + WorkerFunction.PACKAGE + " under CUBED_HOME)")
    Path workerZip;

    @Option(names = "--function", paramLabel = "NAME", defaultValue = DEFAULT_FUNCTION,
            description = "The function's name (default ${DEFAULT-VALUE})")
    String function;

    @Option(names = "--bucket", paramLabel = "NAME", defaultValue = DEFAULT_BUCKET,
            description = "The work bucket, the only one the worker may use (default ${DEFAULT-VALUE})")
    String bucket;

    @Option(names = "--s3-dir", paramLabel = "PATH",
            description = "Keep S3 objects in this directory (default: in memory, gone when stopped; the in-memory store"
                    + " fails with S3 500 errors at about 4 GiB of objects in all, so use --s3-dir for more)")
    Path s3Directory;

    @Option(names = "--log-dir", paramLabel = "PATH",
            description = "Where each worker JVM's log goes (default: a temporary directory)")
    Path logDirectory;

    LocalLambdaCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws Exception {
        Path zip = workerZip != null ? workerZip : defaultZip(environment);
        if (!Files.isRegularFile(zip)) {
            throw new IllegalArgumentException("no worker package at " + zip.toAbsolutePath() + ": build it with"
                    + " 'mvn -pl lambda-worker -am package -DskipTests' in the project directory (./cubed builds it"
                    + " with the command line), or pass --worker-zip");
        }
        checkFree(port, "--port", "the Lambda endpoint");
        checkFree(s3Port, "--s3-port", "the S3 endpoint");
        LocalAwsEnvironment.Builder builder = LocalAwsEnvironment.builder().s3Port(s3Port).bucket(bucket);
        if (s3Directory != null) {
            builder.s3Directory(s3Directory);
        }
        LocalAwsEnvironment aws = builder
                .function(WorkerFunction.local(function, zip, bucket).memoryMb(memoryMb)
                        .timeout(Duration.ofSeconds(timeoutSeconds)).build())
                .lambda(l -> {
                    l.port(port).accountConcurrency(concurrency);
                    if (logDirectory != null) {
                        l.logDirectory(logDirectory);
                    }
                })
                .build();
        Thread closeOnExit = new Thread(aws::close, "cubed-local-lambda-stop");
        try {
            aws.start();
            Runtime.getRuntime().addShutdownHook(closeOnExit);
            PrintWriter out = spec.commandLine().getOut();
            out.print(describe(aws.settings(), zip, aws.lambda().logDirectory()));
            out.flush();
            stopped.await();
            return 0;
        } catch (InterruptedException e) {
            // stopped by the caller (tests); Ctrl-C ends the JVM and the shutdown hook closes everything
            Thread.currentThread().interrupt();
            return 0;
        } finally {
            aws.close();
            try {
                Runtime.getRuntime().removeShutdownHook(closeOnExit);
            } catch (IllegalStateException | IllegalArgumentException e) {
                // shutting down already, or the hook was never added
            }
        }
    }

    /** Fails before starting anything when {@code p} is taken, naming the option that picks another. */
    private static void checkFree(int p, String option, String what) {
        if (p == 0) {
            return;
        }
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), p));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("port " + p + " for " + what + " is in use (" + e.getMessage()
                    + "), perhaps by another cubed local-lambda: stop that, or pick another port with " + option
                    + " P (" + option + " 0 picks a free one)", e);
        }
    }

    static Path defaultZip(Map<String, String> environment) {
        String home = environment.get("CUBED_HOME");
        return (home == null || home.isBlank() ? Path.of(".") : Path.of(home)).resolve(WorkerFunction.PACKAGE)
                .normalize();
    }

    private String describe(LocalAwsSettings s, Path zip, Path logs) {
        String workDir = "s3://" + bucket + "/cubed";
        StringBuilder sb = new StringBuilder();
        sb.append("Local Lambda with the Cubed worker is running.\n");
        sb.append("  Lambda endpoint  ").append(s.lambdaEndpoint()).append('\n');
        sb.append("  S3 endpoint      ").append(s.s3Endpoint()).append(" (path-style)").append(s3Directory == null
                ? ", in memory (up to about 4 GiB of objects in all, then S3 answers 500: use --s3-dir PATH for more)"
                : ", data in " + s3Directory.toAbsolutePath()).append('\n');
        sb.append("  function         ").append(function).append(" (").append(memoryMb).append(" MB, ")
                .append(timeoutSeconds).append(" s, ").append(concurrency).append(" at once) from ")
                .append(zip.toAbsolutePath()).append('\n');
        sb.append("  work bucket      ").append(bucket).append('\n');
        sb.append("  worker logs      ").append(logs.toAbsolutePath()).append('\n');
        sb.append("\nPoint the AWS SDKs, the AWS CLI and cubed at it (in another shell):\n");
        for (String line : s.asShellExports().split("\n")) {
            sb.append("  ").append(line).append('\n');
        }
        sb.append("  export CUBED_S3_PATH_STYLE=true\n");
        String allowedMem = Math.max(1, memoryMb * 1_048_576L / 1_000_000) + "MB";
        sb.append("\nExecutor settings (as many invocations at once as the local Lambda runs):\n  --executor lambda --function ")
                .append(function).append(" --work-dir ").append(workDir).append(" --workers ").append(concurrency)
                .append('\n');
        sb.append("Check the worker:\n  ./cubed lambda check --function ").append(function).append(" --work-dir ")
                .append(workDir).append(" --allowed-mem ").append(allowedMem).append('\n');
        sb.append("Run a computation on it:\n  ./cubed bench quad-means --n 4000 --chunk 1000 --executor lambda --function ")
                .append(function).append(" --work-dir ").append(workDir).append(" --workers ").append(concurrency)
                .append(" --allowed-mem ").append(allowedMem).append('\n');
        sb.append("\nPress Ctrl-C to stop (worker JVMs are stopped with it).\n");
        return sb.toString();
    }
}
