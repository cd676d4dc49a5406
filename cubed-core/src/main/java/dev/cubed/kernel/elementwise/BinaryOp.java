package dev.cubed.kernel.elementwise;

import dev.cubed.block.Block;
import dev.cubed.block.BlockAllocator;
import dev.cubed.block.DataType;
import dev.cubed.block.TypePromotion;
import dev.cubed.block.TypePromotion.Category;
import dev.cubed.block.TypePromotion.ResultRule;
import dev.cubed.kernel.Kernel;
import dev.cubed.kernel.Shapes;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * An element-wise function of two blocks broadcast together (NumPy rules; a 0-d block is a
 * scalar), defined by a loop per {@link Domain}. Both inputs are converted to their promoted type's
 * domain (see {@link UnaryOp} for the fallbacks).
 *
 * <p>A comparison between a signed integer and uint64, whose promoted type float64 cannot hold
 * both exactly, uses an exact mixed-sign comparison instead when the operation supplies one.
 */
public final class BinaryOp {
    private final String name;
    private final Category category;
    private final ResultRule rule;
    private final Map<Domain, Loops.Binary<Object, Object, Object>> loops;
    private final MixedSignComparison mixed;

    /** An exact comparison of a signed 64-bit value with an unsigned one, as the sign of (signed - unsigned). */
    @FunctionalInterface
    public interface MixedSignComparison {
        boolean test(int signOfDifference);
    }

    private BinaryOp(Builder b) {
        this.name = b.name;
        this.category = b.category;
        this.rule = b.rule;
        this.loops = new EnumMap<>(b.loops);
        this.mixed = b.mixed;
    }

    /**
     * An operation {@code name} that accepts {@code category} inputs and whose result type follows
     * {@code rule}: its signature, which planners read through {@link ElementwiseKernels#signature}.
     */
    public static Builder builder(String name, Category category, ResultRule rule) {
        return new Builder(name, category, rule);
    }

    /** The accepted types and result rule, for planning. */
    public TypePromotion.Signature signature() {
        return new TypePromotion.Signature(name, 2, category, rule);
    }

    public String name() {
        return name;
    }

    /** The data type of the result for inputs of types {@code a} and {@code b}. */
    public DataType resultType(DataType a, DataType b) {
        DataType p = TypePromotion.resultType(a, b);
        return switch (rule) {
            case PROMOTED -> p;
            case FLOATING -> TypePromotion.floatResultType(p);
            case BOOL -> DataType.BOOL;
        };
    }

    /** Applies the operation to two blocks broadcast together: a new compact block of the broadcast shape. */
    public Block apply(Block a, Block b) {
        return apply(a, b, Shapes.broadcast(name, a.shape(), b.shape()));
    }

    Block apply(Block a, Block b, int[] shape) {
        return apply(a, b, shape, BlockAllocator.FRESH);
    }

    Block apply(Block a, Block b, int[] shape, BlockAllocator allocator) {
        check(a.dtype());
        check(b.dtype());
        DataType p = TypePromotion.resultType(a.dtype(), b.dtype());
        DataType outType = resultType(a.dtype(), b.dtype());
        if (!category.contains(p)) {
            throw new IllegalArgumentException("kernel '" + name + "': " + a.dtype() + " and " + b.dtype()
                    + " promote to " + p + ", which it does not accept (no integer type holds both); cast one input first");
        }
        if (mixed != null && p == DataType.FLOAT64 && a.dtype().isInteger() && b.dtype().isInteger()) {
            return mixedSign(a, b, shape);
        }
        Domain d = domainFor(p);
        Domain outDomain = rule == ResultRule.BOOL ? Domain.BOOL : d;
        Loops.Binary<Object, Object, Object> loop = loops.get(d);
        return BufferedMap.map(shape, outType, outDomain, new Block[] {a, b}, new Domain[] {d, d},
                (in, off, out, oo, n) -> loop.run(in[0], off[0], in[1], off[1], out, oo, n), allocator);
    }

