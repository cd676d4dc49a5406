package dev.cubed.array;

import dev.cubed.block.Block;
import dev.cubed.storage.zarr.ZarrArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's first Java snippet, run as written (only its work dir is a temporary directory),
 * and kept in step with the README: every line of the snippet must appear in {@link #tour}.
 */
class ReadmeTourTest {
    private static final String README_DIR = "\"/tmp/cubed-work\"";
    private static final String README_ZARR = "\"/tmp/cubed-work/a.zarr\"";

    @TempDir
    Path tmp;

    @Test
    void theTourSnippetComputesWhatItSays() {
        Block[] out = tour(tmp.toString(), tmp + "/a.zarr");
        Block means = out[0];
        Block a = out[1];
        Block stored = out[2];

        // independent check: the same column means, summed directly over the computed random values
        assertThat(means.shape()).containsExactly(4000);
        for (int j = 0; j < 4000; j++) {
            double sum = 0;
            for (int i = 0; i < 4000; i++) {
                sum += a.getDouble(i, j) + 1.0;
            }
            assertThat(means.getDouble(j)).isCloseTo(sum / 4000, org.assertj.core.data.Offset.offset(1e-12));
        }
        assertThat(means.getDouble(0)).isBetween(1.45, 1.55);
        for (int i = 0; i < 4000; i += 97) {
            for (int j = 0; j < 4000; j += 89) {
                assertThat(stored.getDouble(i, j)).isEqualTo(a.getDouble(i, j));
            }
        }
    }

    @Test
    void theReadmeShowsThisCode() throws IOException, ClassNotFoundException {
        List<String> snippet = firstJavaBlock(Files.readAllLines(Path.of("..", "README.md")));
        String source = Files.readString(Path.of("src/test/java/dev/cubed/array/ReadmeTourTest.java"));
        assertThat(snippet).as("the README's first java block").isNotEmpty();
        for (String line : snippet) {
            String code = line.strip().replace(README_ZARR, "zarrUrl").replace(README_DIR, "workDir");
            if (code.isEmpty()) {
                continue;
            }
            if (code.startsWith("import ")) { // the snippet's imports name real classes
                String name = code.substring("import ".length(), code.length() - 1);
                assertThat(Class.forName(name)).isNotNull();
                continue;
            }
            assertThat(source).as("README line %s", line).contains(code);
        }
    }

    /** Returns {means, a, a read back from Zarr}. */
    private static Block[] tour(String workDir, String zarrUrl) {
        // ---- the README snippet, from here ----
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
            // ---- to here ----
            ZarrArray back = ZarrArray.open(cb.storage().open(zarrUrl), "");
            return new Block[] {means, a.compute(), back.read(new long[2], new int[] {4000, 4000})};
        }
    }

    private static List<String> firstJavaBlock(List<String> lines) {
        List<String> block = new ArrayList<>();
        boolean in = false;
        for (String line : lines) {
            if (!in && line.strip().equals("```java")) {
                in = true;
            } else if (in && line.strip().equals("```")) {
                return block;
            } else if (in) {
                block.add(line);
            }
        }
        return block;
    }
}
