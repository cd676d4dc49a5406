package dev.cubed.storage.zarr.codec;

import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Byte unshuffle of 8- and 4-byte elements with the Vector API: the byte planes of {@code L}
 * elements (one vector each) are interleaved in rounds, bytes then byte pairs then quads, until
 * each vector holds whole elements. Each round is two lane permutations and a blend. Used only
 * where vectors are at least 256 bits wide (AVX2, AVX-512): narrower hardware runs the scalar
 * transpose, which is faster there, as it is on Java versions before 25 (see {@link #USABLE}).
 * Loaded only when {@code jdk.incubator.vector} is present.
 */
final class VectorUnshuffle {
    private static final VectorSpecies<Byte> S = ByteVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /**
     * Whether this JVM and machine make this faster than the scalar transpose: vectors of at
     * least 256 bits, and Java 25 or later. Java 17's compiler does not turn these byte
     * rearranges into permute instructions: there this runs at 1 GB/s against the scalar
     * transpose's 2.5-4.5 GB/s, while Java 25 runs it at 16-18 GB/s (AVX-512, 2026-12-08).
     */
    static final boolean USABLE = S.vectorBitSize() >= 256 && ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN
            && Runtime.version().feature() >= 25;
    // for unit widths 1, 2, 4: where each output byte comes from (same index in both inputs) and
    // which input it takes (the blend mask), for the low and the high half
    // separate constants, not arrays: C2 only turns a rearrange into one permute instruction
    // when the shuffle is a constant it can see (measured: 1.5 GB/s through arrays, several
    // times that through fields)
    private static final VectorShuffle<Byte> LO0 = shuffle(true, 0);
    private static final VectorShuffle<Byte> LO1 = shuffle(true, 1);
    private static final VectorShuffle<Byte> LO2 = shuffle(true, 2);
    private static final VectorShuffle<Byte> HI0 = shuffle(false, 0);
    private static final VectorShuffle<Byte> HI1 = shuffle(false, 1);
    private static final VectorShuffle<Byte> HI2 = shuffle(false, 2);
    private static final VectorMask<Byte> ODD0 = mask(0);
    private static final VectorMask<Byte> ODD1 = mask(1);
    private static final VectorMask<Byte> ODD2 = mask(2);

    private VectorUnshuffle() {
    }

    private static VectorShuffle<Byte> shuffle(boolean low, int round) {
        int w = 1 << round;
        int[] idx = new int[L];
        for (int t = 0; t < L; t++) {
            int half = low ? 0 : L / (2 * w);
            idx[t] = (half + t / w / 2) * w + t % w;
        }
        return VectorShuffle.fromArray(S, idx, 0);
    }

    private static VectorMask<Byte> mask(int round) {
        int w = 1 << round;
        boolean[] m = new boolean[L];
        for (int t = 0; t < L; t++) {
            m[t] = (t / w) % 2 == 1;
        }
        return VectorMask.fromArray(S, m, 0);
    }

    private static ByteVector lo0(ByteVector a, ByteVector b) {
        return a.rearrange(LO0).blend(b.rearrange(LO0), ODD0);
    }

    private static ByteVector hi0(ByteVector a, ByteVector b) {
        return a.rearrange(HI0).blend(b.rearrange(HI0), ODD0);
    }

    private static ByteVector lo1(ByteVector a, ByteVector b) {
        return a.rearrange(LO1).blend(b.rearrange(LO1), ODD1);
    }

    private static ByteVector hi1(ByteVector a, ByteVector b) {
        return a.rearrange(HI1).blend(b.rearrange(HI1), ODD1);
    }

    private static ByteVector lo2(ByteVector a, ByteVector b) {
        return a.rearrange(LO2).blend(b.rearrange(LO2), ODD2);
    }

    private static ByteVector hi2(ByteVector a, ByteVector b) {
        return a.rearrange(HI2).blend(b.rearrange(HI2), ODD2);
    }

    /** Unshuffles the first elements of 8 bytes, a multiple of {@code L}; returns how many. */
    static int unshuffle8(byte[] src, int so, int n, byte[] dst, int d0) {
        int done = 0;
        for (; done + L <= n; done += L) {
            int p = so + done;
            ByteVector p0 = ByteVector.fromArray(S, src, p);
            ByteVector p1 = ByteVector.fromArray(S, src, p + n);
            ByteVector p2 = ByteVector.fromArray(S, src, p + 2 * n);
            ByteVector p3 = ByteVector.fromArray(S, src, p + 3 * n);
            ByteVector p4 = ByteVector.fromArray(S, src, p + 4 * n);
            ByteVector p5 = ByteVector.fromArray(S, src, p + 5 * n);
            ByteVector p6 = ByteVector.fromArray(S, src, p + 6 * n);
            ByteVector p7 = ByteVector.fromArray(S, src, p + 7 * n);
            ByteVector q0 = lo0(p0, p1);
            ByteVector q1 = hi0(p0, p1);
            ByteVector q2 = lo0(p2, p3);
            ByteVector q3 = hi0(p2, p3);
            ByteVector q4 = lo0(p4, p5);
            ByteVector q5 = hi0(p4, p5);
            ByteVector q6 = lo0(p6, p7);
            ByteVector q7 = hi0(p6, p7);
            ByteVector r0 = lo1(q0, q2);
            ByteVector r1 = hi1(q0, q2);
            ByteVector r2 = lo1(q1, q3);
            ByteVector r3 = hi1(q1, q3);
            ByteVector r4 = lo1(q4, q6);
            ByteVector r5 = hi1(q4, q6);
            ByteVector r6 = lo1(q5, q7);
            ByteVector r7 = hi1(q5, q7);
            int e = d0 + done * 8;
            lo2(r0, r4).intoArray(dst, e);
            hi2(r0, r4).intoArray(dst, e + L);
            lo2(r1, r5).intoArray(dst, e + 2 * L);
            hi2(r1, r5).intoArray(dst, e + 3 * L);
            lo2(r2, r6).intoArray(dst, e + 4 * L);
            hi2(r2, r6).intoArray(dst, e + 5 * L);
            lo2(r3, r7).intoArray(dst, e + 6 * L);
            hi2(r3, r7).intoArray(dst, e + 7 * L);
        }
        return done;
    }

    /** As {@link #unshuffle8} for elements of 4 bytes. */
    static int unshuffle4(byte[] src, int so, int n, byte[] dst, int d0) {
        int done = 0;
        for (; done + L <= n; done += L) {
            int p = so + done;
            ByteVector p0 = ByteVector.fromArray(S, src, p);
            ByteVector p1 = ByteVector.fromArray(S, src, p + n);
            ByteVector p2 = ByteVector.fromArray(S, src, p + 2 * n);
            ByteVector p3 = ByteVector.fromArray(S, src, p + 3 * n);
            ByteVector q0 = lo0(p0, p1);
            ByteVector q1 = hi0(p0, p1);
            ByteVector q2 = lo0(p2, p3);
            ByteVector q3 = hi0(p2, p3);
            int e = d0 + done * 4;
            lo1(q0, q2).intoArray(dst, e);
            hi1(q0, q2).intoArray(dst, e + L);
            lo1(q1, q3).intoArray(dst, e + 2 * L);
            hi1(q1, q3).intoArray(dst, e + 3 * L);
        }
        return done;
    }
}
