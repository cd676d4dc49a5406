package dev.cubed.lambda.executor;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cubed.task.PermanentTaskError;
import dev.cubed.task.TaskJson;
import dev.cubed.task.TaskReply;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeRequest;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LogType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One synchronous invocation of the worker function and what came back: the worker's reply, or the
 * function error Lambda reported ({@code errorType}, {@code errorMessage}), with the log tail and
 * its {@code REPORT} figures. The one place that builds an invoke request for the worker and decodes
 * its answer: the executor (asynchronously, many at once) and {@code cubed lambda check} (one at a
 * time) both use it.
 *
 * @param reply        the decoded reply, or null when the function failed
 * @param errorType    Lambda's error type ({@code Runtime.ExitError}, an exception class...), or null on success
 * @param errorMessage the error's message, or null on success
 * @param logTail      the last 4 KB of the invocation's log, decoded ("" when not returned)
 * @param millis       wall time of the invoke call as the client saw it
 */
public record WorkerInvocation(TaskReply reply, String errorType, String errorMessage, String logTail, long millis) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Function errors that no retry can fix: the worker's own verdict, a function whose handler is not
     * the worker, a reply Lambda refuses to return.
     */
    private static final Set<String> PERMANENT_ERROR_TYPES = Set.of(PermanentTaskError.ERROR_TYPE,
            "java.lang.ClassNotFoundException", "Runtime.HandlerNotFound", "Function.ResponseSizeTooLarge");

    public WorkerInvocation {
        if ((reply == null) == (errorType == null)) {
            throw new IllegalArgumentException("an invocation has either a reply or an error type");
        }
        logTail = logTail == null ? "" : logTail;
    }

    /**
     * The request that runs {@code payload} (a task message) on the worker: synchronous, with the
     * log tail returned so that failures can show it. The payload is not copied.
     */
    public static InvokeRequest request(FunctionRef function, byte[] payload) {
        InvokeRequest.Builder b = InvokeRequest.builder()
                .functionName(function.name())
                .invocationType(InvocationType.REQUEST_RESPONSE)
                .logType(LogType.TAIL)
                .payload(SdkBytes.fromByteArrayUnsafe(payload));
        if (function.qualifier() != null) {
            b.qualifier(function.qualifier());
        }
        return b.build();
    }

    /** Invokes {@code function} (name, {@code name:qualifier} or ARN) with {@code payload} and decodes the answer. */
    public static WorkerInvocation invoke(LambdaClient lambda, String function, byte[] payload, TaskJson json) {
        Objects.requireNonNull(lambda, "lambda");
        long t0 = System.nanoTime();
        InvokeResponse r = lambda.invoke(request(FunctionRef.parse(function, null), payload));
        return decode(r, json, (System.nanoTime() - t0) / 1_000_000);
    }

    /**
     * Decodes an invoke response: a function error (HTTP 200 with {@code X-Amz-Function-Error}) into its
     * type and message, anything else into the worker's {@link TaskReply}.
     *
     * @throws dev.cubed.task.IncompatibleMessageException when the reply is of another release
     * @throws IllegalArgumentException when the reply is not a task reply at all
     */
    public static WorkerInvocation decode(InvokeResponse r, TaskJson json, long millis) {
        String tail = decodeTail(r.logResult());
        byte[] body = r.payload() == null ? new byte[0] : r.payload().asByteArrayUnsafe();
        if (r.functionError() != null) {
            String[] typeAndMessage = errorPayload(body, r.functionError());
            return new WorkerInvocation(null, typeAndMessage[0], typeAndMessage[1], tail, millis);
        }
        return new WorkerInvocation(json.readReply(body), null, null, tail, millis);
    }

    /** The {@code errorType} and {@code errorMessage} of Lambda's error payload (the raw body when it is not JSON). */
    private static String[] errorPayload(byte[] body, String functionError) {
        String type = functionError;
        String message = new String(body, StandardCharsets.UTF_8);
        // streamed rather than read into a tree: a crashed handler's stack trace can be long
        try (JsonParser p = JSON.getFactory().createParser(body)) {
            if (p.nextToken() == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    JsonToken value = p.nextToken();
                    if (value == JsonToken.VALUE_STRING && field.equals("errorType")) {
                        type = p.getText();
                    } else if (value == JsonToken.VALUE_STRING && field.equals("errorMessage")) {
                        message = p.getText();
                    } else {
                        p.skipChildren();
                    }
                }
            }
        } catch (IOException e) {
            // not JSON: keep the raw body as the message
        }
        return new String[] {type, message};
    }

    /** The log tail Lambda returns base64-encoded ({@code LogType.TAIL}), as text; "" when absent or garbled. */
    public static String decodeTail(String logResult) {
        if (logResult == null || logResult.isEmpty()) {
            return "";
        }
        try {
            return new String(Base64.getDecoder().decode(logResult), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    /**
     * The last {@code maxLines} non-blank lines of a log tail, each at most 400 characters and without
     * the runtime's {@code START}/{@code END} bookkeeping: what an error message shows.
     */
    public static List<String> lastLines(String logTail, int maxLines) {
        List<String> lines = new ArrayList<>();
        if (logTail == null) {
            return lines;
        }
        for (String line : logTail.split("\r?\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("START RequestId:") || l.startsWith("END RequestId:")) {
                continue;
            }
            lines.add(l.length() > 400 ? l.substring(0, 400) + "..." : l);
        }
        return lines.size() <= maxLines ? lines : new ArrayList<>(lines.subList(lines.size() - maxLines, lines.size()));
    }

    public boolean failed() {
        return errorType != null;
    }

    /** True when the error says a retry cannot help. */
    public boolean permanent() {
        return failed() && PERMANENT_ERROR_TYPES.contains(errorType);
    }

    /** The figures of the log tail's REPORT line, when the tail has one. */
    public Optional<LambdaReport> report() {
        return LambdaReport.parse(logTail);
    }
}
