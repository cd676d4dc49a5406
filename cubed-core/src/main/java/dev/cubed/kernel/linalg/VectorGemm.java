package dev.cubed.kernel.linalg;

/**
 * Chooses the float64 matrix product: {@link VectorGemmKernels} when the JVM has the
 * {@code jdk.incubator.vector} module (the {@code ./cubed} wrapper, the test JVMs and the Lambda
 * worker start it), else the BLAS library's dgemm.
 */
final class VectorGemm {
    private static final boolean AVAILABLE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    private VectorGemm() {
    }

    static boolean available() {
        return AVAILABLE;
    }

    /** See {@link VectorGemmKernels#gemm}. */
    static void gemm(int m, int n, int k, double[] a, int ao, int ars, int acs, double[] b, int bo, int brs, int bcs,
                     double[] c, int co, int ldc) {
        VectorGemmKernels.gemm(m, n, k, a, ao, ars, acs, b, bo, brs, bcs, c, co, ldc);
    }

    static String describe() {
        return AVAILABLE ? VectorGemmKernels.describe() : "BLAS dgemm (no jdk.incubator.vector)";
    }
}
