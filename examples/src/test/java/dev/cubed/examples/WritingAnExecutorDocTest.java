package dev.cubed.examples;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/writing-an-executor.md shows real, compiled sources: every fenced block after an
 * {@code <!-- include: path -->} marker must equal that file, byte for byte.
 */
class WritingAnExecutorDocTest {
    private static final Pattern INCLUDE = Pattern.compile("<!-- include: (\\S+) -->\\n```java\\n(.*?)```",
            Pattern.DOTALL);

    @Test
    void includedSourcesMatchTheFilesTheyNameInTheRepository() throws IOException {
        Path root = repositoryRoot();
        String doc = Files.readString(root.resolve("docs/writing-an-executor.md"));
        Matcher m = INCLUDE.matcher(doc);
        List<String> included = new ArrayList<>();
        while (m.find()) {
            Path source = root.resolve(m.group(1));
            assertThat(source).as("the file the doc includes").exists();
            assertThat(m.group(2)).as("the listing of %s in docs/writing-an-executor.md; copy the file into the doc",
                    m.group(1)).isEqualTo(Files.readString(source));
            included.add(m.group(1));
        }
        assertThat(included).contains("examples/src/main/java/dev/cubed/examples/executor/ForkJoinExecutor.java");
    }

    private static Path repositoryRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("docs/writing-an-executor.md"))) {
                return p;
            }
        }
        throw new AssertionError("cannot find docs/writing-an-executor.md above " + Path.of("").toAbsolutePath());
    }
}
