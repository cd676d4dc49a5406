package dev.cubed.storage.zarr;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cubed.block.DataType;

/** PLACEHOLDER until the Zarr layer lands: signatures only. */
public final class ArrayMetadata {
    public static Builder builder() {
        return new Builder();
    }

    public long[] shape() {
        throw new UnsupportedOperationException("zarr layer pending");
    }

    public int[] chunks() {
        throw new UnsupportedOperationException("zarr layer pending");
    }

    public DataType dataType() {
        throw new UnsupportedOperationException("zarr layer pending");
    }

    public JsonNode toJson() {
        throw new UnsupportedOperationException("zarr layer pending");
    }

    public static ArrayMetadata fromJson(JsonNode node) {
        throw new UnsupportedOperationException("zarr layer pending");
    }

    public static final class Builder {
        public Builder shape(long... shape) {
            return this;
        }

        public Builder chunks(int... chunks) {
            return this;
        }

        public Builder dataType(DataType t) {
            return this;
        }

        public Builder fillValue(Object v) {
            return this;
        }

        public ArrayMetadata build() {
            throw new UnsupportedOperationException("zarr layer pending");
        }
    }
}
