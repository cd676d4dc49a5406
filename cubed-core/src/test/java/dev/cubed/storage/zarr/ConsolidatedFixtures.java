package dev.cubed.storage.zarr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cubed.block.Block;
import dev.cubed.block.DataType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The consolidated groups in {@code src/test/resources/consolidated} (a v2 group written by
 * zarr-python 2 and a v3 group in zarr-python 3's layout; see the README there) and the value
 * formulas their arrays follow, so a reader's results can be checked element by element.
 */
public final class ConsolidatedFixtures {
    private ConsolidatedFixtures() {
    }

    /** The members of either group, parents before children. */
    public static final List<String> MEMBERS = List.of("counts", "sub", "sub/deeper", "sub/mask", "temperature");

    /** The committed group of a format. */
    public static Path committed(ZarrFormat format) {
        try {
            return Paths.get(ConsolidatedFixtures.class.getResource("/consolidated/README.md").toURI()).getParent()
                    .resolve(format == ZarrFormat.V2 ? "v2" : "v3").resolve("group.zarr");
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A fresh v2 group written by zarr-python under {@code dir} with the committed fixture's
     * script, or empty when no python3 here has zarr (Debian: {@code apt-get install python3-zarr}).
     */
    public static Optional<Path> writtenByZarrPython(Path dir) throws IOException, InterruptedException {
        String python = ZarrPythonInteropTest.findPython();
        if (python == null) {
            return Optional.empty();
        }
        Path script = committed(ZarrFormat.V2).getParent().getParent().resolve("write_v2_consolidated.py");
        Path out = dir.resolve("group.zarr");
        Process p = new ProcessBuilder(python, script.toString(), out.toString()).redirectErrorStream(true).start();
        boolean done = p.waitFor(120, TimeUnit.SECONDS);
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!done) {
            p.destroyForcibly();
        }
        assertThat(done && p.exitValue() == 0).as(log).isTrue();
        return Optional.of(out);
    }

    /** {@code temperature}: (6, 8) float64, idx * 0.5 + 270. */
    public static double temperature(int idx) {
        return idx * 0.5 + 270;
    }

    /** {@code counts}: (10,) int32, idx * 3 - 100, with chunk 1 (elements 4..7) never written: the fill 42. */
    public static long counts(int idx) {
        return idx >= 4 && idx < 8 ? 42 : idx * 3L - 100;
    }

    /** {@code sub/mask}: (5, 5) uint8, idx % 7. */
    public static long mask(int idx) {
        return idx % 7;
    }

    /** Checks the group's members, attributes, metadata and every element of every array. */
    static void assertContents(ZarrGroup g, ZarrFormat format) {
        assertThat(g.format()).isEqualTo(format);
        assertThat(g.attributesMap()).containsEntry("title", "consolidated " + (format == ZarrFormat.V2 ? "v2" : "v3")
                + " fixture");
        assertThat(g.arrayNames()).containsExactly("counts", "temperature");
        assertThat(g.groupNames()).containsExactly("sub");
        assertThat(g.members()).extracting(ZarrGroup.Member::path).containsExactlyElementsOf(MEMBERS);
        assertThat(g.members()).filteredOn(ZarrGroup.Member::isArray).extracting(ZarrGroup.Member::path)
                .containsExactly("counts", "sub/mask", "temperature");

        ZarrArray t = g.openArray("temperature");
        assertThat(t.metadata().shape()).containsExactly(6, 8);
        assertThat(t.metadata().chunks()).containsExactly(4, 4);
        assertThat(t.metadata().dataType()).isEqualTo(DataType.FLOAT64);
        assertThat(t.metadata().dimensionNames()).containsExactly("y", "x");
        assertThat(t.attributes()).isEqualTo(Map.of("units", "K"));
        Block tv = t.read(new long[2], new int[] {6, 8});
        for (int i = 0; i < 48; i++) {
            assertThat(tv.getDoubleAt(i)).as("temperature[%d]", i).isEqualTo(temperature(i));
        }
        ZarrArray c = g.openArray("counts");
        assertThat(c.metadata().dataType()).isEqualTo(DataType.INT32);
        assertThat(c.metadata().fillValue()).isEqualTo(42L);
        Block cv = c.read(new long[1], new int[] {10});
        for (int i = 0; i < 10; i++) {
            assertThat(cv.getLongAt(i)).as("counts[%d]", i).isEqualTo(counts(i));
        }
        ZarrGroup sub = g.openGroup("sub");
        assertThat(sub.attributesMap()).isEqualTo(Map.of("level", 1));
        assertThat(sub.arrayNames()).containsExactly("mask");
        assertThat(sub.groupNames()).containsExactly("deeper");
        assertThat(sub.openGroup("deeper").members()).isEmpty();
        for (ZarrArray m : List.of(sub.openArray("mask"), g.openArray("sub/mask"))) {
            assertThat(m.path()).isEqualTo(g.path().isEmpty() ? "sub/mask" : g.path() + "/sub/mask");
            assertThat(m.metadata().dataType()).isEqualTo(DataType.UINT8);
            Block mv = m.read(new long[2], new int[] {5, 5});
            for (int i = 0; i < 25; i++) {
                assertThat(mv.getLongAt(i)).as("mask[%d]", i).isEqualTo(mask(i));
            }
        }
    }
}
