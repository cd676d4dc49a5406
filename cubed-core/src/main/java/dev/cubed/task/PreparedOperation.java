package dev.cubed.task;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.cubed.primitive.OperationSpec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * One operation ready to be sent: its spec serialised once, and either that JSON (inline) or a
 * reference to where it is stored. Encoding a message splices the serialised spec in, so a plan
 * with many tasks serialises each spec once, not once per task.
 */
public final class PreparedOperation {
    private final OperationSpec spec;
    private final byte[] specJson;
    private final OperationRef ref;
    private final TaskJson json;

    PreparedOperation(OperationSpec spec, byte[] specJson, OperationRef ref, TaskJson json) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.specJson = specJson;
        this.ref = ref;
        this.json = json;
    }

    public OperationSpec spec() {
        return spec;
    }

    /** True when the spec travels inside each message. */
    public boolean isInline() {
        return ref == null;
    }

    /** Where the spec is stored; null when it travels inline. */
    public OperationRef ref() {
        return ref;
    }

    /** Size of the spec's JSON. */
    public int specBytes() {
        return specJson.length;
    }

    /** The message for these tasks (chunk coordinates of the operation's task grid). */
    public TaskMessage message(List<long[]> tasks) {
        return isInline() ? TaskMessage.inline(spec, tasks) : TaskMessage.byReference(ref, tasks);
    }

    /**
     * The JSON of {@link #message(List)}, with the spec's bytes copied in rather than serialised
     * again.
     */
    public byte[] encode(List<long[]> tasks) {
        TaskMessage m = message(tasks); // validates the tasks
        ByteArrayOutputStream out = new ByteArrayOutputStream(specJson.length + 64 + 16 * tasks.size());
        try (JsonGenerator g = json.mapper().getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("version", m.version());
            if (isInline()) {
                g.writeFieldName("op");
                g.writeRawValue(new String(specJson, StandardCharsets.UTF_8));
            } else {
                g.writeFieldName("opRef");
                json.mapper().writeValue(g, ref);
            }
            g.writeFieldName("tasks");
            g.writeStartArray();
            for (long[] t : m.tasks()) {
                g.writeArray(t, 0, t.length);
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a task message of " + spec.name(), e);
        }
        return out.toByteArray();
    }
}
