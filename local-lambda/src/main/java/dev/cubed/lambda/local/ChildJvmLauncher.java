package dev.cubed.lambda.local;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Starts the child JVM of an execution environment: the runtime interface client's main class with the
 * handler as argument, in the task root, with Lambda's reserved environment variables and nothing
 * inherited from this process's environment (so a local function never picks up a developer's AWS
 * credentials or profile).
 */
final class ChildJvmLauncher {

    private final Path javaExecutable;
    private final int javaFeatureVersion;
    private final RuntimeInterfaceClient runtimeClient;
    private final String region;
    private final RoleCredentials credentials;
    private final List<String> extraJvmOptions;

    ChildJvmLauncher(Path javaHome, RuntimeInterfaceClient runtimeClient, String region, RoleCredentials credentials,
                     List<String> extraJvmOptions) {
        this.javaExecutable = javaHome.resolve("bin").resolve("java");
        if (!Files.isExecutable(javaExecutable)) {
            throw new IllegalArgumentException("No java executable at " + javaExecutable
                    + "; set LocalLambda.Builder.javaHome to a JDK or JRE 17+ home");
        }
        this.javaFeatureVersion = featureVersion(javaHome);
        if (javaFeatureVersion < 17) {
            throw new IllegalArgumentException("The Java at " + javaHome + " is version " + javaFeatureVersion
                    + "; child JVMs need Java 17 or later (Lambda runs java21 or java25)");
        }
        this.runtimeClient = runtimeClient;
        this.region = region;
        this.credentials = credentials;
        this.extraJvmOptions = List.copyOf(extraJvmOptions);
    }

    /**
     * @param runtimeApi the value of {@code AWS_LAMBDA_RUNTIME_API}: host:port plus this environment's path prefix
     */
    Process launch(FunctionConfig config, Path taskRoot, String environmentId, String runtimeApi, Path logFile,
                   Path tmpDir, Path errorFileDir) {
        try {
            Files.createDirectories(tmpDir);
            Files.createDirectories(errorFileDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + tmpDir + " for environment " + environmentId, e);
        }
        ProcessBuilder builder = new ProcessBuilder(command(config, environmentId, tmpDir, errorFileDir))
                .directory(taskRoot.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Map<String, String> env = builder.environment();
        env.clear();
        env.putAll(environment(config, taskRoot, environmentId, runtimeApi, tmpDir));
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + javaExecutable + " for function " + config.name()
                    + ": " + e.getMessage(), e);
        }
    }

    List<String> command(FunctionConfig config, String environmentId, Path tmpDir, Path errorFileDir) {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaExecutable.toString());
        cmd.add("-Xmx" + config.heapMb() + "m");
        // A heap overflow ends the environment, as Lambda's memory limit does.
        cmd.add("-XX:+ExitOnOutOfMemoryError");
        cmd.add("-XX:ErrorFile=" + errorFileDir.resolve(environmentId + "-hs_err_pid%p.log"));
        // Serial GC: small heaps, one or two vCPUs; what Lambda's Java launcher uses.
        cmd.add("-XX:+UseSerialGC");
        cmd.add("--add-modules");
        cmd.add("jdk.incubator.vector");
        if (javaFeatureVersion >= 24) {
            // JNI (the runtime client's native part) warns without this from JDK 24 on.
            cmd.add("--enable-native-access=ALL-UNNAMED");
        }
        cmd.add("-Djava.io.tmpdir=" + tmpDir);
        cmd.add("-D" + RuntimeInterfaceClient.JNI_PROPERTY + "=" + runtimeClient.jniLibrary());
        cmd.addAll(extraJvmOptions);
        cmd.add("-cp");
        cmd.add(runtimeClient.classPath().stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
        cmd.add(RuntimeInterfaceClient.MAIN_CLASS);
        cmd.add(config.handler());
        return cmd;
    }

    Map<String, String> environment(FunctionConfig config, Path taskRoot, String environmentId, String runtimeApi,
                                    Path tmpDir) {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        env.put("PATH", Optional.ofNullable(System.getenv("PATH")).orElse("/usr/local/bin:/usr/bin:/bin"));
        env.put("LANG", "en_US.UTF-8");
        env.put("TZ", ":UTC");
        env.put("TMPDIR", tmpDir.toString());
        env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
        env.put("LAMBDA_RUNTIME_DIR", runtimeClient.jniLibrary().getParent().toString());
        env.put("_HANDLER", config.handler());
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_" + config.runtime());
        env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
        env.put("AWS_LAMBDA_FUNCTION_NAME", config.name());
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(config.memoryMb()));
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + config.name());
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy/MM/dd"))
                + "/[$LATEST]" + environmentId);
        env.put("AWS_REGION", region);
        env.put("AWS_DEFAULT_REGION", region);
        env.put("AWS_ACCESS_KEY_ID", credentials.accessKeyId());
        env.put("AWS_SECRET_ACCESS_KEY", credentials.secretAccessKey());
        if (credentials.sessionToken() != null) {
            env.put("AWS_SESSION_TOKEN", credentials.sessionToken());
        }
        // Lambda has no shared config files and no instance metadata: keep the SDK from looking for them.
        env.put("AWS_CONFIG_FILE", tmpDir.resolve(".aws-config-absent").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", tmpDir.resolve(".aws-credentials-absent").toString());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.putAll(config.environment());
        return env;
    }

    /** The feature version of the Java at {@code javaHome}, from its {@code release} file (or this JVM's). */
    static int featureVersion(Path javaHome) {
        try {
            if (javaHome.toRealPath().equals(Path.of(System.getProperty("java.home")).toRealPath())) {
                return Runtime.version().feature();
            }
            for (String line : Files.readAllLines(javaHome.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String v = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                    String first = v.split("[.+-]")[0];
                    return Integer.parseInt(first.equals("1") ? v.split("\\.")[1] : first);
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        throw new IllegalArgumentException("Cannot tell the Java version at " + javaHome
                + " (no readable 'release' file); point javaHome at a JDK or JRE home");
    }
}
