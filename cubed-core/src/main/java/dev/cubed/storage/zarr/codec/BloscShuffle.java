package dev.cubed.storage.zarr.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The two filters of a Blosc block, exactly as c-blosc 1.x applies them to {@code len} bytes of
 * elements of {@code typesize} bytes.
 *
 * <p><b>Byte shuffle</b> stores byte {@code j} of every element together: byte {@code j} of
 * element {@code i} goes to {@code j * n + i}, {@code n = len / typesize}; the {@code len % typesize}
 * trailing bytes are copied as they are. For 8- and 4-byte elements (float64, int64, float32,
 * int32: nearly all numeric data) eight elements are moved at once as an 8x8 (or 4x8) byte
 * matrix transposed in registers, which is several times faster than a byte loop.
 *
 * <p><b>Bit shuffle</b> stores bit {@code b} of byte {@code j} of every element together: it is
 * applied only when {@code n} is a multiple of 8 (otherwise the block is copied unchanged, as
 * c-blosc does), and output bit {@code (8j + b) * n + i} (bytes filled from the least significant
 * bit) is that bit of element {@code i}.
 */
final class BloscShuffle {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long M1 = 0x00FF00FF00FF00FFL;
    private static final long M2 = 0x0000FFFF0000FFFFL;
    private static final long M4 = 0x00000000FFFFFFFFL;

    /**
     * Whether unshuffles of 8- and 4-byte elements use {@link VectorUnshuffle}: only with the
     * incubator module present (the CLI, the worker and the tests add it) and wide vectors.
     */
    static final boolean VECTORS = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && VectorUnshuffle.USABLE;

    private BloscShuffle() {
    }

    /** Byte-shuffles {@code src[so, so + len)} into {@code dst[d0, d0 + len)}. */
    static void shuffle(int typesize, byte[] src, int so, int len, byte[] dst, int d0) {
        int n = len / typesize;
        int done = 0;
        if (typesize == 8) {
            done = transpose8(src, so, n, dst, d0, true, 0);
        } else if (typesize == 4) {
            done = transpose4(src, so, n, dst, d0, true, 0);
        }
        for (int j = 0; j < typesize; j++) {
            int o = d0 + j * n;
            for (int i = done; i < n; i++) {
                dst[o + i] = src[so + i * typesize + j];
            }
        }
        int tail = len - n * typesize;
        System.arraycopy(src, so + len - tail, dst, d0 + len - tail, tail);
    }

    /** Undoes {@link #shuffle}: {@code src[so, so + len)} into {@code dst[d0, d0 + len)}. */
    static void unshuffle(int typesize, byte[] src, int so, int len, byte[] dst, int d0) {
        unshuffle(typesize, src, so, len, dst, d0, VECTORS);
    }

    /** As {@link #unshuffle(int, byte[], int, int, byte[], int)}, choosing whether to use vectors (for tests). */
    static void unshuffle(int typesize, byte[] src, int so, int len, byte[] dst, int d0, boolean vectors) {
        int n = len / typesize;
        int done = 0;
        if (typesize == 8) {
            done = vectors ? VectorUnshuffle.unshuffle8(src, so, n, dst, d0) : 0;
            done += transpose8(src, so, n, dst, d0, false, done);
        } else if (typesize == 4) {
            done = vectors ? VectorUnshuffle.unshuffle4(src, so, n, dst, d0) : 0;
            done += transpose4(src, so, n, dst, d0, false, done);
        }
        for (int i = done; i < n; i++) {
            int o = d0 + i * typesize;
            for (int j = 0; j < typesize; j++) {
                dst[o + j] = src[so + j * n + i];
            }
        }
        int tail = len - n * typesize;
        System.arraycopy(src, so + len - tail, dst, d0 + len - tail, tail);
    }

