package dev.cubed.kernel;

import dev.cubed.block.Value;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A self-contained {@link KernelArgs}: the inputs, parameters and output placement of one kernel
 * call, built directly from values. Use it to unit-test kernels (yours and the built-in ones) or to
 * call a kernel outside a plan:
 *
 * <pre>{@code
 * Block sum = (Block) KernelCall.builder()
 *         .input(a)
 *         .input(b)
 *         .outputShape(3, 4)
 *         .build()
 *         .applyTo(registry.get("add"));
 * }</pre>
 *
 * <p>Single inputs are values; many-inputs are {@code Iterable}s that may be iterated once, as
 * in a real task (a second iteration fails, so a kernel that would re-read its stream is caught in
 * tests). Unless set, origins and chunk coordinates are zero and the output array shape is the
 * output block shape.
 */
public final class KernelCall implements KernelArgs {
    private final List<Input> inputs;
    private final Params params;
    private final int[] outputBlockShape;
    private final long[] outputOrigin;
    private final long[] outputArrayShape;
    private final long[] outputChunkCoords;

    private record Input(Value single, Iterable<Value> many, long[] origin) {
    }

    private KernelCall(Builder b) {
        this.inputs = List.copyOf(b.inputs);
        this.params = b.params;
        this.outputBlockShape = b.outputShape.clone();
        int n = outputBlockShape.length;
        this.outputOrigin = b.outputOrigin != null ? b.outputOrigin.clone() : new long[n];
        if (b.outputArrayShape != null) {
            this.outputArrayShape = b.outputArrayShape.clone();
        } else {
            this.outputArrayShape = new long[n];
            for (int i = 0; i < n; i++) {
                outputArrayShape[i] = outputBlockShape[i];
            }
        }
        this.outputChunkCoords = b.outputChunkCoords != null ? b.outputChunkCoords.clone() : new long[n];
        if (outputOrigin.length != n || outputArrayShape.length != n || outputChunkCoords.length != n) {
            throw new IllegalArgumentException("output origin " + Arrays.toString(outputOrigin) + ", array shape "
                    + Arrays.toString(outputArrayShape) + " and chunk coordinates " + Arrays.toString(outputChunkCoords)
                    + " must all have the " + n + " axes of the output block shape " + Arrays.toString(outputBlockShape));
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Runs {@code kernel} on this call. */
    public Value applyTo(Kernel kernel) {
        return kernel.apply(this);
    }

    @Override
    public int count() {
        return inputs.size();
    }

    @Override
    public boolean isMany(int i) {
        return input(i).many != null;
    }

    @Override
    public Value value(int i) {
        Input in = input(i);
        if (in.single == null) {
            throw new IllegalArgumentException("input " + i + " is a many-input; iterate it with many(" + i + ")");
        }
        return in.single;
    }

    @Override
    public Iterable<Value> many(int i) {
        Input in = input(i);
        if (in.many == null) {
            throw new IllegalArgumentException("input " + i + " is a single value; read it with value(" + i + ")");
        }
        return in.many;
    }

    @Override
    public long[] origin(int i) {
        return input(i).origin.clone();
    }

    @Override
    public long[] outputOrigin() {
        return outputOrigin.clone();
    }

    @Override
    public long[] outputArrayShape() {
        return outputArrayShape.clone();
    }

    @Override
    public int[] outputBlockShape() {
        return outputBlockShape.clone();
    }

    @Override
    public long[] outputChunkCoords() {
        return outputChunkCoords.clone();
    }

    @Override
    public Params params() {
        return params;
    }

    private Input input(int i) {
        if (i < 0 || i >= inputs.size()) {
            throw new IndexOutOfBoundsException("input " + i + " requested but the call has " + inputs.size()
                    + " input(s)");
        }
        return inputs.get(i);
    }

    @Override
    public String toString() {
        return "KernelCall(" + inputs.size() + " inputs, params " + params + ", output "
                + Arrays.toString(outputBlockShape) + " at " + Arrays.toString(outputOrigin) + ")";
    }

    /** Builds a {@link KernelCall}; inputs are positional in the order they are added. */
    public static final class Builder {
        private final List<Input> inputs = new ArrayList<>();
        private Params params = Params.empty();
        private int[] outputShape;
        private long[] outputOrigin;
        private long[] outputArrayShape;
        private long[] outputChunkCoords;

        private Builder() {
        }

        /** Adds a single input whose block sits at the origin of its array. */
        public Builder input(Value value) {
            Objects.requireNonNull(value, "value");
            return input(value, new long[value.shape().length]);
        }

        /** Adds a single input whose first element sits at {@code origin} in its array. */
        public Builder input(Value value, long... origin) {
            Objects.requireNonNull(value, "value");
            if (origin.length != value.shape().length) {
                throw new IllegalArgumentException("origin " + Arrays.toString(origin) + " has " + origin.length
                        + " axes but the value has shape " + Arrays.toString(value.shape()));
            }
            inputs.add(new Input(value, null, origin.clone()));
            return this;
        }

        /** Adds a many-input; its values are produced lazily and may be iterated once. */
        public Builder many(Iterable<? extends Value> values) {
            return many(values, null);
        }

        /** Adds a many-input whose first block sits at {@code origin} ({@code null}: zeros, taken from the first value's rank). */
        public Builder many(Iterable<? extends Value> values, long[] origin) {
            Objects.requireNonNull(values, "values");
            inputs.add(new Input(null, new OnceIterable(values), origin == null ? null : origin.clone()));
            return this;
        }

        public Builder params(Params params) {
            this.params = Objects.requireNonNull(params, "params");
            return this;
        }

        /** The shape of the block the kernel must return (required). */
        public Builder outputShape(int... shape) {
            this.outputShape = shape.clone();
            return this;
        }

        public Builder outputOrigin(long... origin) {
            this.outputOrigin = origin.clone();
            return this;
        }

        public Builder outputArrayShape(long... shape) {
            this.outputArrayShape = shape.clone();
            return this;
        }

        public Builder outputChunkCoords(long... coords) {
            this.outputChunkCoords = coords.clone();
            return this;
        }

        public KernelCall build() {
            if (outputShape == null) {
                throw new IllegalStateException("outputShape is required: the shape of the block the kernel must return");
            }
            // a many-input without an explicit origin gets zeros of the output's rank
            for (int i = 0; i < inputs.size(); i++) {
                Input in = inputs.get(i);
                if (in.origin == null) {
                    inputs.set(i, new Input(null, in.many, new long[outputShape.length]));
                }
            }
            return new KernelCall(this);
        }
    }

    /** A view of an iterable that may be iterated once, as the runtime's lazily read many-inputs are. */
    private static final class OnceIterable implements Iterable<Value> {
        private final Iterable<? extends Value> values;
        private final AtomicBoolean used = new AtomicBoolean();

        OnceIterable(Iterable<? extends Value> values) {
            this.values = values;
        }

        @Override
        @SuppressWarnings("unchecked")
        public Iterator<Value> iterator() {
            if (!used.compareAndSet(false, true)) {
                throw new IllegalStateException("a many-input may be iterated only once: its values are read lazily "
                        + "from storage; keep what you need while iterating");
            }
            return (Iterator<Value>) values.iterator();
        }
    }
}
