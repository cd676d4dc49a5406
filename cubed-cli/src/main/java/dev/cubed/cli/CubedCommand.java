package dev.cubed.cli;

import picocli.CommandLine.Command;

/** The top-level {@code cubed} command; each capability adds its subcommand here. */
@Command(name = "cubed",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Bounded-memory N-dimensional array processing on Zarr, run locally or on AWS Lambda.",
        subcommands = {DemoCommand.class, BenchCommand.class, ZarrCommand.class, LocalLambdaCommand.class,
                LambdaCommand.class, CleanCommand.class})
public final class CubedCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
