package dev.cubed.lambda.executor;

import dev.cubed.runtime.Callback;

/**
 * A {@link Callback} that also hears what a computation cost on Lambda: pass it with the compute's
 * other callbacks ({@code ComputeOptions.withCallbacks}), and the Lambda executor calls
 * {@link #onLambdaCost} once per computation, after its compute end event (also when it failed).
 * Other executors ignore it.
 */
public interface LambdaCostCallback extends Callback {

    void onLambdaCost(LambdaCostSummary summary);
}
