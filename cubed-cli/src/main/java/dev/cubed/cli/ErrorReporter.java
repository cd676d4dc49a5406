package dev.cubed.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Prints a failed command's error as one readable message (with its causes) instead of a stack
 * trace; {@code CUBED_DEBUG=1} prints the trace too.
 */
final class ErrorReporter implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        StringBuilder msg = new StringBuilder("error: ").append(describe(ex));
        for (Throwable c = ex.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            String d = describe(c);
            if (msg.indexOf(d) < 0) {
                msg.append("\n  caused by: ").append(d);
            }
        }
        cmd.getErr().println(cmd.getColorScheme().errorText(msg.toString()));
        if (System.getenv("CUBED_DEBUG") != null) {
            ex.printStackTrace(cmd.getErr());
        }
        return ex instanceof IllegalArgumentException ? 2 : 1;
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m;
    }
}
