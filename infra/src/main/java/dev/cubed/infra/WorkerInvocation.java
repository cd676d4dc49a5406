package dev.cubed.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cubed.task.PermanentTaskError;
import dev.cubed.task.TaskJson;
import dev.cubed.task.TaskReply;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LogType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * One synchronous invocation of the worker function, and what came back: the reply, or the
 * function error Lambda reported ({@code errorType}, {@code errorMessage}) with the log tail.
 *
 * @param reply        the decoded reply, or null when the function failed
 * @param errorType    Lambda's error type, or null on success
 * @param errorMessage the error's message, or null on success
 * @param logTail      the last 4 KB of the invocation's log ("" when not returned)
 * @param millis       wall time of the invoke call
 */
public record WorkerInvocation(TaskReply reply, String errorType, String errorMessage, String logTail, long millis) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Invokes {@code function} with {@code payload} and decodes the answer. */
    public static WorkerInvocation invoke(LambdaClient lambda, String function, byte[] payload, TaskJson json) {
        Objects.requireNonNull(lambda, "lambda");
        long t0 = System.nanoTime();
        InvokeResponse r = lambda.invoke(b -> b.functionName(function).logType(LogType.TAIL)
                .payload(SdkBytes.fromByteArray(payload)));
        long millis = (System.nanoTime() - t0) / 1_000_000;
        String tail = r.logResult() == null ? ""
                : new String(Base64.getDecoder().decode(r.logResult()), StandardCharsets.UTF_8);
        byte[] body = r.payload() == null ? new byte[0] : r.payload().asByteArray();
        if (r.functionError() != null) {
            String type = r.functionError();
            String message = new String(body, StandardCharsets.UTF_8);
            try {
                JsonNode error = JSON.readTree(body);
                if (error != null && error.isObject()) {
                    type = error.path("errorType").asText(type);
                    message = error.path("errorMessage").asText(message);
                }
            } catch (IOException e) {
                // not JSON: keep the raw body as the message
            }
            return new WorkerInvocation(null, type, message, tail, millis);
        }
        return new WorkerInvocation(json.readReply(body), null, null, tail, millis);
    }

    public boolean failed() {
        return errorType != null;
    }

    /** True when the error says a retry cannot help. */
    public boolean permanent() {
        return PermanentTaskError.isPermanent(errorType);
    }
}
