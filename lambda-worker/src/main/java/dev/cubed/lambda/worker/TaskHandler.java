package dev.cubed.lambda.worker;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The Lambda entry point ({@code dev.cubed.lambda.worker.TaskHandler::handleRequest}): reads one
 * {@link dev.cubed.task.TaskMessage}, runs its tasks, writes a {@link dev.cubed.task.TaskReply}.
 *
 * <p>The runtime creates one instance per execution environment, during its init phase, and
 * calls it for every invocation the environment serves; so the instance owns what is expensive
 * to create (the {@link WorkerEnvironment}: storage clients, kernels, the spec cache) and nothing
 * is static. A failure is thrown: the runtime reports the exception's class as the invocation's
 * {@code errorType} ({@link dev.cubed.task.PermanentTaskError} when retrying cannot help) and its
 * message, which names the operation and chunk, as {@code errorMessage}.
 */
public final class TaskHandler implements RequestStreamHandler {
    private final WorkerEnvironment environment;
    // held here: the checkpoint context may keep only a weak reference
    private final SnapStartHooks snapStart;
    private final AtomicBoolean firstInvocation = new AtomicBoolean(true);

    /** What the Lambda runtime calls: configured from the process environment. */
    public TaskHandler() {
        this(WorkerEnvironment.fromProcess());
    }

    TaskHandler(WorkerEnvironment environment) {
        this.environment = environment;
        this.snapStart = SnapStartHooks.register(environment);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        boolean cold = firstInvocation.getAndSet(false);
        if (cold) {
            // Printed during the first invocation, so it is in that invocation's log tail.
            System.out.println(environment.describe());
        }
        byte[] request = input.readAllBytes();
        try {
            output.write(environment.handle(request, cold));
        } finally {
            if (cold) {
                System.out.println(environment.coldStartSummary());
            }
        }
    }
}
