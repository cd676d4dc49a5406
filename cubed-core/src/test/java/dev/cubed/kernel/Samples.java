package dev.cubed.kernel;

import dev.cubed.block.Block;
import dev.cubed.block.DataType;

import java.math.BigInteger;
import java.util.Random;

/**
 * Random test inputs: shapes (with size-0 and size-1 axes), values that include each type's
 * extremes and, for floats, NaN, ±infinity and -0.0, and layouts (compact, strided, transposed,
 * reversed, broadcast with stride 0) holding the same logical values.
 */
public final class Samples {
    private final Random random;

    public Samples(long seed) {
        this.random = new Random(seed);
    }

    public Random random() {
        return random;
    }

    public DataType dtype() {
        DataType[] all = DataType.values();
        return all[random.nextInt(all.length)];
    }

    public DataType dtype(DataType... among) {
        return among[random.nextInt(among.length)];
    }

    /** A shape of rank 0..maxRank; axes mostly 1..4, sometimes 0. */
    public int[] shape(int maxRank) {
        int rank = random.nextInt(maxRank + 1);
        int[] s = new int[rank];
        for (int i = 0; i < rank; i++) {
            int r = random.nextInt(20);
            s[i] = r == 0 ? 0 : (r < 5 ? 1 : 1 + random.nextInt(4));
        }
        return s;
    }

    /** A shape that broadcasts to {@code out}: some leading axes dropped, some axes set to 1. */
    public int[] broadcastableTo(int[] out) {
        int drop = random.nextInt(out.length + 1);
        if (random.nextInt(3) > 0) {
            drop = 0;
        }
        int[] s = new int[out.length - drop];
        for (int i = 0; i < s.length; i++) {
            s[i] = random.nextInt(4) == 0 ? 1 : out[drop + i];
        }
        return s;
    }

    /** A block of {@code shape} and {@code dtype} with random values, in a random layout. */
    public Block block(DataType dtype, int... shape) {
        Block compact = Block.allocate(dtype, shape);
        for (int i = 0; i < compact.size(); i++) {
            setRandom(compact, i);
        }
        return layout(compact);
    }

    /** The same values as {@code compact} in a random layout (a view over other storage). */
    public Block layout(Block compact) {
        int[] shape = compact.shape();
        int kind = random.nextInt(6);
        if (kind == 0 || shape.length == 0 || compact.size() == 0) {
            return compact;
        }
        int n = shape.length;
        switch (kind) {
            case 1: {
                // strided view into a larger base: every axis padded and stepped
                int[] steps = new int[n];
                int[] starts = new int[n];
                int[] baseShape = new int[n];
                for (int i = 0; i < n; i++) {
                    steps[i] = 1 + random.nextInt(3);
                    starts[i] = random.nextInt(2);
                    baseShape[i] = starts[i] + (shape[i] - 1) * steps[i] + 1 + random.nextInt(2);
                }
                Block base = Block.allocate(compact.dtype(), baseShape);
                fillGarbage(base);
                Block view = base;
                for (int i = 0; i < n; i++) {
                    view = view.stride(i, starts[i], steps[i], shape[i]);
                }
                compact.copyInto(view, new int[n]);
                return view;
            }
            case 2: {
                // transposed: store the permuted array compactly and view it back
                int[] perm = permutation(n);
                int[] inv = new int[n];
                int[] permShape = new int[n];
                for (int i = 0; i < n; i++) {
                    permShape[i] = shape[perm[i]];
                    inv[perm[i]] = i;
                }
                Block stored = Block.allocate(compact.dtype(), permShape);
                compact.transpose(perm).copyInto(stored, new int[n]);
                return stored.transpose(inv);
            }
            case 3: {
                // reversed along one axis (negative stride)
                int axis = random.nextInt(n);
                Block stored = Block.allocate(compact.dtype(), shape);
                Block rev = stored.stride(axis, shape[axis] - 1, -1, shape[axis]);
                compact.copyInto(rev, new int[n]);
                return stored.stride(axis, shape[axis] - 1, -1, shape[axis]);
            }
            case 4: {
                // an offset slice of a bigger compact block (contiguous rows, non-zero offset)
                int[] baseShape = shape.clone();
                baseShape[0] += 2;
                Block base = Block.allocate(compact.dtype(), baseShape);
                fillGarbage(base);
                int[] start = new int[n];
                start[0] = 1;
                int[] stop = shape.clone();
                stop[0] += 1;
                Block view = base.slice(start, stop);
                compact.copyInto(view, new int[n]);
                return view;
            }
            default: {
                // broadcast: when every element is equal along an axis, a stride-0 view is equivalent
                int axis = random.nextInt(n);
                int[] one = shape.clone();
                one[axis] = 1;
                Block row = compact.slice(new int[n], one).copy();
                Block b = row.broadcastTo(shape);
                // overwrite the expectation source: the caller sees consistent values through the view
                b.copyInto(compact, new int[n]);
                return b;
            }
        }
    }

    private int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private void fillGarbage(Block b) {
        for (int i = 0; i < b.size(); i++) {
            setRandom(b, i);
        }
    }

    /** Sets element {@code flat} to a random value of the block's type, often an edge value. */
    public void setRandom(Block b, int flat) {
        DataType t = b.dtype();
        if (t.isFloat()) {
            b.setDoubleAt(flat, randomDouble());
        } else if (t.isBool()) {
            b.setLongAt(flat, random.nextBoolean() ? 1 : 0);
        } else {
            b.setLongAt(flat, randomIntegerBits(t));
        }
    }

    public double randomDouble() {
        switch (random.nextInt(12)) {
            case 0: return Double.NaN;
            case 1: return random.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
            case 2: return random.nextBoolean() ? 0.0 : -0.0;
            case 3: return random.nextInt(11) - 5;
            case 4: return (random.nextInt(21) - 10) * 0.5;
            case 5: return random.nextGaussian() * 1e6;
            case 6: return random.nextGaussian() * 1e-3;
            default: return (random.nextDouble() * 2 - 1) * 10;
        }
    }

    /** Bits of a random value of integer type {@code t}: extremes, small values or uniform bits. */
    public long randomIntegerBits(DataType t) {
        BigInteger min = Exact.min(t);
        BigInteger max = Exact.max(t);
        switch (random.nextInt(8)) {
            case 0: return min.longValue();
            case 1: return max.longValue();
            case 2: return 0;
            case 3: case 4: return t.isUnsigned() ? random.nextInt(8) : random.nextInt(15) - 7;
            default: return random.nextLong();
        }
    }
}
