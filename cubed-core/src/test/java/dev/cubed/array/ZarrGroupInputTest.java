package dev.cubed.array;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cubed.block.Block;
import dev.cubed.storage.DirectoryHttpServer;
import dev.cubed.storage.zarr.ConsolidatedFixtures;
import dev.cubed.storage.zarr.ZarrFormat;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fromZarr(group, path)}: arrays of consolidated groups (zarr-python's v2 and zarr-python 3's
 * v3 layout) as computation inputs, from files and over HTTP, where the group cannot be listed.
 */
class ZarrGroupInputTest {
    @TempDir
    Path work;

    private Cubed session() {
        return Cubed.session(Spec.builder().workDir(work).allowedMem("200MB").reservedMem(0).build());
    }

    @Test
    void arraysOfAConsolidatedGroupAreInputs() {
        for (ZarrFormat f : ZarrFormat.values()) {
            try (Cubed cb = session()) {
                String group = ConsolidatedFixtures.committed(f).toString();
                checkInputs(cb, group);
            }
        }
    }

    @Test
    void overHttpTheTasksReadChunksWithThePlansMetadata() throws Exception {
        Path fixtures = ConsolidatedFixtures.committed(ZarrFormat.V2).getParent().getParent();
        try (DirectoryHttpServer server = new DirectoryHttpServer(fixtures); Cubed cb = session()) {
            for (String version : new String[] {"v2", "v3"}) {
                String group = server.url(version + "/group.zarr");
                LazyArray t = cb.fromZarr(group, "temperature");
                server.reset();
                checkInputs(cb, group);
                // the tasks fetched chunks only: no metadata document after the group was opened
                assertThat(server.requests()).extracting(DirectoryHttpServer.Request::path)
                        .filteredOn(p -> p.contains("/temperature/") || p.contains("/counts/") || p.contains("/mask/"))
                        .noneMatch(p -> p.endsWith("zarr.json") || p.endsWith(".zarray") || p.endsWith(".zattrs"));
                assertThat(t.shape()).containsExactly(6, 8);
            }
        }
    }

    /** Sums and element-wise results of the three arrays against their formulas. */
    private static void checkInputs(Cubed cb, String group) {
        LazyArray t = cb.fromZarr(group, "temperature");
        assertThat(t.chunks()).containsExactly(4, 4);
        Block scaled = t.multiply(2).subtract(540).compute();
        for (int i = 0; i < 48; i++) {
            assertThat(scaled.getDoubleAt(i)).isEqualTo(2 * ConsolidatedFixtures.temperature(i) - 540);
        }
        double tsum = 0;
        for (int i = 0; i < 48; i++) {
            tsum += ConsolidatedFixtures.temperature(i);
        }
        assertThat(t.sum().compute().getDouble()).isEqualTo(tsum);
        long csum = 0;
        for (int i = 0; i < 10; i++) {
            csum += ConsolidatedFixtures.counts(i);
        }
        assertThat(cb.fromZarr(group, "counts").sum().compute().getLong()).isEqualTo(csum); // the missing chunk is 4 x 42
        Block mask = cb.fromZarr(group, "sub/mask").compute();
        for (int i = 0; i < 25; i++) {
            assertThat(mask.getLongAt(i)).isEqualTo(ConsolidatedFixtures.mask(i));
        }
    }
}
