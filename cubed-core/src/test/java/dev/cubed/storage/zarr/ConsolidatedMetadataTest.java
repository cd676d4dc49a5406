package dev.cubed.storage.zarr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cubed.block.Block;
import dev.cubed.block.DataType;
import dev.cubed.storage.DirectoryHttpServer;
import dev.cubed.storage.FileStore;
import dev.cubed.storage.HttpStore;
import dev.cubed.storage.MemoryStore;
import dev.cubed.storage.Store;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Groups with consolidated metadata: zarr-python's v2 {@code .zmetadata} and zarr-python 3's v3
 * {@code consolidated_metadata}, read from files and over HTTP (which cannot list), what
 * happens when the consolidated copy and the store disagree, and consolidating our own groups.
 */
class ConsolidatedMetadataTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void zarrPythonsV2GroupOpensFromItsZmetadata() {
        ZarrGroup g = ZarrGroup.open(new FileStore(ConsolidatedFixtures.committed(ZarrFormat.V2)), "");
        assertThat(g.isConsolidated()).isTrue();
        assertThat(g.metadataSource()).startsWith("consolidated: '").contains("/.zmetadata' (5 nodes)");
        ConsolidatedFixtures.assertContents(g, ZarrFormat.V2);
    }

    @Test
    void aV2GroupZarrPythonWritesNowOpensTheSameWay() throws Exception {
        Optional<Path> fresh = ConsolidatedFixtures.writtenByZarrPython(dir);
        Assumptions.assumeTrue(fresh.isPresent(), "no python3 with zarr on this machine");
        ZarrGroup g = ZarrGroup.open(new FileStore(fresh.get()), "");
        assertThat(g.isConsolidated()).isTrue();
        ConsolidatedFixtures.assertContents(g, ZarrFormat.V2);
    }

    @Test
    void aV3GroupInZarrPython3sLayoutOpensFromItsConsolidatedMetadata() {
        ZarrGroup g = ZarrGroup.open(new FileStore(ConsolidatedFixtures.committed(ZarrFormat.V3)), "");
        assertThat(g.isConsolidated()).isTrue();
        assertThat(g.metadataSource()).startsWith("consolidated: the consolidated_metadata of '").endsWith("(5 nodes)");
        ConsolidatedFixtures.assertContents(g, ZarrFormat.V3);
    }

    @Test
    void withoutConsolidationTheSameHierarchyComesFromListingTheStore() {
        for (ZarrFormat f : ZarrFormat.values()) {
            ZarrGroup g = ZarrGroup.open(new FileStore(ConsolidatedFixtures.committed(f)), "", ZarrGroup.Consolidation.IGNORE);
            assertThat(g.isConsolidated()).isFalse();
            assertThat(g.metadataSource()).contains("listing the store");
            ConsolidatedFixtures.assertContents(g, f);
        }
    }

    @Test
    void openingArraysAndChildGroupsReadsNoMetadata() {
        for (ZarrFormat f : ZarrFormat.values()) {
            CountingStore store = new CountingStore(new FileStore(ConsolidatedFixtures.committed(f)));
            ZarrGroup g = ZarrGroup.open(store, "");
            // v3: zarr.json; v2: zarr.json (absent) then .zmetadata
            assertThat(store.gets.get()).as(f.name()).isEqualTo(f == ZarrFormat.V3 ? 1 : 2);
            store.reset();
            g.arrayNames();
            g.members();
            ZarrArray t = g.openArray("temperature");
            g.openGroup("sub").openArray("mask");
            g.openArray("sub/mask");
            assertThat(store.gets.get()).as(f.name()).isZero();
            t.readChunk(0, 0);
            assertThat(store.gets.get()).isEqualTo(1); // chunks do come from the store
        }
    }

    /** The consolidated copy wins where it disagrees with the store, as in zarr-python; IGNORE reads the store. */
    @Test
    void theConsolidatedCopyIsTrustedOverTheStore() throws Exception {
        Path copy = copyTree(ConsolidatedFixtures.committed(ZarrFormat.V2), dir.resolve("stale.zarr"));
        FileStore store = new FileStore(copy);
        // after consolidation: temperature shrinks, counts loses its metadata, a new array appears
        String zarray = Files.readString(copy.resolve("temperature/.zarray")).replace("\"shape\": [\n        6,", "\"shape\": [\n        4,");
        assertThat(zarray).contains("4,\n        8");
        Files.writeString(copy.resolve("temperature/.zarray"), zarray);
        Files.delete(copy.resolve("counts/.zarray"));
        ZarrArray.create(store, "added", ArrayMetadata.builder().format(ZarrFormat.V2).shape(3).chunks(3)
                .dataType(DataType.INT64).build());

        ZarrGroup trusted = ZarrGroup.open(store, "");
        assertThat(trusted.arrayNames()).containsExactly("counts", "temperature");
        assertThat(trusted.openArray("temperature").metadata().shape()).containsExactly(6, 8);
        Block counts = trusted.openArray("counts").read(new long[1], new int[] {10});
        assertThat(counts.getLongAt(0)).isEqualTo(-100); // its chunks are still there
        assertThatThrownBy(() -> trusted.openArray("added")).isInstanceOf(ZarrException.class)
                .hasMessageContaining("no array 'added' in the consolidated metadata of the group")
                .hasMessageContaining("counts, sub, sub/deeper, sub/mask, temperature")
                .hasMessageContaining("consolidate again");
        assertThatThrownBy(() -> trusted.openArray("sub")).hasMessageContaining("/sub' is not an array in the consolidated"
                + " metadata of the group");
        assertThatThrownBy(() -> trusted.openGroup("temperature")).hasMessageContaining("is not a group");

        ZarrGroup fromStore = ZarrGroup.open(store, "", ZarrGroup.Consolidation.IGNORE);
        assertThat(fromStore.arrayNames()).containsExactly("added", "temperature");
        assertThat(fromStore.openArray("temperature").metadata().shape()).containsExactly(4, 8);

        ZarrGroup again = ZarrGroup.consolidate(store, "");
        assertThat(again.isConsolidated()).isTrue();
        assertThat(again.arrayNames()).containsExactly("added", "temperature");
        assertThat(again.openArray("temperature").metadata().shape()).containsExactly(4, 8);
    }

    @Test
    void consolidatingOurGroupsWritesWhatZarrPythonWrites() throws Exception {
        for (ZarrFormat f : ZarrFormat.values()) {
            Store store = new FileStore(dir.resolve("ours-" + f));
            writeHierarchy(store, f);
            ZarrGroup g = ZarrGroup.consolidate(store, "");
            assertThat(g.isConsolidated()).isTrue();
            ConsolidatedFixtures.assertContents(g, f);
            JsonNode doc = JSON.readTree(dir.resolve("ours-" + f).resolve(f == ZarrFormat.V2 ? ".zmetadata" : "zarr.json")
                    .toFile());
            if (f == ZarrFormat.V2) {
                assertThat(doc.get("zarr_consolidated_format").asInt()).isEqualTo(1);
                assertThat(fieldNames(doc.get("metadata"))).containsExactlyInAnyOrder(".zgroup", ".zattrs",
                        "counts/.zarray", "sub/.zgroup", "sub/.zattrs", "sub/deeper/.zgroup", "sub/mask/.zarray",
                        "temperature/.zarray", "temperature/.zattrs");
            } else {
                JsonNode cm = doc.get("consolidated_metadata");
                assertThat(cm.get("kind").asText()).isEqualTo("inline");
                assertThat(cm.get("must_understand").asBoolean(true)).isFalse();
                assertThat(fieldNames(cm.get("metadata"))).containsExactlyInAnyOrderElementsOf(ConsolidatedFixtures.MEMBERS);
                assertThat(cm.at("/metadata/sub/consolidated_metadata/metadata").isEmpty()).isTrue();
                assertThat(cm.at("/metadata/temperature/node_type").asText()).isEqualTo("array");
            }
        }
        // zarr-python reads our .zmetadata (open_consolidated reads nothing else for metadata)
        String python = ZarrPythonInteropTest.findPython();
        Assumptions.assumeTrue(python != null, "no python3 with zarr on this machine");
        Path group = dir.resolve("ours-" + ZarrFormat.V2);
        for (String member : List.of("counts", "temperature", "sub/mask", "sub/.zattrs", "temperature/.zattrs")) {
            Files.delete(group.resolve(member.contains(".z") ? member : member + "/.zarray"));
        }
        String script = String.join("\n",
                "import sys, zarr, numpy as np",
                "g = zarr.open_consolidated(sys.argv[1], mode='r')",
                "assert g.attrs['title'] == 'consolidated v2 fixture', dict(g.attrs)",
                "assert sorted(g.array_keys()) == ['counts', 'temperature'], list(g.array_keys())",
                "assert (g['temperature'][:] == np.arange(48).reshape(6, 8) * 0.5 + 270).all()",
                "assert g['temperature'].attrs['units'] == 'K'",
                "c = np.arange(10) * 3 - 100; c[4:8] = 42",
                "assert (g['counts'][:] == c).all(), g['counts'][:]",
                "assert (g['sub/mask'][:] == np.arange(25).reshape(5, 5) % 7).all()",
                "assert g['sub'].attrs['level'] == 1",
                "print('OK')");
        Process p = new ProcessBuilder(python, "-c", script, group.toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("OK");
    }

    /** Writes the fixtures' hierarchy and values with this library. */
    private static void writeHierarchy(Store store, ZarrFormat f) {
        ZarrGroup root = ZarrGroup.create(store, "", f, Map.of("title", "consolidated " + (f == ZarrFormat.V2 ? "v2" : "v3")
                + " fixture"));
        double[] t = new double[48];
        for (int i = 0; i < t.length; i++) {
            t[i] = ConsolidatedFixtures.temperature(i);
        }
        root.createArray("temperature", ArrayMetadata.builder().format(f).shape(6, 8).chunks(4, 4)
                .dataType(DataType.FLOAT64).fillValue("NaN").dimensionNames("y", "x").attributes(Map.of("units", "K"))
                .build()).write(new long[2], Block.of(t, 6, 8));
        ZarrArray counts = root.createArray("counts", ArrayMetadata.builder().format(f).shape(10).chunks(4)
                .dataType(DataType.INT32).fillValue(42).build());
        for (long c : new long[] {0, 2}) {
            int n = c == 2 ? 2 : 4;
            int[] v = new int[n];
            for (int i = 0; i < n; i++) {
                v[i] = (int) ConsolidatedFixtures.counts((int) c * 4 + i);
            }
            counts.writeChunk(new long[] {c}, Block.of(v, n));
        }
        ZarrGroup sub = root.createGroup("sub", Map.of("level", 1));
        long[] m = new long[25];
        for (int i = 0; i < m.length; i++) {
            m[i] = ConsolidatedFixtures.mask(i);
        }
        sub.createArray("mask", ArrayMetadata.builder().format(f).shape(5, 5).chunks(3, 3).dataType(DataType.UINT8)
                .build()).write(new long[2], Block.of(m, 5, 5).astype(DataType.UINT8));
        sub.createGroup("deeper", Map.of());
    }

    @Test
    void overHttpAConsolidatedGroupNeedsNoListing() throws Exception {
        Path root = ConsolidatedFixtures.committed(ZarrFormat.V2).getParent().getParent();
        try (DirectoryHttpServer server = new DirectoryHttpServer(root)) {
            for (ZarrFormat f : ZarrFormat.values()) {
                Store store = new HttpStore(HTTP, server.url((f == ZarrFormat.V2 ? "v2" : "v3") + "/group.zarr"));
                server.reset();
                ZarrGroup g = ZarrGroup.open(store, "");
                assertThat(server.requests()).extracting(DirectoryHttpServer.Request::path)
                        .containsExactlyElementsOf(f == ZarrFormat.V2
                                ? List.of("/v2/group.zarr/zarr.json", "/v2/group.zarr/.zmetadata")
                                : List.of("/v3/group.zarr/zarr.json"));
                int opening = server.requests().size();
                ConsolidatedFixtures.assertContents(g, f);
                // after opening, only chunks: 4 of temperature, 3 of counts (one a 404), 4 of mask read twice
                List<DirectoryHttpServer.Request> after = server.requests().subList(opening, server.requests().size());
                assertThat(after).extracting(DirectoryHttpServer.Request::path)
                        .noneMatch(p -> p.endsWith("zarr.json") || p.contains("/.z")).hasSize(4 + 3 + 2 * 4);
                assertThat(after).extracting(DirectoryHttpServer.Request::method).containsOnly("GET");
            }
            // without consolidation over HTTP: the error says what is missing
            ZarrGroup plain = ZarrGroup.open(new HttpStore(HTTP, server.url("v2/group.zarr")), "",
                    ZarrGroup.Consolidation.IGNORE);
            assertThatThrownBy(plain::arrayNames).isInstanceOf(ZarrException.class)
                    .hasMessageContaining("cannot find the members of the group 'http://127.0.0.1:")
                    .hasMessageContaining("cannot be listed").hasMessageContaining("no consolidated metadata")
                    .hasMessageContaining(".zmetadata");
            assertThat(plain.openArray("temperature").metadata().shape()).containsExactly(6, 8); // by path it opens
        }
    }

    @Test
    void requireFailsWithoutConsolidatedMetadata() {
        MemoryStore store = new MemoryStore("plain");
        ZarrGroup.create(store, "", ZarrFormat.V2, Map.of());
        ZarrGroup.create(store, "v3", ZarrFormat.V3, Map.of());
        assertThatThrownBy(() -> ZarrGroup.open(store, "", ZarrGroup.Consolidation.REQUIRE))
                .hasMessageContaining("the group 'memory://plain' has no consolidated metadata (it has no .zmetadata)");
        assertThatThrownBy(() -> ZarrGroup.open(store, "v3", ZarrGroup.Consolidation.REQUIRE))
                .hasMessageContaining("its zarr.json has no consolidated_metadata");
        assertThat(ZarrGroup.open(store, "").isConsolidated()).isFalse();
    }

    @Test
    void badConsolidatedMetadataIsReportedWithItsDocument() {
        MemoryStore store = new MemoryStore("bad");
        put(store, ".zmetadata", "{\"zarr_consolidated_format\": 2, \"metadata\": {}}");
        assertThatThrownBy(() -> ZarrGroup.open(store, "")).hasMessageContaining("memory://bad/.zmetadata")
                .hasMessageContaining("zarr_consolidated_format is 2");
        put(store, ".zmetadata", "{\"zarr_consolidated_format\": 1, \"metadata\": {\"a/.zarray\": {}}}");
        assertThatThrownBy(() -> ZarrGroup.open(store, "")).hasMessageContaining("no .zgroup entry");
        put(store, "v3/zarr.json", "{\"zarr_format\": 3, \"node_type\": \"group\", \"consolidated_metadata\":"
                + " {\"kind\": \"inline\", \"metadata\": {\"a\": {\"zarr_format\": 3, \"node_type\": \"table\"}}}}");
        assertThatThrownBy(() -> ZarrGroup.open(store, "v3")).hasMessageContaining("memory://bad/v3/zarr.json")
                .hasMessageContaining("the entry 'a' has node_type 'table'");
        put(store, "v3/zarr.json", "{\"zarr_format\": 3, \"node_type\": \"group\", \"consolidated_metadata\":"
                + " {\"kind\": \"external\", \"metadata\": {}}}");
        assertThatThrownBy(() -> ZarrGroup.open(store, "v3")).hasMessageContaining("kind is 'external'");
        assertThat(ZarrGroup.open(store, "v3", ZarrGroup.Consolidation.IGNORE).isConsolidated()).isFalse();
    }

    /** One array this library cannot read (a string dtype, as xarray writes for labels) does not hide the others. */
    @Test
    void anUnreadableArrayIsReportedAndTheRestStillOpen() {
        MemoryStore store = new MemoryStore("mixed");
        put(store, ".zmetadata", "{\"zarr_consolidated_format\": 1, \"metadata\": {\".zgroup\": {\"zarr_format\": 2},"
                + " \"labels/.zarray\": {\"zarr_format\": 2, \"shape\": [3], \"chunks\": [3], \"dtype\": \"<U5\","
                + " \"compressor\": null, \"fill_value\": \"\", \"filters\": null, \"order\": \"C\"},"
                + " \"x/.zarray\": {\"zarr_format\": 2, \"shape\": [3], \"chunks\": [3], \"dtype\": \"<f8\","
                + " \"compressor\": null, \"fill_value\": 0, \"filters\": null, \"order\": \"C\"}}}");
        ZarrGroup g = ZarrGroup.open(store, "");
        List<ZarrGroup.Member> members = g.members();
        assertThat(members).extracting(ZarrGroup.Member::path).containsExactly("labels", "x");
        assertThat(members.get(0).metadata()).isNull();
        assertThat(members.get(0).problem()).contains("memory://mixed/labels").contains("unknown data type '<U5'");
        assertThat(members.get(1).metadata().shape()).containsExactly(3);
        assertThatThrownBy(() -> g.openArray("labels")).hasMessageContaining("unknown data type '<U5'");
        assertThat(g.openArray("x").read(new long[1], new int[] {3}).getDoubleAt(2)).isZero();
    }

    private static void put(Store store, String key, String json) {
        store.put(key, java.nio.ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> out = new java.util.ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static Path copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return to;
    }
}
