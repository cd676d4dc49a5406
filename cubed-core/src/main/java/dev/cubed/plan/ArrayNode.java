package dev.cubed.plan;

import dev.cubed.block.ValueType;
import dev.cubed.primitive.ArrayRef;
import dev.cubed.primitive.ChunkGrid;

import java.util.Objects;

/**
 * An array in a lazy computation graph: its grid and type, and where its values come from:
 * an existing stored array, a virtual array, or the operation that computes it. Immutable;
 * identity matters (two nodes are the same array only if they are the same object).
 */
public final class ArrayNode {
    private final ChunkGrid grid;
    private final ValueType type;
    private final ArrayRef source;
    private final OpNode producer;

    private ArrayNode(ChunkGrid grid, ValueType type, ArrayRef source, OpNode producer) {
        this.grid = Objects.requireNonNull(grid, "grid");
        this.type = Objects.requireNonNull(type, "type");
        this.source = source;
        this.producer = producer;
    }

    /** An array that already exists (stored) or needs no storage (virtual). */
    public static ArrayNode of(ArrayRef ref) {
        return new ArrayNode(ref.grid(), ref.type(), ref, null);
    }

    /** The array computed by {@code op}: the grid and type of its output. */
    public static ArrayNode computedBy(OpNode op) {
        return new ArrayNode(op.outputGrid(), op.root().type(), null, op);
    }

    public ChunkGrid grid() {
        return grid;
    }

    public ValueType type() {
        return type;
    }

    public boolean isComputed() {
        return producer != null;
    }

    /** The stored or virtual array behind a node that is not computed. */
    public ArrayRef source() {
        if (source == null) {
            throw new IllegalStateException("a computed array has no source reference");
        }
        return source;
    }

    public OpNode producer() {
        if (producer == null) {
            throw new IllegalStateException("array is not computed by an operation");
        }
        return producer;
    }

    @Override
    public String toString() {
        return "ArrayNode(" + grid + ", " + type + (producer != null ? ", from " + producer.label() : "") + ")";
    }
}
