package dev.cubed.lambda.executor;

import java.util.List;
import java.util.Objects;

/**
 * The worker function failed a task: Lambda answered with a function error (the handler threw, the
 * JVM exited or ran out of memory, the invocation timed out). Its message names the function, the
 * task (operation and chunk), the error type, the worker's message and the last lines of the
 * invocation's log. Retrying may help: tasks are idempotent. {@link PermanentWorkerFailure} is the
 * kind that cannot.
 */
public class WorkerFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** Log lines an error message shows. */
    static final int LOG_LINES = 12;

    private final String errorType;
    private final String errorMessage;
    private final String logTail;

    WorkerFailure(String function, String tasks, String errorType, String errorMessage, String logTail) {
        super(message(function, tasks, errorType, errorMessage, logTail));
        this.errorType = Objects.requireNonNull(errorType, "errorType");
        this.errorMessage = errorMessage == null ? "" : errorMessage;
        this.logTail = logTail == null ? "" : logTail;
    }

    /** The failure an invocation's function error stands for: permanent or not, by its error type. */
    static WorkerFailure of(String function, String tasks, WorkerInvocation inv) {
        return inv.permanent() ? new PermanentWorkerFailure(function, tasks, inv.errorType(), inv.errorMessage(), inv.logTail())
                : new WorkerFailure(function, tasks, inv.errorType(), inv.errorMessage(), inv.logTail());
    }

    /** Lambda's error type: an exception class, {@code Runtime.ExitError}, {@code Sandbox.Timedout}... */
    public String errorType() {
        return errorType;
    }

    /** The worker's (or Lambda's) message. */
    public String errorMessage() {
        return errorMessage;
    }

    /** The invocation's log tail as Lambda returned it (decoded, untrimmed). */
    public String logTail() {
        return logTail;
    }

    private static String message(String function, String tasks, String type, String message, String tail) {
        StringBuilder sb = new StringBuilder();
        sb.append("function ").append(function).append(" failed ").append(tasks).append(" with ").append(type)
                .append(": ").append(message == null || message.isBlank() ? "(no message)" : message.strip());
        List<String> lines = WorkerInvocation.lastLines(tail, LOG_LINES);
        if (!lines.isEmpty()) {
            sb.append("\n  log tail:");
            for (String l : lines) {
                sb.append("\n    ").append(l);
            }
        }
        return sb.toString();
    }
}
