package dev.cubed.storage.zarr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cubed.block.Block;
import dev.cubed.block.DataType;
import dev.cubed.storage.FileStore;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Reads every array and group written by zarr-python 2.18 (v2) and zarrita.js (v3) and checks
 * every element against the value formula in MANIFEST.json, plus metadata, missing chunks,
 * stored keys and bytes, attributes and the unsupported-codec errors.
 */
class ZarrFixturesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Path fixtures() throws Exception {
        return Paths.get(ZarrFixturesTest.class.getResource("/zarr-fixtures/MANIFEST.json").toURI()).getParent();
    }

    static JsonNode manifest() throws Exception {
        return JSON.readTree(fixtures().resolve("MANIFEST.json").toFile());
    }

    @TestFactory
    Stream<DynamicTest> everyFixtureArray() throws Exception {
        FileStore store = new FileStore(fixtures());
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode entry : manifest().get("arrays")) {
            String path = entry.get("path").asText();
            tests.add(DynamicTest.dynamicTest(path, () -> {
                if (entry.get("expected_reader_outcome").asText().equals("unsupported_codec_unless_blosc_implemented")) {
                    // Blosc is implemented: these must read with correct values like the rest
                    assertThat(ZarrArray.open(store, path).metadata().describeCodecs()).contains("blosc(lz4");
                }
                checkArray(store, entry);
            }));
        }
        assertThat(tests).hasSizeGreaterThanOrEqualTo(30);
        return tests.stream();
    }

    private static void checkArray(FileStore store, JsonNode entry) {
        String path = entry.get("path").asText();
        ZarrArray a = ZarrArray.open(store, path);
        ArrayMetadata m = a.metadata();
        int format = entry.get("zarr_format").asInt();
        assertThat(m.format()).isEqualTo(format == 2 ? ZarrFormat.V2 : ZarrFormat.V3);
        long[] shape = longs(entry.get("shape"));
        int[] chunks = ints(entry.get("chunks"));
        assertThat(m.shape()).containsExactly(shape);
        assertThat(m.chunks()).containsExactly(chunks);
        DataType type = dtype(entry.get("dtype").asText());
        assertThat(m.dataType()).isEqualTo(type);
        checkFill(m, entry.get("fill_value"));
        if (entry.has("attributes")) {
            assertThat(m.attributes()).isEqualTo(entry.get("attributes"));
        }
        if (entry.has("dimension_names")) {
            assertThat(m.dimensionNames()).containsExactly("z", "y", "x");
        }
        if (entry.has("order") && entry.get("order").asText().equals("F")) {
            assertThat(m.order()).isEqualTo('F');
        }

        Set<List<Long>> missing = new HashSet<>();
        for (JsonNode mc : entry.get("missing_chunks")) {
            missing.add(boxed(longs(mc)));
        }
        // whole-array read, element by element against the formula
        int[] ishape = new int[shape.length];
        for (int i = 0; i < shape.length; i++) {
            ishape[i] = (int) shape[i];
        }
        Block all = a.read(new long[shape.length], ishape);
        assertThat(all.shape()).containsExactly(ishape);
        int n = all.size();
        for (int idx = 0; idx < n; idx++) {
            long[] nd = unravel(idx, shape);
            long[] chunk = new long[nd.length];
            for (int d = 0; d < nd.length; d++) {
                chunk[d] = nd[d] / chunks[d];
            }
            boolean fill = missing.contains(boxed(chunk));
            checkElement(all, idx, type, fill ? null : entry.get("values"), m, path);
        }
        // chunk by chunk too: edge chunks come back clipped, missing ones as fill
        for (long[] c : m.chunkCoordinates()) {
            Block b = a.readChunk(c);
            assertThat(b.shape()).containsExactly(m.chunkShape(c));
            assertThat(a.chunkExists(c)).isEqualTo(!missing.contains(boxed(c)));
            long[] origin = new long[c.length];
            int[] bshape = b.shape();
            for (int d = 0; d < c.length; d++) {
                origin[d] = c[d] * chunks[d];
            }
            assertThat(b.sameValues(a.read(origin, bshape))).isTrue();
        }
        // the stored chunk keys and bytes the manifest lists
        List<String> keys = new ArrayList<>();
        for (long[] c : a.storedChunks()) {
            keys.add(a.chunkKey(c).substring(path.length() + 1));
        }
        List<String> expectedKeys = new ArrayList<>();
        entry.get("stored_chunk_keys").forEach(k -> expectedKeys.add(k.asText()));
        assertThat(keys).containsExactlyInAnyOrderElementsOf(expectedKeys);
        assertThat(a.storedBytes()).isEqualTo(entry.get("bytes_on_disk").asLong());
        // sample values cross-check the formula implementation
        for (JsonNode s : entry.get("sample_values")) {
            long[] at = longs(s.get("index"));
            int[] one = new int[at.length];
            Arrays.fill(one, 1);
            Block v = a.read(at, one);
            JsonNode want = s.get("value");
            if (want.isTextual()) {
                assertThat(v.getDoubleAt(0)).isNaN();
            } else if (want.isBoolean()) {
                assertThat(v.getLongAt(0)).isEqualTo(want.asBoolean() ? 1 : 0);
            } else if (type.isFloat()) {
                assertThat(v.getDoubleAt(0)).isEqualTo(want.asDouble());
            } else {
                assertThat(v.getLongAt(0)).isEqualTo(want.asLong());
            }
        }
        // the metadata survives a JSON round trip exactly
        assertThat(ArrayMetadata.fromJson(m.toJson())).isEqualTo(m);
    }

    private static void checkElement(Block all, int idx, DataType type, JsonNode values, ArrayMetadata m, String path) {
        if (values == null) {
            if (type.isFloat()) {
                double want = m.fillValueAsDouble();
                double got = all.getDoubleAt(idx);
                assertThat(Double.isNaN(want) ? Double.isNaN(got) : got == want)
                        .as("%s element %d is the fill value %s but read %s", path, idx, want, got).isTrue();
            } else {
                assertThat(all.getLongAt(idx)).as("%s element %d (fill)", path, idx).isEqualTo(m.fillNumber().longValue());
            }
            return;
        }
        String kind = values.get("kind").asText();
        if (kind.equals("mod_eq")) {
            long want = idx % values.get("modulo").asLong() == values.get("equals").asLong() ? 1 : 0;
            assertThat(all.getLongAt(idx)).as("%s element %d", path, idx).isEqualTo(want);
            return;
        }
        JsonNode mod = values.get("modulo");
        if (type.isFloat()) {
            double want = idx * values.get("scale").asDouble() + values.get("offset").asDouble();
            if (!mod.isNull()) {
                want = want - Math.floor(want / mod.asDouble()) * mod.asDouble();
            }
            if (type == DataType.FLOAT32) {
                want = (float) want;
            }
            assertThat(all.getDoubleAt(idx)).as("%s element %d", path, idx).isEqualTo(want);
        } else {
            long want = idx * values.get("scale").asLong() + values.get("offset").asLong();
            if (!mod.isNull()) {
                want = Math.floorMod(want, mod.asLong());
            }
            assertThat(all.getLongAt(idx)).as("%s element %d", path, idx).isEqualTo(want);
        }
    }

    private static void checkFill(ArrayMetadata m, JsonNode fill) {
        if (fill.isTextual()) {
            assertThat(fill.asText()).isEqualTo("NaN");
            assertThat(m.fillValueAsDouble()).isNaN();
            assertThat(m.fillValue()).isEqualTo(Double.NaN);
        } else if (fill.isBoolean()) {
            assertThat(m.fillValue()).isEqualTo(fill.asBoolean());
        } else if (m.dataType().isFloat()) {
            assertThat(m.fillValue()).isEqualTo(fill.asDouble());
        } else {
            assertThat(m.fillValue()).isEqualTo(fill.asLong());
        }
    }

    @TestFactory
    Stream<DynamicTest> everyFixtureGroup() throws Exception {
        FileStore store = new FileStore(fixtures());
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode entry : manifest().get("groups")) {
            String path = entry.get("path").asText();
            tests.add(DynamicTest.dynamicTest(path, () -> {
                ZarrGroup g = ZarrGroup.open(store, path);
                assertThat(g.format().number()).isEqualTo(entry.get("zarr_format").asInt());
                assertThat(g.attributes()).isEqualTo(entry.get("attributes"));
                List<String> members = new ArrayList<>();
                entry.get("members").forEach(x -> members.add(x.asText()));
                assertThat(g.arrayNames()).containsExactlyElementsOf(members);
                assertThat(g.groupNames()).isEmpty();
                for (String child : members) {
                    assertThat(g.openArray(child).metadata().format()).isEqualTo(g.format());
                }
                assertThatThrownBy(() -> ZarrArray.open(store, path))
                        .isInstanceOf(ZarrException.class).hasMessageContaining("is a Zarr").hasMessageContaining("group");
            }));
        }
        assertThat(tests).hasSize(2);
        return tests.stream();
    }

    static DataType dtype(String s) {
        if (s.length() == 3 && "<>|".indexOf(s.charAt(0)) >= 0) {
            return V2Metadata.dataType(s);
        }
        return DataType.fromName(s);
    }

    static long[] unravel(long flat, long[] shape) {
        long[] out = new long[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            out[d] = flat % shape[d];
            flat /= shape[d];
        }
        return out;
    }

    static List<Long> boxed(long[] a) {
        List<Long> l = new ArrayList<>();
        for (long v : a) {
            l.add(v);
        }
        return l;
    }

    static long[] longs(JsonNode a) {
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asLong();
        }
        return out;
    }

    static int[] ints(JsonNode a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asInt();
        }
        return out;
    }
}