    /**
     * Unshuffles {@code src[so, so + len)} of 8-byte elements ({@code len} a multiple of 8)
     * straight into a {@code long[]} or {@code double[]} from element {@code e0}: the
     * little-endian bytes of each element become its value without passing through a byte array.
     */
    static void unshuffle8Into(byte[] src, int so, int len, Object elements, int e0) {
        int n = len / 8;
        int done = transpose8(src, so, n, null, 0, false, 0, elements, e0);
        for (int i = done; i < n; i++) {
            long v = 0;
            for (int j = 7; j >= 0; j--) {
                v = (v << 8) | (src[so + j * n + i] & 0xFF);
            }
            if (elements instanceof double[] d) {
                d[e0 + i] = Double.longBitsToDouble(v);
            } else {
                ((long[]) elements)[e0 + i] = v;
            }
        }
    }

    /**
     * Moves groups of 8 elements of 8 bytes between element order and plane order (a byte-matrix
     * transpose is its own inverse, so one routine does both directions; only the addressing
     * differs). Starts at element {@code from} (a multiple of 8); returns how many elements it
     * moved (a multiple of 8).
     */
    private static int transpose8(byte[] src, int so, int n, byte[] dst, int d0, boolean toPlanes, int from) {
        return transpose8(src, so, n, dst, d0, toPlanes, from, null, 0);
    }

    /** As above; from planes into {@code elements} (a long[] or double[], from index e0) when it is not null. */
    private static int transpose8(byte[] src, int so, int n, byte[] dst, int d0, boolean toPlanes, int from,
                                  Object elements, int e0) {
        int groups = (n - from) / 8;
        for (int g = 0; g < groups; g++) {
            group8(src, so, n, dst, d0, toPlanes, from + g * 8, elements, e0);
        }
        return groups * 8;
    }

