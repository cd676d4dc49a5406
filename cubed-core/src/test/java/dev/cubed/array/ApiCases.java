package dev.cubed.array;

import dev.cubed.block.Block;
import dev.cubed.block.DataType;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shared pieces of the array API property tests: small sessions on in-memory work dirs, random
 * arrays (every data type, NaN and infinities, empty and length-1 axes) with random chunkings, and
 * plain element loops for the expected values. Nothing here calls kernels or planners.
 */
final class ApiCases {
    static final DataType[] ALL_TYPES = DataType.values();
    static final DataType[] NUMERIC = {DataType.FLOAT64, DataType.FLOAT32, DataType.INT8, DataType.INT16,
        DataType.INT32, DataType.INT64, DataType.UINT8, DataType.UINT16, DataType.UINT32, DataType.UINT64};

    private ApiCases() {
    }

    /** A session that runs tasks in one thread or two, with a small budget so planning is tested too. */
    static Cubed session(String name, boolean threads) {
        Spec.Builder b = Spec.builder().workDir("memory://" + name).allowedMem("40MB").reservedMem(0);
        if (threads) {
            b.executor("threads").executorOption("workers", 2);
        } else {
            b.executor("single-threaded");
        }
        return Cubed.session(b.build());
    }

    /** A random shape of up to {@code maxNdim} axes with lengths 0..maxLen, mostly non-empty. */
    static int[] shape(Random r, int minNdim, int maxNdim, int maxLen) {
        int nd = minNdim + r.nextInt(maxNdim - minNdim + 1);
        int[] s = new int[nd];
        for (int i = 0; i < nd; i++) {
            int k = r.nextInt(10);
            s[i] = k == 0 ? 0 : k == 1 ? 1 : 1 + r.nextInt(maxLen);
        }
        return s;
    }

    /** A shape of non-empty axes. */
    static int[] nonEmptyShape(Random r, int minNdim, int maxNdim, int maxLen) {
        int[] s = shape(r, minNdim, maxNdim, maxLen);
        for (int i = 0; i < s.length; i++) {
            s[i] = Math.max(1, s[i]);
        }
        return s;
    }

    /** Random chunks: anything from 1 to the whole axis (edge chunks usually partial). */
    static int[] chunks(Random r, int[] shape) {
        int[] c = new int[shape.length];
        for (int i = 0; i < shape.length; i++) {
            c[i] = 1 + r.nextInt(Math.max(1, shape[i]));
        }
        return c;
    }

    static DataType anyType(Random r) {
        return ALL_TYPES[r.nextInt(ALL_TYPES.length)];
    }

    static DataType numericType(Random r) {
        return NUMERIC[r.nextInt(NUMERIC.length)];
    }

    /** Random values: floats with NaN, infinities and signed zeros sometimes; integers in a small range. */
    static Block block(DataType t, int[] shape, Random r, boolean specials) {
        Block b = Block.allocate(t, shape);
        double[] special = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0};
        for (int i = 0; i < b.size(); i++) {
            if (t.isFloat()) {
                double v = specials && r.nextInt(8) == 0 ? special[r.nextInt(special.length)]
                        : Math.round(r.nextGaussian() * 1000) / 100.0;
                b.setDoubleAt(i, v);
            } else if (t.isBool()) {
                b.setLongAt(i, r.nextInt(2));
            } else if (t.isUnsigned()) {
                b.setLongAt(i, r.nextInt(200));
            } else {
                b.setLongAt(i, r.nextInt(200) - 100);
            }
        }
        return b;
    }

    // ------------------------------------------------------------------ index arithmetic

    static int size(int[] shape) {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        return n;
    }

    static int[] unravel(int flat, int[] shape) {
        int[] idx = new int[shape.length];
        for (int i = shape.length - 1; i >= 0; i--) {
            idx[i] = flat % shape[i];
            flat /= shape[i];
        }
        return idx;
    }

    static int ravel(int[] idx, int[] shape) {
        int f = 0;
        for (int i = 0; i < shape.length; i++) {
            f = f * shape[i] + idx[i];
        }
        return f;
    }

    /** Copies element {@code from} of {@code src} to element {@code to} of {@code dest} (same type). */
    static void copy(Block src, int from, Block dest, int to) {
        if (src.dtype().isFloat()) {
            dest.setDoubleAt(to, src.getDoubleAt(from));
        } else {
            dest.setLongAt(to, src.getLongAt(from));
        }
    }

    /** NumPy's broadcast shape, or null when the shapes do not broadcast. */
    static int[] broadcast(int[] a, int[] b) {
        int nd = Math.max(a.length, b.length);
        int[] out = new int[nd];
        for (int i = 0; i < nd; i++) {
            int x = i - (nd - a.length) >= 0 ? a[i - (nd - a.length)] : 1;
            int y = i - (nd - b.length) >= 0 ? b[i - (nd - b.length)] : 1;
            if (x != y && x != 1 && y != 1) {
                return null;
            }
            out[i] = x == 1 ? y : x;
        }
        return out;
    }

    /** The flat index in an array of {@code shape} that output index {@code idx} reads under broadcasting. */
    static int broadcastFlat(int[] idx, int[] shape) {
        int lead = idx.length - shape.length;
        int f = 0;
        for (int i = 0; i < shape.length; i++) {
            f = f * shape[i] + (shape[i] == 1 ? 0 : idx[lead + i]);
        }
        return f;
    }

    // ------------------------------------------------------------------ assertions

    static void assertSame(Block got, Block want, String what) {
        assertThat(got.dtype()).as("dtype of %s", what).isEqualTo(want.dtype());
        assertThat(got.shape()).as("shape of %s", what).isEqualTo(want.shape());
        if (want.dtype().isFloat()) {
            assertClose(got, want, want.dtype() == DataType.FLOAT32 ? 1e-5 : 1e-12, what);
        } else {
            for (int i = 0; i < want.size(); i++) {
                assertThat(got.getLongAt(i)).as("%s element %d of %s", what, i, Arrays.toString(want.shape()))
                        .isEqualTo(want.getLongAt(i));
            }
        }
    }

    static void assertClose(Block got, Block want, double rel, String what) {
        assertThat(got.shape()).as("shape of %s", what).isEqualTo(want.shape());
        for (int i = 0; i < want.size(); i++) {
            double g = got.getDoubleAt(i);
            double w = want.getDoubleAt(i);
            if (Double.isNaN(w)) {
                assertThat(g).as("%s element %d", what, i).isNaN();
            } else if (Double.isInfinite(w) || w == 0) {
                assertThat(g).as("%s element %d", what, i).isEqualTo(w);
            } else {
                assertThat(Math.abs(g - w)).as("%s element %d: %s vs %s", what, i, g, w)
                        .isLessThanOrEqualTo(rel * Math.abs(w) + 1e-12);
            }
        }
    }

    /** Exact equality of values (NaN equal to NaN), same type and shape. */
    static void assertExact(Block got, Block want, String what) {
        assertThat(got.dtype()).as("dtype of %s", what).isEqualTo(want.dtype());
        assertThat(got.shape()).as("shape of %s", what).isEqualTo(want.shape());
        assertThat(got.sameValues(want)).as("%s: %s vs %s", what, got, want).isTrue();
    }

    static String describe(Block b, int[] chunks) {
        return b.dtype() + Arrays.toString(b.shape()) + " chunks " + Arrays.toString(chunks);
    }
}
