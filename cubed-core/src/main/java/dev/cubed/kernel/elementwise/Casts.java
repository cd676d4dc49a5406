package dev.cubed.kernel.elementwise;

import dev.cubed.block.DataType;

import java.util.Arrays;

/**
 * Bulk conversions between block storage and loop {@link Domain}s, with C cast semantics:
 * integers wrap to the target width, unsigned types read unsigned, floats convert to integers by
 * truncation toward zero (NaN gives 0, values beyond the 64-bit range saturate before wrapping;
 * C leaves both undefined), anything non-zero (NaN included) is {@code true}.
 *
 * <p>Every method switches on the types once and then runs a tight loop over primitive arrays.
 */
public final class Casts {

    private static final double TWO_POW_63 = 9.223372036854775807E18;

    private Casts() {
    }

    /** A double cast to a 64-bit integer pattern as C would, keeping uint64 values at or above 2^63. */
    public static long doubleToLong(double v) {
        if (v >= TWO_POW_63) {
            return (long) (v - TWO_POW_63) + Long.MIN_VALUE;
        }
        return (long) v;
    }

    /** The value of a uint64 bit pattern as a double, correctly rounded. */
    public static double unsignedToDouble(long bits) {
        if (bits >= 0) {
            return bits;
        }
        // halve keeping the low bit as a sticky bit, so the single rounding below is correct
        return ((bits >>> 1) | (bits & 1)) * 2.0;
    }

    /** The value of a uint64 bit pattern as a float, correctly rounded (no double rounding). */
    public static float unsignedToFloat(long bits) {
        if (bits >= 0) {
            return bits;
        }
        return ((bits >>> 1) | (bits & 1)) * 2.0f;
    }

    /**
     * Reads {@code n} elements of a block's storage, {@code step} apart from {@code start}
     * ({@code step} 0 repeats one element), converting them into {@code buf[0..n)} of domain {@code d}.
     */
    public static void gather(DataType t, Object src, int start, int step, int n, Domain d, Object buf) {
        if (n == 0) {
            return;
        }
        if (step == 0 && n > 1) {
            gather(t, src, start, 1, 1, d, buf);
            fillFromFirst(d, buf, n);
            return;
        }
        switch (d) {
            case DOUBLE -> toDouble(t, src, start, step, n, (double[]) buf);
            case FLOAT -> toFloat(t, src, start, step, n, (float[]) buf);
            case LONG, ULONG -> toLong(t, src, start, step, n, (long[]) buf);
            case INT -> toInt(t, src, start, step, n, (int[]) buf);
            case BOOL -> toBool(t, src, start, step, n, (byte[]) buf);
        }
    }

    /** Repeats {@code buf[0]} over {@code buf[0..n)}. */
    static void fillFromFirst(Domain d, Object buf, int n) {
        switch (d) {
            case DOUBLE -> Arrays.fill((double[]) buf, 1, n, ((double[]) buf)[0]);
            case FLOAT -> Arrays.fill((float[]) buf, 1, n, ((float[]) buf)[0]);
            case LONG, ULONG -> Arrays.fill((long[]) buf, 1, n, ((long[]) buf)[0]);
            case INT -> Arrays.fill((int[]) buf, 1, n, ((int[]) buf)[0]);
            case BOOL -> Arrays.fill((byte[]) buf, 1, n, ((byte[]) buf)[0]);
        }
    }

