package dev.cubed.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code cubed local-lambda} and {@code cubed lambda check} together, in process, as a user runs
 * them: local-lambda serves the packaged worker until stopped and prints exports; the check runs
 * with exactly those variables against it, passing, and failing where the function does not fit.
 */
class LambdaCommandsIT {
    private static final Pattern EXPORT = Pattern.compile("export ([A-Z_0-9]+)=(\\S+)");
    private static final String WORK_DIR = "s3://" + LocalLambdaCommand.DEFAULT_BUCKET + "/cubed";

    private static Thread server;
    private static final AtomicInteger serverExit = new AtomicInteger(-1);
    private static final StringWriter serverOut = new StringWriter();
    private static final Map<String, String> exported = new HashMap<>();
    /** The first check, run before any other invocation: the worker starts cold. */
    private static Result firstCheck;

    @BeforeAll
    static void startLocalLambda() throws Exception {
        Path zip = Path.of(System.getProperty("cubed.workerZip", "../lambda-worker/target/cubed-lambda-worker.zip"));
        assertThat(zip).as("the packaged worker (mvn -pl cubed-cli -am verify builds it)").exists();
        server = new Thread(() -> serverExit.set(Main.run(Map.of(), new PrintWriter(serverOut, true),
                new PrintWriter(serverOut, true), "local-lambda", "--port", "0", "--s3-port", "0", "--memory", "512",
                "--timeout", "30", "--concurrency", "2", "--worker-zip", zip.toString())), "local-lambda-command");
        server.start();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!serverOut.toString().contains("Press Ctrl-C")) {
            assertThat(System.nanoTime()).as("local-lambda did not start: %s", serverOut).isLessThan(deadline);
            assertThat(server.isAlive()).as("local-lambda ended: %s", serverOut).isTrue();
            Thread.sleep(50);
        }
        Matcher m = EXPORT.matcher(serverOut.toString());
        while (m.find()) {
            exported.put(m.group(1), m.group(2));
        }
        firstCheck = run("lambda", "check", "--function", "cubed-worker", "--work-dir", WORK_DIR, "--allowed-mem",
                "500MB", "--timeout", "20");
    }

    @AfterAll
    static void stopLocalLambda() throws Exception {
        if (server != null) {
            server.interrupt();
            server.join(30_000);
        }
    }

    private record Result(int code, String out) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        int code = Main.run(exported, new PrintWriter(out, true), new PrintWriter(out, true), args);
        return new Result(code, out.toString());
    }

    @Test
    void localLambdaPrintsWhatPointsClientsAtIt() {
        String out = serverOut.toString();
        assertThat(out).contains("Local Lambda with the Cubed worker is running.")
                .contains("function         cubed-worker (512 MB, 30 s, 2 at once)")
                .contains("--executor lambda --function cubed-worker --work-dir " + WORK_DIR + " --workers 2")
                .contains("./cubed bench quad-means --n 4000 --chunk 1000 --executor lambda --function cubed-worker"
                        + " --work-dir " + WORK_DIR + " --workers 2 --allowed-mem 536MB")
                .contains("./cubed lambda check --function cubed-worker --work-dir " + WORK_DIR);
        assertThat(exported).containsKeys("AWS_ENDPOINT_URL_LAMBDA", "AWS_ENDPOINT_URL_S3", "AWS_REGION",
                "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY").containsEntry("CUBED_S3_PATH_STYLE", "true");
    }

    @Test
    void benchRunsOnTheLocalLambdaWithTheThreadsExecutorsResultAndItsCost() throws Exception {
        Result lambda = run("bench", "quad-means", "--n", "120", "--chunk", "40", "--executor", "lambda", "--function",
                "cubed-worker", "--work-dir", WORK_DIR, "--workers", "2", "--allowed-mem", "500MB", "--json");
        assertThat(lambda.code()).as(lambda.out()).isZero();
        Result threads = run("bench", "quad-means", "--n", "120", "--chunk", "40", "--json");
        assertThat(threads.code()).as(threads.out()).isZero();
        com.fasterxml.jackson.databind.JsonNode l = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(lambda.out().substring(lambda.out().indexOf('{')));
        com.fasterxml.jackson.databind.JsonNode t = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(threads.out().substring(threads.out().indexOf('{')));
        assertThat(l.get("executor").asText()).isEqualTo("lambda");
        for (int k = 0; k < 3; k++) {
            assertThat(l.get("result").get(k).asDouble()).isEqualTo(t.get("result").get(k).asDouble());
        }
        com.fasterxml.jackson.databind.JsonNode cost = l.get("lambda");
        assertThat(cost.get("function").asText()).isEqualTo("cubed-worker");
        assertThat(cost.get("invocations").asLong()).as("one per task, no failures").isEqualTo(l.get("tasks").asLong());
        assertThat(cost.get("gb_seconds").asDouble()).isPositive();

        Result noFunction = run("bench", "add-sum", "--executor", "lambda", "--work-dir", WORK_DIR);
        assertThat(noFunction.code()).isEqualTo(2);
        assertThat(noFunction.out()).contains("--executor lambda needs --function NAME");
        Result localDir = run("bench", "add-sum", "--executor", "lambda", "--function", "cubed-worker");
        assertThat(localDir.out()).contains("--executor lambda needs --work-dir s3://BUCKET/PREFIX");
    }

    @Test
    void aColdWorkerReportsItsJvmSettings() {
        assertThat(firstCheck.code()).as(firstCheck.out()).isZero();
        assertThat(firstCheck.out()).contains("first invocation").contains("(cold start)")
                .containsPattern("\\[ok  ] worker JVM: Java \\S+, max heap \\d+ MB, TieredCompilation=true,"
                        + " TieredStopAtLevel=4");
    }

    @Test
    void aWorkerThatFitsPassesEveryCheck() {
        Result r = run("lambda", "check", "--function", "cubed-worker", "--work-dir", WORK_DIR, "--allowed-mem", "500MB",
                "--timeout", "20");
        assertThat(r.code()).as(r.out()).isZero();
        assertThat(r.out())
                .contains("[ok  ] function: Active, java21, [x86_64], 512 MB, 30 s")
                .contains("[ok  ] handler and runtime: dev.cubed.lambda.worker.TaskHandler::handleRequest on java21")
                .contains("[ok  ] memory: 512 MB covers the allowed memory of 500.0 MB per task")
                .contains("[ok  ] timeout: 30 s, at least the 20 s a task may take")
                .contains("[ok  ] work dir allowed by the worker: the worker may use s3://cubed-work/")
                .contains("[ok  ] write to the work dir")
                .contains("[ok  ] read from the work dir")
                .contains("[ok  ] list the work dir")
                .contains("[ok  ] delete from the work dir")
                .containsPattern("\\[ok  ] task round trip: \\d+ tasks of \\d+ operations in \\d+ invocations, results"
                        + " verified")
                .contains("The worker is ready");
    }

    @Test
    void aFunctionWithLessMemoryThanAllowedFailsWithWhatToDo() {
        Result r = run("lambda", "check", "--function", "cubed-worker", "--work-dir", WORK_DIR, "--allowed-mem", "2GB");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out())
                .contains("[FAIL] memory: 512 MB (536.9 MB) is less than the allowed memory of 2.0 GB per task")
                .contains("-> raise the function's memory to at least 1908 MB (infra/deploy.sh --parameter-overrides"
                        + " MemorySize=1908), or plan with at most --allowed-mem 536MB")
                .contains("[FAIL] timeout: 30 s is shorter than the 60 s a task may take")
                .contains("2 checks failed");
        // the rest still ran
        assertThat(r.out()).containsPattern("\\[ok  ] task round trip");
    }

    @Test
    void aWorkDirTheWorkerRefusesAndAMissingFunctionFail() {
        Result refused = run("lambda", "check", "--function", "cubed-worker", "--work-dir", "s3://elsewhere/cubed",
                "--allowed-mem", "500MB", "--timeout", "20");
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.out())
                .contains("[FAIL] work dir allowed by the worker: the worker may only use s3://cubed-work/, so it would"
                        + " refuse s3://elsewhere/cubed")
                .contains("[FAIL] write to the work dir: cannot write s3://elsewhere/cubed/.cubed-check/")
                .contains("[skip] task round trip: the work dir is not writable with your credentials");

        Result missing = run("lambda", "check", "--function", "no-such-worker", "--work-dir", WORK_DIR);
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.out()).contains("[FAIL] function: no function named no-such-worker")
                .contains("[skip] task round trip: the function's configuration could not be read");

        Result local = run("lambda", "check", "--function", "cubed-worker", "--work-dir", "/tmp/work");
        assertThat(local.code()).isEqualTo(1);
        assertThat(local.out()).contains("[FAIL] work dir: /tmp/work is not an S3 location");
    }

    @Test
    void aMissingWorkerPackageSaysHowToBuildIt() {
        StringWriter err = new StringWriter();
        int code = Main.run(Map.of("CUBED_HOME", "/nonexistent"), new PrintWriter(err, true), new PrintWriter(err, true),
                "local-lambda");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("no worker package at /nonexistent/lambda-worker/target/cubed-lambda-worker.zip")
                .contains("mvn -pl lambda-worker -am package -DskipTests");
    }

    @Test
    void stoppingLocalLambdaClosesItsEndpoints() throws Exception {
        // a second instance, stopped here, so the shared one stays up for the other tests
        StringWriter out = new StringWriter();
        Path zip = Path.of(System.getProperty("cubed.workerZip", "../lambda-worker/target/cubed-lambda-worker.zip"));
        AtomicInteger exit = new AtomicInteger(-1);
        String s3Dir = Files.createTempDirectory("cubed-s3").toString();
        Thread t = new Thread(() -> exit.set(Main.run(Map.of(), new PrintWriter(out, true), new PrintWriter(out, true),
                "local-lambda", "--port", "0", "--s3-port", "0", "--worker-zip", zip.toString(), "--s3-dir", s3Dir)));
        t.start();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!out.toString().contains("Press Ctrl-C") && System.nanoTime() < deadline && t.isAlive()) {
            Thread.sleep(50);
        }
        Matcher m = Pattern.compile("export AWS_ENDPOINT_URL_LAMBDA=(\\S+)").matcher(out.toString());
        assertThat(m.find()).as(out.toString()).isTrue();
        URI lambda = URI.create(m.group(1));
        try (Socket s = new Socket(lambda.getHost(), lambda.getPort())) {
            assertThat(s.isConnected()).isTrue();
        }
        t.interrupt();
        t.join(30_000);
        assertThat(exit.get()).isZero();
        assertThatThrownBy(() -> new Socket(lambda.getHost(), lambda.getPort()).close())
                .isInstanceOf(ConnectException.class);
    }
}
