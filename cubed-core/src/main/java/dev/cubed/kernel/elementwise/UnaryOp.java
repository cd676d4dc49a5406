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
 * An element-wise function of one block, defined by a loop per {@link Domain}. The domain for an
 * input type is its natural one ({@link Domain#natural}); when the operation has no loop there,
 * float32 computes in DOUBLE and int32, uint64 and bool in LONG (the operation only leaves out the
 * ULONG loop when unsigned and signed bits behave alike). Floating results ({@link ResultRule#FLOATING})
 * of integer inputs compute in DOUBLE and give float64.
 */
public final class UnaryOp {
    private final String name;
    private final Category category;
    private final ResultRule rule;
    private final Map<Domain, Loops.Unary<Object, Object>> loops;

    private UnaryOp(Builder b) {
        this.name = b.name;
        this.category = b.category;
        this.rule = b.rule;
        this.loops = new EnumMap<>(b.loops);
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
        return new TypePromotion.Signature(name, 1, category, rule);
    }

    public String name() {
        return name;
    }

    /** The data type of the result for an input of type {@code t}. */
    public DataType resultType(DataType t) {
        return switch (rule) {
            case PROMOTED -> t;
            case FLOATING -> TypePromotion.floatResultType(t);
            case BOOL -> DataType.BOOL;
        };
    }

    /** Applies the operation: a new compact block of the input's shape. */
    public Block apply(Block x) {
        return apply(x, BlockAllocator.FRESH);
    }

    Block apply(Block x, BlockAllocator allocator) {
        DataType t = x.dtype();
        if (!category.contains(t)) {
            throw new IllegalArgumentException("kernel '" + name + "' does not accept " + t + " input; it accepts "
                    + category.name().toLowerCase(Locale.ROOT).replace('_', ' ') + " types (convert with astype)");
        }
        Domain d = domainFor(t);
        Domain outDomain = rule == ResultRule.BOOL ? Domain.BOOL : d;
        Loops.Unary<Object, Object> loop = loops.get(d);
        return BufferedMap.map(x.shape(), resultType(t), outDomain, new Block[] {x}, new Domain[] {d},
                (in, off, out, oo, n) -> loop.run(in[0], off[0], out, oo, n), allocator);
    }

    /** The operation as a kernel of one single input. */
    public Kernel kernel() {
        return args -> {
            Shapes.checkInputCount(name, args, 1);
            Block x = args.block(0);
            Shapes.checkOutput(name, x.shape(), args);
            return apply(x, args.allocator());
        };
    }

    Domain domainFor(DataType t) {
        Domain d = rule == ResultRule.FLOATING && !t.isFloat() ? Domain.DOUBLE : Domain.natural(t);
        while (!loops.containsKey(d)) {
            Domain next = switch (d) {
                case FLOAT -> Domain.DOUBLE;
                case ULONG, INT, BOOL -> Domain.LONG;
                default -> null;
            };
            if (next == null) {
                throw new IllegalStateException("kernel '" + name + "' has no loop for " + t);
            }
            d = next;
        }
        return d;
    }

    /** Collects the loops of an operation. */
    public static final class Builder {
        private final String name;
        private final Category category;
        private final ResultRule rule;
        private final Map<Domain, Loops.Unary<Object, Object>> loops = new EnumMap<>(Domain.class);

        private Builder(String name, Category category, ResultRule rule) {
            this.name = name;
            this.category = category;
            this.rule = rule;
        }

        public Builder doubles(Loops.Unary<double[], ?> loop) {
            return put(Domain.DOUBLE, loop);
        }

        public Builder floats(Loops.Unary<float[], ?> loop) {
            return put(Domain.FLOAT, loop);
        }

        public Builder longs(Loops.Unary<long[], ?> loop) {
            return put(Domain.LONG, loop);
        }

        public Builder ulongs(Loops.Unary<long[], ?> loop) {
            return put(Domain.ULONG, loop);
        }

        public Builder ints(Loops.Unary<int[], ?> loop) {
            return put(Domain.INT, loop);
        }

        public Builder bools(Loops.Unary<byte[], ?> loop) {
            return put(Domain.BOOL, loop);
        }

        @SuppressWarnings("unchecked")
        private Builder put(Domain d, Loops.Unary<?, ?> loop) {
            loops.put(d, (Loops.Unary<Object, Object>) loop);
            return this;
        }

        public UnaryOp build() {
            return new UnaryOp(this);
        }
    }
}
