package dev.cubed.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code cubed lambda ...}: tools for the deployed Lambda worker. */
@Command(name = "lambda",
        mixinStandardHelpOptions = true,
        description = "Tools for the Lambda worker (deploy it with infra/deploy.sh, or run it locally with cubed local-lambda).",
        subcommands = {LambdaCheckCommand.class})
public final class LambdaCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
