package dev.cubed.task;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.cubed.primitive.OperationSpec;
import dev.cubed.storage.zarr.ArrayMetadata;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The JSON form of plans and task messages. Polymorphic types are resolved only through the
 * explicit type names declared on the plan's own sealed interfaces (no default typing), and block
 * functions name kernels by string, so decoding a message never instantiates anything else.
 * Unknown properties are errors: a message from a newer client fails loudly, not silently.
 */
public final class TaskJson {
    private final ObjectMapper mapper;

    public TaskJson() {
        SimpleModule zarr = new SimpleModule("cubed-zarr-metadata");
        zarr.addSerializer(ArrayMetadata.class, new JsonSerializer<>() {
            @Override
            public void serialize(ArrayMetadata value, JsonGenerator gen, SerializerProvider serializers)
                    throws IOException {
                gen.writeTree(value.toJson());
            }
        });
        zarr.addDeserializer(ArrayMetadata.class, new JsonDeserializer<>() {
            @Override
            public ArrayMetadata deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                JsonNode node = p.readValueAsTree();
                return ArrayMetadata.fromJson(node);
            }
        });
        this.mapper = JsonMapper.builder()
                .addModule(zarr)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(MapperFeature.DEFAULT_VIEW_INCLUSION)
                // messages are records: only their components are properties, never isX() helpers
                .disable(MapperFeature.AUTO_DETECT_IS_GETTERS)
                .build();
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    public String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    public byte[] writeBytes(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    public <T> T read(String json, Class<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("malformed " + type.getSimpleName() + " JSON: " + e.getOriginalMessage(), e);
        }
    }

    public <T> T read(byte[] json, Class<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed " + type.getSimpleName() + " JSON: " + e.getMessage(), e);
        }
    }

    /**
     * Decodes a task message, checking its version before anything else so that a message from
     * another release fails with {@link IncompatibleMessageException} (saying what to do), not
     * with whatever field it added or renamed.
     */
    public TaskMessage readMessage(byte[] json) {
        JsonNode tree = readVersioned(json, "TaskMessage");
        int version = tree.get("version").asInt();
        if (version != TaskMessage.VERSION) {
            throw new IncompatibleMessageException(IncompatibleMessageException.forWorker(version));
        }
        return convert(tree, TaskMessage.class);
    }

    /** Decodes a worker's reply, checking its version first (see {@link #readMessage(byte[])}). */
    public TaskReply readReply(byte[] json) {
        JsonNode tree = readVersioned(json, "TaskReply");
        int version = tree.get("version").asInt();
        if (version != TaskMessage.VERSION) {
            throw new IncompatibleMessageException(IncompatibleMessageException.forClient(version));
        }
        return convert(tree, TaskReply.class);
    }

    private JsonNode readVersioned(byte[] json, String what) {
        JsonNode tree;
        try {
            tree = mapper.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed " + what + " JSON: " + e.getMessage(), e);
        }
        if (tree == null || !tree.isObject()) {
            throw new IllegalArgumentException("malformed " + what + " JSON: expected an object, got "
                    + (tree == null ? "nothing" : tree.getNodeType()));
        }
        JsonNode version = tree.get("version");
        if (version == null || !version.canConvertToInt() || !version.isIntegralNumber()) {
            throw new IllegalArgumentException("malformed " + what + " JSON: no integer 'version' field");
        }
        return tree;
    }

    private <T> T convert(JsonNode tree, Class<T> type) {
        try {
            return mapper.treeToValue(tree, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("malformed " + type.getSimpleName() + " JSON: " + e.getOriginalMessage(),
                    e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed " + type.getSimpleName() + " JSON: " + e.getMessage(), e);
        }
    }

    public String writeOperation(OperationSpec spec) {
        return write(spec);
    }

    public OperationSpec readOperation(String json) {
        return read(json, OperationSpec.class);
    }
}
