package dev.cubed.kernel.linalg;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float64 matrix product on the Vector API: {@code C += A * B} for matrices given by their
 * row and column strides (so transposed views need no copy). Panels of A and B are packed into
 * contiguous buffers sized for the caches, and a register-blocked micro-kernel accumulates a tile
 * of C in vector registers with fused multiply-adds.
 *
 * <p>The tile follows the hardware: 8 rows by 3 vectors where there are 32 vector registers
 * (AVX-512, AArch64 NEON), 4 rows by 3 vectors where there are 16 (AVX2). Measured on 1000 x 1000
 * blocks, one thread, 2-core AVX-512 Xeon, JDK 17 (2026-11-25): about 45 GFLOPS, twice
 * dev.ludovic.netlib's VectorBLAS dgemm on the same machine (see docs/kernels.md).
 *
 * <p>Only loaded when the {@code jdk.incubator.vector} module is present ({@link VectorGemm}).
 */
final class VectorGemmKernels {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int LANES = S.length();
    private static final boolean WIDE_REGISTER_FILE = LANES >= 8 || !isX86();
    private static final int MR = WIDE_REGISTER_FILE ? 8 : 4;
    private static final int NR = 3 * LANES;
    /** Depth of a packed panel: a B panel (KC x NR) stays in L1, an A block (MC x KC) in L2. */
    private static final int KC = 128;
    private static final int MC = 12 * MR;
    private static final int NC = 2048;

    private VectorGemmKernels() {
    }

    private static boolean isX86() {
        String arch = System.getProperty("os.arch", "");
        return arch.equals("amd64") || arch.equals("x86_64");
    }

    static String describe() {
        return "Vector API " + (LANES * 64) + "-bit, " + MR + "x" + NR + " tile";
    }