    /**
     * One group of {@link #transpose8}, as its own small method: it is called often enough to be
     * compiled after a few hundred groups, where the loop around it would run interpreted (its
     * VarHandle accesses 50x slower) until on-stack replacement, which cost 200 ms of the first
     * chunk a fresh JVM decodes.
     */
    private static void group8(byte[] src, int so, int n, byte[] dst, int d0, boolean toPlanes, int i,
                               Object elements, int e0) {
        long r0;
        long r1;
        long r2;
        long r3;
        long r4;
        long r5;
        long r6;
        long r7;
        if (toPlanes) {
            int e = so + i * 8;
            r0 = (long) LONGS.get(src, e);
            r1 = (long) LONGS.get(src, e + 8);
            r2 = (long) LONGS.get(src, e + 16);
            r3 = (long) LONGS.get(src, e + 24);
            r4 = (long) LONGS.get(src, e + 32);
            r5 = (long) LONGS.get(src, e + 40);
            r6 = (long) LONGS.get(src, e + 48);
            r7 = (long) LONGS.get(src, e + 56);
        } else {
            int p = so + i;
            r0 = (long) LONGS.get(src, p);
            r1 = (long) LONGS.get(src, p + n);
            r2 = (long) LONGS.get(src, p + 2 * n);
            r3 = (long) LONGS.get(src, p + 3 * n);
            r4 = (long) LONGS.get(src, p + 4 * n);
            r5 = (long) LONGS.get(src, p + 5 * n);
            r6 = (long) LONGS.get(src, p + 6 * n);
            r7 = (long) LONGS.get(src, p + 7 * n);
        }
        long t;
        // swap single bytes between neighbouring rows, then byte pairs two rows apart, then
        // byte quads four rows apart: the three steps of an 8x8 transpose
        t = ((r0 >>> 8) ^ r1) & M1; r1 ^= t; r0 ^= t << 8;
        t = ((r2 >>> 8) ^ r3) & M1; r3 ^= t; r2 ^= t << 8;
        t = ((r4 >>> 8) ^ r5) & M1; r5 ^= t; r4 ^= t << 8;
        t = ((r6 >>> 8) ^ r7) & M1; r7 ^= t; r6 ^= t << 8;
        t = ((r0 >>> 16) ^ r2) & M2; r2 ^= t; r0 ^= t << 16;
        t = ((r1 >>> 16) ^ r3) & M2; r3 ^= t; r1 ^= t << 16;
        t = ((r4 >>> 16) ^ r6) & M2; r6 ^= t; r4 ^= t << 16;
        t = ((r5 >>> 16) ^ r7) & M2; r7 ^= t; r5 ^= t << 16;
        t = ((r0 >>> 32) ^ r4) & M4; r4 ^= t; r0 ^= t << 32;
        t = ((r1 >>> 32) ^ r5) & M4; r5 ^= t; r1 ^= t << 32;
        t = ((r2 >>> 32) ^ r6) & M4; r6 ^= t; r2 ^= t << 32;
        t = ((r3 >>> 32) ^ r7) & M4; r7 ^= t; r3 ^= t << 32;
        if (elements instanceof double[] d) {
            int e = e0 + i;
            d[e] = Double.longBitsToDouble(r0);
            d[e + 1] = Double.longBitsToDouble(r1);
            d[e + 2] = Double.longBitsToDouble(r2);
            d[e + 3] = Double.longBitsToDouble(r3);
            d[e + 4] = Double.longBitsToDouble(r4);
            d[e + 5] = Double.longBitsToDouble(r5);
            d[e + 6] = Double.longBitsToDouble(r6);
            d[e + 7] = Double.longBitsToDouble(r7);
        } else if (elements instanceof long[] l) {
            int e = e0 + i;
            l[e] = r0;
            l[e + 1] = r1;
            l[e + 2] = r2;
            l[e + 3] = r3;
            l[e + 4] = r4;
            l[e + 5] = r5;
            l[e + 6] = r6;
            l[e + 7] = r7;
        } else if (toPlanes) {
            int p = d0 + i;
            LONGS.set(dst, p, r0);
            LONGS.set(dst, p + n, r1);
            LONGS.set(dst, p + 2 * n, r2);
            LONGS.set(dst, p + 3 * n, r3);
            LONGS.set(dst, p + 4 * n, r4);
            LONGS.set(dst, p + 5 * n, r5);
            LONGS.set(dst, p + 6 * n, r6);
            LONGS.set(dst, p + 7 * n, r7);
        } else {
            int e = d0 + i * 8;
            LONGS.set(dst, e, r0);
            LONGS.set(dst, e + 8, r1);
            LONGS.set(dst, e + 16, r2);
            LONGS.set(dst, e + 24, r3);
            LONGS.set(dst, e + 32, r4);
            LONGS.set(dst, e + 40, r5);
            LONGS.set(dst, e + 48, r6);
            LONGS.set(dst, e + 56, r7);
        }
    }

    /**
     * As {@link #transpose8} for 4-byte elements: four plane rows of 8 bytes hold 8 elements; after
     * two transpose steps row {@code k} holds elements {@code k} (low half) and {@code k + 4}.
     */
    private static int transpose4(byte[] src, int so, int n, byte[] dst, int d0, boolean toPlanes, int from) {
        int groups = (n - from) / 8;
        for (int g = 0; g < groups; g++) {
            group4(src, so, n, dst, d0, toPlanes, from + g * 8);
        }
        return groups * 8;
    }

