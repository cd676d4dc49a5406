package dev.cubed.lambda.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/**
 * Measures LocalLambda's invoke latency through the SDK, for the probe handler:
 * <ul>
 *   <li>cold: the first invoke of a fresh function (child JVM start, runtime client init, handler load,
 *       the call itself), each round with a new LocalLambda;</li>
 *   <li>cold with S3: the same, the handler creating an S3 client and doing a put and a get against the
 *       local S3 endpoint (what a worker's first task costs in SDK initialisation);</li>
 *   <li>warm: repeated echo invokes on one warm environment.</li>
 * </ul>
 * Run: {@code mvn -q -pl local-lambda test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.cubed.lambda.local.InvokeLatencyBenchmark [-Dexec.args="coldRounds warmCalls"]}
 */
public final class InvokeLatencyBenchmark {

    private InvokeLatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int coldRounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int warmCalls = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        Path dir = Files.createTempDirectory("local-lambda-bench");
        Path zip = ProbePackage.build(dir.resolve("probe.zip"));
        FunctionConfig probe = FunctionConfig.builder().name("probe").code(zip).handler(ProbePackage.HANDLER)
                .memoryMb(1024).timeout(Duration.ofSeconds(60)).build();

        // One untimed round first, so class loading in this JVM does not count against the first measurement.
        coldInvoke(probe, "{\"action\":\"echo\"}");
        double[] cold = new double[coldRounds];
        for (int i = 0; i < coldRounds; i++) {
            cold[i] = coldInvoke(probe, "{\"action\":\"echo\"}");
        }

        double[] coldS3 = new double[coldRounds];
        for (int i = 0; i < coldRounds; i++) {
            try (LocalAwsEnvironment aws = LocalAwsEnvironment.builder().bucket("bench").function(probe).build().start();
                 LambdaClient client = LambdaClients.sync(aws.lambda().endpoint())) {
                coldS3[i] = timedInvoke(client, "{\"action\":\"s3\",\"bucket\":\"bench\",\"key\":\"k\",\"body\":\"v\"}");
            }
        }

        double[] warm = new double[warmCalls];
        try (LocalLambda lambda = LocalLambda.builder().function(probe).build().start();
             LambdaClient client = LambdaClients.sync(lambda.endpoint())) {
            for (int i = 0; i < 50; i++) {
                timedInvoke(client, "{\"action\":\"echo\"}");
            }
            for (int i = 0; i < warmCalls; i++) {
                warm[i] = timedInvoke(client, "{\"action\":\"echo\",\"i\":" + i + "}");
            }
            if (lambda.stats("probe").environmentsStarted() != 1) {
                throw new IllegalStateException("warm calls started new environments: " + lambda.stats("probe"));
            }
        }
        FileTrees.deleteQuietly(dir);

        System.out.printf(Locale.ROOT, "LocalLambda invoke latency, %s, %d cores, %s %s, Java %s%n", LocalDate.now(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"), System.getProperty("os.arch"),
                System.getProperty("java.version"));
        print("cold (JVM start to first response)", cold);
        print("cold with S3 client, put + get", coldS3);
        print("warm echo", warm);
    }

    private static double coldInvoke(FunctionConfig function, String payload) {
        try (LocalLambda lambda = LocalLambda.builder().function(function).build().start();
             LambdaClient client = LambdaClients.sync(lambda.endpoint())) {
            return timedInvoke(client, payload);
        }
    }

    private static double timedInvoke(LambdaClient client, String payload) {
        long t0 = System.nanoTime();
        InvokeResponse response = client.invoke(b -> b.functionName("probe").payload(SdkBytes.fromUtf8String(payload)));
        double ms = (System.nanoTime() - t0) / 1e6;
        if (response.functionError() != null) {
            throw new IllegalStateException("probe failed: " + response.payload().asUtf8String());
        }
        return ms;
    }

    private static void print(String name, double[] millis) {
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        List<String> parts = new ArrayList<>();
        parts.add(String.format(Locale.ROOT, "n=%d", sorted.length));
        parts.add(String.format(Locale.ROOT, "median %.1f ms", percentile(sorted, 0.5)));
        parts.add(String.format(Locale.ROOT, "p90 %.1f ms", percentile(sorted, 0.9)));
        parts.add(String.format(Locale.ROOT, "min %.1f ms", sorted[0]));
        parts.add(String.format(Locale.ROOT, "max %.1f ms", sorted[sorted.length - 1]));
        System.out.printf(Locale.ROOT, "  %-38s %s%n", name, String.join(", ", parts));
    }

    private static double percentile(double[] sorted, double q) {
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }
}