    private static void toDouble(DataType t, Object src, int s, int st, int n, double[] o) {
        switch (t) {
            case FLOAT64 -> {
                double[] a = (double[]) src;
                if (st == 1) {
                    System.arraycopy(a, s, o, 0, n);
                } else {
                    for (int i = 0; i < n; i++) {
                        o[i] = a[s + i * st];
                    }
                }
            }
            case FLOAT32 -> {
                float[] a = (float[]) src;
                for (int i = 0; i < n; i++) {
                    o[i] = a[s + i * st];
                }
            }
            case INT64 -> {
                long[] a = (long[]) src;
                for (int i = 0; i < n; i++) {
                    o[i] = a[s + i * st];
                }
            }
            case UINT64 -> {
                long[] a = (long[]) src;
                for (int i = 0; i < n; i++) {
                    o[i] = unsignedToDouble(a[s + i * st]);
                }
            }
            case INT32 -> {
                int[] a = (int[]) src;
                for (int i = 0; i < n; i++) {
                    o[i] = a[s + i * st];
                }
            }
            case UINT32 -> {
                int[] a = (int[]) src;
                for (int i = 0; i < n; i++) {
                    o[i] = a[s + i * st] & 0xFFFFFFFFL;
                }
            }
            case INT16 -> {
                short[] a = (short[]) src;
                for (int i = 0; i < n; i++) {
                    o[i] = a[s + i * st];
                }
            }
            case UINT16 -> {
                short[] a = (short[]) src;
                for (int i = 0; i < n; i++) {
                    o[i] = a[s + i * st] & 0xFFFF;
                }
            }
            case INT8, BOOL -> {
                byte[] a = (byte[]) src;
                for (int i = 0; i < n; i++) {
                    o[i] = a[s + i * st];
                }
            }
            case UINT8 -> {
                byte[] a = (byte[]) src;
                for (int i = 0; i < n; i++) {
                    o[i] = a[s + i * st] & 0xFF;
                }
            }
        }
    }

    private static void toFloat(DataType t, Object src, int s, int st, int n, float[] o) {
        switch (t) {
            case FLOAT32 -> {
                float[] a = (float[]) src;
                if (st == 1) {
                    System.arraycopy(a, s, o, 0, n);
                } else {
                    for (int i = 0; i < n; i++) {
                        o[i] = a[s + i * st];
                    }
                }
            }
            case FLOAT64 -> {
                double[] a = (double[]) src;
                for (int i = 0; i < n; i++) {
                    o[i] = (float) a[s + i * st];
                }
            }
            case INT64 -> {
                long[] a = (long[]) src;
                for (int i = 0; i < n; i++) {
                    o[i] = a[s + i * st];
                }
            }
            case UINT64 -> {
                long[] a = (long[]) src;
                for (int i = 0; i < n; i++) {
                    o[i] = unsignedToFloat(a[s + i * st]);
                }
            }
            case INT32 -> {
                int[] a = (int[]) src;
                for (int i = 0; i < n; i++) {
                    o[i] = a[s + i * st];
                }
            }
            case UINT32 -> {
                int[] a = (int[]) src;
                for (int i = 0; i < n; i++) {
                    o[i] = a[s + i * st] & 0xFFFFFFFFL;
                }
            }
            case INT16 -> {
                short[] a = (short[]) src;
                for (int i = 0; i < n; i++) {
                    o[i] = a[s + i * st];
                }
            }
            case UINT16 -> {
                short[] a = (short[]) src;
                for (int i = 0; i < n; i++) {
                    o[i] = a[s + i * st] & 0xFFFF;
                }
            }
            case INT8, BOOL -> {
                byte[] a = (byte[]) src;
                for (int i = 0; i < n; i++) {
                    o[i] = a[s + i * st];
                }
            }
            case UINT8 -> {
                byte[] a = (byte[]) src;
                for (int i = 0; i < n; i++) {
                    o[i] = a[s + i * st] & 0xFF;
                }
            }
        }
    }

