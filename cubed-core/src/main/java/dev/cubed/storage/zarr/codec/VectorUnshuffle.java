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

    /**
     * One interleave: the lanes {@code half} selects from both inputs, {@code odd} choosing the
     * second's. Always called with the constants above, which stay constants once this is inlined.
     */
    private static ByteVector zip(ByteVector a, ByteVector b, VectorShuffle<Byte> half, VectorMask<Byte> odd) {
        return a.rearrange(half).blend(b.rearrange(half), odd);
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
            ByteVector q0 = zip(p0, p1, LO0, ODD0);
            ByteVector q1 = zip(p0, p1, HI0, ODD0);
            ByteVector q2 = zip(p2, p3, LO0, ODD0);
            ByteVector q3 = zip(p2, p3, HI0, ODD0);
            ByteVector q4 = zip(p4, p5, LO0, ODD0);
            ByteVector q5 = zip(p4, p5, HI0, ODD0);
            ByteVector q6 = zip(p6, p7, LO0, ODD0);
            ByteVector q7 = zip(p6, p7, HI0, ODD0);
            ByteVector r0 = zip(q0, q2, LO1, ODD1);
            ByteVector r1 = zip(q0, q2, HI1, ODD1);
            ByteVector r2 = zip(q1, q3, LO1, ODD1);
            ByteVector r3 = zip(q1, q3, HI1, ODD1);
            ByteVector r4 = zip(q4, q6, LO1, ODD1);
            ByteVector r5 = zip(q4, q6, HI1, ODD1);
            ByteVector r6 = zip(q5, q7, LO1, ODD1);
            ByteVector r7 = zip(q5, q7, HI1, ODD1);
            int e = d0 + done * 8;
            zip(r0, r4, LO2, ODD2).intoArray(dst, e);
            zip(r0, r4, HI2, ODD2).intoArray(dst, e + L);
            zip(r1, r5, LO2, ODD2).intoArray(dst, e + 2 * L);
            zip(r1, r5, HI2, ODD2).intoArray(dst, e + 3 * L);
            zip(r2, r6, LO2, ODD2).intoArray(dst, e + 4 * L);
            zip(r2, r6, HI2, ODD2).intoArray(dst, e + 5 * L);
            zip(r3, r7, LO2, ODD2).intoArray(dst, e + 6 * L);
            zip(r3, r7, HI2, ODD2).intoArray(dst, e + 7 * L);
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
            ByteVector q0 = zip(p0, p1, LO0, ODD0);
            ByteVector q1 = zip(p0, p1, HI0, ODD0);
            ByteVector q2 = zip(p2, p3, LO0, ODD0);
            ByteVector q3 = zip(p2, p3, HI0, ODD0);
            int e = d0 + done * 4;
            zip(q0, q2, LO1, ODD1).intoArray(dst, e);
            zip(q0, q2, HI1, ODD1).intoArray(dst, e + L);
            zip(q1, q3, LO1, ODD1).intoArray(dst, e + 2 * L);
            zip(q1, q3, HI1, ODD1).intoArray(dst, e + 3 * L);
        }
        return done;
    }
}
