package dev.cubed.lambda.executor.bench;

import dev.cubed.task.TaskMessage;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stand-in for the Lambda Invoke API that answers at once, for measuring and testing the client
 * alone: every {@code POST /2015-03-31/functions/NAME/invocations} gets a canned worker reply (one
 * result per task in the message) with a log tail holding a REPORT line, and {@code GET
 * .../configuration} a function configuration (2048 MB, 300 s, arm64). Nothing runs: this measures
 * what the executor costs per invocation, not what a worker does. The function's name picks other
 * answers for the client's own tests: {@code throttled} answers 429 {@code TooManyRequestsException}
 * with {@code Retry-After: 2}; {@code slow} answers after {@value #SLOW_MILLIS} ms.
 *
 * <p>For the benchmark it runs in its own JVM so that the client's CPU time is the client's:
 * {@code java StubLambdaServer [port]} prints {@code listening on PORT} and serves until its standard
 * input closes.
 */
public final class StubLambdaServer implements AutoCloseable {
    /** How long function {@code slow} takes to answer. */
    public static final long SLOW_MILLIS = 1500;

    private static final byte[] CONFIGURATION = ("{\"FunctionName\":\"bench\","
            + "\"FunctionArn\":\"arn:aws:lambda:us-east-1:000000000000:function:bench\",\"Runtime\":\"java21\","
            + "\"Handler\":\"dev.cubed.lambda.worker.TaskHandler::handleRequest\",\"MemorySize\":2048,\"Timeout\":300,"
            + "\"Architectures\":[\"arm64\"],\"State\":\"Active\",\"LastUpdateStatus\":\"Successful\"}")
            .getBytes(StandardCharsets.UTF_8);
    private static final String RESULT = "{\"functionStart\":1795574544595,\"functionEnd\":1795574544611,"
            + "\"peakMemStart\":171700224,\"peakMemEnd\":172224512,\"bytesRead\":8192,\"bytesWritten\":8192,"
            + "\"chunksWritten\":1,\"allocatedBytes\":1243568}";
    private static final String LOG_TAIL = Base64.getEncoder().encodeToString(("START RequestId: stub Version: $LATEST\n"
            + "END RequestId: stub\nREPORT RequestId: stub\tDuration: 15.20 ms\tBilled Duration: 16 ms\t"
            + "Memory Size: 2048 MB\tMax Memory Used: 180 MB\t\n").getBytes(StandardCharsets.UTF_8));

    private final AtomicLong invocations = new AtomicLong();
    private final byte[][] replies = new byte[101][];
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private Channel channel;

    private StubLambdaServer() {
        for (int n = 1; n < replies.length; n++) {
            StringBuilder sb = new StringBuilder("{\"version\":" + TaskMessage.VERSION + ",\"results\":[");
            for (int i = 0; i < n; i++) {
                sb.append(i == 0 ? "" : ",").append(RESULT);
            }
            replies[n] = sb.append("],\"coldStart\":false,\"workerVersion\":\"stub\"}").toString()
                    .getBytes(StandardCharsets.UTF_8);
        }
    }

    /** Serves on {@code 127.0.0.1:port} (0: any free port) in this JVM, on one I/O thread. */
    public static StubLambdaServer start(int port) throws InterruptedException {
        StubLambdaServer stub = new StubLambdaServer();
        stub.boss = new NioEventLoopGroup(1);
        stub.workers = new NioEventLoopGroup(1);
        stub.channel = new ServerBootstrap().group(stub.boss, stub.workers).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel c) {
                        c.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(8 << 20), stub.handler());
                    }
                }).bind("127.0.0.1", port).sync().channel();
        return stub;
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** Invocations received (answered or not). */
    public long invocations() {
        return invocations.get();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        boss.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
    }

    public static void main(String[] args) throws Exception {
        try (StubLambdaServer stub = start(args.length > 0 ? Integer.parseInt(args[0]) : 0)) {
            System.out.println("listening on " + stub.port());
            System.out.flush();
            while (System.in.read() >= 0) {
                // serve until the parent closes our standard input
            }
            System.err.println("stub served " + stub.invocations() + " invocations");
        }
    }

    private SimpleChannelInboundHandler<FullHttpRequest> handler() {
        return new SimpleChannelInboundHandler<>() {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
                String uri = req.uri();
                FullHttpResponse res;
                long delay = 0;
                if (req.method() == HttpMethod.POST && uri.contains("/functions/throttled/")) {
                    res = response(HttpResponseStatus.TOO_MANY_REQUESTS, "{\"Reason\":\"ConcurrentInvocationLimitExceeded\",\"Type\":\"User\",\"message\":\"Rate Exceeded.\"}"
                            .getBytes(StandardCharsets.UTF_8));
                    res.headers().set("X-Amzn-ErrorType", "TooManyRequestsException").set("Retry-After", "2");
                } else if (req.method() == HttpMethod.POST && uri.contains("/invocations")) {
                    invocations.incrementAndGet();
                    int tasks = countTasks(req.content());
                    res = response(HttpResponseStatus.OK, replies[Math.max(1, Math.min(tasks, replies.length - 1))]);
                    res.headers().set("X-Amz-Log-Result", LOG_TAIL).set("X-Amz-Executed-Version", "$LATEST");
                    delay = uri.contains("/functions/slow/") ? SLOW_MILLIS : 0;
                } else if (req.method() == HttpMethod.GET && uri.contains("/configuration")) {
                    res = response(HttpResponseStatus.OK, CONFIGURATION);
                } else {
                    res = response(HttpResponseStatus.NOT_FOUND, ("{\"Type\":\"User\",\"message\":\"no " + uri + "\"}")
                            .getBytes(StandardCharsets.UTF_8));
                    res.headers().set("X-Amzn-ErrorType", "ResourceNotFoundException");
                }
                res.headers().set("x-amzn-RequestId", "stub-" + invocations.get());
                boolean keepAlive = HttpUtil.isKeepAlive(req);
                HttpUtil.setKeepAlive(res, keepAlive);
                Runnable send = () -> {
                    if (keepAlive) {
                        ctx.writeAndFlush(res);
                    } else {
                        ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
                    }
                };
                if (delay > 0) {
                    ctx.executor().schedule(send, delay, java.util.concurrent.TimeUnit.MILLISECONDS);
                } else {
                    send.run();
                }
            }
        };
    }

    private static FullHttpResponse response(HttpResponseStatus status, byte[] body) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json").setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return res;
    }

    /** The number of coordinate arrays in the message's {@code "tasks":[[...],[...]]}. */
    static int countTasks(ByteBuf body) {
        String s = body.toString(StandardCharsets.UTF_8);
        int at = s.lastIndexOf("\"tasks\":[");
        if (at < 0) {
            return 1;
        }
        int depth = 0;
        int n = 0;
        for (int i = at + "\"tasks\":[".length(); i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '[') {
                if (depth == 0) {
                    n++;
                }
                depth++;
            } else if (c == ']') {
                if (depth == 0) {
                    break;
                }
                depth--;
            }
        }
        return n;
    }
}
