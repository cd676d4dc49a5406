package dev.cubed.lambda.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * The Lambda Runtime API the child JVMs call, one path prefix per execution environment:
 * {@code /runtime/{environmentId}/2018-06-01/runtime/...}, so that each child's
 * {@code AWS_LAMBDA_RUNTIME_API} names its own environment.
 */
final class RuntimeApi implements LambdaHttpServer.Route {

    static final String PREFIX = "/runtime/";
    private static final String VERSION = "/2018-06-01/runtime/";
    private static final int MAX_ERROR_BYTES = 1 << 20;

    private final Function<String, ExecutionEnvironment> environments;

    RuntimeApi(Function<String, ExecutionEnvironment> environments) {
        this.environments = environments;
    }

    @Override
    public void handle(HttpCall call) throws IOException {
        try {
            route(call);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            call.abort(e);
        }
    }

    private void route(HttpCall call) throws IOException, InterruptedException {
        String path = call.rawPath().substring(PREFIX.length());
        int slash = path.indexOf('/');
        ExecutionEnvironment env = slash < 0 ? null : lookup(path.substring(0, slash));
        if (env == null || !path.startsWith(VERSION, slash)) {
            answer(call, 404, "{\"errorMessage\":\"Unknown execution environment or path\",\"errorType\":\"NotFound\"}");
            return;
        }
        String operation = path.substring(slash + VERSION.length());
        String method = call.method();
        if (operation.equals("invocation/next") && method.equals("GET")) {
            next(call, env);
        } else if (operation.equals("init/error") && method.equals("POST")) {
            env.reportInitError(call.readBody(MAX_ERROR_BYTES).bytes());
            answer(call, 202, "{\"status\":\"OK\"}");
        } else if (operation.startsWith("invocation/") && method.equals("POST")) {
            String[] parts = operation.split("/");
            if (parts.length != 3) {
                answer(call, 404, "{\"errorMessage\":\"Unknown path\",\"errorType\":\"NotFound\"}");
                return;
            }
            String requestId = parts[1];
            if (parts[2].equals("response")) {
                HttpCall.Body body = call.readBody(ExecutionEnvironment.MAX_RESPONSE_BYTES);
                accepted(call, env.respond(requestId, body.bytes(), body.size()),
                        body.size() > ExecutionEnvironment.MAX_RESPONSE_BYTES);
            } else if (parts[2].equals("error")) {
                HttpCall.Body body = call.readBody(MAX_ERROR_BYTES);
                accepted(call, env.reportError(requestId, body.bytes()), false);
            } else {
                answer(call, 404, "{\"errorMessage\":\"Unknown path\",\"errorType\":\"NotFound\"}");
            }
        } else {
            // restore/next and restore/error (SnapStart) are not emulated: the client asks only when
            // AWS_LAMBDA_INITIALIZATION_TYPE is snap-start, which LocalLambda never sets.
            answer(call, 404, "{\"errorMessage\":\"Not emulated: " + operation + "\",\"errorType\":\"NotFound\"}");
        }
    }

    /**
     * The environment with this id. A child is registered just after its process starts, so a first call
     * arriving before that waits a moment rather than failing the environment.
     */
    private ExecutionEnvironment lookup(String id) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            ExecutionEnvironment env = environments.apply(id);
            if (env != null) {
                return env;
            }
            Thread.sleep(20);
        }
        return null;
    }

    private void next(HttpCall call, ExecutionEnvironment env) throws IOException, InterruptedException {
        Attempt attempt = env.awaitNext();
        if (attempt == null) {
            answer(call, 410, "{\"errorMessage\":\"The execution environment was shut down\",\"errorType\":\"Gone\"}");
            return;
        }
        call.setHeader("Lambda-Runtime-Aws-Request-Id", attempt.requestId());
        call.setHeader("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis() + env.timeoutMillis()));
        call.setHeader("Lambda-Runtime-Invoked-Function-Arn", env.functionArn());
        if (attempt.invocation.clientContext() != null) {
            call.setHeader("Lambda-Runtime-Client-Context", attempt.invocation.clientContext());
        }
        // The client's native code needs Content-Type; without it, it crashes.
        call.send(200, "application/json", attempt.invocation.payload());
    }

    private static void accepted(HttpCall call, ExecutionEnvironment.Delivery delivery, boolean tooLarge)
            throws IOException {
        if (delivery == ExecutionEnvironment.Delivery.UNKNOWN) {
            answer(call, 400, "{\"errorMessage\":\"Invalid request ID\",\"errorType\":\"InvalidRequestID\"}");
        } else if (tooLarge) {
            answer(call, 413, "{\"errorMessage\":\"Exceeded maximum allowed payload size ("
                    + ExecutionEnvironment.MAX_RESPONSE_BYTES + " bytes).\",\"errorType\":\"RequestEntityTooLarge\"}");
        } else {
            answer(call, 202, "{\"status\":\"OK\"}");
        }
    }

    private static void answer(HttpCall call, int status, String body) {
        call.send(status, "application/json", body.getBytes(StandardCharsets.UTF_8));
    }
}
