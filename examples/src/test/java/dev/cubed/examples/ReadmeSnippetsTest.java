package dev.cubed.examples;

import dev.cubed.array.Cubed;
import dev.cubed.array.Spec;
import dev.cubed.block.Block;
import dev.cubed.runtime.Executors;
import dev.cubed.storage.zarr.ZarrArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The README's Java snippets, from a project that has nothing of the repository but its artifacts. */
class ReadmeSnippetsTest {
    private static final Path README = Path.of("..", "README.md");
    private static final Path SNIPPETS = Path.of("src/main/java/dev/cubed/examples/ReadmeSnippets.java");

    @TempDir
    Path tmp;

    @Test
    void theTourComputesColumnMeansOfUniformPlusOneAndStoresTheArray() {
        String zarr = tmp.resolve("a.zarr").toString();
        Block means = ReadmeSnippets.tour(tmp.resolve("work").toString(), zarr);

        assertThat(means.shape()).containsExactly(4000);
        // independent check: the stored array, read back with the Zarr API, averaged here column by column
        try (Cubed cb = Cubed.session(Spec.builder().workDir(tmp.resolve("check")).build())) {
            ZarrArray a = ZarrArray.open(cb.storage().open(zarr), "");
            Block stored = a.read(new long[2], new int[] {4000, 4000});
            for (int j = 0; j < 4000; j += 37) {
                double sum = 0;
                for (int i = 0; i < 4000; i++) {
                    double v = stored.getDouble(i, j);
                    assertThat(v).isBetween(0.0, 1.0);
                    sum += v + 1.0;
                }
                assertThat(means.getDouble(j)).isCloseTo(sum / 4000, within(1e-12));
            }
        }
        assertThat(means.getDouble(0)).isBetween(1.45, 1.55); // "about 1.5"
    }

    @Test
    void theLambdaSpecFindsTheLambdaExecutorByName() {
        Spec spec = ReadmeSnippets.lambdaSpec();
        assertThat(spec.executor()).isEqualTo("lambda");
        // through ServiceLoader, as a compute would: lambda-executor is a dependency of this project
        assertThat(Executors.workers(spec.executor(), spec.executorOptions())).isPositive();
    }

    @Test
    void everyLineOfTheReadmeSnippetsIsHereAndEveryImportNamesAClassOnThisClassPath()
            throws IOException, ClassNotFoundException {
        List<List<String>> blocks = javaBlocks(Files.readAllLines(README));
        assertThat(blocks).as("the README's java blocks: the tour, the Lambda Spec, the Spark Spec, the imports").hasSize(4);
        String source = Files.readString(SNIPPETS);
        int imports = 0;
        for (List<String> block : blocks) {
            for (String line : block) {
                String code = line.strip();
                if (code.isEmpty()) {
                    continue;
                }
                if (code.startsWith("import ")) {
                    String name = code.substring("import ".length(), code.indexOf(';'));
                    assertThat(Class.forName(name)).as(code).isNotNull();
                    imports++;
                    continue;
                }
                // the paths of the tour are parameters here
                code = code.replace("\"/tmp/cubed-work/a.zarr\"", "zarrUrl").replace("\"/tmp/cubed-work\"", "workDir");
                assertThat(source).as("README line %s", line).contains(code);
            }
        }
        assertThat(imports).isGreaterThanOrEqualTo(10);
    }

    private static List<List<String>> javaBlocks(List<String> lines) {
        List<List<String>> blocks = new ArrayList<>();
        List<String> block = null;
        for (String line : lines) {
            if (block == null && line.strip().equals("```java")) {
                block = new ArrayList<>();
            } else if (block != null && line.strip().equals("```")) {
                blocks.add(block);
                block = null;
            } else if (block != null) {
                block.add(line);
            }
        }
        return blocks;
    }
}
