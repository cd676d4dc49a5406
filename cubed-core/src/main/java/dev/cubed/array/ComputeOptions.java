package dev.cubed.array;

import dev.cubed.runtime.Callback;

import java.util.List;

/**
 * Options of one {@code compute()}: resume (skip work whose outputs already exist), fusion on or
 * off, and extra callbacks (progress bars, history, custom listeners).
 */
public record ComputeOptions(boolean resume, boolean optimize, List<Callback> callbacks) {

    public ComputeOptions {
        callbacks = List.copyOf(callbacks);
    }

    public static ComputeOptions defaults() {
        return new ComputeOptions(false, true, List.of());
    }

    public ComputeOptions withResume(boolean on) {
        return new ComputeOptions(on, optimize, callbacks);
    }

    public ComputeOptions withOptimize(boolean on) {
        return new ComputeOptions(resume, on, callbacks);
    }

    public ComputeOptions withCallbacks(Callback... more) {
        List<Callback> all = new java.util.ArrayList<>(callbacks);
        all.addAll(List.of(more));
        return new ComputeOptions(resume, optimize, all);
    }
}
