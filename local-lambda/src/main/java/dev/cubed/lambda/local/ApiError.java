package dev.cubed.lambda.local;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error answer of the Lambda API, shaped as the AWS SDK reads it: the modelled exception's name in
 * {@code x-amzn-ErrorType} and a JSON body with {@code Type}, {@code message} and any modelled members.
 */
final class ApiError extends Exception {

    private static final long serialVersionUID = 1L;

    final int status;
    final String type;
    final Map<String, Object> members;
    final Map<String, String> headers;

    ApiError(int status, String type, String message) {
        this(status, type, message, Map.of(), Map.of());
    }

    ApiError(int status, String type, String message, Map<String, Object> members, Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.members = members;
        this.headers = headers;
    }

    Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Type", status >= 500 ? "Service" : "User");
        body.put("message", getMessage());
        body.putAll(members);
        return body;
    }

    static ApiError notFound(String message) {
        return new ApiError(404, "ResourceNotFoundException", message);
    }

    static ApiError invalidParameter(String message) {
        return new ApiError(400, "InvalidParameterValueException", message);
    }
}
