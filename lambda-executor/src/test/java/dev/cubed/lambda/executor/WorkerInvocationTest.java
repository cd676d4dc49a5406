package dev.cubed.lambda.executor;

import dev.cubed.task.TaskMessage;
import dev.cubed.task.IncompatibleMessageException;
import dev.cubed.task.PermanentTaskError;
import dev.cubed.task.TaskJson;
import dev.cubed.task.TaskReply;
import dev.cubed.task.TaskStats;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeRequest;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LogType;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Decoding the answers Lambda gives (their shapes as documented and as the local Lambda produces them). */
class WorkerInvocationTest {
    private final TaskJson json = new TaskJson();

    private static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theRequestIsSynchronousWithTheLogTailAndTheQualifierApart() {
        InvokeRequest r = WorkerInvocation.request(FunctionRef.parse("cubed-worker:live", null), new byte[] {'{', '}'});
        assertThat(r.functionName()).isEqualTo("cubed-worker");
        assertThat(r.qualifier()).isEqualTo("live");
        assertThat(r.invocationType()).isEqualTo(InvocationType.REQUEST_RESPONSE);
        assertThat(r.logType()).isEqualTo(LogType.TAIL);
        assertThat(r.payload().asUtf8String()).isEqualTo("{}");
        assertThat(WorkerInvocation.request(FunctionRef.parse("w", null), new byte[] {'{', '}'}).qualifier()).isNull();
    }

    @Test
    void aReplyIsDecodedWithItsLogAndReport() {
        TaskReply reply = TaskReply.of(List.of(new TaskStats(1000, 1040, 100, 120, 8, 16, 1, 64)), true, "0.1.0");
        InvokeResponse r = InvokeResponse.builder().statusCode(200).payload(SdkBytes.fromByteArray(json.writeBytes(reply)))
                .logResult(base64(LambdaReportTest.AWS_COLD)).build();
        WorkerInvocation inv = WorkerInvocation.decode(r, json, 55);
        assertThat(inv.failed()).isFalse();
        assertThat(inv.reply()).isEqualTo(reply);
        assertThat(inv.millis()).isEqualTo(55);
        assertThat(inv.report()).hasValueSatisfying(rep -> assertThat(rep.billedMillis()).isEqualTo(1235));
    }

    @Test
    void aFunctionErrorTakesTypeAndMessageFromItsPayload() {
        String payload = "{\"errorMessage\":\"RequestId: 1 Error: Runtime exited with error: exit status 7\","
                + "\"errorType\":\"Runtime.ExitError\",\"stackTrace\":[\"a\",\"b\"]}";
        InvokeResponse r = InvokeResponse.builder().statusCode(200).functionError("Unhandled")
                .payload(SdkBytes.fromUtf8String(payload)).logResult(base64("START RequestId: 1\nboom\n")).build();
        WorkerInvocation inv = WorkerInvocation.decode(r, json, 3);
        assertThat(inv.failed()).isTrue();
        assertThat(inv.errorType()).isEqualTo("Runtime.ExitError");
        assertThat(inv.errorMessage()).isEqualTo("RequestId: 1 Error: Runtime exited with error: exit status 7");
        assertThat(inv.permanent()).isFalse();
        assertThat(inv.logTail()).contains("boom");
    }

    @Test
    void anErrorBodyThatIsNotJsonIsTheMessage() {
        InvokeResponse r = InvokeResponse.builder().statusCode(200).functionError("Handled")
                .payload(SdkBytes.fromUtf8String("plain failure")).build();
        WorkerInvocation inv = WorkerInvocation.decode(r, json, 3);
        assertThat(inv.errorType()).isEqualTo("Handled");
        assertThat(inv.errorMessage()).isEqualTo("plain failure");
        assertThat(inv.logTail()).isEmpty();
    }

    @Test
    void theWorkersPermanentErrorsAndAWrongHandlerAreNotRetried() {
        for (String type : List.of(PermanentTaskError.ERROR_TYPE, "java.lang.ClassNotFoundException")) {
            InvokeResponse r = InvokeResponse.builder().statusCode(200).functionError("Unhandled")
                    .payload(SdkBytes.fromUtf8String("{\"errorType\":\"" + type + "\",\"errorMessage\":\"m\"}")).build();
            assertThat(WorkerInvocation.decode(r, json, 1).permanent()).as(type).isTrue();
        }
        for (String type : List.of("dev.cubed.task.TaskRunException", "Sandbox.Timedout", "Runtime.OutOfMemory")) {
            InvokeResponse r = InvokeResponse.builder().statusCode(200).functionError("Unhandled")
                    .payload(SdkBytes.fromUtf8String("{\"errorType\":\"" + type + "\",\"errorMessage\":\"m\"}")).build();
            assertThat(WorkerInvocation.decode(r, json, 1).permanent()).as(type).isFalse();
        }
    }

    @Test
    void aReplyOfAnotherReleaseOrNoReplyAtAllIsRefused() {
        InvokeResponse other = InvokeResponse.builder().statusCode(200)
                .payload(SdkBytes.fromUtf8String("{\"version\":" + (TaskMessage.VERSION + 1) + ",\"results\":[]}")).build();
        assertThatThrownBy(() -> WorkerInvocation.decode(other, json, 1)).isInstanceOf(IncompatibleMessageException.class)
                .hasMessageContaining("deploy a worker built from the same release");
        InvokeResponse echo = InvokeResponse.builder().statusCode(200).payload(SdkBytes.fromUtf8String("\"hello\"")).build();
        assertThatThrownBy(() -> WorkerInvocation.decode(echo, json, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void lastLinesDropBookkeepingAndKeepTheEnd() {
        StringBuilder log = new StringBuilder("START RequestId: 1 Version: $LATEST\n");
        for (int i = 0; i < 30; i++) {
            log.append("line ").append(i).append("\n\n");
        }
        log.append("x".repeat(1000)).append("\nEND RequestId: 1\n");
        List<String> lines = WorkerInvocation.lastLines(log.toString(), 3);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).isEqualTo("line 28");
        assertThat(lines.get(1)).isEqualTo("line 29");
        assertThat(lines.get(2)).hasSize(403).endsWith("...");
        assertThat(WorkerInvocation.decodeTail("not base64!")).isEmpty();
        assertThat(WorkerInvocation.decodeTail(null)).isEmpty();
    }
}
