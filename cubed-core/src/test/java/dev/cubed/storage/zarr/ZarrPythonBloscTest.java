package dev.cubed.storage.zarr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cubed.block.Block;
import dev.cubed.storage.FileStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads Blosc and LZ4 arrays that zarr-python wrote: every internal compressor x byte, bit and no
 * shuffle x 1-, 2-, 4- and 8-byte items, Blosc's and forced block sizes (split and unsplit
 * blocks, short last blocks), memcpy'd frames and incompressible blocks. The committed copies
 * ({@code zarr-python-blosc/}, made by {@code interop/write_blosc_zarr.py}) are read everywhere;
 * where a python3 with zarr is present the script also runs again here, so the arrays come from
 * the zarr-python of this machine.
 */
class ZarrPythonBloscTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @TestFactory
    Stream<DynamicTest> committedArraysWrittenByZarrPython() throws Exception {
        Path root = Paths.get(getClass().getResource("/zarr-python-blosc/manifest.json").toURI()).getParent();
        return readAll(root, 60);
    }

    @TestFactory
    Stream<DynamicTest> arraysWrittenByThisMachinesZarrPython() throws Exception {
        String python = ZarrPythonInteropTest.findPython();
        Assumptions.assumeTrue(python != null, "no python3 with zarr and numcodecs on this machine");
        Path script = Paths.get(getClass().getResource("/interop/write_blosc_zarr.py").toURI());
        Process p = new ProcessBuilder(python, script.toString(), dir.toString()).redirectErrorStream(true).start();
        boolean finished = p.waitFor(120, TimeUnit.SECONDS);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(finished && p.exitValue() == 0).as(out).isTrue();
        return readAll(dir, 60);
    }

    @Test
    void badBloscChunksNameTheArrayTheChunkAndTheProblem() throws Exception {
        Path root = Paths.get(getClass().getResource("/zarr-python-blosc/manifest.json").toURI()).getParent();
        String name = "lz4_shuffle_float64_b3000";
        Path copy = dir.resolve(name);
        Files.createDirectories(copy);
        try (Stream<Path> files = Files.list(root.resolve(name))) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        FileStore store = new FileStore(dir);
        byte[] chunk0 = Files.readAllBytes(copy.resolve("0"));
        Files.write(copy.resolve("0"), java.util.Arrays.copyOf(chunk0, 12)); // truncated header
        Files.write(copy.resolve("1"), java.util.Arrays.copyOf(chunk0, chunk0.length - 50)); // truncated blocks
        ZarrArray a = ZarrArray.open(store, name);
        assertThatThrownBy(() -> a.readChunk(0)).isInstanceOf(ZarrException.class)
                .hasMessageContaining("chunk '" + name + "/0'").hasMessageContaining(name).hasMessageContaining("truncated");
        assertThatThrownBy(() -> a.readChunk(1)).hasMessageContaining(name + "/1").hasMessageContaining("truncated");
        byte[] wrongSize = chunk0.clone();
        java.nio.ByteBuffer.wrap(wrongSize).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(4, 4000);
        Files.write(copy.resolve("1"), wrongSize);
        assertThatThrownBy(() -> a.readChunk(1)).hasMessageContaining(name + "/1")
                .hasMessageContaining("holds 4000 bytes but the chunk needs 8000");
        byte[] unknown = chunk0.clone();
        unknown[2] = (byte) ((unknown[2] & 0x1F) | (7 << 5));
        Files.write(copy.resolve("1"), unknown);
        assertThatThrownBy(() -> a.readChunk(1)).hasMessageContaining(name + "/1")
                .hasMessageContaining("compressor, which this library does not support");
    }

    private static Stream<DynamicTest> readAll(Path root, int atLeast) throws Exception {
        JsonNode manifest = JSON.readTree(root.resolve("manifest.json").toFile());
        FileStore store = new FileStore(root);
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode entry : manifest.get("arrays")) {
            String name = entry.get("name").asText();
            tests.add(DynamicTest.dynamicTest(name, () -> {
                ZarrArray a = ZarrArray.open(store, name);
                String id = entry.get("compressor").get("id").asText();
                assertThat(a.metadata().describeCodecs()).contains(id);
                Block got = a.read(new long[1], new int[] {entry.get("shape").get(0).asInt()});
                byte[] expected = Files.readAllBytes(root.resolve(name + ".raw"));
                assertThat(TestArrays.littleEndian(got)).as(name).isEqualTo(expected);
            }));
        }
        assertThat(tests).hasSizeGreaterThanOrEqualTo(atLeast);
        return tests.stream();
    }
}
