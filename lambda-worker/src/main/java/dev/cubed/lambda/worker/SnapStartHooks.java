package dev.cubed.lambda.worker;

import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * SnapStart (published versions with {@code SnapStart=on} in the template): Lambda snapshots the
 * environment after init and restores the snapshot for each cold start. Before the snapshot the
 * worker primes itself (sample tasks, one S3 request), so restored environments start with their
 * classes loaded and code compiled; after a restore it makes a new S3 client, because the
 * snapshot's connections and credentials are stale by then. Randomness needs nothing: the worker
 * draws it only from {@link java.security.SecureRandom}, which Lambda keeps unique across restores.
 *
 * <p>Without SnapStart (or outside Lambda) these hooks are registered and never called.
 */
final class SnapStartHooks implements Resource {
    private final WorkerEnvironment environment;

    private SnapStartHooks(WorkerEnvironment environment) {
        this.environment = environment;
    }

    /** Registers hooks for {@code environment}; the caller keeps the returned object alive. */
    static SnapStartHooks register(WorkerEnvironment environment) {
        SnapStartHooks hooks = new SnapStartHooks(environment);
        Core.getGlobalContext().register(hooks);
        return hooks;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        environment.prime();
        System.out.println("cubed worker: primed for the SnapStart snapshot: " + environment.describe());
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        environment.renewClients();
    }
}