    private static void toLong(DataType t, Object src, int s, int st, int n, long[] o) {
        switch (t) {
            case INT64, UINT64 -> {
                long[] a = (long[]) src;
                if (st == 1) {
                    System.arraycopy(a, s, o, 0, n);
                } else {
                    for (int i = 0; i < n; i++) {
                        o[i] = a[s + i * st];
                    }
                }
            }
            case FLOAT64 -> {
                double[] a = (double[]) src;
                for (int i = 0; i < n; i++) {
                    o[i] = doubleToLong(a[s + i * st]);
                }
            }
            case FLOAT32 -> {
                float[] a = (float[]) src;
                for (int i = 0; i < n; i++) {
                    o[i] = doubleToLong(a[s + i * st]);
                }
            }
            case INT32 -> {
                int[] a = (int[]) src;
                for (int i = 0; i < n; i++) {
                    o[i] = a[s + i * st];
                }
            }
            case UINT32 -> {
                int[] a = (int[]) src;
                for (int i = 0; i < n; i++) {
                    o[i] = a[s + i * st] & 0xFFFFFFFFL;
                }
            }
            case INT16 -> {
                short[] a = (short[]) src;
                for (int i = 0; i < n; i++) {
                    o[i] = a[s + i * st];
                }
            }
            case UINT16 -> {
                short[] a = (short[]) src;
                for (int i = 0; i < n; i++) {
                    o[i] = a[s + i * st] & 0xFFFF;
                }
            }
            case INT8, BOOL -> {
                byte[] a = (byte[]) src;
                for (int i = 0; i < n; i++) {
                    o[i] = a[s + i * st];
                }
            }
            case UINT8 -> {
                byte[] a = (byte[]) src;
                for (int i = 0; i < n; i++) {
                    o[i] = a[s + i * st] & 0xFF;
                }
            }
        }
    }

    private static void toInt(DataType t, Object src, int s, int st, int n, int[] o) {
        switch (t) {
            case INT32, UINT32 -> {
                int[] a = (int[]) src;
                if (st == 1) {
                    System.arraycopy(a, s, o, 0, n);
                } else {
                    for (int i = 0; i < n; i++) {
                        o[i] = a[s + i * st];
                    }
                }
            }
            case INT64, UINT64 -> {
                long[] a = (long[]) src;
                for (int i = 0; i < n; i++) {
                    o[i] = (int) a[s + i * st];
                }
            }
            case FLOAT64 -> {
                double[] a = (double[]) src;
                for (int i = 0; i < n; i++) {
                    o[i] = (int) doubleToLong(a[s + i * st]);
                }
            }
            case FLOAT32 -> {
                float[] a = (float[]) src;
                for (int i = 0; i < n; i++) {
                    o[i] = (int) doubleToLong(a[s + i * st]);
                }
            }
            case INT16 -> {
                short[] a = (short[]) src;
                for (int i = 0; i < n; i++) {
                    o[i] = a[s + i * st];
                }
            }
            case UINT16 -> {
                short[] a = (short[]) src;
                for (int i = 0; i < n; i++) {
                    o[i] = a[s + i * st] & 0xFFFF;
                }
            }
            case INT8, BOOL -> {
                byte[] a = (byte[]) src;
                for (int i = 0; i < n; i++) {
                    o[i] = a[s + i * st];
                }
            }
            case UINT8 -> {
                byte[] a = (byte[]) src;
                for (int i = 0; i < n; i++) {
                    o[i] = a[s + i * st] & 0xFF;
                }
            }
        }
    }

    private static void toBool(DataType t, Object src, int s, int st, int n, byte[] o) {
        switch (t) {
            case BOOL -> {
                byte[] a = (byte[]) src;
                for (int i = 0; i < n; i++) {
                    o[i] = (byte) (a[s + i * st] != 0 ? 1 : 0);
                }
            }
            case INT8, UINT8 -> {
                byte[] a = (byte[]) src;
                for (int i = 0; i < n; i++) {
                    o[i] = (byte) (a[s + i * st] != 0 ? 1 : 0);
                }
            }
            case INT16, UINT16 -> {
                short[] a = (short[]) src;
                for (int i = 0; i < n; i++) {
                    o[i] = (byte) (a[s + i * st] != 0 ? 1 : 0);
                }
            }
            case INT32, UINT32 -> {
                int[] a = (int[]) src;
                for (int i = 0; i < n; i++) {
                    o[i] = (byte) (a[s + i * st] != 0 ? 1 : 0);
                }
            }
            case INT64, UINT64 -> {
                long[] a = (long[]) src;
                for (int i = 0; i < n; i++) {
                    o[i] = (byte) (a[s + i * st] != 0 ? 1 : 0);
                }
            }
            case FLOAT32 -> {
                float[] a = (float[]) src;
                for (int i = 0; i < n; i++) {
                    o[i] = (byte) (a[s + i * st] != 0 ? 1 : 0);
                }
            }
            case FLOAT64 -> {
                double[] a = (double[]) src;
                for (int i = 0; i < n; i++) {
                    o[i] = (byte) (a[s + i * st] != 0 ? 1 : 0);
                }
            }
        }
    }

