package dev.cubed.lambda.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One function a {@link LocalLambda} serves, with the settings Lambda's CreateFunction takes.
 *
 * @param name                function name (1-64 letters, digits, '-' or '_')
 * @param code                a deployment zip (classes at the root, {@code lib/*.jar}), unpacked into a
 *                            fresh task root, or a directory already laid out that way
 * @param handler             {@code package.Class::method} or {@code package.Class}
 * @param memoryMb            128-10,240 MB; the child JVM's heap is 85% of it
 * @param timeout             whole seconds, 1-900
 * @param reservedConcurrency empty: shares the account's unreserved concurrency
 * @param environment         the function's own variables (Lambda's reserved names are refused)
 */
public record FunctionConfig(
        String name,
        Path code,
        String handler,
        int memoryMb,
        Duration timeout,
        OptionalInt reservedConcurrency,
        Architecture architecture,
        String runtime,
        Map<String, String> environment,
        String description) {

    public static final int MIN_MEMORY_MB = 128;
    public static final int MAX_MEMORY_MB = 10_240;
    public static final Duration MAX_TIMEOUT = Duration.ofSeconds(900);

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern HANDLER = Pattern.compile("[\\p{L}_$][\\p{L}\\p{N}_$.]*(::[\\p{L}_$][\\p{L}\\p{N}_$]*)?");
    private static final Pattern RUNTIME = Pattern.compile("java[0-9]+(\\.al2)?");
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
    /** Names Lambda sets itself and refuses in a function's configuration. */
    private static final Set<String> RESERVED = Set.of(
            "_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION", "AWS_EXECUTION_ENV",
            "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION",
            "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME",
            "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
            "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR");

    public FunctionConfig {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Function name '" + name
                    + "' is invalid: use 1-64 letters, digits, '-' or '_'");
        }
        Objects.requireNonNull(code, () -> "Function " + name + ": code (a deployment zip or directory) is required");
        Objects.requireNonNull(handler, () -> "Function " + name + ": handler is required");
        if (!HANDLER.matcher(handler).matches()) {
            throw new IllegalArgumentException("Function " + name + ": handler '" + handler
                    + "' is invalid: use package.Class::method or package.Class");
        }
        if (memoryMb < MIN_MEMORY_MB || memoryMb > MAX_MEMORY_MB) {
            throw new IllegalArgumentException("Function " + name + ": memory size " + memoryMb
                    + " MB is outside Lambda's range " + MIN_MEMORY_MB + "-" + MAX_MEMORY_MB + " MB");
        }
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0
                || timeout.toNanosPart() != 0) {
            throw new IllegalArgumentException("Function " + name + ": timeout " + timeout
                    + " must be a whole number of seconds between 1 and " + MAX_TIMEOUT.toSeconds());
        }
        Objects.requireNonNull(reservedConcurrency, "reservedConcurrency");
        if (reservedConcurrency.isPresent() && reservedConcurrency.getAsInt() < 0) {
            throw new IllegalArgumentException("Function " + name + ": reserved concurrency "
                    + reservedConcurrency.getAsInt() + " must be 0 or more");
        }
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(runtime, "runtime");
        if (!RUNTIME.matcher(runtime).matches()) {
            throw new IllegalArgumentException("Function " + name + ": runtime '" + runtime
                    + "' is not a Java runtime name such as java21 or java25");
        }
        Objects.requireNonNull(environment, "environment");
        for (Map.Entry<String, String> e : environment.entrySet()) {
            if (!VARIABLE.matcher(e.getKey()).matches()) {
                throw new IllegalArgumentException("Function " + name + ": environment variable name '"
                        + e.getKey() + "' is invalid: start with a letter, then letters, digits or '_'");
            }
            if (RESERVED.contains(e.getKey())) {
                throw new IllegalArgumentException("Function " + name + ": environment variable "
                        + e.getKey() + " is reserved by Lambda and set by the runtime; remove it"
                        + " (credentials come from LocalLambda.Builder.roleCredentials)");
            }
            Objects.requireNonNull(e.getValue(), () -> "Function " + name + ": variable " + e.getKey() + " is null");
        }
        environment = Map.copyOf(environment);
        description = description == null ? "" : description;
    }

    /** The heap the child JVM gets: about 85% of the memory size, leaving room for metaspace and stacks. */
    public int heapMb() {
        return (int) Math.floor(memoryMb * 0.85);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder().name(name).code(code).handler(handler).memoryMb(memoryMb).timeout(timeout)
                .architecture(architecture).runtime(runtime).environment(environment).description(description);
        reservedConcurrency.ifPresent(b::reservedConcurrency);
        return b;
    }

    /** Defaults follow Lambda's: 128 MB, 3 s, x86_64, unreserved; runtime java21. */
    public static final class Builder {
        private String name;
        private Path code;
        private String handler;
        private int memoryMb = 128;
        private Duration timeout = Duration.ofSeconds(3);
        private OptionalInt reservedConcurrency = OptionalInt.empty();
        private Architecture architecture = Architecture.X86_64;
        private String runtime = "java21";
        private final Map<String, String> environment = new LinkedHashMap<>();
        private String description = "";

        private Builder() {
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder code(Path code) {
            this.code = code;
            return this;
        }

        public Builder handler(String handler) {
            this.handler = handler;
            return this;
        }

        public Builder memoryMb(int memoryMb) {
            this.memoryMb = memoryMb;
            return this;
        }

        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public Builder reservedConcurrency(int reservedConcurrency) {
            this.reservedConcurrency = OptionalInt.of(reservedConcurrency);
            return this;
        }

        /** Shares the account's unreserved concurrency (the default). */
        public Builder unreservedConcurrency() {
            this.reservedConcurrency = OptionalInt.empty();
            return this;
        }

        public Builder architecture(Architecture architecture) {
            this.architecture = architecture;
            return this;
        }

        public Builder runtime(String runtime) {
            this.runtime = runtime;
            return this;
        }

        /** Adds one variable (replacing a previous value). */
        public Builder environmentVariable(String key, String value) {
            this.environment.put(key, value);
            return this;
        }

        /** Adds these variables (replacing previous values of the same names). */
        public Builder environment(Map<String, String> variables) {
            this.environment.putAll(variables);
            return this;
        }

        public Builder description(String description) {
            this.description = description;
            return this;
        }

        public FunctionConfig build() {
            return new FunctionConfig(name, code, handler, memoryMb, timeout, reservedConcurrency, architecture,
                    runtime, environment, description);
        }
    }
}
