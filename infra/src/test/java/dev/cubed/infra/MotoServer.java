package dev.cubed.infra;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** moto's AWS emulation ({@code python -m moto.server}) on a free loopback port, for the duration of a test class. */
final class MotoServer implements AutoCloseable {

    private final Process process;
    private final URI endpoint;

    private MotoServer(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    static MotoServer start(String python, Path log) throws IOException, InterruptedException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Process process = new ProcessBuilder(python, "-m", "moto.server", "-H", "127.0.0.1", "-p", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        MotoServer server = new MotoServer(process, endpoint);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!server.ready()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                server.close();
                throw new IllegalStateException("moto server did not start on port " + port + "; see " + log);
            }
            Thread.sleep(100);
        }
        return server;
    }

    URI endpoint() {
        return endpoint;
    }

    private boolean ready() {
        try {
            HttpURLConnection c = (HttpURLConnection) endpoint.resolve("/moto-api/").toURL().openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(2000);
            return c.getResponseCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
