package dev.cubed.lambda.executor;

import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationResponse;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What the executor needs to know about the deployed worker before the first invocation, from
 * {@code GetFunctionConfiguration}.
 *
 * @param arn             the function's ARN (with the qualifier when one was asked for)
 * @param memoryMb        its memory size (Lambda's MB are MiB)
 * @param timeout         its timeout, or null when the configuration does not say
 * @param architecture    {@code arm64} or {@code x86_64} (the price per GB-second depends on it)
 * @param state           {@code Active}, {@code Pending}, {@code Failed}... or null
 * @param stateReason     why it is not active, or null
 * @param allowedWorkDirs the worker's {@code CUBED_ALLOWED_WORK_DIRS}, or null when unset or unreadable
 */
public record WorkerFunctionConfig(String arn, int memoryMb, Duration timeout, String architecture, String state,
                                   String stateReason, String allowedWorkDirs) {
    /** The variable limiting where the worker may read and write (set by sam-template.yaml). */
    public static final String ALLOWED_WORK_DIRS = "CUBED_ALLOWED_WORK_DIRS";

    public WorkerFunctionConfig {
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(architecture, "architecture");
        if (memoryMb < 1) {
            throw new IllegalArgumentException("memory size must be positive, got " + memoryMb + " MB");
        }
    }

    public static WorkerFunctionConfig of(GetFunctionConfigurationResponse c) {
        List<String> archs = c.architecturesAsStrings();
        String arch = archs == null || archs.isEmpty() ? "x86_64" : archs.get(0);
        String allowed = c.environment() == null || c.environment().variables() == null ? null
                : c.environment().variables().get(ALLOWED_WORK_DIRS);
        return new WorkerFunctionConfig(c.functionArn() == null ? String.valueOf(c.functionName()) : c.functionArn(),
                c.memorySize() == null ? 128 : c.memorySize(), c.timeout() == null ? null : Duration.ofSeconds(c.timeout()),
                arch, c.stateAsString(), c.stateReason(), allowed);
    }

    /** The memory size in bytes (MemorySize is in MiB). */
    public long memoryBytes() {
        return memoryMb * 1024L * 1024L;
    }
}