    /** One group of {@link #transpose4}, a method of its own for the reason {@link #group8} is. */
    private static void group4(byte[] src, int so, int n, byte[] dst, int d0, boolean toPlanes, int i) {
        long r0;
        long r1;
        long r2;
        long r3;
        if (toPlanes) {
            // elements (0,1) (2,3) (4,5) (6,7) as longs, regrouped into rows (0,4) (1,5) (2,6) (3,7)
            int e = so + i * 4;
            long a = (long) LONGS.get(src, e);
            long b = (long) LONGS.get(src, e + 8);
            long c = (long) LONGS.get(src, e + 16);
            long d = (long) LONGS.get(src, e + 24);
            r0 = (a & M4) | (c << 32);
            r1 = (a >>> 32) | (c & ~M4);
            r2 = (b & M4) | (d << 32);
            r3 = (b >>> 32) | (d & ~M4);
        } else {
            int p = so + i;
            r0 = (long) LONGS.get(src, p);
            r1 = (long) LONGS.get(src, p + n);
            r2 = (long) LONGS.get(src, p + 2 * n);
            r3 = (long) LONGS.get(src, p + 3 * n);
        }
        long t;
        if (toPlanes) {
            // the inverse of the steps below, in reverse order
            t = ((r0 >>> 16) ^ r2) & M2; r2 ^= t; r0 ^= t << 16;
            t = ((r1 >>> 16) ^ r3) & M2; r3 ^= t; r1 ^= t << 16;
            t = ((r0 >>> 8) ^ r1) & M1; r1 ^= t; r0 ^= t << 8;
            t = ((r2 >>> 8) ^ r3) & M1; r3 ^= t; r2 ^= t << 8;
            int p = d0 + i;
            LONGS.set(dst, p, r0);
            LONGS.set(dst, p + n, r1);
            LONGS.set(dst, p + 2 * n, r2);
            LONGS.set(dst, p + 3 * n, r3);
        } else {
            t = ((r0 >>> 8) ^ r1) & M1; r1 ^= t; r0 ^= t << 8;
            t = ((r2 >>> 8) ^ r3) & M1; r3 ^= t; r2 ^= t << 8;
            t = ((r0 >>> 16) ^ r2) & M2; r2 ^= t; r0 ^= t << 16;
            t = ((r1 >>> 16) ^ r3) & M2; r3 ^= t; r1 ^= t << 16;
            int e = d0 + i * 4;
            LONGS.set(dst, e, (r0 & M4) | (r1 << 32));
            LONGS.set(dst, e + 8, (r2 & M4) | (r3 << 32));
            LONGS.set(dst, e + 16, (r0 >>> 32) | (r1 & ~M4));
            LONGS.set(dst, e + 24, (r2 >>> 32) | (r3 & ~M4));
        }
    }

    /** Bit-shuffles {@code src[so, so + len)} into {@code dst[d0, d0 + len)}. */
    static void bitshuffle(int typesize, byte[] src, int so, int len, byte[] dst, int d0) {
        int n = len / typesize;
        if (n % 8 != 0) {
            System.arraycopy(src, so, dst, d0, len);
            return;
        }
        int rowBytes = n / 8;
        java.util.Arrays.fill(dst, d0, d0 + n * typesize, (byte) 0);
        for (int i = 0; i < n; i++) {
            int e = so + i * typesize;
            int outByte = i >>> 3;
            int bit = i & 7;
            for (int j = 0; j < typesize; j++) {
                int v = src[e + j] & 0xFF;
                if (v == 0) {
                    continue;
                }
                int row = d0 + (j * 8) * rowBytes + outByte;
                for (int b = 0; b < 8; b++) {
                    dst[row + b * rowBytes] |= (byte) (((v >>> b) & 1) << bit);
                }
            }
        }
        int done = n * typesize;
        System.arraycopy(src, so + done, dst, d0 + done, len - done);
    }

    /** Undoes {@link #bitshuffle}. */
    static void bitunshuffle(int typesize, byte[] src, int so, int len, byte[] dst, int d0) {
        int n = len / typesize;
        if (n % 8 != 0) {
            System.arraycopy(src, so, dst, d0, len);
            return;
        }
        int rowBytes = n / 8;
        for (int i = 0; i < n; i++) {
            int e = d0 + i * typesize;
            int inByte = i >>> 3;
            int bit = i & 7;
            for (int j = 0; j < typesize; j++) {
                int row = so + (j * 8) * rowBytes + inByte;
                int v = 0;
                for (int b = 0; b < 8; b++) {
                    v |= ((src[row + b * rowBytes] >>> bit) & 1) << b;
                }
                dst[e + j] = (byte) v;
            }
        }
        int done = n * typesize;
        System.arraycopy(src, so + done, dst, d0 + done, len - done);
    }
}
