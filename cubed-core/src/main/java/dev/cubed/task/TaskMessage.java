package dev.cubed.task;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.cubed.primitive.OperationSpec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a remote worker (a Lambda invocation) is asked to do: run the tasks at {@code tasks} (chunk
 * coordinates of the operation's task grid, one or a small batch) of one operation, given either
 * inline ({@code op}) or by reference ({@code opRef}). The worker answers with a {@link TaskReply}.
 *
 * <p>The {@link #VERSION version} changes whenever a worker of one release could misread a
 * message of another; a worker refuses versions it does not understand (see
 * {@link TaskJson#readMessage(byte[])}) rather than guess. Build messages with
 * {@link TaskMessages}, which keeps them small.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"version", "op", "opRef", "tasks"})
public record TaskMessage(@JsonProperty("version") int version,
                          @JsonProperty("op") OperationSpec op,
                          @JsonProperty("opRef") OperationRef opRef,
                          @JsonProperty("tasks") List<long[]> tasks) {

    /** The message version this build writes and understands. */
    public static final int VERSION = 2;

    public TaskMessage {
        if (version != VERSION) {
            throw new IncompatibleMessageException(IncompatibleMessageException.forWorker(version));
        }
        if ((op == null) == (opRef == null)) {
            throw new IllegalArgumentException("a task message carries its operation either inline (op) or by"
                    + " reference (opRef): " + (op == null ? "neither is" : "both are") + " set");
        }
        if (tasks == null || tasks.isEmpty()) {
            throw new IllegalArgumentException("a task message needs at least one task (chunk coordinates)");
        }
        List<long[]> copy = new ArrayList<>(tasks.size());
        for (long[] t : tasks) {
            if (t == null) {
                throw new IllegalArgumentException("task coordinates must not be null");
            }
            for (long c : t) {
                if (c < 0) {
                    throw new IllegalArgumentException("task coordinates must not be negative: " + Arrays.toString(t));
                }
            }
            copy.add(t.clone());
        }
        tasks = List.copyOf(copy);
    }

    public static TaskMessage inline(OperationSpec op, List<long[]> tasks) {
        return new TaskMessage(VERSION, op, null, tasks);
    }

    public static TaskMessage byReference(OperationRef ref, List<long[]> tasks) {
        return new TaskMessage(VERSION, null, ref, tasks);
    }

    /** The coordinates of task {@code i} (a copy). */
    public long[] task(int i) {
        return tasks.get(i).clone();
    }

    @JsonIgnore
    public boolean isInline() {
        return op != null;
    }
}
