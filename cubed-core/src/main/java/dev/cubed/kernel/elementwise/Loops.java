package dev.cubed.kernel.elementwise;

/**
 * The shapes of element-wise loops: each runs over {@code n} consecutive elements of primitive
 * arrays starting at the given offsets. Array types follow the {@link Domain}s involved
 * ({@code double[]}, {@code float[]}, {@code long[]}, {@code int[]}, {@code byte[]} for bool).
 *
 * <p>Each operation supplies its own loop bodies, so the JIT compiles a separate, inlinable and
 * vectorisable loop per operation; the engine calls a loop once per run of up to thousands of
 * elements, never once per element.
 */
public final class Loops {

    private Loops() {
    }

    /** {@code out[oo+i] = f(x[xo+i])}. */
    @FunctionalInterface
    public interface Unary<X, O> {
        void run(X x, int xo, O out, int oo, int n);
    }

    /** {@code out[oo+i] = f(x[xo+i], y[yo+i])}. */
    @FunctionalInterface
    public interface Binary<X, Y, O> {
        void run(X x, int xo, Y y, int yo, O out, int oo, int n);
    }

    /** {@code out[oo+i] = f(c[co+i], x[xo+i], y[yo+i])}. */
    @FunctionalInterface
    public interface Ternary<C, X, Y, O> {
        void run(C c, int co, X x, int xo, Y y, int yo, O out, int oo, int n);
    }
}