    /**
     * {@code C[i * ldc + j] += sum_p A[ao + i * ars + p * acs] * B[bo + p * brs + j * bcs]} for
     * {@code i < m, j < n, p < k}.
     */
    static void gemm(int m, int n, int k, double[] a, int ao, int ars, int acs, double[] b, int bo, int brs, int bcs,
                     double[] c, int co, int ldc) {
        int ncMax = Math.min(NC, roundUp(n, NR));
        double[] bp = new double[KC * ncMax];
        double[] ap = new double[MC * KC];
        double[] tile = new double[MR * NR];
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                packB(b, bo + pc * brs + jc * bcs, brs, bcs, kc, nc, bp);
                for (int ic = 0; ic < m; ic += MC) {
                    int mc = Math.min(MC, m - ic);
                    packA(a, ao + ic * ars + pc * acs, ars, acs, mc, kc, ap);
                    for (int jr = 0; jr < nc; jr += NR) {
                        int nr = Math.min(NR, nc - jr);
                        for (int ir = 0; ir < mc; ir += MR) {
                            int mr = Math.min(MR, mc - ir);
                            int cOff = co + (ic + ir) * ldc + jc + jr;
                            if (mr == MR && nr == NR) {
                                tile(kc, ap, ir * kc, bp, jr * kc, c, cOff, ldc);
                            } else {
                                // edge tile: full-size kernel into a scratch tile, then add the valid part
                                java.util.Arrays.fill(tile, 0);
                                tile(kc, ap, ir * kc, bp, jr * kc, tile, 0, NR);
                                for (int i = 0; i < mr; i++) {
                                    for (int j = 0; j < nr; j++) {
                                        c[cOff + i * ldc + j] += tile[i * NR + j];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private static int roundUp(int x, int m) {
        return (x + m - 1) / m * m;
    }

    /** B rows pc..pc+kc, columns jc..jc+nc, as NR-wide strips of kc rows (zero padded). */
    private static void packB(double[] b, int off, int rs, int cs, int kc, int nc, double[] bp) {
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            int base = jr * kc;
            for (int p = 0; p < kc; p++) {
                int src = off + p * rs + jr * cs;
                int dst = base + p * NR;
                if (cs == 1) {
                    System.arraycopy(b, src, bp, dst, nr);
                } else {
                    for (int j = 0; j < nr; j++) {
                        bp[dst + j] = b[src + j * cs];
                    }
                }
                for (int j = nr; j < NR; j++) {
                    bp[dst + j] = 0;
                }
            }
        }
    }

    /** A rows ic..ic+mc, columns pc..pc+kc, as MR-tall strips of kc columns (zero padded). */
    private static void packA(double[] a, int off, int rs, int cs, int mc, int kc, double[] ap) {
        for (int ir = 0; ir < mc; ir += MR) {
            int mr = Math.min(MR, mc - ir);
            int base = ir * kc;
            for (int p = 0; p < kc; p++) {
                int dst = base + p * MR;
                int src = off + ir * rs + p * cs;
                for (int i = 0; i < mr; i++) {
                    ap[dst + i] = a[src + i * rs];
                }
                for (int i = mr; i < MR; i++) {
                    ap[dst + i] = 0;
                }
            }
        }
    }

    private static void tile(int kc, double[] ap, int ao, double[] bp, int bo, double[] c, int co, int ldc) {
        if (MR == 8) {
            tile8x3(kc, ap, ao, bp, bo, c, co, ldc);
        } else {
            tile4x3(kc, ap, ao, bp, bo, c, co, ldc);
        }
    }

    /** C[mr x nr tile at co] += A panel x B panel, 8 x 3 vectors of accumulators. */
    private static void tile8x3(int kc, double[] ap, int ao, double[] bp, int bo, double[] c, int co, int ldc) {
        DoubleVector c00 = DoubleVector.zero(S); DoubleVector c01 = DoubleVector.zero(S); DoubleVector c02 = DoubleVector.zero(S);
        DoubleVector c10 = DoubleVector.zero(S); DoubleVector c11 = DoubleVector.zero(S); DoubleVector c12 = DoubleVector.zero(S);
        DoubleVector c20 = DoubleVector.zero(S); DoubleVector c21 = DoubleVector.zero(S); DoubleVector c22 = DoubleVector.zero(S);
        DoubleVector c30 = DoubleVector.zero(S); DoubleVector c31 = DoubleVector.zero(S); DoubleVector c32 = DoubleVector.zero(S);
        DoubleVector c40 = DoubleVector.zero(S); DoubleVector c41 = DoubleVector.zero(S); DoubleVector c42 = DoubleVector.zero(S);
        DoubleVector c50 = DoubleVector.zero(S); DoubleVector c51 = DoubleVector.zero(S); DoubleVector c52 = DoubleVector.zero(S);
        DoubleVector c60 = DoubleVector.zero(S); DoubleVector c61 = DoubleVector.zero(S); DoubleVector c62 = DoubleVector.zero(S);
        DoubleVector c70 = DoubleVector.zero(S); DoubleVector c71 = DoubleVector.zero(S); DoubleVector c72 = DoubleVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int b = bo + p * NR;
            DoubleVector b0 = DoubleVector.fromArray(S, bp, b + 0 * LANES);
            DoubleVector b1 = DoubleVector.fromArray(S, bp, b + 1 * LANES);
            DoubleVector b2 = DoubleVector.fromArray(S, bp, b + 2 * LANES);
            int a = ao + p * MR;
            DoubleVector a0 = DoubleVector.broadcast(S, ap[a + 0]);
            c00 = a0.fma(b0, c00); c01 = a0.fma(b1, c01); c02 = a0.fma(b2, c02);
            DoubleVector a1 = DoubleVector.broadcast(S, ap[a + 1]);
            c10 = a1.fma(b0, c10); c11 = a1.fma(b1, c11); c12 = a1.fma(b2, c12);
            DoubleVector a2 = DoubleVector.broadcast(S, ap[a + 2]);
            c20 = a2.fma(b0, c20); c21 = a2.fma(b1, c21); c22 = a2.fma(b2, c22);
            DoubleVector a3 = DoubleVector.broadcast(S, ap[a + 3]);
            c30 = a3.fma(b0, c30); c31 = a3.fma(b1, c31); c32 = a3.fma(b2, c32);
            DoubleVector a4 = DoubleVector.broadcast(S, ap[a + 4]);
            c40 = a4.fma(b0, c40); c41 = a4.fma(b1, c41); c42 = a4.fma(b2, c42);
            DoubleVector a5 = DoubleVector.broadcast(S, ap[a + 5]);
            c50 = a5.fma(b0, c50); c51 = a5.fma(b1, c51); c52 = a5.fma(b2, c52);
            DoubleVector a6 = DoubleVector.broadcast(S, ap[a + 6]);
            c60 = a6.fma(b0, c60); c61 = a6.fma(b1, c61); c62 = a6.fma(b2, c62);
            DoubleVector a7 = DoubleVector.broadcast(S, ap[a + 7]);
            c70 = a7.fma(b0, c70); c71 = a7.fma(b1, c71); c72 = a7.fma(b2, c72);
        }
        DoubleVector.fromArray(S, c, co + 0 * ldc + 0 * LANES).add(c00).intoArray(c, co + 0 * ldc + 0 * LANES);
        DoubleVector.fromArray(S, c, co + 0 * ldc + 1 * LANES).add(c01).intoArray(c, co + 0 * ldc + 1 * LANES);
        DoubleVector.fromArray(S, c, co + 0 * ldc + 2 * LANES).add(c02).intoArray(c, co + 0 * ldc + 2 * LANES);
        DoubleVector.fromArray(S, c, co + 1 * ldc + 0 * LANES).add(c10).intoArray(c, co + 1 * ldc + 0 * LANES);
        DoubleVector.fromArray(S, c, co + 1 * ldc + 1 * LANES).add(c11).intoArray(c, co + 1 * ldc + 1 * LANES);
        DoubleVector.fromArray(S, c, co + 1 * ldc + 2 * LANES).add(c12).intoArray(c, co + 1 * ldc + 2 * LANES);
        DoubleVector.fromArray(S, c, co + 2 * ldc + 0 * LANES).add(c20).intoArray(c, co + 2 * ldc + 0 * LANES);
        DoubleVector.fromArray(S, c, co + 2 * ldc + 1 * LANES).add(c21).intoArray(c, co + 2 * ldc + 1 * LANES);
        DoubleVector.fromArray(S, c, co + 2 * ldc + 2 * LANES).add(c22).intoArray(c, co + 2 * ldc + 2 * LANES);
        DoubleVector.fromArray(S, c, co + 3 * ldc + 0 * LANES).add(c30).intoArray(c, co + 3 * ldc + 0 * LANES);
        DoubleVector.fromArray(S, c, co + 3 * ldc + 1 * LANES).add(c31).intoArray(c, co + 3 * ldc + 1 * LANES);
        DoubleVector.fromArray(S, c, co + 3 * ldc + 2 * LANES).add(c32).intoArray(c, co + 3 * ldc + 2 * LANES);
        DoubleVector.fromArray(S, c, co + 4 * ldc + 0 * LANES).add(c40).intoArray(c, co + 4 * ldc + 0 * LANES);
        DoubleVector.fromArray(S, c, co + 4 * ldc + 1 * LANES).add(c41).intoArray(c, co + 4 * ldc + 1 * LANES);
        DoubleVector.fromArray(S, c, co + 4 * ldc + 2 * LANES).add(c42).intoArray(c, co + 4 * ldc + 2 * LANES);
        DoubleVector.fromArray(S, c, co + 5 * ldc + 0 * LANES).add(c50).intoArray(c, co + 5 * ldc + 0 * LANES);
        DoubleVector.fromArray(S, c, co + 5 * ldc + 1 * LANES).add(c51).intoArray(c, co + 5 * ldc + 1 * LANES);
        DoubleVector.fromArray(S, c, co + 5 * ldc + 2 * LANES).add(c52).intoArray(c, co + 5 * ldc + 2 * LANES);
        DoubleVector.fromArray(S, c, co + 6 * ldc + 0 * LANES).add(c60).intoArray(c, co + 6 * ldc + 0 * LANES);
        DoubleVector.fromArray(S, c, co + 6 * ldc + 1 * LANES).add(c61).intoArray(c, co + 6 * ldc + 1 * LANES);
        DoubleVector.fromArray(S, c, co + 6 * ldc + 2 * LANES).add(c62).intoArray(c, co + 6 * ldc + 2 * LANES);
        DoubleVector.fromArray(S, c, co + 7 * ldc + 0 * LANES).add(c70).intoArray(c, co + 7 * ldc + 0 * LANES);
        DoubleVector.fromArray(S, c, co + 7 * ldc + 1 * LANES).add(c71).intoArray(c, co + 7 * ldc + 1 * LANES);
        DoubleVector.fromArray(S, c, co + 7 * ldc + 2 * LANES).add(c72).intoArray(c, co + 7 * ldc + 2 * LANES);
    }

    /** C[mr x nr tile at co] += A panel x B panel, 4 x 3 vectors of accumulators. */
    private static void tile4x3(int kc, double[] ap, int ao, double[] bp, int bo, double[] c, int co, int ldc) {
        DoubleVector c00 = DoubleVector.zero(S); DoubleVector c01 = DoubleVector.zero(S); DoubleVector c02 = DoubleVector.zero(S);
        DoubleVector c10 = DoubleVector.zero(S); DoubleVector c11 = DoubleVector.zero(S); DoubleVector c12 = DoubleVector.zero(S);
        DoubleVector c20 = DoubleVector.zero(S); DoubleVector c21 = DoubleVector.zero(S); DoubleVector c22 = DoubleVector.zero(S);
        DoubleVector c30 = DoubleVector.zero(S); DoubleVector c31 = DoubleVector.zero(S); DoubleVector c32 = DoubleVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int b = bo + p * NR;
            DoubleVector b0 = DoubleVector.fromArray(S, bp, b + 0 * LANES);
            DoubleVector b1 = DoubleVector.fromArray(S, bp, b + 1 * LANES);
            DoubleVector b2 = DoubleVector.fromArray(S, bp, b + 2 * LANES);
            int a = ao + p * MR;
            DoubleVector a0 = DoubleVector.broadcast(S, ap[a + 0]);
            c00 = a0.fma(b0, c00); c01 = a0.fma(b1, c01); c02 = a0.fma(b2, c02);
            DoubleVector a1 = DoubleVector.broadcast(S, ap[a + 1]);
            c10 = a1.fma(b0, c10); c11 = a1.fma(b1, c11); c12 = a1.fma(b2, c12);
            DoubleVector a2 = DoubleVector.broadcast(S, ap[a + 2]);
            c20 = a2.fma(b0, c20); c21 = a2.fma(b1, c21); c22 = a2.fma(b2, c22);
            DoubleVector a3 = DoubleVector.broadcast(S, ap[a + 3]);
            c30 = a3.fma(b0, c30); c31 = a3.fma(b1, c31); c32 = a3.fma(b2, c32);
        }
        DoubleVector.fromArray(S, c, co + 0 * ldc + 0 * LANES).add(c00).intoArray(c, co + 0 * ldc + 0 * LANES);
        DoubleVector.fromArray(S, c, co + 0 * ldc + 1 * LANES).add(c01).intoArray(c, co + 0 * ldc + 1 * LANES);
        DoubleVector.fromArray(S, c, co + 0 * ldc + 2 * LANES).add(c02).intoArray(c, co + 0 * ldc + 2 * LANES);
        DoubleVector.fromArray(S, c, co + 1 * ldc + 0 * LANES).add(c10).intoArray(c, co + 1 * ldc + 0 * LANES);
        DoubleVector.fromArray(S, c, co + 1 * ldc + 1 * LANES).add(c11).intoArray(c, co + 1 * ldc + 1 * LANES);
        DoubleVector.fromArray(S, c, co + 1 * ldc + 2 * LANES).add(c12).intoArray(c, co + 1 * ldc + 2 * LANES);
        DoubleVector.fromArray(S, c, co + 2 * ldc + 0 * LANES).add(c20).intoArray(c, co + 2 * ldc + 0 * LANES);
        DoubleVector.fromArray(S, c, co + 2 * ldc + 1 * LANES).add(c21).intoArray(c, co + 2 * ldc + 1 * LANES);
        DoubleVector.fromArray(S, c, co + 2 * ldc + 2 * LANES).add(c22).intoArray(c, co + 2 * ldc + 2 * LANES);
        DoubleVector.fromArray(S, c, co + 3 * ldc + 0 * LANES).add(c30).intoArray(c, co + 3 * ldc + 0 * LANES);
        DoubleVector.fromArray(S, c, co + 3 * ldc + 1 * LANES).add(c31).intoArray(c, co + 3 * ldc + 1 * LANES);
        DoubleVector.fromArray(S, c, co + 3 * ldc + 2 * LANES).add(c32).intoArray(c, co + 3 * ldc + 2 * LANES);
    }
}
