package dev.cubed.plan;

import dev.cubed.array.ComputeOptions;
import dev.cubed.array.Cubed;
import dev.cubed.array.LazyArray;
import dev.cubed.array.Spec;
import dev.cubed.block.Block;
import dev.cubed.ops.Blockwise;
import dev.cubed.primitive.ComputeSpec;
import dev.cubed.primitive.StoredArray;
import dev.cubed.storage.FileStore;
import dev.cubed.storage.zarr.ArrayMetadata;
import dev.cubed.storage.zarr.ZarrArray;
import dev.cubed.storage.zarr.ZarrFormat;
import dev.cubed.storage.zarr.codec.GzipCodec;
import dev.cubed.storage.zarr.codec.ZstdCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** How planned arrays are stored: a store target's format and codec, intermediates by work dir. */
class PlannedStorageTest {
    @TempDir
    Path tmp;

    private Cubed session() {
        return Cubed.session(Spec.builder().workDir(tmp.resolve("work")).allowedMem("100MB").reservedMem("1MB").build());
    }

    @Test
    void aStoreTargetGetsItsFormatAndCodec() throws IOException {
        try (Cubed cb = session()) {
            LazyArray x = cb.arange(0, 48, 1, 8, dev.cubed.block.DataType.FLOAT64);
            java.util.Map<StoreTarget, String> targets = new java.util.LinkedHashMap<>();
            targets.put(StoreTarget.of(tmp.resolve("v2gzip").toUri().toString(), 2, "gzip"), "gzip");
            targets.put(StoreTarget.of(tmp.resolve("raw").toUri().toString(), 3, "none"), "none");
            targets.put(StoreTarget.of(tmp.resolve("default").toUri().toString()), "blosc(lz4, clevel=5, shuffle, typesize=8)");
            targets.put(StoreTarget.of(tmp.resolve("zstd").toUri().toString(), 3, "zstd"), "zstd");
            for (StoreTarget target : targets.keySet()) {
                String codec = targets.get(target);
                FinalizedPlan plan = Planner.finalizePlan(List.of(Blockwise.store(x.node(), target)), cb.planSettings());
                StoredArray out = (StoredArray) plan.outputs().get(0);
                assertThat(out.metadata().format()).isEqualTo(target.format());
                String codecs = out.metadata().describeCodecs();
                if (codec.equals("none")) {
                    assertThat(codecs).doesNotContain("gzip").doesNotContain("zstd").doesNotContain("blosc");
                } else {
                    assertThat(codecs).contains(codec);
                }
                cb.run(plan, ComputeOptions.defaults());

                ZarrArray written = ZarrArray.open(cb.storage().open(target.url()), "");
                assertThat(written.metadata().format()).isEqualTo(target.format());
                Block back = written.read(new long[] {0}, new int[] {48});
                for (int i = 0; i < 48; i++) {
                    assertThat(back.getDoubleAt(i)).isEqualTo(i);
                }
            }
            Path v2 = tmp.resolve("v2gzip");
            assertThat(v2.resolve(".zarray")).exists();
            assertThat(Files.readString(v2.resolve(".zarray"))).contains("\"gzip\"");
            // uncompressed: a chunk's file is exactly its 8 float64 values and their 4-byte crc32c
            assertThat(Files.size(tmp.resolve("raw").resolve("c").resolve("0"))).isEqualTo(8 * 8 + 4);
        }
    }

    @Test
    void intermediatesAreUncompressedLocallyAndZstdInObjectStores() {
        assertThat(PlanSettings.of("file:///tmp/w", 100, 1).intermediateCodecs()).isEqualTo(ArrayMetadata.Codecs.none());
        assertThat(PlanSettings.of("s3://bucket/w", 100, 1).intermediateCodecs())
                .containsExactly(ArrayMetadata.Codecs.zstd(1).toArray(new dev.cubed.storage.zarr.codec.Codec[0]));
        try (Cubed cb = session()) {
            // a reduction in several rounds keeps intermediate arrays between its operations
            LazyArray x = cb.ones(new long[] {64, 64}, new int[] {4, 64});
            FinalizedPlan plan = x.sum(new int[] {0}, false).plan();
            List<StoredArray> intermediates = new ArrayList<>();
            for (PlannedOperation op : plan.operations()) {
                if (op.spec() instanceof ComputeSpec cs && cs.output().url().startsWith(plan.intermediateDir())) {
                    intermediates.add(cs.output());
                }
            }
            assertThat(intermediates).isNotEmpty();
            for (StoredArray a : intermediates) {
                assertThat(a.metadata().codecs()).isEqualTo(ArrayMetadata.Codecs.checksummed(ArrayMetadata.Codecs.none(),
                        dev.cubed.storage.zarr.ZarrFormat.V3));
                assertThat(a.metadata().codecs()).noneMatch(c -> c instanceof ZstdCodec || c instanceof GzipCodec);
            }
        }
    }
}
