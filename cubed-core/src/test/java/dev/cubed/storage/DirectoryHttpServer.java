package dev.cubed.storage;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real HTTP server (the JDK's) on a free loopback port serving the files of a directory: GET
 * and HEAD, single byte ranges ({@code bytes=a-b}, {@code bytes=a-}, {@code bytes=-n}) answered
 * 206 or 416, 404 for what is not a file. It counts requests and body bytes and remembers each
 * request line, and can misbehave on purpose: ignore Range (200 with the whole file), refuse
 * HEAD (405), or fail the next requests with 503.
 */
public final class DirectoryHttpServer implements AutoCloseable {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    /** One request as the server saw it. */
    public record Request(String method, String path, String range) {
    }

    private final Path root;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "test-http-server");
        t.setDaemon(true);
        return t;
    });
    private final List<Request> requests = new ArrayList<>();
    private final AtomicLong bodyBytes = new AtomicLong();
    private final AtomicInteger failNext = new AtomicInteger();
    private final java.util.Map<String, Integer> statusOverrides = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean ignoreRange;
    private volatile boolean refuseHead;

    public DirectoryHttpServer(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** The URL of a directory below the root, e.g. {@code url("v2/group.zarr")}. */
    public String url(String relative) {
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        return relative.isEmpty() ? base : base + "/" + relative;
    }

    /** Answer Range requests with 200 and the whole file, as servers without range support do. */
    public DirectoryHttpServer ignoreRange(boolean ignore) {
        this.ignoreRange = ignore;
        return this;
    }

    /** Answer HEAD with 405, as some object servers do. */
    public DirectoryHttpServer refuseHead(boolean refuse) {
        this.refuseHead = refuse;
        return this;
    }

    /** Answer every request for {@code path} (e.g. "/secret/x") with {@code status} and no body. */
    public void answer(String path, int status) {
        statusOverrides.put(path, status);
    }

    /** Answer the next {@code n} requests with 503. */
    public void failNext(int n) {
        failNext.set(n);
    }

    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    public long bodyBytes() {
        return bodyBytes.get();
    }

    public synchronized void reset() {
        requests.clear();
        bodyBytes.set(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            String range = ex.getRequestHeaders().getFirst("Range");
            String path = ex.getRequestURI().getPath(); // decoded
            synchronized (this) {
                requests.add(new Request(method, path, range));
            }
            if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                send(ex, 503, new byte[0], method);
                return;
            }
            Integer forced = statusOverrides.get(path);
            if (forced != null) {
                send(ex, forced, new byte[0], method);
                return;
            }
            if (method.equals("HEAD") && refuseHead) {
                send(ex, 405, new byte[0], "GET");
                return;
            }
            if (!method.equals("GET") && !method.equals("HEAD")) {
                send(ex, 405, new byte[0], method);
                return;
            }
            Path file = root.resolve(path.substring(1)).normalize();
            if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                send(ex, 404, "not found".getBytes(), method);
                return;
            }
            byte[] data = Files.readAllBytes(file);
            Matcher m = range == null || ignoreRange ? null : RANGE.matcher(range.trim());
            if (m == null || !m.matches()) {
                send(ex, 200, data, method);
                return;
            }
            long size = data.length;
            long start;
            long end;
            if (m.group(1).isEmpty()) {
                long n = Long.parseLong(m.group(2));
                start = Math.max(0, size - n);
                end = size - 1;
                if (n == 0 || size == 0) {
                    unsatisfiable(ex, size, method);
                    return;
                }
            } else {
                start = Long.parseLong(m.group(1));
                end = m.group(2).isEmpty() ? size - 1 : Math.min(size - 1, Long.parseLong(m.group(2)));
                if (start >= size) {
                    unsatisfiable(ex, size, method);
                    return;
                }
            }
            byte[] part = java.util.Arrays.copyOfRange(data, (int) start, (int) end + 1);
            ex.getResponseHeaders().set("Content-Range", "bytes " + start + "-" + end + "/" + size);
            send(ex, 206, part, method);
        }
    }

    private void unsatisfiable(HttpExchange ex, long size, String method) throws IOException {
        ex.getResponseHeaders().set("Content-Range", "bytes */" + size);
        send(ex, 416, new byte[0], method);
    }

    private void send(HttpExchange ex, int status, byte[] body, String method) throws IOException {
        ex.getResponseHeaders().set("Accept-Ranges", ignoreRange ? "none" : "bytes");
        if (method.equals("HEAD")) {
            ex.getResponseHeaders().set("Content-Length", String.valueOf(body.length));
            ex.sendResponseHeaders(status, -1);
            return;
        }
        // counted before the client can have the bytes, so a reset after a read never races the count
        bodyBytes.addAndGet(body.length);
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
