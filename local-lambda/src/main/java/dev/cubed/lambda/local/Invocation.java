package dev.cubed.lambda.local;

import java.util.Objects;

/**
 * One call of a function, as the Invoke API received it.
 *
 * @param clientContext the decoded {@code X-Amz-Client-Context} JSON, or null
 */
record Invocation(String requestId, byte[] payload, String clientContext) {

    Invocation {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(payload, "payload");
    }
}
