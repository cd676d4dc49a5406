package dev.cubed.lambda.local;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The Lambda service API as the AWS SDK v2 calls it: Invoke, GetFunction, GetFunctionConfiguration and
 * ListFunctions, under {@code /2015-03-31/functions}.
 */
final class InvokeApi implements LambdaHttpServer.Route {

    static final String PREFIX = "/2015-03-31/functions";
    /** Lambda's request payload limits: synchronous and asynchronous. */
    static final int MAX_SYNC_PAYLOAD = 6_291_456;
    static final int MAX_ASYNC_PAYLOAD = 1_048_576;

    private final Map<String, FunctionPool> functions;
    private final String region;
    private final String accountId;
    private final ObjectMapper json;
    private final Executor events;

    InvokeApi(Map<String, FunctionPool> functions, String region, String accountId, ObjectMapper json, Executor events) {
        this.functions = functions;
        this.region = region;
        this.accountId = accountId;
        this.json = json;
        this.events = events;
    }

    @Override
    public void handle(HttpCall call) throws IOException {
        String requestId = UUID.randomUUID().toString();
        try {
            route(call, requestId);
        } catch (ApiError e) {
            sendError(call, requestId, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            sendError(call, requestId, new ApiError(503, "ServiceException", "LocalLambda is shutting down"));
        } catch (RuntimeException e) {
            sendError(call, requestId, new ApiError(500, "ServiceException", "LocalLambda failed: " + e));
        }
    }

    private void route(HttpCall call, String requestId) throws IOException, ApiError, InterruptedException {
        String rest = call.rawPath().substring(PREFIX.length());
        List<String> parts = new ArrayList<>();
        for (String p : rest.split("/")) {
            if (!p.isEmpty()) {
                parts.add(URLDecoder.decode(p, StandardCharsets.UTF_8));
            }
        }
        String method = call.method();
        if (parts.isEmpty() && method.equals("GET")) {
            List<Object> all = new ArrayList<>();
            for (FunctionPool pool : functions.values()) {
                all.add(configuration(pool));
            }
            sendJson(call, 200, requestId, Map.of("Functions", all));
            return;
        }
        if (parts.size() == 2 && parts.get(1).equals("invocations") && method.equals("POST")) {
            invoke(call, requestId, parts.get(0));
            return;
        }
        if (parts.size() == 2 && parts.get(1).equals("configuration") && method.equals("GET")) {
            sendJson(call, 200, requestId, configuration(resolve(parts.get(0), call.query("Qualifier"))));
            return;
        }
        if (parts.size() == 1 && method.equals("GET")) {
            FunctionPool pool = resolve(parts.get(0), call.query("Qualifier"));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("Configuration", configuration(pool));
            body.put("Code", Map.of("RepositoryType", "Local", "Location", pool.code.taskRoot().toUri().toString()));
            pool.config.reservedConcurrency().ifPresent(
                    n -> body.put("Concurrency", Map.of("ReservedConcurrentExecutions", n)));
            body.put("Tags", Map.of());
            sendJson(call, 200, requestId, body);
            return;
        }
        throw new ApiError(404, "UnknownOperationException",
                "LocalLambda does not implement " + method + " " + call.rawPath()
                        + " (it serves Invoke, GetFunction, GetFunctionConfiguration and ListFunctions)");
    }

    private void invoke(HttpCall call, String requestId, String functionRef)
            throws IOException, ApiError, InterruptedException {
        FunctionPool pool = resolve(functionRef, call.query("Qualifier"));
        String type = header(call, "X-Amz-Invocation-Type", "RequestResponse");
        boolean async = type.equals("Event");
        if (!async && !type.equals("RequestResponse") && !type.equals("DryRun")) {
            throw ApiError.invalidParameter("Unsupported invocation type '" + type
                    + "': use RequestResponse, Event or DryRun");
        }
        String logType = header(call, "X-Amz-Log-Type", "None");
        if (!logType.equals("None") && !logType.equals("Tail")) {
            throw ApiError.invalidParameter("Unsupported log type '" + logType + "': use None or Tail");
        }
        int limit = async ? MAX_ASYNC_PAYLOAD : MAX_SYNC_PAYLOAD;
        HttpCall.Body body = call.readBody(limit);
        if (body.size() > limit) {
            throw new ApiError(413, "RequestTooLargeException", "Request must be smaller than " + limit
                    + " bytes for the " + (async ? "InvokeAsync" : "Invoke") + " operation (function "
                    + pool.config.name() + ", payload " + body.size() + " bytes): put large task data in S3"
                    + " and send a reference");
        }
        requireJson(body.bytes());
        String clientContext = decodeClientContext(call.header("X-Amz-Client-Context"));
        call.setHeader("X-Amz-Executed-Version", "$LATEST");
        if (type.equals("DryRun")) {
            sendRaw(call, 204, requestId, null, null);
            return;
        }
        Invocation invocation = new Invocation(requestId, body.bytes(), clientContext);
        if (async) {
            try {
                events.execute(() -> runEvent(pool, invocation));
            } catch (RejectedExecutionException e) {
                throw new ApiError(503, "ServiceException", "LocalLambda is shutting down");
            }
            sendRaw(call, 202, requestId, null, null);
            return;
        }
        if (!pool.tryAdmit()) {
            throw new ApiError(429, "TooManyRequestsException", "Rate Exceeded.",
                    Map.of("Reason", pool.throttleReason()), Map.of("Retry-After", "1"));
        }
        InvocationResult result;
        try {
            result = pool.invoke(invocation);
        } finally {
            pool.release();
        }
        if (result.functionError() != null) {
            call.setHeader("X-Amz-Function-Error", result.functionError());
        }
        if (logType.equals("Tail")) {
            call.setHeader("X-Amz-Log-Result", Base64.getEncoder().encodeToString(result.logTail()));
        }
        sendRaw(call, 200, requestId, "application/json", result.payload());
    }

    private static void runEvent(FunctionPool pool, Invocation invocation) {
        try {
            pool.admit();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            pool.invoke(invocation);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            pool.release();
        }
    }

    /** Accepts a function name, {@code name:qualifier}, a partial ARN or a full ARN. */
    private FunctionPool resolve(String ref, String queryQualifier) throws ApiError {
        String name = ref;
        String qualifier = queryQualifier;
        String[] arn = ref.split(":");
        if (ref.startsWith("arn:") && arn.length >= 7 && arn[5].equals("function")) {
            name = arn[6];
            qualifier = arn.length > 7 ? arn[7] : qualifier;
        } else if (arn.length >= 3 && arn[1].equals("function")) {
            name = arn[2];
            qualifier = arn.length > 3 ? arn[3] : qualifier;
        } else if (arn.length == 2) {
            name = arn[0];
            qualifier = arn[1];
        }
        FunctionPool pool = functions.get(name);
        if (pool == null) {
            throw ApiError.notFound("Function not found: arn:aws:lambda:" + region + ":" + accountId + ":function:" + name
                    + " (LocalLambda serves: " + String.join(", ", functions.keySet()) + ")");
        }
        if (qualifier != null && !qualifier.equals("$LATEST")) {
            throw ApiError.notFound("Function not found: " + pool.arn + ":" + qualifier
                    + " (LocalLambda serves $LATEST only; it has no versions or aliases)");
        }
        return pool;
    }

    private Map<String, Object> configuration(FunctionPool pool) {
        FunctionConfig c = pool.config;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("FunctionName", c.name());
        m.put("FunctionArn", pool.arn);
        m.put("Runtime", c.runtime());
        m.put("Role", "arn:aws:iam::" + accountId + ":role/local-lambda-" + c.name());
        m.put("Handler", c.handler());
        m.put("CodeSize", pool.code.codeSize());
        m.put("Description", c.description());
        m.put("Timeout", c.timeout().toSeconds());
        m.put("MemorySize", c.memoryMb());
        m.put("LastModified", pool.lastModified);
        m.put("CodeSha256", pool.code.codeSha256());
        m.put("Version", "$LATEST");
        m.put("Environment", Map.of("Variables", c.environment()));
        m.put("TracingConfig", Map.of("Mode", "PassThrough"));
        m.put("RevisionId", UUID.nameUUIDFromBytes((pool.arn + pool.lastModified).getBytes(StandardCharsets.UTF_8)).toString());
        m.put("State", "Active");
        m.put("LastUpdateStatus", "Successful");
        m.put("PackageType", "Zip");
        m.put("Architectures", List.of(c.architecture().apiName()));
        m.put("EphemeralStorage", Map.of("Size", 512));
        m.put("SnapStart", Map.of("ApplyOn", "None", "OptimizationStatus", "Off"));
        m.put("LoggingConfig", Map.of("LogFormat", "Text", "LogGroup", "/aws/lambda/" + c.name()));
        return m;
    }

    /** Lambda refuses payloads that are not JSON; an empty payload is allowed. */
    private void requireJson(byte[] payload) throws ApiError {
        if (payload.length == 0) {
            return;
        }
        try (JsonParser parser = json.getFactory().createParser(payload)) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                return;
            }
            parser.skipChildren();
            if (parser.nextToken() != null) {
                throw new ApiError(400, "InvalidRequestContentException",
                        "Could not parse request body into json: unexpected content after the first JSON value");
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ApiError(400, "InvalidRequestContentException",
                    "Could not parse request body into json: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ApiError(400, "InvalidRequestContentException",
                    "Could not parse request body into json: " + e.getMessage());
        }
    }

    private static String decodeClientContext(String header) throws ApiError {
        if (header == null || header.isEmpty()) {
            return null;
        }
        try {
            return new String(Base64.getDecoder().decode(header), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, "InvalidRequestContentException", "Client context must be base64-encoded JSON");
        }
    }

    private static String header(HttpCall call, String name, String fallback) {
        String v = call.header(name);
        return v == null || v.isEmpty() ? fallback : v;
    }

    private void sendJson(HttpCall call, int status, String requestId, Object body) throws IOException {
        sendRaw(call, status, requestId, "application/json", json.writeValueAsBytes(body));
    }

    private static void sendRaw(HttpCall call, int status, String requestId, String contentType, byte[] body) {
        call.setHeader("x-amzn-RequestId", requestId);
        call.send(status, contentType, body);
    }

    private void sendError(HttpCall call, String requestId, ApiError error) throws IOException {
        call.setHeader("x-amzn-ErrorType", error.type);
        error.headers.forEach(call::setHeader);
        sendJson(call, error.status, requestId, error.body());
    }
}
