package dev.cubed.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import picocli.CommandLine;

/** Entry point of {@code ./cubed}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        HeapSizing.exitWhenLauncherGone(System.err);
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code (tests call this instead of {@link #main}). */
    public static int run(String... args) {
        return run(System.getenv(), new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8), args);
    }

    /**
     * Runs the command line with these environment variables (what commands read for AWS settings
     * and {@code CUBED_HOME}) and output streams.
     */
    public static int run(Map<String, String> environment, PrintWriter out, PrintWriter err, String... args) {
        Objects.requireNonNull(environment, "environment");
        return new CommandLine(new CubedCommand(), new CommandFactory(environment))
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(new ErrorReporter())
                .setOut(out)
                .setErr(err)
                .execute(args);
    }

    /** Gives commands that read environment variables the ones this run was given. */
    private record CommandFactory(Map<String, String> environment) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            if (cls == LocalLambdaCommand.class) {
                return cls.cast(new LocalLambdaCommand(environment));
            }
            if (cls == LambdaCheckCommand.class) {
                return cls.cast(new LambdaCheckCommand(environment));
            }
            if (cls == BenchCommand.class) {
                return cls.cast(new BenchCommand(environment));
            }
            if (cls == ZarrInfoCommand.class) {
                return cls.cast(new ZarrInfoCommand(environment));
            }
            if (cls == ZarrVerifyCommand.class) {
                return cls.cast(new ZarrVerifyCommand(environment));
            }
            if (cls == CleanCommand.class) {
                return cls.cast(new CleanCommand(environment));
            }
            if (cls == ZarrCopyCommand.class) {
                return cls.cast(new ZarrCopyCommand(environment));
            }
            return CommandLine.defaultFactory().create(cls);
        }
    }
}