    /**
     * Writes {@code buf[bo..bo+n)} of domain {@code d} into contiguous storage of type {@code t} at
     * {@code start}, converting as a C cast would.
     */
    public static void scatter(Domain d, Object buf, int bo, int n, DataType t, Object dst, int start) {
        if (n == 0) {
            return;
        }
        switch (t) {
            case FLOAT64 -> toFloat64(d, buf, bo, n, (double[]) dst, start);
            case FLOAT32 -> toFloat32(d, buf, bo, n, (float[]) dst, start);
            case BOOL -> toBoolStorage(d, buf, bo, n, (byte[]) dst, start);
            case INT64, UINT64 -> toLongStorage(d, buf, bo, n, (long[]) dst, start);
            case INT32, UINT32 -> toIntStorage(d, buf, bo, n, (int[]) dst, start);
            case INT16, UINT16 -> toShortStorage(d, buf, bo, n, (short[]) dst, start);
            case INT8, UINT8 -> toByteStorage(d, buf, bo, n, (byte[]) dst, start);
        }
    }

    private static void toFloat64(Domain d, Object buf, int bo, int n, double[] o, int s) {
        switch (d) {
            case DOUBLE -> System.arraycopy(buf, bo, o, s, n);
            case FLOAT -> {
                float[] a = (float[]) buf;
                for (int i = 0; i < n; i++) {
                    o[s + i] = a[bo + i];
                }
            }
            case LONG -> {
                long[] a = (long[]) buf;
                for (int i = 0; i < n; i++) {
                    o[s + i] = a[bo + i];
                }
            }
            case ULONG -> {
                long[] a = (long[]) buf;
                for (int i = 0; i < n; i++) {
                    o[s + i] = unsignedToDouble(a[bo + i]);
                }
            }
            case INT -> {
                int[] a = (int[]) buf;
                for (int i = 0; i < n; i++) {
                    o[s + i] = a[bo + i];
                }
            }
            case BOOL -> {
                byte[] a = (byte[]) buf;
                for (int i = 0; i < n; i++) {
                    o[s + i] = a[bo + i];
                }
            }
        }
    }

    private static void toFloat32(Domain d, Object buf, int bo, int n, float[] o, int s) {
        switch (d) {
            case FLOAT -> System.arraycopy(buf, bo, o, s, n);
            case DOUBLE -> {
                double[] a = (double[]) buf;
                for (int i = 0; i < n; i++) {
                    o[s + i] = (float) a[bo + i];
                }
            }
            case LONG -> {
                long[] a = (long[]) buf;
                for (int i = 0; i < n; i++) {
                    o[s + i] = a[bo + i];
                }
            }
            case ULONG -> {
                long[] a = (long[]) buf;
                for (int i = 0; i < n; i++) {
                    o[s + i] = unsignedToFloat(a[bo + i]);
                }
            }
            case INT -> {
                int[] a = (int[]) buf;
                for (int i = 0; i < n; i++) {
                    o[s + i] = a[bo + i];
                }
            }
            case BOOL -> {
                byte[] a = (byte[]) buf;
                for (int i = 0; i < n; i++) {
                    o[s + i] = a[bo + i];
                }
            }
        }
    }

    private static void toBoolStorage(Domain d, Object buf, int bo, int n, byte[] o, int s) {
        switch (d) {
            case BOOL -> System.arraycopy(buf, bo, o, s, n);
            case DOUBLE -> {
                double[] a = (double[]) buf;
                for (int i = 0; i < n; i++) {
                    o[s + i] = (byte) (a[bo + i] != 0 ? 1 : 0);
                }
            }
            case FLOAT -> {
                float[] a = (float[]) buf;
                for (int i = 0; i < n; i++) {
                    o[s + i] = (byte) (a[bo + i] != 0 ? 1 : 0);
                }
            }
            case LONG, ULONG -> {
                long[] a = (long[]) buf;
                for (int i = 0; i < n; i++) {
                    o[s + i] = (byte) (a[bo + i] != 0 ? 1 : 0);
                }
            }
            case INT -> {
                int[] a = (int[]) buf;
                for (int i = 0; i < n; i++) {
                    o[s + i] = (byte) (a[bo + i] != 0 ? 1 : 0);
                }
            }
        }
    }

