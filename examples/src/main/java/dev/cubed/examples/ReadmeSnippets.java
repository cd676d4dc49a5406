package dev.cubed.examples;

import dev.cubed.array.Cubed;
import dev.cubed.array.LazyArray;
import dev.cubed.array.Spec;
import dev.cubed.block.Block;

/**
 * The README's Java snippets as a user's project runs them; {@code ReadmeSnippetsTest} checks that
 * every line of each snippet is here and what the code computes. Only the paths differ from the
 * README (they are parameters here).
 */
public final class ReadmeSnippets {
    private ReadmeSnippets() {
    }

    /** The tour's first snippet. Returns the column means it computes. */
    public static Block tour(String workDir, String zarrUrl) {
        Spec spec = Spec.builder()
                .workDir(workDir)        // intermediate arrays go here (a path or s3://bucket/prefix)
                .allowedMem("500MB")               // what one task may use; plans that cannot fit fail before running
                .build();                          // executor "threads" (one worker per core) unless you say otherwise
        try (Cubed cb = Cubed.session(spec)) {
            long[] shape = {4000, 4000};
            int[] chunks = {1000, 1000};
            LazyArray a = cb.randomUniform(shape, chunks, 42);   // each chunk a pure function of (seed, chunk)
            LazyArray b = cb.ones(shape, chunks);                 // virtual: never stored
            LazyArray m = a.add(b).mean(0);                       // lazy
            System.out.println(m.plan().summary());               // operations, tasks, projected memory
            Block means = m.compute();                            // runs the tasks, returns an in-memory block
            System.out.println(means.getDouble(0));               // about 1.5
            a.toZarr(zarrUrl);                   // a Zarr v3 array (zarr.json + chunks)
            return means;
        }
    }

    /** Step 4 of the tour: the Spec that runs the same computation on Lambda. */
    public static Spec lambdaSpec() {
        Spec spec = Spec.builder().workDir("s3://cubed-workbucket-1a2b3c4d5e6f/cubed").allowedMem("2GB")
                .executor("lambda").executorOption("function", "cubed-worker").executorOption("region", "eu-west-1")
                .build();
        return spec;
    }

    /** Step 5 of the tour: the Spec of a program submitted to a Spark cluster (spark-executor on its class path). */
    public static Spec sparkSpec() {
        Spec spec = Spec.builder().workDir("s3://my-bucket/cubed").allowedMem("2GB")
                .executor("spark").executorOption("backups", true).build();
        return spec;
    }
}
