package dev.cubed.lambda.local.probe;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A handler for testing LocalLambda with real faults: what it does is chosen by the input, a flat JSON
 * object such as {@code {"action":"sleep","millis":5000}}. Packaged at test time into a deployment zip
 * with only aws-lambda-java-core (and the S3 SDK) in {@code lib/}, so it parses its input by hand.
 */
public class ProbeHandler implements RequestStreamHandler {

    private static final Pattern FIELD = Pattern.compile("\"([^\"]+)\"\\s*:\\s*(\"((?:[^\"\\\\]++|\\\\.)*+)\"|[-0-9.]+|true|false|null)");

    /** Kept across invocations of one environment: grows when the environment is reused. */
    private static int invocationsInThisJvm;

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        byte[] raw = input.readAllBytes();
        Map<String, String> in = parse(new String(raw, StandardCharsets.UTF_8));
        invocationsInThisJvm++;
        String action = in.getOrDefault("action", "echo");
        String answer;
        switch (action) {
            case "echo" -> {
                output.write(raw);
                return;
            }
            case "whoami" -> {
                Map<String, Object> me = new LinkedHashMap<>();
                me.put("pid", ProcessHandle.current().pid());
                me.put("invocationsInThisJvm", invocationsInThisJvm);
                me.put("requestId", context.getAwsRequestId());
                me.put("functionName", context.getFunctionName());
                me.put("memoryLimitMb", context.getMemoryLimitInMB());
                me.put("remainingMillis", context.getRemainingTimeInMillis());
                me.put("functionArn", context.getInvokedFunctionArn());
                me.put("maxHeapMb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
                me.put("tmpdir", System.getProperty("java.io.tmpdir"));
                me.put("cwd", System.getProperty("user.dir"));
                me.put("javaVersion", System.getProperty("java.version"));
                answer = json(me);
            }
            case "env" -> {
                Map<String, Object> env = new LinkedHashMap<>();
                for (String name : in.getOrDefault("names", "").split(",")) {
                    String value = System.getenv(name);
                    env.put(name, value == null ? "<unset>" : value);
                }
                answer = json(env);
            }
            case "throw" -> throw new IllegalStateException(in.getOrDefault("message", "probe failure"));
            case "exit" -> {
                System.out.println("probe exiting with status " + in.get("status"));
                System.exit(Integer.parseInt(in.getOrDefault("status", "1")));
                return;
            }
            case "sleep" -> {
                long millis = Long.parseLong(in.getOrDefault("millis", "1000"));
                System.out.println("probe sleeping " + millis + " ms");
                try {
                    Thread.sleep(millis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                answer = json(Map.of("slept", millis, "pid", ProcessHandle.current().pid()));
            }
            case "allocate" -> {
                int megabytes = Integer.parseInt(in.getOrDefault("megabytes", "1"));
                List<byte[]> held = new ArrayList<>();
                for (int i = 0; i < megabytes; i++) {
                    held.add(new byte[1024 * 1024]);
                }
                answer = json(Map.of("allocatedMb", held.size()));
            }
            case "log" -> {
                String[] lines = in.getOrDefault("lines", "").split(",");
                for (int i = 0; i < lines.length; i++) {
                    (i % 2 == 0 ? System.out : System.err).println(lines[i]);
                }
                context.getLogger().log("via LambdaLogger: " + lines.length + " lines\n");
                answer = json(Map.of("printed", lines.length));
            }
            case "write" -> {
                Path file = Path.of(in.get("path"));
                Files.writeString(file, in.getOrDefault("content", "written"));
                answer = json(Map.of("wrote", file.toString()));
            }
            case "big-response" -> {
                int megabytes = Integer.parseInt(in.getOrDefault("megabytes", "7"));
                byte[] chunk = new byte[1024 * 1024];
                java.util.Arrays.fill(chunk, (byte) 'x');
                output.write('"');
                for (int i = 0; i < megabytes; i++) {
                    output.write(chunk);
                }
                output.write('"');
                return;
            }
            case "recurse" -> answer = Integer.toString(recurse(0));
            case "s3" -> answer = S3Probe.roundTrip(in.get("bucket"), in.get("key"), in.getOrDefault("body", ""));
            default -> throw new IllegalArgumentException("Unknown probe action: " + action);
        }
        output.write(answer.getBytes(StandardCharsets.UTF_8));
    }

    private static int recurse(int depth) {
        return recurse(depth + 1) + 1;
    }

    static Map<String, String> parse(String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher m = FIELD.matcher(text);
        while (m.find()) {
            fields.put(m.group(1), m.group(3) != null ? m.group(3).replace("\\\"", "\"").replace("\\\\", "\\") : m.group(2));
        }
        return fields;
    }

    static String json(Map<String, ?> fields) {
        StringBuilder sb = new StringBuilder("{");
        for (Map.Entry<String, ?> e : fields.entrySet()) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            sb.append('"').append(e.getKey()).append("\":");
            Object v = e.getValue();
            if (v instanceof Number) {
                sb.append(v);
            } else {
                sb.append('"').append(String.valueOf(v).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            }
        }
        return sb.append('}').toString();
    }
}
