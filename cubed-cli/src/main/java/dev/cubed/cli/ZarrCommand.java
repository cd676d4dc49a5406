package dev.cubed.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code cubed zarr ...}: tools for Zarr arrays in any store URL. */
@Command(name = "zarr",
        mixinStandardHelpOptions = true,
        description = "Inspect, copy, verify and benchmark Zarr arrays (v2 and v3; paths, file://, s3://, https://).",
        subcommands = {ZarrInfoCommand.class, ZarrCopyCommand.class, ZarrVerifyCommand.class, ZarrBenchCommand.class})
public final class ZarrCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
