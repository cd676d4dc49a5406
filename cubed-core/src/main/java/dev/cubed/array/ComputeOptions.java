package dev.cubed.array;

import dev.cubed.runtime.Callback;

import java.util.List;

/**
 * Options of one {@code compute()}: resume (skip work whose outputs already exist), fusion on or
 * off, and extra callbacks (progress bars, history, custom listeners).
 */
public record ComputeOptions(boolean resume, boolean optimize, List<Callback> callbacks, boolean recomputeStale) {

    public ComputeOptions {
        callbacks = List.copyOf(callbacks);
    }

    public ComputeOptions(boolean resume, boolean optimize, List<Callback> callbacks) {
        this(resume, optimize, callbacks, false);
    }

    public static ComputeOptions defaults() {
        return new ComputeOptions(false, true, List.of());
    }

    /**
     * Resume: skip tasks whose output chunks exist. Only chunks of arrays written by the same plan
     * count; an output written by another computation makes the run fail before any task, unless
     * {@link #withStaleOutputsRecomputed}.
     */
    public ComputeOptions withResume(boolean on) {
        return new ComputeOptions(on, optimize, callbacks, recomputeStale);
    }

    /** On resume, empty outputs that another computation wrote and compute them again, instead of failing. */
    public ComputeOptions withStaleOutputsRecomputed(boolean on) {
        return new ComputeOptions(resume, optimize, callbacks, on);
    }

    public ComputeOptions withOptimize(boolean on) {
        return new ComputeOptions(resume, on, callbacks, recomputeStale);
    }

    public ComputeOptions withCallbacks(Callback... more) {
        List<Callback> all = new java.util.ArrayList<>(callbacks);
        all.addAll(List.of(more));
        return new ComputeOptions(resume, optimize, all, recomputeStale);
    }
}
