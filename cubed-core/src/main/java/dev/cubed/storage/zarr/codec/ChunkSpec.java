package dev.cubed.storage.zarr.codec;

import dev.cubed.block.Block;
import dev.cubed.block.DataType;
import java.util.Arrays;
import java.util.Objects;

/**
 * What a codec needs to know about the chunk it codes: its (full, unclipped) shape, element type
 * and fill value (the latter as a number {@link Block#fill} accepts: 0/1 for bool).
 */
public record ChunkSpec(int[] shape, DataType dataType, Number fillValue) {
    public ChunkSpec {
        Objects.requireNonNull(dataType, "dataType");
        Objects.requireNonNull(fillValue, "fillValue");
        shape = shape.clone();
        for (int s : shape) {
            if (s < 0) {
                throw new IllegalArgumentException("negative chunk dimension in " + Arrays.toString(shape));
            }
        }
        Block.sizeOf(shape); // fails when the chunk cannot be held in one Java array
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    public int ndim() {
        return shape.length;
    }

    /** Number of elements. */
    public int size() {
        return Block.sizeOf(shape);
    }

    /** Bytes of the decoded elements. */
    public long nbytes() {
        return (long) size() * dataType.itemSize();
    }

    public ChunkSpec withShape(int[] newShape) {
        return new ChunkSpec(newShape, dataType, fillValue);
    }

    /** A new block of this spec filled with the fill value. */
    public Block filledBlock() {
        Block b = Block.allocate(dataType, shape);
        if (!isZeroFill()) {
            b.fill(fillValue);
        }
        return b;
    }

    private boolean isZeroFill() {
        if (fillValue instanceof Double || fillValue instanceof Float) {
            return Double.doubleToRawLongBits(fillValue.doubleValue()) == 0L;
        }
        return fillValue.longValue() == 0L;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChunkSpec c && Arrays.equals(shape, c.shape) && dataType == c.dataType
                && fillValue.equals(c.fillValue);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(shape), dataType, fillValue);
    }

    @Override
    public String toString() {
        return "ChunkSpec" + Arrays.toString(shape) + " " + dataType + " fill " + fillValue;
    }
}
