package dev.cubed.primitive;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An operation that computes chunks and writes them: for the task at coordinates {@code c} of the
 * task grid, evaluate each output's {@code root} at {@code c} and write the value to the same
 * region of that output's array. The roots' chunks are whole multiples of the output's chunks (a
 * rechunk copy writes several output chunks per task), so every write covers whole chunks.
 *
 * <p>Most operations have one output. Sibling operations that read the same inputs over the same
 * task grid are fused into one operation with several outputs, so each task reads every shared
 * input chunk once ({@code mean(u*u)}, {@code mean(v*v)}, {@code mean(u*v)} read u and v once
 * instead of twice each); those write one chunk per output per task.
 */
public record ComputeSpec(@JsonProperty("name") String name,
                          @JsonProperty("inputs") List<ArrayRef> inputs,
                          @JsonProperty("outputs") List<Output> outputs) implements OperationSpec {

    /** One computed array: the block function giving its chunks and where they are written. */
    public record Output(@JsonProperty("root") BlockExpr root, @JsonProperty("array") StoredArray array) {
        public Output {
            Objects.requireNonNull(root, "root");
            Objects.requireNonNull(array, "array");
        }

        /** True when each task writes exactly one chunk of this output. */
        @JsonIgnore
        public boolean writesSingleChunks() {
            return Arrays.equals(root.grid().chunks(), array.grid().chunks());
        }
    }

    public ComputeSpec {
        Objects.requireNonNull(name, "name");
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        if (outputs.isEmpty()) {
            throw new IllegalArgumentException(name + ": an operation computes at least one output");
        }
        ChunkGrid tasks = outputs.get(0).root().grid();
        for (Output o : outputs) {
            ChunkGrid out = o.array().grid();
            if (!o.root().grid().isMultipleOf(out)) {
                throw new IllegalArgumentException(name + ": the chunks " + Arrays.toString(o.root().grid().chunks())
                        + " computed per task are not whole multiples of the output's chunks "
                        + Arrays.toString(out.chunks()) + " over shape " + Arrays.toString(out.shape()));
            }
            if (!o.root().type().equals(o.array().type())) {
                throw new IllegalArgumentException(name + ": computes " + o.root().type() + " values but the output "
                        + o.array().url() + " holds " + o.array().type());
            }
            if (outputs.size() > 1 && (!o.root().grid().equals(tasks) || !o.writesSingleChunks())) {
                throw new IllegalArgumentException(name + ": the outputs of a multi-output operation share one task grid"
                        + " and each task writes one chunk of each; " + o.array().url() + " does not");
            }
            checkInputs(name, o.root(), inputs);
        }
        if (outputs.size() > 1 && sharing(outputs) == null) {
            throw new IllegalArgumentException(name + ": the outputs of a multi-output operation either read no sequence"
                    + " of chunks, or are all folds over the same sequence of chunks that read no sequence themselves");
        }
    }

    /** How the outputs of one task share the input chunks they read. */
    public enum Sharing {
        /** One output: nothing to share. */
        NONE,
        /**
         * No output reads a sequence of chunks: each input chunk a task needs is read once and kept
         * until the task has written every output.
         */
        TASK,
        /**
         * Every output is a fold over the same sequence of chunks, and no fold's input reads a
         * sequence itself: the folds advance together, and the input chunks of one step are read
         * once and dropped before the next step.
         */
        STEP
    }

    /** How this operation's outputs share their reads. */
    @JsonIgnore
    public Sharing sharing() {
        return outputs.size() == 1 ? Sharing.NONE : sharing(outputs);
    }

    /** The sharing several block functions over one task grid allow, or null when they cannot run together. */
    public static Sharing sharing(List<Output> outputs) {
        boolean plain = true;
        for (Output o : outputs) {
            plain &= !readsSequence(o.root());
        }
        if (plain) {
            return Sharing.TASK;
        }
        Fold first = outputs.get(0).root() instanceof Fold f ? f : null;
        for (Output o : outputs) {
            if (!(o.root() instanceof Fold f) || first == null || !f.input().keys().equals(first.input().keys())
                    || !f.input().expr().grid().equals(first.input().expr().grid())
                    || readsSequence(f.input().expr())) {
                return null;
            }
        }
        return Sharing.STEP;
    }

    /** True when evaluating {@code e} reads some child as a sequence (a fold, or a LIST or ITER argument). */
    public static boolean readsSequence(BlockExpr e) {
        if (e instanceof Fold) {
            return true;
        }
        if (e instanceof Apply a) {
            for (Arg arg : a.args()) {
                if (arg.mode() != ArgMode.ONE || readsSequence(arg.expr())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A single-output operation. */
    public ComputeSpec(String name, List<ArrayRef> inputs, BlockExpr root, StoredArray output) {
        this(name, inputs, List.of(new Output(root, output)));
    }

    private static void checkInputs(String name, BlockExpr e, List<ArrayRef> inputs) {
        if (e instanceof Source s) {
            checkIndex(name, s.input(), inputs);
        } else if (e instanceof ReadRegion r) {
            checkIndex(name, r.input(), inputs);
        } else if (e instanceof Apply a) {
            a.args().forEach(arg -> checkInputs(name, arg.expr(), inputs));
        } else if (e instanceof Fold f) {
            checkInputs(name, f.input().expr(), inputs);
        }
    }

    private static void checkIndex(String name, int i, List<ArrayRef> inputs) {
        if (i >= inputs.size()) {
            throw new IllegalArgumentException(name + ": the block function reads input " + i + " but the operation has "
                    + inputs.size() + " inputs");
        }
    }

    @Override
    @JsonIgnore
    public ChunkGrid taskGrid() {
        return outputs.get(0).root().grid();
    }

    /** The block function of the only output (the first output of a multi-output operation). */
    @JsonIgnore
    public BlockExpr root() {
        return outputs.get(0).root();
    }

    /** The array of the only output (the first output of a multi-output operation). */
    @JsonIgnore
    public StoredArray output() {
        return outputs.get(0).array();
    }

    /** True when each task writes exactly one chunk of every output. */
    @JsonIgnore
    public boolean writesSingleChunks() {
        return outputs.get(0).writesSingleChunks();
    }
}
