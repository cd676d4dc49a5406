package dev.cubed.storage.zarr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cubed.block.DataType;
import dev.cubed.storage.zarr.codec.BloscCodec;
import dev.cubed.storage.zarr.codec.BytesCodec;
import dev.cubed.storage.zarr.codec.Crc32cCodec;
import dev.cubed.storage.zarr.codec.GzipCodec;
import dev.cubed.storage.zarr.codec.TransposeCodec;
import dev.cubed.storage.zarr.codec.ZlibCodec;
import dev.cubed.storage.zarr.codec.ZstdCodec;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class MetadataJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void v3DocumentIsTheSpecLayout() throws Exception {
        ArrayMetadata m = ArrayMetadata.builder().shape(100, 200).chunks(10, 20).dataType(DataType.FLOAT32)
                .fillValue(Double.NaN).dimensionNames("y", "x").attributes(Map.of("units", "K")).build();
        JsonNode want = JSON.readTree("""
                {"zarr_format": 3, "node_type": "array", "shape": [100, 200], "data_type": "float32",
                 "chunk_grid": {"name": "regular", "configuration": {"chunk_shape": [10, 20]}},
                 "chunk_key_encoding": {"name": "default", "configuration": {"separator": "/"}},
                 "fill_value": "NaN",
                 "codecs": [{"name": "bytes", "configuration": {"endian": "little"}},
                            {"name": "blosc", "configuration": {"cname": "lz4", "clevel": 5, "shuffle": "shuffle",
                                                               "typesize": 4, "blocksize": 0}},
                            {"name": "crc32c"}],
                 "attributes": {"units": "K"},
                 "dimension_names": ["y", "x"]}""");
        assertThat(m.toJson()).isEqualTo(want);
        assertThat(ArrayMetadata.fromJson(want)).isEqualTo(m);
    }

    @Test
    void v2DocumentsAreZarrPythonLayout() throws Exception {
        ArrayMetadata m = ArrayMetadata.builder().format(ZarrFormat.V2).shape(6, 9).chunks(4, 4).dataType(DataType.INT64)
                .fillValue(-1).order('F').codecs(ArrayMetadata.Codecs.bigEndian(new ZlibCodec(3)))
                .dimensionSeparator('/').dimensionNames("a", "b").attributes(Map.of("k", List.of(1, 2))).build();
        JsonNode want = JSON.readTree("""
                {".zarray": {"chunks": [4, 4], "compressor": {"id": "zlib", "level": 3}, "dimension_separator": "/",
                             "dtype": ">i8", "fill_value": -1, "filters": null, "order": "F", "shape": [6, 9],
                             "zarr_format": 2},
                 ".zattrs": {"k": [1, 2], "_ARRAY_DIMENSIONS": ["a", "b"]}}""");
        assertThat(m.toJson()).isEqualTo(want);
        assertThat(m.order()).isEqualTo('F');
        assertThat(m.codecs().get(0)).isEqualTo(new TransposeCodec(new int[] {1, 0}));
        ArrayMetadata back = ArrayMetadata.fromJson(want);
        assertThat(back).isEqualTo(m);
        assertThat(back.dimensionNames()).containsExactly("a", "b");
        assertThat(back.attributesMap()).containsOnlyKeys("k");
        // a bare .zarray reads too
        assertThat(ArrayMetadata.fromJson(want.get(".zarray")).shape()).containsExactly(6, 9);
    }

    @Test
    void defaults() {
        ArrayMetadata v3 = ArrayMetadata.builder().shape(10).dataType(DataType.INT32).build();
        assertThat(v3.format()).isEqualTo(ZarrFormat.V3);
        assertThat(v3.codecs()).containsExactly(BytesCodec.LITTLE, new BloscCodec("lz4", 5, BloscCodec.Shuffle.SHUFFLE, 4, 0),
                new dev.cubed.storage.zarr.codec.Crc32cCodec());
        assertThat(v3.chunks()).containsExactly(10);
        assertThat(v3.chunkKeyEncoding()).isEqualTo(ChunkKeyEncoding.defaultEncoding());
        assertThat(v3.fillValue()).isEqualTo(0L);
        ArrayMetadata v2 = ArrayMetadata.builder().format(ZarrFormat.V2).shape(10).dataType(DataType.UINT8).build();
        assertThat(v2.chunkKeyEncoding()).isEqualTo(ChunkKeyEncoding.v2());
        assertThat(v2.zarrayJson().get("compressor")).isEqualTo(JSON.valueToTree(
                Map.of("id", "blosc", "cname", "lz4", "clevel", 5, "shuffle", 1, "blocksize", 0)));
        assertThat(v2.zarrayJson().get("filters")).isEqualTo(JSON.valueToTree(List.of(Map.of("id", "crc32"))));
        assertThat(v2.zarrayJson().get("dtype").asText()).isEqualTo("|u1");
    }

    @Test
    void derivedSizes() {
        ArrayMetadata m = ArrayMetadata.builder().shape(10, 7).chunks(4, 3).dataType(DataType.FLOAT64).build();
        assertThat(m.ndim()).isEqualTo(2);
        assertThat(m.chunkGridShape()).containsExactly(3, 3);
        assertThat(m.chunkCount()).isEqualTo(9);
        assertThat(m.nbytes()).isEqualTo(560);
        assertThat(m.chunkBytes()).isEqualTo(96);
        assertThat(m.chunkShape(2, 2)).containsExactly(2, 1);
    }

    static Stream<Object[]> fills() {
        return Stream.of(
                new Object[] {DataType.FLOAT64, "NaN", "\"NaN\""},
                new Object[] {DataType.FLOAT64, "Infinity", "\"Infinity\""},
                new Object[] {DataType.FLOAT32, Double.NEGATIVE_INFINITY, "\"-Infinity\""},
                new Object[] {DataType.FLOAT64, "0x7ff8000000000001", "\"0x7ff8000000000001\""},
                new Object[] {DataType.FLOAT64, -0.0, "-0.0"},
                new Object[] {DataType.FLOAT32, 0.1, "0.10000000149011612"},
                new Object[] {DataType.UINT64, new BigInteger("18446744073709551615"), "18446744073709551615"},
                new Object[] {DataType.INT64, Long.MIN_VALUE, "-9223372036854775808"},
                new Object[] {DataType.UINT8, 255, "255"},
                new Object[] {DataType.BOOL, true, "true"});
    }

    @Test
    void fillValuesRoundTripExactly() throws Exception {
        for (Object[] f : fills().toList()) {
            DataType t = (DataType) f[0];
            ArrayMetadata m = ArrayMetadata.builder().shape(3).dataType(t).fillValue(f[1]).build();
            assertThat(m.toJson().get("fill_value")).as("%s %s", t, f[1]).isEqualTo(JSON.readTree((String) f[2]));
            ArrayMetadata back = ArrayMetadata.fromJson(JSON.readTree(JSON.writeValueAsString(m.toJson())));
            assertThat(back).isEqualTo(m);
            assertThat(back.fillValueBits()).isEqualTo(m.fillValueBits());
        }
        assertThat(ArrayMetadata.builder().shape(1).dataType(DataType.UINT64).fillValue(new BigInteger("18446744073709551615"))
                .build().fillValue()).isEqualTo(new BigInteger("18446744073709551615"));
        assertThat(ArrayMetadata.builder().shape(1).dataType(DataType.FLOAT64).fillValue("-Infinity").build().fillValue())
                .isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void badFillValuesAreRejectedWithTheTypeAndRange() {
        assertThatThrownBy(() -> ArrayMetadata.builder().shape(1).dataType(DataType.UINT8).fillValue(256).build())
                .hasMessageContaining("fill value 256").hasMessageContaining("uint8").hasMessageContaining("[0, 255]");
        assertThatThrownBy(() -> ArrayMetadata.builder().shape(1).dataType(DataType.INT32).fillValue(1.5).build())
                .hasMessageContaining("integral");
        assertThatThrownBy(() -> ArrayMetadata.builder().shape(1).dataType(DataType.INT32).fillValue("NaN").build())
                .hasMessageContaining("only allowed for floating-point");
        assertThatThrownBy(() -> ArrayMetadata.builder().shape(1).dataType(DataType.FLOAT32).fillValue("0x7fc0").build())
                .hasMessageContaining("8 hex digits");
    }

    @Test
    void formatLimitsAreExplained() {
        assertThatThrownBy(() -> ArrayMetadata.builder().format(ZarrFormat.V2).shape(4).chunks(4).dataType(DataType.INT8)
                .codecs(ArrayMetadata.Codecs.sharding(new int[] {2})).build())
                .hasMessageContaining("Zarr v2 cannot store the codec list").hasMessageContaining("sharding");
        // a v3 checksum given to a v2 array becomes the v2 one (a copy across formats keeps its checksum)
        assertThat(ArrayMetadata.builder().format(ZarrFormat.V2).shape(4).dataType(DataType.INT8)
                .codecs(ArrayMetadata.Codecs.crc32c()).build().codecs())
                .contains(new dev.cubed.storage.zarr.codec.Crc32Codec())
                .doesNotContain(new dev.cubed.storage.zarr.codec.Crc32cCodec());
        assertThatThrownBy(() -> ArrayMetadata.builder().shape(4).dataType(DataType.INT8)
                .codecs(BytesCodec.LITTLE, new ZlibCodec(1)).build())
                .hasMessageContaining("zlib is a Zarr v2 compressor");
        assertThatThrownBy(() -> ArrayMetadata.builder().shape(4).dataType(DataType.INT32)
                .codecs(new TransposeCodec(new int[] {0})).build())
                .hasMessageContaining("no array-to-bytes codec");
        assertThatThrownBy(() -> ArrayMetadata.builder().shape(4).dataType(DataType.INT32).codecs(new GzipCodec(1)).build())
                .hasMessageContaining("must come after an array-to-bytes codec");
        assertThatThrownBy(() -> ArrayMetadata.builder().shape(4).dataType(DataType.INT32)
                .codecs(new Crc32cCodec(), BytesCodec.LITTLE).build())
                .hasMessageContaining("must come after an array-to-bytes codec");
        assertThatThrownBy(() -> ArrayMetadata.builder().shape(8, 8).chunks(4, 4).dataType(DataType.INT32)
                .codecs(ArrayMetadata.Codecs.sharding(new int[] {3, 2})).build())
                .hasMessageContaining("does not divide the shard (chunk) shape [4, 4] on axis 0");
        assertThatThrownBy(() -> ArrayMetadata.builder().shape(4).dataType(DataType.INT32).codecs(BytesCodec.UNSPECIFIED).build())
                .hasMessageContaining("only 1-byte types may omit");
        assertThatThrownBy(() -> ArrayMetadata.builder().format(ZarrFormat.V2).shape(4).dataType(DataType.INT8)
                .chunkKeyEncoding(ChunkKeyEncoding.defaultEncoding()).build())
                .hasMessageContaining("v2 chunk key encoding");
    }

    @Test
    void everyFixtureDocumentParsesAndRewritesToTheSameMetadata() throws Exception {
        Path root = ZarrFixturesTest.fixtures();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(f -> f.getFileName().toString().equals("zarr.json")
                    || f.getFileName().toString().equals(".zarray")).toList()) {
                JsonNode doc = JSON.readTree(p.toFile());
                if ("group".equals(doc.path("node_type").asText())) {
                    continue;
                }
                Path attrs = p.resolveSibling(".zattrs");
                ArrayMetadata m = doc.path("zarr_format").asInt() == 2
                        ? ArrayMetadata.fromV2(doc, Files.exists(attrs) ? JSON.readTree(attrs.toFile()) : null)
                        : ArrayMetadata.fromJson(doc);
                JsonNode written = m.toJson();
                assertThat(ArrayMetadata.fromJson(written)).as(p.toString()).isEqualTo(m);
                JsonNode core = m.format() == ZarrFormat.V2 ? written.get(".zarray") : written;
                for (String field : List.of("shape", "chunks", "dtype", "order", "compressor", "dimension_separator",
                        "data_type", "chunk_grid", "chunk_key_encoding", "dimension_names")) {
                    if (doc.has(field)) {
                        assertThat(core.get(field)).as("%s %s", p, field).isEqualTo(doc.get(field));
                    }
                }
            }
        }
    }

    @Test
    void unknownExtensionFieldsFailUnlessOptional() throws Exception {
        ArrayMetadata m = ArrayMetadata.builder().shape(2).dataType(DataType.INT8).build();
        com.fasterxml.jackson.databind.node.ObjectNode doc = (com.fasterxml.jackson.databind.node.ObjectNode) m.toJson();
        doc.putObject("my_extension").put("must_understand", false);
        assertThat(ArrayMetadata.fromJson(doc)).isEqualTo(m);
        doc.putObject("other_extension").put("value", 1);
        assertThatThrownBy(() -> ArrayMetadata.fromJson(doc)).hasMessageContaining("other_extension");
    }

    // ---------------------------------------------------------------- property: any metadata round trips

    @Property(tries = 300)
    void anyMetadataRoundTripsThroughJsonText(@ForAll("metadata") ArrayMetadata m) throws Exception {
        String text = JSON.writeValueAsString(m.toJson());
        ArrayMetadata back = ArrayMetadata.fromJson(JSON.readTree(text));
        assertThat(back).isEqualTo(m);
        assertThat(back.hashCode()).isEqualTo(m.hashCode());
        assertThat(back.toJson()).isEqualTo(JSON.readTree(text));
    }

    @Provide
    Arbitrary<ArrayMetadata> metadata() {
        Arbitrary<DataType> types = Arbitraries.of(DataType.class);
        Arbitrary<Integer> ndims = Arbitraries.integers().between(0, 3);
        Arbitrary<ZarrFormat> formats = Arbitraries.of(ZarrFormat.class);
        Arbitrary<Integer> codecChoice = Arbitraries.integers().between(0, 4);
        Arbitrary<Long> seeds = Arbitraries.longs();
        return Combinators.combine(types, ndims, formats, codecChoice, seeds).as((t, nd, f, cc, seed) -> {
            java.util.Random r = new java.util.Random(seed);
            long[] shape = new long[nd];
            int[] chunks = new int[nd];
            for (int i = 0; i < nd; i++) {
                shape[i] = r.nextInt(1000);
                chunks[i] = 1 + r.nextInt(50);
            }
            var b = ArrayMetadata.builder().format(f).shape(shape).chunks(chunks).dataType(t);
            switch (cc) {
                case 0 -> b.codecs(ArrayMetadata.Codecs.none());
                case 1 -> b.codecs(ArrayMetadata.Codecs.gzip(r.nextInt(10)));
                case 2 -> b.codecs(ArrayMetadata.Codecs.zstd(r.nextInt(22) + 1));
                case 3 -> b.order('F');
                default -> b.codecs(ArrayMetadata.Codecs.bigEndian(new ZstdCodec(3, r.nextBoolean())));
            }
            if (t.isFloat()) {
                b.fillValue(r.nextBoolean() ? r.nextGaussian() : "NaN");
            } else if (t.isBool()) {
                b.fillValue(r.nextBoolean());
            } else {
                b.fillValue(r.nextInt(100));
            }
            if (r.nextBoolean()) {
                b.dimensionSeparator(r.nextBoolean() ? '/' : '.');
            }
            if (r.nextBoolean()) {
                b.attributes(Map.of("n", r.nextInt(), "f", r.nextDouble(), "s", "x" + r.nextInt(), "l", List.of(1L, 2.5)));
            }
            if (r.nextBoolean()) {
                String[] names = new String[nd];
                for (int i = 0; i < nd; i++) {
                    names[i] = "d" + i;
                }
                b.dimensionNames(names);
            }
            return b.build();
        });
    }
}
