package dev.cubed.lambda.local;

/**
 * A snapshot of one function's execution environments and invocations.
 *
 * @param inFlight            invocations admitted and not yet answered
 * @param environments        live execution environments (busy or idle)
 * @param idleEnvironments    live environments waiting for an invocation
 * @param environmentsStarted child JVMs started since {@link LocalLambda#start()} (cold starts)
 * @param invocations         invocations answered since start, whatever their outcome
 * @param throttled           synchronous invocations refused with 429
 */
public record FunctionStats(
        String functionName,
        int inFlight,
        int environments,
        int idleEnvironments,
        long environmentsStarted,
        long invocations,
        long throttled) {
}
