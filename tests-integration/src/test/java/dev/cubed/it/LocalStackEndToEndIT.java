package dev.cubed.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The end-to-end tests against LocalStack, the worker zip deployed there as real functions. Needs a
 * Docker engine; without one the class is reported as skipped. The image is pinned: later tags need
 * an auth token.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackEndToEndIT extends LambdaExecutorEndToEndTests {
    static final String IMAGE = "localstack/localstack:4.14.0";

    @Container
    static final LocalStackContainer LOCALSTACK = new LocalStackContainer(DockerImageName.parse(IMAGE))
            .withServices("lambda", "s3");

    private static LocalStackBackend backend;

    @BeforeAll
    static void deployWorker() {
        backend = LocalStackBackend.deploy(LOCALSTACK, LocalLambdaBackend.workerZip());
    }

    @AfterAll
    static void close() {
        if (backend != null) {
            backend.close();
        }
    }

    @Override
    protected LambdaBackend backend() {
        return backend;
    }

    /** LocalStack's log tails are not promised to carry Lambda's REPORT line. */
    @Override
    protected boolean reportsBilledDuration() {
        return false;
    }
}
