package dev.cubed.primitive;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.cubed.block.DataType;
import dev.cubed.block.ValueType;
import dev.cubed.storage.zarr.ArrayMetadata;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A Zarr array in a store, with its metadata carried along so that workers never re-read it. A
 * structured value type is stored as a Zarr group at {@code url} holding one array per field
 * ({@code url/<field>}), all with the same shape and chunks.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StoredArray(
        @JsonProperty("url") String url,
        @JsonProperty("metadata") ArrayMetadata metadata,
        @JsonProperty("fields") Map<String, ArrayMetadata> fields) implements ArrayRef {

    public StoredArray {
        Objects.requireNonNull(url, "url");
        if ((metadata == null) == (fields == null || fields.isEmpty())) {
            throw new IllegalArgumentException("a stored array has either metadata or fields, not both nor neither: "
                    + url);
        }
        if (fields != null) {
            ArrayMetadata first = null;
            for (Map.Entry<String, ArrayMetadata> e : fields.entrySet()) {
                if (first == null) {
                    first = e.getValue();
                } else if (!Arrays.equals(first.shape(), e.getValue().shape())
                        || !Arrays.equals(first.chunks(), e.getValue().chunks())) {
                    throw new IllegalArgumentException("field '" + e.getKey() + "' of " + url
                            + " has a different shape or chunking from the other fields");
                }
            }
            fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        }
    }

    public static StoredArray plain(String url, ArrayMetadata metadata) {
        return new StoredArray(url, metadata, null);
    }

    public static StoredArray structured(String url, Map<String, ArrayMetadata> fields) {
        return new StoredArray(url, null, fields);
    }

    @JsonIgnore
    public boolean isPlain() {
        return metadata != null;
    }

    /** The URL of field {@code name}'s Zarr array. */
    public String fieldUrl(String name) {
        return url.endsWith("/") ? url + name : url + "/" + name;
    }

    private ArrayMetadata anyMetadata() {
        return metadata != null ? metadata : fields.values().iterator().next();
    }

    @Override
    @JsonIgnore
    public ChunkGrid grid() {
        ArrayMetadata m = anyMetadata();
        return new ChunkGrid(m.shape(), m.chunks());
    }

    @Override
    @JsonIgnore
    public ValueType type() {
        if (metadata != null) {
            return ValueType.plain(metadata.dataType());
        }
        Map<String, DataType> m = new LinkedHashMap<>();
        fields.forEach((k, v) -> m.put(k, v.dataType()));
        return ValueType.fields(m);
    }
}
