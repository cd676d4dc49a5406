package dev.cubed.storage.zarr.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fast 8x8 and 4x8 transposes and the bit shuffle against the filters' definitions. */
class BloscShuffleTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 8, 16, 17})
    void byteShuffleMatchesTheDefinitionAndUndoesItself(int typesize) {
        Random r = new Random(typesize);
        for (int len : new int[] {0, 1, 7, 8 * typesize, 8 * typesize + 3, 64 * typesize, 1000 * typesize + 5}) {
            byte[] src = new byte[len + 3];
            r.nextBytes(src);
            byte[] shuffled = new byte[len + 5];
            BloscShuffle.shuffle(typesize, src, 3, len, shuffled, 5);
            int n = len / typesize;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < typesize; j++) {
                    assertThat(shuffled[5 + j * n + i]).as("ts %d len %d elem %d byte %d", typesize, len, i, j)
                            .isEqualTo(src[3 + i * typesize + j]);
                }
            }
            for (int k = n * typesize; k < len; k++) {
                assertThat(shuffled[5 + k]).isEqualTo(src[3 + k]);
            }
            byte[] back = new byte[len];
            BloscShuffle.unshuffle(typesize, shuffled, 5, len, back, 0);
            for (int k = 0; k < len; k++) {
                assertThat(back[k]).as("ts %d len %d byte %d", typesize, len, k).isEqualTo(src[3 + k]);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4, 8, 3})
    void bitShuffleMatchesTheDefinitionAndUndoesItself(int typesize) {
        Random r = new Random(10 + typesize);
        for (int len : new int[] {8 * typesize, 64 * typesize + 1, 9 * typesize, 800 * typesize}) {
            byte[] src = new byte[len];
            r.nextBytes(src);
            byte[] out = new byte[len];
            BloscShuffle.bitshuffle(typesize, src, 0, len, out, 0);
            int n = len / typesize;
            if (n % 8 != 0) {
                assertThat(out).isEqualTo(src); // c-blosc leaves such blocks as they are
                continue;
            }
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < typesize; j++) {
                    for (int b = 0; b < 8; b++) {
                        int bit = (src[i * typesize + j] >>> b) & 1;
                        int pos = (j * 8 + b) * n + i;
                        assertThat((out[pos / 8] >>> (pos % 8)) & 1).isEqualTo(bit);
                    }
                }
            }
            byte[] back = new byte[len];
            BloscShuffle.bitunshuffle(typesize, out, 0, len, back, 0);
            assertThat(back).isEqualTo(src);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 8})
    void vectorUnshuffleAgreesWithTheDefinition(int typesize) {
        // correctness does not depend on the Java version that makes it fast: check wherever it can run
        Assumptions.assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(), "no jdk.incubator.vector");
        Random r = new Random(typesize * 31);
        for (int len : new int[] {64 * typesize, 64 * typesize * 3 + 8 * typesize + 5, 131072, 131072 + 7 * typesize}) {
            byte[] src = new byte[len + 9];
            r.nextBytes(src);
            byte[] vector = new byte[len + 2];
            byte[] scalar = new byte[len + 2];
            BloscShuffle.unshuffle(typesize, src, 9, len, vector, 2, true);
            BloscShuffle.unshuffle(typesize, src, 9, len, scalar, 2, false);
            assertThat(vector).as("ts %d len %d", typesize, len).isEqualTo(scalar);
            int n = len / typesize;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < typesize; j++) {
                    assertThat(vector[2 + i * typesize + j]).isEqualTo(src[9 + j * n + i]);
                }
            }
        }
    }

    @Test
    void unshuffleIntoElementsGivesTheLittleEndianValues() {
        Random r = new Random(77);
        for (int n : new int[] {1, 8, 13, 64, 1003}) {
            byte[] elements = new byte[n * 8];
            r.nextBytes(elements);
            byte[] planes = new byte[n * 8];
            BloscShuffle.shuffle(8, elements, 0, n * 8, planes, 0);
            double[] d = new double[n + 2];
            long[] l = new long[n + 2];
            BloscShuffle.unshuffle8Into(planes, 0, n * 8, d, 2);
            BloscShuffle.unshuffle8Into(planes, 0, n * 8, l, 1);
            java.nio.ByteBuffer le = java.nio.ByteBuffer.wrap(elements).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < n; i++) {
                assertThat(Double.doubleToRawLongBits(d[2 + i])).isEqualTo(le.getLong(i * 8));
                assertThat(l[1 + i]).isEqualTo(le.getLong(i * 8));
            }
        }
    }
}
