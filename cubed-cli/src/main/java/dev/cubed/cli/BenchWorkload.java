package dev.cubed.cli;

import dev.cubed.array.LazyArray;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The workloads of {@code cubed bench}, on N x N float64 arrays in C x C chunks. */
enum BenchWorkload {
    ADD_SUM("add-sum", "sum(a + b)", 2),
    ADD_STORE("add-store", "a + b stored to Zarr", 2),
    QUAD_MEANS("quad-means", "mean(u*u, axis 0), mean(v*v, axis 0), mean(u*v, axis 0), computed together", 2),
    RECHUNK("rechunk", "an array in (C, N) chunks rechunked to (N, C) and stored", 1),
    MATMUL("matmul", "a @ b stored to Zarr", 2);

    final String cliName;
    final String description;
    final int inputs;

    BenchWorkload(String cliName, String description, int inputs) {
        this.cliName = cliName;
        this.description = description;
        this.inputs = inputs;
    }

    static BenchWorkload parse(String name) {
        for (BenchWorkload w : values()) {
            if (w.cliName.equals(name.toLowerCase(Locale.ROOT))) {
                return w;
            }
        }
        throw new IllegalArgumentException("unknown workload '" + name + "'; choose one of " + names());
    }

    static List<String> names() {
        List<String> n = new ArrayList<>();
        for (BenchWorkload w : values()) {
            n.add(w.cliName);
        }
        return n;
    }

    /** The chunk shape of the inputs: C x C, except rechunk's source in (C, N) row bands. */
    int[] inputChunks(long n, int c) {
        return this == RECHUNK ? new int[] {c, (int) n} : new int[] {c, c};
    }

    /** Whether the workload stores an array (the result is its shape and chunks) or returns values. */
    boolean stores() {
        return this == ADD_STORE || this == RECHUNK || this == MATMUL;
    }

    /** The arrays to compute (values returned) or, for storing workloads, the one array to store. */
    List<LazyArray> outputs(List<LazyArray> in, long n, int c) {
        switch (this) {
            case ADD_SUM:
                return List.of(in.get(0).add(in.get(1)).sum());
            case ADD_STORE:
                return List.of(in.get(0).add(in.get(1)));
            case QUAD_MEANS: {
                LazyArray u = in.get(0);
                LazyArray v = in.get(1);
                return List.of(u.multiply(u).mean(0), v.multiply(v).mean(0), u.multiply(v).mean(0));
            }
            case RECHUNK:
                return List.of(in.get(0).rechunk((int) n, c));
            case MATMUL:
                return List.of(in.get(0).matmul(in.get(1)));
            default:
                throw new IllegalStateException(name());
        }
    }

    @Override
    public String toString() {
        return cliName;
    }
}