    private static void toLongStorage(Domain d, Object buf, int bo, int n, long[] o, int s) {
        switch (d) {
            case LONG, ULONG -> System.arraycopy(buf, bo, o, s, n);
            case DOUBLE -> {
                double[] a = (double[]) buf;
                for (int i = 0; i < n; i++) {
                    o[s + i] = doubleToLong(a[bo + i]);
                }
            }
            case FLOAT -> {
                float[] a = (float[]) buf;
                for (int i = 0; i < n; i++) {
                    o[s + i] = doubleToLong(a[bo + i]);
                }
            }
            case INT -> {
                int[] a = (int[]) buf;
                for (int i = 0; i < n; i++) {
                    o[s + i] = a[bo + i];
                }
            }
            case BOOL -> {
                byte[] a = (byte[]) buf;
                for (int i = 0; i < n; i++) {
                    o[s + i] = a[bo + i];
                }
            }
        }
    }

    private static void toIntStorage(Domain d, Object buf, int bo, int n, int[] o, int s) {
        switch (d) {
            case INT -> System.arraycopy(buf, bo, o, s, n);
            case DOUBLE -> {
                double[] a = (double[]) buf;
                for (int i = 0; i < n; i++) {
                    o[s + i] = (int) doubleToLong(a[bo + i]);
                }
            }
            case FLOAT -> {
                float[] a = (float[]) buf;
                for (int i = 0; i < n; i++) {
                    o[s + i] = (int) doubleToLong(a[bo + i]);
                }
            }
            case LONG, ULONG -> {
                long[] a = (long[]) buf;
                for (int i = 0; i < n; i++) {
                    o[s + i] = (int) a[bo + i];
                }
            }
            case BOOL -> {
                byte[] a = (byte[]) buf;
                for (int i = 0; i < n; i++) {
                    o[s + i] = a[bo + i];
                }
            }
        }
    }

    private static void toShortStorage(Domain d, Object buf, int bo, int n, short[] o, int s) {
        switch (d) {
            case DOUBLE -> {
                double[] a = (double[]) buf;
                for (int i = 0; i < n; i++) {
                    o[s + i] = (short) doubleToLong(a[bo + i]);
                }
            }
            case FLOAT -> {
                float[] a = (float[]) buf;
                for (int i = 0; i < n; i++) {
                    o[s + i] = (short) doubleToLong(a[bo + i]);
                }
            }
            case LONG, ULONG -> {
                long[] a = (long[]) buf;
                for (int i = 0; i < n; i++) {
                    o[s + i] = (short) a[bo + i];
                }
            }
            case INT -> {
                int[] a = (int[]) buf;
                for (int i = 0; i < n; i++) {
                    o[s + i] = (short) a[bo + i];
                }
            }
            case BOOL -> {
                byte[] a = (byte[]) buf;
                for (int i = 0; i < n; i++) {
                    o[s + i] = a[bo + i];
                }
            }
        }
    }

    private static void toByteStorage(Domain d, Object buf, int bo, int n, byte[] o, int s) {
        switch (d) {
            case BOOL -> System.arraycopy(buf, bo, o, s, n);
            case DOUBLE -> {
                double[] a = (double[]) buf;
                for (int i = 0; i < n; i++) {
                    o[s + i] = (byte) doubleToLong(a[bo + i]);
                }
            }
            case FLOAT -> {
                float[] a = (float[]) buf;
                for (int i = 0; i < n; i++) {
                    o[s + i] = (byte) doubleToLong(a[bo + i]);
                }
            }
            case LONG, ULONG -> {
                long[] a = (long[]) buf;
                for (int i = 0; i < n; i++) {
                    o[s + i] = (byte) a[bo + i];
                }
            }
            case INT -> {
                int[] a = (int[]) buf;
                for (int i = 0; i < n; i++) {
                    o[s + i] = (byte) a[bo + i];
                }
            }
        }
    }
}
