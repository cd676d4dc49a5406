package dev.cubed.lambda.local;

import java.net.InetAddress;
import java.net.URI;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The loopback HTTP server carrying both APIs: the Lambda service API for SDK clients and the Runtime API
 * for the child JVMs. Handlers block (an invocation holds its thread until it ends, a child's
 * {@code /next} until there is work), so the thread pool is large and connections never idle out.
 */
final class LambdaHttpServer {

    interface Route {
        void handle(HttpCall call) throws Exception;
    }

    private static final int RUNTIME_ERROR_HEADER_LIMIT = 1_100_000;

    private final Server server;
    private final ServerConnector connector;

    LambdaHttpServer(int port, Route invokeApi, Route runtimeApi) {
        QueuedThreadPool threads = new QueuedThreadPool(2_000, 4, 60_000);
        threads.setName("local-lambda-http");
        threads.setDaemon(true);
        server = new Server(threads);
        server.setStopTimeout(0);
        HttpConfiguration http = new HttpConfiguration();
        // The runtime client sends an X-Ray error cause header of up to 1 MiB with each error.
        http.setRequestHeaderSize(RUNTIME_ERROR_HEADER_LIMIT);
        http.setSendServerVersion(false);
        connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(InetAddress.getLoopbackAddress().getHostAddress());
        connector.setPort(port);
        connector.setAcceptedTcpNoDelay(true);
        // Long polls and long invocations send nothing for minutes: no idle timeout below a day.
        connector.setIdleTimeout(24L * 3600 * 1000);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                HttpCall call = new HttpCall(request, response, callback);
                String path = request.getHttpURI().getPath();
                try {
                    if (path.startsWith(InvokeApi.PREFIX)) {
                        invokeApi.handle(call);
                    } else if (path.startsWith(RuntimeApi.PREFIX)) {
                        runtimeApi.handle(call);
                    } else {
                        call.setHeader("x-amzn-ErrorType", "UnknownOperationException");
                        call.send(404, "application/json",
                                "{\"Type\":\"User\",\"message\":\"Unknown path\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    }
                } catch (Throwable t) {
                    call.abort(t);
                }
                if (!call.answered()) {
                    call.abort(new IllegalStateException("No answer for " + path));
                }
                return true;
            }
        });
    }

    void start() throws Exception {
        server.start();
    }

    URI endpoint() {
        return URI.create("http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + connector.getLocalPort());
    }

    void stop() {
        try {
            server.stop();
        } catch (Exception e) {
            // stopping is best effort
        }
    }
}
