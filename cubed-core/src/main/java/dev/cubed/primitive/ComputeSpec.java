package dev.cubed.primitive;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An operation that computes chunks and writes them: for the task at coordinates {@code c} of the
 * root's grid, evaluate {@code root} at {@code c} and write the value to the same region of
 * {@code output}. The root's chunks are whole multiples of the output's chunks (a rechunk copy
 * writes several output chunks per task), so every write covers whole chunks.
 */
public record ComputeSpec(@JsonProperty("name") String name,
                          @JsonProperty("inputs") List<ArrayRef> inputs,
                          @JsonProperty("root") BlockExpr root,
                          @JsonProperty("output") StoredArray output) implements OperationSpec {

    public ComputeSpec {
        Objects.requireNonNull(name, "name");
        inputs = List.copyOf(inputs);
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(output, "output");
        ChunkGrid out = output.grid();
        if (!root.grid().isMultipleOf(out)) {
            throw new IllegalArgumentException(name + ": the chunks " + Arrays.toString(root.grid().chunks())
                    + " computed per task are not whole multiples of the output's chunks " + Arrays.toString(out.chunks())
                    + " over shape " + Arrays.toString(out.shape()));
        }
        if (!root.type().equals(output.type())) {
            throw new IllegalArgumentException(name + ": computes " + root.type() + " values but the output "
                    + output.url() + " holds " + output.type());
        }
        checkInputs(name, root, inputs);
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
        return root.grid();
    }

    /** True when each task writes exactly one output chunk. */
    @JsonIgnore
    public boolean writesSingleChunks() {
        return Arrays.equals(root.grid().chunks(), output.grid().chunks());
    }
}
