package dev.cubed.plan;

import dev.cubed.primitive.Apply;
import dev.cubed.primitive.Arg;
import dev.cubed.primitive.BlockExpr;
import dev.cubed.primitive.ChunkGrid;
import dev.cubed.primitive.Fold;
import dev.cubed.primitive.ReadRegion;
import dev.cubed.primitive.Source;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An operation in a lazy computation graph: a block function whose leaves read {@code inputs}
 * by index, evaluated for every chunk of its root's grid. Its output's chunking is
 * {@code outputGrid}: the same as the root's for blockwise operations, finer for rechunk copies
 * (one task writes several output chunks).
 */
public final class OpNode {
    private final String label;
    private final List<ArrayNode> inputs;
    private final BlockExpr root;
    private final ChunkGrid outputGrid;
    private final boolean fusable;
    private final long extraMem;
    private final StoreTarget target;

    private OpNode(Builder b) {
        this.label = Objects.requireNonNull(b.label, "label");
        this.inputs = List.copyOf(b.inputs);
        this.root = Objects.requireNonNull(b.root, "root");
        this.outputGrid = b.outputGrid != null ? b.outputGrid : root.grid();
        this.fusable = b.fusable;
        this.extraMem = b.extraMem;
        this.target = b.target;
        if (!root.grid().isMultipleOf(outputGrid)) {
            throw new IllegalArgumentException(label + ": task chunks " + root.grid() + " are not whole multiples of the "
                    + "output chunks " + outputGrid);
        }
        if (fusable && !root.grid().equals(outputGrid)) {
            throw new IllegalArgumentException(label + ": a fusable operation writes one output chunk per task");
        }
        checkLeaves(root);
    }

    private void checkLeaves(BlockExpr e) {
        if (e instanceof Source s) {
            checkLeaf(s.input(), s.grid(), s.type());
        } else if (e instanceof ReadRegion r) {
            if (r.input() >= inputs.size()) {
                throw new IllegalArgumentException(label + ": reads input " + r.input() + " of " + inputs.size());
            }
            if (!inputs.get(r.input()).type().equals(r.type())) {
                throw new IllegalArgumentException(label + ": region of input " + r.input() + " has the wrong type");
            }
        } else if (e instanceof Apply a) {
            for (Arg arg : a.args()) {
                checkLeaves(arg.expr());
            }
        } else {
            checkLeaves(((Fold) e).input().expr());
        }
    }

    private void checkLeaf(int i, ChunkGrid grid, dev.cubed.block.ValueType type) {
        if (i >= inputs.size()) {
            throw new IllegalArgumentException(label + ": reads input " + i + " but has " + inputs.size() + " inputs");
        }
        ArrayNode in = inputs.get(i);
        if (!in.grid().equals(grid) || !in.type().equals(type)) {
            throw new IllegalArgumentException(label + ": input " + i + " is " + in.grid() + " " + in.type()
                    + " but the block function reads it as " + grid + " " + type);
        }
    }

    public static Builder builder(String label) {
        return new Builder(label);
    }

    /** A short description such as {@code add} or {@code rechunk}. */
    public String label() {
        return label;
    }

    public List<ArrayNode> inputs() {
        return inputs;
    }

    public BlockExpr root() {
        return root;
    }

    public ChunkGrid outputGrid() {
        return outputGrid;
    }

    /** Rechunk copies and stores to user targets are not fused; everything blockwise is. */
    public boolean fusable() {
        return fusable;
    }

    /** Operation-specific memory beyond what the block function's structure implies. */
    public long extraMem() {
        return extraMem;
    }

    public Optional<StoreTarget> target() {
        return Optional.ofNullable(target);
    }

    public static final class Builder {
        private final String label;
        private List<ArrayNode> inputs = List.of();
        private BlockExpr root;
        private ChunkGrid outputGrid;
        private boolean fusable = true;
        private long extraMem;
        private StoreTarget target;

        private Builder(String label) {
            this.label = label;
        }

        public Builder inputs(List<ArrayNode> inputs) {
            this.inputs = inputs;
            return this;
        }

        public Builder inputs(ArrayNode... inputs) {
            this.inputs = List.of(inputs);
            return this;
        }

        public Builder root(BlockExpr root) {
            this.root = root;
            return this;
        }

        public Builder outputGrid(ChunkGrid grid) {
            this.outputGrid = grid;
            return this;
        }

        public Builder fusable(boolean fusable) {
            this.fusable = fusable;
            return this;
        }

        public Builder extraMem(long bytes) {
            this.extraMem = bytes;
            return this;
        }

        public Builder target(StoreTarget target) {
            this.target = target;
            return this;
        }

        public OpNode build() {
            return new OpNode(this);
        }
    }
}
