package dev.cubed.lambda.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** One HTTP request and its answer, as the two APIs need them: bounded bodies, whole responses. */
final class HttpCall {

    private final Request request;
    private final Response response;
    private final Callback callback;
    private final Map<String, String> responseHeaders = new LinkedHashMap<>();
    private boolean answered;

    HttpCall(Request request, Response response, Callback callback) {
        this.request = request;
        this.response = response;
        this.callback = callback;
    }

    String method() {
        return request.getMethod();
    }

    /** The path as sent (percent-encoded). */
    String rawPath() {
        return request.getHttpURI().getPath();
    }

    String header(String name) {
        return request.getHeaders().get(name);
    }

    String query(String name) {
        String q = request.getHttpURI().getQuery();
        if (q == null) {
            return null;
        }
        for (String pair : q.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /**
     * The request body, at most {@code limit} bytes of it.
     *
     * @return the bytes and the full size; past the limit the rest is read and dropped, so the answer can
     *         still be sent on this connection
     */
    Body readBody(long limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        try (InputStream in = Request.asInputStream(request)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (total + n <= limit) {
                    out.write(buffer, 0, n);
                } else if (total < limit) {
                    out.write(buffer, 0, (int) (limit - total));
                }
                total += n;
            }
        }
        return new Body(out.toByteArray(), total);
    }

    record Body(byte[] bytes, long size) {
    }

    void setHeader(String name, String value) {
        responseHeaders.put(name, value);
    }

    boolean answered() {
        return answered;
    }

    /** Sends status, headers and body in one write (no Nagle delay between headers and body). */
    void send(int status, String contentType, byte[] body) {
        if (answered) {
            return;
        }
        answered = true;
        response.setStatus(status);
        responseHeaders.forEach((k, v) -> response.getHeaders().put(k, v));
        if (contentType != null) {
            response.getHeaders().put("Content-Type", contentType);
        }
        byte[] bytes = body == null ? new byte[0] : body;
        response.getHeaders().put("Content-Length", Integer.toString(bytes.length));
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }

    /** Ends the call without an answer (the peer is gone or the server is stopping). */
    void abort(Throwable cause) {
        if (!answered) {
            answered = true;
            callback.failed(cause);
        }
    }
}
