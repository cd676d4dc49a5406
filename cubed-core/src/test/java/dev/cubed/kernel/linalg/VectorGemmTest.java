package dev.cubed.kernel.linalg;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The packed micro-kernel against a naive triple loop, across its blocking boundaries and layouts. */
class VectorGemmTest {

    @Test
    void vectorModuleIsPresentInTests() {
        assertThat(VectorGemm.available()).as("surefire starts the JVM with jdk.incubator.vector").isTrue();
    }

    @Test
    void matchesNaiveProductAcrossBlockBoundariesAndLayouts() {
        Random r = new Random(42);
        // sizes around the tile (8 or 4 rows, 24 or 12 columns), KC = 128 and MC (96 or 48) boundaries
        int[][] sizes = {{1, 1, 1}, {7, 23, 5}, {8, 24, 128}, {9, 25, 129}, {97, 50, 257}, {150, 2100, 30}, {33, 7, 300}};
        for (int[] s : sizes) {
            int m = s[0];
            int n = s[1];
            int k = s[2];
            for (boolean aT : new boolean[] {false, true}) {
                for (boolean bT : new boolean[] {false, true}) {
                    double[] a = random(r, m * k);
                    double[] b = random(r, k * n);
                    // row-major or transposed (column-major) views of the same logical matrices
                    int ars = aT ? 1 : k;
                    int acs = aT ? m : 1;
                    int brs = bT ? 1 : n;
                    int bcs = bT ? k : 1;
                    double[] c = random(r, m * n);
                    double[] want = c.clone();
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < n; j++) {
                            double sum = 0;
                            for (int p = 0; p < k; p++) {
                                sum += a[i * ars + p * acs] * b[p * brs + j * bcs];
                            }
                            want[i * n + j] += sum;
                        }
                    }
                    VectorGemm.gemm(m, n, k, a, 0, ars, acs, b, 0, brs, bcs, c, 0, n);
                    for (int i = 0; i < m * n; i++) {
                        assertThat(c[i]).as("m=%d n=%d k=%d aT=%s bT=%s at %d", m, n, k, aT, bT, i)
                                .isCloseTo(want[i], org.assertj.core.data.Offset.offset(1e-9 * k));
                    }
                }
            }
        }
    }

    @Test
    void honoursOffsetsAndLeadingDimensions() {
        Random r = new Random(7);
        int m = 20;
        int n = 30;
        int k = 140;
        double[] a = random(r, 5 + m * (k + 3));
        double[] b = random(r, 2 + k * (n + 4));
        double[] c = new double[11 + m * (n + 6)];
        double[] want = c.clone();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    sum += a[5 + i * (k + 3) + p] * b[2 + p * (n + 4) + j];
                }
                want[11 + i * (n + 6) + j] += sum;
            }
        }
        VectorGemm.gemm(m, n, k, a, 5, k + 3, 1, b, 2, n + 4, 1, c, 11, n + 6);
        for (int i = 0; i < c.length; i++) {
            assertThat(c[i]).as("at %d", i).isCloseTo(want[i], org.assertj.core.data.Offset.offset(1e-9 * k));
        }
    }

    private static double[] random(Random r, int n) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = r.nextDouble() * 2 - 1;
        }
        return d;
    }
}
