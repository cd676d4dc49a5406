package dev.cubed.ops;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Chooses chunks that make a reshape blockwise. The axes of the old and new shapes fall into
 * groups with equal products (e.g. {@code (6, 4) -> (2, 3, 4)} is {@code (6) -> (2, 3)} and
 * {@code (4) -> (4)}). Within a group, a chunking is <em>flat</em> when every chunk is one run of
 * the group's C-order flattening, all runs of one length L: the axes before some axis m have chunk
 * 1, axis m has chunk c, the axes after it are whole, and c divides the length of axis m unless the
 * axes before m all have length 1 (then only the last run is shorter). When both sides of every
 * group are flat with the same L, input chunk i holds exactly the elements of output chunk i (in
 * C order of all chunks), so the reshape maps blocks one to one.
 *
 * <p>For each group the planner takes the largest L, no larger than the elements the input's
 * current chunks hold on the group's axes, that both sides can represent; L = 1 always can, so a
 * plan always exists, and memory per chunk never grows. Groups of one axis on each side keep their
 * chunks.
 */
public final class ReshapePlanner {
    private ReshapePlanner() {
    }

    /** Input chunks to rechunk to (possibly the current ones) and the output chunks. */
    public record Plan(int[] inputChunks, int[] outputChunks) {
        @Override
        public String toString() {
            return Arrays.toString(inputChunks) + " -> " + Arrays.toString(outputChunks);
        }
    }

    /** A group: input axes [i0, i1) and output axes [j0, j1) with equal products. */
    record Group(int i0, int i1, int j0, int j1) {
    }

    /** Plans a reshape of an array of {@code in} (chunked {@code chunks}, no empty axes) to {@code out}. */
    public static Plan plan(long[] in, int[] chunks, long[] out) {
        int[] inChunks = new int[in.length];
        int[] outChunks = new int[out.length];
        for (Group g : groups(in, out)) {
            long[] din = Arrays.copyOfRange(in, g.i0, g.i1);
            long[] dout = Arrays.copyOfRange(out, g.j0, g.j1);
            if (din.length == 1 && dout.length == 1) {
                inChunks[g.i0] = chunks[g.i0];
                outChunks[g.j0] = chunks[g.i0];
                continue;
            }
            long limit = 1;
            for (int i = g.i0; i < g.i1; i++) {
                limit = Math.multiplyExact(limit, chunks[i]);
            }
            long flat = largestCommon(din, dout, Math.max(limit, 1));
            fill(inChunks, g.i0, din, flat);
            fill(outChunks, g.j0, dout, flat);
        }
        return new Plan(inChunks, outChunks);
    }

