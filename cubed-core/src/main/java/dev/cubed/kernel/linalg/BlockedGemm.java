package dev.cubed.kernel.linalg;

/**
 * Cache-blocked matrix products in plain Java, {@code C += A * B} on row-major arrays given as
 * (array, offset, leading dimension). The loops run i-p-j so the innermost loop streams one row
 * of B into one row of C (unit stride, vectorised by the JIT); the blocks keep a KB x NB panel of
 * B (256 KB of doubles) in L2 while rows of A pass over it.
 *
 * <p>Integer products wrap modulo 2^64, which also gives the right low bits for narrower types.
 * The double version is the benchmark baseline against the BLAS library (see docs/kernels.md).
 */
public final class BlockedGemm {
    private static final int MB = 64;
    private static final int KB = 128;
    private static final int NB = 256;

    private BlockedGemm() {
    }

    public static void gemm(long[] a, int ao, int lda, long[] b, int bo, int ldb, long[] c, int co, int ldc,
                            int m, int n, int k) {
        for (int i0 = 0; i0 < m; i0 += MB) {
            int i1 = Math.min(i0 + MB, m);
            for (int p0 = 0; p0 < k; p0 += KB) {
                int p1 = Math.min(p0 + KB, k);
                for (int j0 = 0; j0 < n; j0 += NB) {
                    int j1 = Math.min(j0 + NB, n);
                    for (int i = i0; i < i1; i++) {
                        int cr = co + i * ldc;
                        int ar = ao + i * lda;
                        for (int p = p0; p < p1; p++) {
                            long aip = a[ar + p];
                            if (aip == 0) {
                                continue;
                            }
                            int br = bo + p * ldb;
                            for (int j = j0; j < j1; j++) {
                                c[cr + j] += aip * b[br + j];
                            }
                        }
                    }
                }
            }
        }
    }

    public static void gemm(double[] a, int ao, int lda, double[] b, int bo, int ldb, double[] c, int co, int ldc,
                            int m, int n, int k) {
        for (int i0 = 0; i0 < m; i0 += MB) {
            int i1 = Math.min(i0 + MB, m);
            for (int p0 = 0; p0 < k; p0 += KB) {
                int p1 = Math.min(p0 + KB, k);
                for (int j0 = 0; j0 < n; j0 += NB) {
                    int j1 = Math.min(j0 + NB, n);
                    for (int i = i0; i < i1; i++) {
                        int cr = co + i * ldc;
                        int ar = ao + i * lda;
                        for (int p = p0; p < p1; p++) {
                            double aip = a[ar + p];
                            int br = bo + p * ldb;
                            for (int j = j0; j < j1; j++) {
                                c[cr + j] += aip * b[br + j];
                            }
                        }
                    }
                }
            }
        }
    }
}