    /** The operation as a kernel of two single inputs. */
    public Kernel kernel() {
        return args -> {
            Shapes.checkInputCount(name, args, 2);
            Block a = args.block(0);
            Block b = args.block(1);
            int[] shape = Shapes.broadcast(name, a.shape(), b.shape());
            Shapes.checkOutput(name, shape, args);
            return apply(a, b, shape, args.allocator());
        };
    }

    private void check(DataType t) {
        if (!category.contains(t)) {
            throw new IllegalArgumentException("kernel '" + name + "' does not accept " + t + " input; it accepts "
                    + category.name().toLowerCase(Locale.ROOT).replace('_', ' ') + " types (convert with astype)");
        }
    }

    Domain domainFor(DataType p) {
        Domain d = rule == ResultRule.FLOATING && !p.isFloat() ? Domain.DOUBLE : Domain.natural(p);
        while (!loops.containsKey(d)) {
            Domain next = switch (d) {
                case FLOAT -> Domain.DOUBLE;
                case ULONG, INT, BOOL -> Domain.LONG;
                default -> null;
            };
            if (next == null) {
                throw new IllegalStateException("kernel '" + name + "' has no loop for " + p);
            }
            d = next;
        }
        return d;
    }

    /** int64 (or a narrower signed type) against uint64: compares the exact values. */
    private Block mixedSign(Block a, Block b, int[] shape) {
        boolean aUnsigned = a.dtype().isUnsigned();
        MixedSignComparison m = mixed;
        return BufferedMap.map(shape, DataType.BOOL, Domain.BOOL, new Block[] {a, b},
                new Domain[] {Domain.LONG, Domain.LONG}, (in, off, out, oo, n) -> {
                    long[] x = (long[]) in[0];
                    long[] y = (long[]) in[1];
                    byte[] o = (byte[]) out;
                    int xo = off[0];
                    int yo = off[1];
                    for (int i = 0; i < n; i++) {
                        int c = aUnsigned ? -compareSignedUnsigned(y[yo + i], x[xo + i])
                                : compareSignedUnsigned(x[xo + i], y[yo + i]);
                        o[oo + i] = (byte) (m.test(c) ? 1 : 0);
                    }
                });
    }

    /** Sign of {@code s - u} for a signed {@code s} and an unsigned bit pattern {@code u}. */
    static int compareSignedUnsigned(long s, long u) {
        if (s < 0) {
            return -1;
        }
        return Long.compareUnsigned(s, u);
    }

    /** Collects the loops of an operation. */
    public static final class Builder {
        private final String name;
        private final Category category;
        private final ResultRule rule;
        private final Map<Domain, Loops.Binary<Object, Object, Object>> loops = new EnumMap<>(Domain.class);
        private MixedSignComparison mixed;

        private Builder(String name, Category category, ResultRule rule) {
            this.name = name;
            this.category = category;
            this.rule = rule;
        }

        public Builder doubles(Loops.Binary<double[], double[], ?> loop) {
            return put(Domain.DOUBLE, loop);
        }

        public Builder floats(Loops.Binary<float[], float[], ?> loop) {
            return put(Domain.FLOAT, loop);
        }

        public Builder longs(Loops.Binary<long[], long[], ?> loop) {
            return put(Domain.LONG, loop);
        }

        public Builder ulongs(Loops.Binary<long[], long[], ?> loop) {
            return put(Domain.ULONG, loop);
        }

        public Builder ints(Loops.Binary<int[], int[], ?> loop) {
            return put(Domain.INT, loop);
        }

        public Builder bools(Loops.Binary<byte[], byte[], ?> loop) {
            return put(Domain.BOOL, loop);
        }

        /** Compares int64 with uint64 exactly rather than through float64 (comparisons only). */
        public Builder mixedSign(MixedSignComparison m) {
            this.mixed = m;
            return this;
        }

        @SuppressWarnings("unchecked")
        private Builder put(Domain d, Loops.Binary<?, ?, ?> loop) {
            loops.put(d, (Loops.Binary<Object, Object, Object>) loop);
            return this;
        }

        public BinaryOp build() {
            return new BinaryOp(this);
        }
    }
}
