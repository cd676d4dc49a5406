package dev.cubed.kernel;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.cubed.block.Block;
import dev.cubed.block.DataType;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class CreationKernelsTest {
    private static final KernelRegistry REGISTRY = KernelRegistry.load();

    private static Block call(String kernel, Params p, int[] shape, long[] origin, long[] arrayShape, long[] coords) {
        return (Block) KernelCall.builder().params(p).outputShape(shape).outputOrigin(origin)
                .outputArrayShape(arrayShape).outputChunkCoords(coords).build().applyTo(REGISTRY.get(kernel));
    }

    /** The whole 1-d array computed chunk by chunk with chunk size {@code chunk}. */
    private static Block chunked(String kernel, Params p, int length, int chunk) {
        Block whole = null;
        for (int start = 0, c = 0; start < length || (length == 0 && c == 0); start += chunk, c++) {
            int n = Math.min(chunk, length - start);
            Block b = call(kernel, p, new int[] {n}, new long[] {start}, new long[] {length}, new long[] {c});
            if (whole == null) {
                whole = Block.allocate(b.dtype(), length);
            }
            b.copyInto(whole, new int[] {start});
            if (length == 0) {
                break;
            }
        }
        return whole;
    }

    @Test
    void fullFillsWithTheValueInTheType() {
        Block f = call("full", Params.builder().put("value", 2.5).put("dtype", "float32").build(), new int[] {2, 3},
                new long[2], new long[] {2, 3}, new long[2]);
        assertThat(f.dtype()).isEqualTo(DataType.FLOAT32);
        for (int i = 0; i < 6; i++) {
            assertThat(f.getDoubleAt(i)).isEqualTo(2.5);
        }
        Block n = call("full", Params.builder().put("value", Double.NaN).build(), new int[] {2}, new long[1], new long[] {2},
                new long[1]);
        assertThat(n.dtype()).isEqualTo(DataType.FLOAT64);
        assertThat(n.getDoubleAt(1)).isNaN();
        Block i = call("full", Params.builder().put("value", 7).build(), new int[] {3}, new long[1], new long[] {3}, new long[1]);
        assertThat(i.dtype()).isEqualTo(DataType.INT64);
        assertThat(i.getLongAt(2)).isEqualTo(7);
        Block b = call("full", Params.builder().put("value", true).build(), new int[] {1}, new long[1], new long[] {1}, new long[1]);
        assertThat(b.dtype()).isEqualTo(DataType.BOOL);
        assertThat(b.getLongAt(0)).isEqualTo(1);
        Block u = call("full", Params.of(JsonNodeFactory.instance.objectNode()
                        .put("value", new BigInteger("18446744073709551615")).put("dtype", "uint64")),
                new int[] {1}, new long[1], new long[] {1}, new long[1]);
        assertThat(u.getLongAt(0)).isEqualTo(-1L);
        assertThatThrownBy(() -> call("full", Params.builder().put("value", 300).put("dtype", "uint8").build(),
                new int[] {1}, new long[1], new long[] {1}, new long[1])).hasMessageContaining("out of range");
    }

    @Property(tries = 200)
    void arangeIsIndependentOfChunking(@ForAll @IntRange(min = 0, max = 50) int length,
                                       @ForAll @IntRange(min = 1, max = 9) int chunk,
                                       @ForAll @IntRange(min = -1000, max = 1000) int start,
                                       @ForAll @IntRange(min = -7, max = 7) int step,
                                       @ForAll boolean floats) {
        Params p = floats
                ? Params.builder().put("start", start / 10.0).put("step", step / 3.0).build()
                : Params.builder().put("start", start).put("step", step).put("dtype", "int16").build();
        Block whole = chunked("arange", p, length, chunk);
        Block single = call("arange", p, new int[] {length}, new long[1], new long[] {length}, new long[1]);
        assertThat(whole.sameValues(single)).isTrue();
        for (int g = 0; g < length; g++) {
            if (floats) {
                assertThat(whole.getDoubleAt(g)).isEqualTo(start / 10.0 + g * (step / 3.0));
            } else {
                assertThat(whole.getLongAt(g)).isEqualTo((short) (start + (long) g * step));
            }
        }
    }

    @Test
    void linspaceFollowsNumpy() {
        assertThat(values(chunked("linspace", Params.builder().put("start", 0.0).put("stop", 1.0).build(), 5, 2)))
                .containsExactly(0, 0.25, 0.5, 0.75, 1);
        assertThat(values(chunked("linspace", Params.builder().put("start", 0.0).put("stop", 1.0).put("endpoint", false)
                .build(), 5, 3))).containsExactly(0, 0.2, 0.4, 0.6000000000000001, 0.8);
        assertThat(values(chunked("linspace", Params.builder().put("start", 3.0).put("stop", 9.0).build(), 1, 1)))
                .containsExactly(3);
        assertThat(values(chunked("linspace", Params.builder().put("start", 2.0).put("stop", 2.0).build(), 3, 2)))
                .containsExactly(2, 2, 2);
        // 0.1 steps do not land exactly on 0.3, but the endpoint is exactly stop
        double[] v = values(chunked("linspace", Params.builder().put("start", 0.0).put("stop", 0.3).build(), 4, 3));
        assertThat(v[3]).isEqualTo(0.3);
        assertThat(v[1]).isEqualTo(1 * (0.3 / 3) + 0.0);
        Block ints = chunked("linspace", Params.builder().put("start", -1.0).put("stop", 1.0).put("dtype", "int32").build(), 5, 2);
        assertThat(ints.dtype()).isEqualTo(DataType.INT32);
        assertThat(new long[] {ints.getLongAt(0), ints.getLongAt(1), ints.getLongAt(2), ints.getLongAt(3), ints.getLongAt(4)})
                .containsExactly(-1, -1, 0, 0, 1);
    }

    private static double[] values(Block b) {
        double[] v = new double[b.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = b.getDoubleAt(i);
        }
        return v;
    }

    @Property(tries = 100)
    void eyeIsIndependentOfChunking(@ForAll @IntRange(min = 0, max = 9) int rows, @ForAll @IntRange(min = 0, max = 9) int cols,
                                    @ForAll @IntRange(min = -4, max = 4) int k, @ForAll @IntRange(min = 1, max = 4) int chunk) {
        Params p = Params.builder().put("k", k).put("dtype", "int8").build();
        for (int r0 = 0; r0 < rows; r0 += chunk) {
            for (int c0 = 0; c0 < cols; c0 += chunk) {
                int[] shape = {Math.min(chunk, rows - r0), Math.min(chunk, cols - c0)};
                Block b = call("eye", p, shape, new long[] {r0, c0}, new long[] {rows, cols},
                        new long[] {r0 / chunk, c0 / chunk});
                for (int i = 0; i < shape[0]; i++) {
                    for (int j = 0; j < shape[1]; j++) {
                        assertThat(b.getLong(i, j)).isEqualTo((c0 + j) - (r0 + i) == k ? 1 : 0);
                    }
                }
            }
        }
    }

    @Test
    void randomBlocksArePureFunctionsOfSeedAndChunk() {
        for (String k : new String[] {"random.uniform", "random.normal"}) {
            Params p = Params.builder().put("seed", 42).build();
            Block a = call(k, p, new int[] {50, 40}, new long[] {100, 0}, new long[] {1000, 40}, new long[] {2, 0});
            Block again = call(k, p, new int[] {50, 40}, new long[] {100, 0}, new long[] {1000, 40}, new long[] {2, 0});
            assertThat((double[]) again.data()).isEqualTo((double[]) a.data());
            Block other = call(k, p, new int[] {50, 40}, new long[] {150, 0}, new long[] {1000, 40}, new long[] {3, 0});
            Block otherSeed = call(k, Params.builder().put("seed", 43).build(), new int[] {50, 40}, new long[] {100, 0},
                    new long[] {1000, 40}, new long[] {2, 0});
            assertThat(differences(a, other)).isGreaterThan(1990);
            assertThat(differences(a, otherSeed)).isGreaterThan(1990);
            // swapping coordinates must change the stream too
            Block swapped = call(k, p, new int[] {50, 40}, new long[2], new long[] {50, 80}, new long[] {0, 2});
            assertThat(differences(a, swapped)).isGreaterThan(1990);
        }
    }

    private static int differences(Block a, Block b) {
        int d = 0;
        for (int i = 0; i < a.size(); i++) {
            if (a.getDoubleAt(i) != b.getDoubleAt(i)) {
                d++;
            }
        }
        return d;
    }

    @Test
    void uniformAndNormalHaveTheRightMoments() {
        int n = 200_000;
        Block u = call("random.uniform", Params.builder().put("seed", 7).put("low", -2.0).put("high", 4.0).build(),
                new int[] {n}, new long[1], new long[] {n}, new long[] {5});
        double[] m = moments(u);
        assertThat(m[0]).isCloseTo(1.0, within(5 * Math.sqrt(3.0 / n)));
        assertThat(m[1] * m[1]).isCloseTo(3.0, within(0.05)); // variance of U(-2, 4) is 36 / 12
        assertThat(m[2]).isGreaterThanOrEqualTo(-2.0);
        assertThat(m[3]).isLessThan(4.0);
        Block z = call("random.normal", Params.builder().put("seed", 7).put("loc", 10.0).put("scale", 2.0).build(),
                new int[] {n}, new long[1], new long[] {n}, new long[] {5});
        double[] mz = moments(z);
        assertThat(mz[0]).isCloseTo(10.0, within(5 * 2.0 / Math.sqrt(n)));
        assertThat(mz[1] * mz[1]).isCloseTo(4.0, within(0.05));
        Block f = call("random.uniform", Params.builder().put("seed", 1).put("dtype", "float32").build(),
                new int[] {1000}, new long[1], new long[] {1000}, new long[1]);
        assertThat(f.dtype()).isEqualTo(DataType.FLOAT32);
        double[] mf = moments(f);
        assertThat(mf[2]).isGreaterThanOrEqualTo(0.0);
        assertThat(mf[3]).isLessThan(1.0);
        assertThatThrownBy(() -> call("random.normal", Params.builder().put("seed", 1).put("dtype", "int32").build(),
                new int[] {1}, new long[1], new long[] {1}, new long[1])).hasMessageContaining("float");
    }

    /** mean, standard deviation, min, max. */
    private static double[] moments(Block b) {
        double s = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < b.size(); i++) {
            double v = b.getDoubleAt(i);
            s += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double mean = s / b.size();
        double q = 0;
        for (int i = 0; i < b.size(); i++) {
            double d = b.getDoubleAt(i) - mean;
            q += d * d;
        }
        return new double[] {mean, Math.sqrt(q / b.size()), min, max};
    }

    /** Re-implements the documented stream definition from the javadoc and checks the kernel follows it. */
    @Test
    void theUniformStreamMatchesItsDocumentedDefinition() {
        long seed = 123456789L;
        long[] coords = {3, 1};
        long h = mix(seed ^ 0x6A09E667F3BCC909L);
        for (long c : coords) {
            h = mix(h + (c + 1) * 0x9E3779B97F4A7C15L);
        }
        long[] s = new long[4];
        long sm = h;
        for (int i = 0; i < 4; i++) {
            sm += 0x9E3779B97F4A7C15L;
            s[i] = mix(sm);
        }
        Block b = call("random.uniform", Params.builder().put("seed", seed).build(), new int[] {2, 3}, new long[] {6, 3},
                new long[] {10, 10}, coords);
        for (int i = 0; i < 6; i++) {
            long x = Long.rotateLeft(s[1] * 5, 7) * 9;
            long t = s[1] << 17;
            s[2] ^= s[0];
            s[3] ^= s[1];
            s[1] ^= s[2];
            s[0] ^= s[3];
            s[2] ^= t;
            s[3] = Long.rotateLeft(s[3], 45);
            assertThat(b.getDoubleAt(i)).isEqualTo((x >>> 11) * 0x1.0p-53);
        }
        assertThat(Arrays.stream((double[]) b.data()).distinct().count()).isEqualTo(6);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
