package dev.cubed.infra;

import dev.cubed.lambda.local.FunctionConfig;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The worker function's settings as {@code sam-template.yaml} deploys them (the template's tests
 * check they agree), and the same function for a local Lambda, so that tests and
 * {@code cubed local-lambda} run the worker the way AWS does.
 */
public final class WorkerFunction {
    public static final String HANDLER = "dev.cubed.lambda.worker.TaskHandler::handleRequest";
    /** The deployment package, relative to the project root. */
    public static final String PACKAGE = "lambda-worker/target/cubed-lambda-worker.zip";
    /**
     * The JVM options the template gives the worker: the vector module (BLAS; the JVM, not the
     * launcher, reads this variable, so only the {@code --add-modules=} form works), full tiered
     * compilation (the Vector API is compiled to SIMD only by C2), Serial GC for one or two vCPUs,
     * and exit on heap exhaustion so that a failed environment is replaced rather than reused
     * (the local Lambda does the same).
     */
    public static final String JAVA_TOOL_OPTIONS =
            "--add-modules=jdk.incubator.vector -XX:+TieredCompilation -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError";
    /** The variable naming the locations the worker may use (the template: the work bucket). */
    public static final String ALLOWED_WORK_DIRS = "CUBED_ALLOWED_WORK_DIRS";
    public static final String RUNTIME = "java21";
    public static final int DEFAULT_MEMORY_MB = 2048;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(300);

    private WorkerFunction() {
    }

    /**
     * The worker as a local function named {@code name}, from the package at {@code zip}, allowed
     * to use {@code bucket} only, with the template's memory and timeout (change them on the
     * builder). S3 is reached path-style, as a local S3 endpoint needs.
     */
    public static FunctionConfig.Builder local(String name, Path zip, String bucket) {
        return FunctionConfig.builder()
                .name(name)
                .code(zip)
                .handler(HANDLER)
                .runtime(RUNTIME)
                .memoryMb(DEFAULT_MEMORY_MB)
                .timeout(DEFAULT_TIMEOUT)
                .description("Cubed for the JVM worker (local)")
                .environmentVariable("JAVA_TOOL_OPTIONS", JAVA_TOOL_OPTIONS)
                .environmentVariable(ALLOWED_WORK_DIRS, "s3://" + bucket + "/")
                .environmentVariable("CUBED_S3_PATH_STYLE", "true");
    }
}