    static List<Group> groups(long[] in, long[] out) {
        List<Group> groups = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < in.length || j < out.length) {
            int i0 = i;
            int j0 = j;
            long pi = i < in.length ? in[i++] : 1;
            long pj = j < out.length ? out[j++] : 1;
            while (pi != pj) {
                if (pi < pj && i < in.length) {
                    pi = Math.multiplyExact(pi, in[i++]);
                } else if (pj < pi && j < out.length) {
                    pj = Math.multiplyExact(pj, out[j++]);
                } else {
                    throw new IllegalArgumentException("cannot reshape " + Arrays.toString(in) + " to "
                            + Arrays.toString(out) + ": the sizes differ");
                }
            }
            // a length-1 axis that follows joins this group rather than standing alone
            while (i < in.length && in[i] == 1 && (j >= out.length || out[j] != 1)) {
                i++;
            }
            while (j < out.length && out[j] == 1 && (i >= in.length || in[i] != 1)) {
                j++;
            }
            groups.add(new Group(i0, i, j0, j));
        }
        return groups;
    }

    /** Sets the chunks of a group's axes from {@code start} for a flat run length {@code flat}. */
    private static void fill(int[] chunks, int start, long[] dims, long flat) {
        int m = layoutAxis(dims, flat);
        long after = 1;
        for (int a = dims.length - 1; a > m; a--) {
            after *= dims[a];
        }
        for (int a = 0; a < dims.length; a++) {
            long c;
            if (a < m) {
                c = 1;
            } else if (a == m) {
                c = flat / after;
            } else {
                c = dims[a];
            }
            chunks[start + a] = (int) Math.max(1, Math.min(c, Integer.MAX_VALUE - 8));
        }
    }

    /** The axis m of a flat layout with run length {@code flat}, or -1 if none. */
    static int layoutAxis(long[] dims, long flat) {
        for (int m = dims.length - 1; m >= 0; m--) {
            long after = product(dims, m + 1, dims.length);
            long before = product(dims, 0, m);
            if (flat % after != 0) {
                continue;
            }
            long c = flat / after;
            if (c >= 1 && c <= dims[m] && (before == 1 || dims[m] % c == 0)) {
                return m;
            }
        }
        return dims.length == 0 && flat == 1 ? 0 : -1;
    }

    private static long product(long[] d, int from, int to) {
        long p = 1;
        for (int i = from; i < to; i++) {
            p = Math.multiplyExact(p, d[i]);
        }
        return p;
    }

    /** The largest run length at most {@code limit} that both groups of axes can lay out flat. */
    static long largestCommon(long[] in, long[] out, long limit) {
        if (in.length == 0 || out.length == 0) {
            return 1;
        }
        long best = 1;
        for (int m = 0; m < in.length; m++) {
            for (int n = 0; n < out.length; n++) {
                best = Math.max(best, bestFor(in, m, out, n, limit));
            }
        }
        return best;
    }

    private static long bestFor(long[] in, int m, long[] out, int n, long limit) {
        long a = product(in, m + 1, in.length);
        long b = product(out, n + 1, out.length);
        boolean rangeIn = product(in, 0, m) == 1;
        boolean rangeOut = product(out, 0, n) == 1;
        long bound = Math.min(limit, Math.min(saturatingMultiply(in[m], a), saturatingMultiply(out[n], b)));
        if (rangeIn && rangeOut) {
            long l = lcm(a, b);
            return l <= 0 || l > bound ? 0 : bound / l * l;
        }
        long best = 0;
        if (!rangeOut) {
            for (long c : divisors(out[n])) {
                long flat = c * b;
                if (flat <= bound && fits(flat, in[m], a, rangeIn)) {
                    best = Math.max(best, flat);
                }
            }
        } else {
            for (long c : divisors(in[m])) {
                long flat = c * a;
                if (flat <= bound && fits(flat, out[n], b, true)) {
                    best = Math.max(best, flat);
                }
            }
        }
        return best;
    }

    /** True when a run of {@code flat} elements is c whole trailing blocks of size {@code after} on an axis of length d. */
    private static boolean fits(long flat, long d, long after, boolean anyCount) {
        if (flat % after != 0) {
            return false;
        }
        long c = flat / after;
        return c >= 1 && c <= d && (anyCount || d % c == 0);
    }

    private static long saturatingMultiply(long x, long y) {
        try {
            return Math.multiplyExact(x, y);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    private static long lcm(long x, long y) {
        long g = gcd(x, y);
        try {
            return Math.multiplyExact(x / g, y);
        } catch (ArithmeticException e) {
            return -1;
        }
    }

    private static long gcd(long x, long y) {
        while (y != 0) {
            long t = x % y;
            x = y;
            y = t;
        }
        return x;
    }

    private static List<Long> divisors(long d) {
        List<Long> small = new ArrayList<>();
        List<Long> large = new ArrayList<>();
        for (long i = 1; i * i <= d; i++) {
            if (d % i == 0) {
                small.add(i);
                if (i != d / i) {
                    large.add(d / i);
                }
            }
        }
        for (int i = large.size() - 1; i >= 0; i--) {
            small.add(large.get(i));
        }
        return small;
    }
}
