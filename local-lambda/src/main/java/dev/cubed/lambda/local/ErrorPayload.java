package dev.cubed.lambda.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON body Lambda returns for a failed invocation it reports itself (timeouts, crashes). */
record ErrorPayload(String errorType, String errorMessage) {

    static final String TIMED_OUT = "Sandbox.Timedout";
    static final String EXIT_ERROR = "Runtime.ExitError";
    static final String OUT_OF_MEMORY = "Runtime.OutOfMemory";
    static final String RESPONSE_TOO_LARGE = "Function.ResponseSizeTooLarge";

    byte[] toJson(ObjectMapper json) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("errorMessage", errorMessage);
        body.put("errorType", errorType);
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
