package dev.cubed.block;

import java.util.Arrays;
import java.util.Objects;

/**
 * An in-memory n-dimensional block of one data type: a primitive array plus an offset and
 * element strides. Fresh blocks are C-ordered ("compact"); slicing, transposing and
 * broadcasting make cheap views that share the data.
 *
 * <p>Blocks are treated as immutable once a kernel has returned them: code may fill a block it
 * has just allocated, but never writes into a block it received, because views share storage.
 */
public final class Block implements Value {
    private final DataType dtype;
    private final int[] shape;
    private final Object data;
    private final int offset;
    private final int[] strides;
    private final int size;

    private Block(DataType dtype, int[] shape, Object data, int offset, int[] strides) {
        this.dtype = dtype;
        this.shape = shape;
        this.data = data;
        this.offset = offset;
        this.strides = strides;
        this.size = sizeOf(shape);
    }

    // ---------------------------------------------------------------- creation

    /** A new zero-filled (false for bool) compact block. */
    public static Block allocate(DataType dtype, int... shape) {
        int[] s = checkShape(shape);
        return new Block(dtype, s, dtype.allocate(sizeOf(s)), 0, cStrides(s));
    }

    /**
     * Wraps a primitive array holding elements in C order. The array must be of the type's
     * storage class and hold exactly {@code product(shape)} elements.
     */
    public static Block wrap(DataType dtype, Object data, int... shape) {
        Objects.requireNonNull(data, "data");
        int[] s = checkShape(shape);
        if (data.getClass() != dtype.storageClass()) {
            throw new IllegalArgumentException("a " + dtype + " block is stored in "
                    + dtype.storageClass().getSimpleName() + ", not " + data.getClass().getSimpleName());
        }
        int n = java.lang.reflect.Array.getLength(data);
        if (n != sizeOf(s)) {
            throw new IllegalArgumentException("data has " + n + " elements but shape "
                    + Arrays.toString(s) + " needs " + sizeOf(s));
        }
        return new Block(dtype, s, data, 0, cStrides(s));
    }

    public static Block of(double[] data, int... shape) {
        return wrap(DataType.FLOAT64, data, shape);
    }

    public static Block of(float[] data, int... shape) {
        return wrap(DataType.FLOAT32, data, shape);
    }

    public static Block of(long[] data, int... shape) {
        return wrap(DataType.INT64, data, shape);
    }

    public static Block of(int[] data, int... shape) {
        return wrap(DataType.INT32, data, shape);
    }

    /** A block where every element is {@code value}, converted to the data type as a cast would. */
    public static Block full(DataType dtype, Number value, int... shape) {
        Block b = allocate(dtype, shape);
        b.fill(value);
        return b;
    }

    /** A 0-d block holding one value. */
    public static Block scalar(DataType dtype, Number value) {
        return full(dtype, value);
    }

    // ---------------------------------------------------------------- shape

    public DataType dtype() {
        return dtype;
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    public int shape(int axis) {
        return shape[axis];
    }

    public int ndim() {
        return shape.length;
    }

    public int size() {
        return size;
    }

    @Override
    public long nbytes() {
        return (long) size * dtype.itemSize();
    }

    /** The backing primitive array. Element {@code idx} lives at {@code offset + sum(idx[i] * strides[i])}. */
    public Object data() {
        return data;
    }

    public int offset() {
        return offset;
    }

    public int[] strides() {
        return strides.clone();
    }

    /** Elements lie in C order, one after another, starting at {@link #offset()}. */
    public boolean isContiguous() {
        int expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && strides[i] != expected) {
                return size == 0;
            }
            expected *= shape[i];
        }
        return true;
    }

    /** Contiguous, starting at index 0, and the backing array holds exactly this block's elements. */
    public boolean isCompact() {
        return offset == 0 && isContiguous() && java.lang.reflect.Array.getLength(data) == size;
    }

    /** This block if compact, else a compact copy: kernels call this before tight loops. */
    public Block compact() {
        return isCompact() ? this : copy();
    }

    /** A compact copy that shares nothing with this block. */
    public Block copy() {
        Block out = allocate(dtype, shape);
        copyInto(out, new int[shape.length]);
        return out;
    }

    // ---------------------------------------------------------------- views

    /** A view of {@code [start, stop)} on every axis. */
    public Block slice(int[] start, int[] stop) {
        checkRank(start.length, "start");
        checkRank(stop.length, "stop");
        int[] newShape = new int[shape.length];
        int newOffset = offset;
        for (int i = 0; i < shape.length; i++) {
            if (start[i] < 0 || stop[i] > shape[i] || start[i] > stop[i]) {
                throw new IndexOutOfBoundsException("slice [" + start[i] + ", " + stop[i] + ") of axis " + i
                        + " is outside [0, " + shape[i] + ")");
            }
            newShape[i] = stop[i] - start[i];
            if (newShape[i] > 0) {
                newOffset += start[i] * strides[i];
            }
        }
        return new Block(dtype, newShape, data, newOffset, strides.clone());
    }

    /**
     * A strided view along one axis: elements {@code start, start + step, ...} for {@code count}
     * elements. A negative step walks backwards.
     */
    public Block stride(int axis, int start, int step, int count) {
        if (step == 0) {
            throw new IllegalArgumentException("step must not be zero");
        }
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0");
        }
        if (count > 0) {
            long last = (long) start + (long) step * (count - 1);
            if (start < 0 || start >= shape[axis] || last < 0 || last >= shape[axis]) {
                throw new IndexOutOfBoundsException("strided selection of axis " + axis + " from " + start
                        + " step " + step + " count " + count + " leaves [0, " + shape[axis] + ")");
            }
        }
        int[] newShape = shape.clone();
        int[] newStrides = strides.clone();
        newShape[axis] = count;
        newStrides[axis] = strides[axis] * step;
        int newOffset = count > 0 ? offset + start * strides[axis] : offset;
        return new Block(dtype, newShape, data, newOffset, newStrides);
    }

    /** A view with axes permuted: axis {@code i} of the result is axis {@code perm[i]} of this block. */
    public Block transpose(int... perm) {
        checkRank(perm.length, "permutation");
        boolean[] seen = new boolean[perm.length];
        int[] newShape = new int[perm.length];
        int[] newStrides = new int[perm.length];
        for (int i = 0; i < perm.length; i++) {
            if (perm[i] < 0 || perm[i] >= perm.length || seen[perm[i]]) {
                throw new IllegalArgumentException("not a permutation: " + Arrays.toString(perm));
            }
            seen[perm[i]] = true;
            newShape[i] = shape[perm[i]];
            newStrides[i] = strides[perm[i]];
        }
        return new Block(dtype, newShape, data, offset, newStrides);
    }

    /**
     * A read-only view broadcast to {@code target} following NumPy rules: leading axes are added
     * and axes of length 1 are repeated with stride 0.
     */
    public Block broadcastTo(int... target) {
        if (target.length < shape.length) {
            throw new IllegalArgumentException("cannot broadcast shape " + Arrays.toString(shape) + " to "
                    + Arrays.toString(target));
        }
        int lead = target.length - shape.length;
        int[] newStrides = new int[target.length];
        for (int i = 0; i < target.length; i++) {
            int j = i - lead;
            if (j < 0) {
                newStrides[i] = 0;
            } else if (shape[j] == target[i]) {
                newStrides[i] = strides[j];
            } else if (shape[j] == 1) {
                newStrides[i] = 0;
            } else {
                throw new IllegalArgumentException("cannot broadcast shape " + Arrays.toString(shape) + " to "
                        + Arrays.toString(target));
            }
        }
        return new Block(dtype, target.clone(), data, offset, newStrides);
    }

    /** The same elements in C order with another shape (a view when contiguous, else a copy). */
    public Block reshape(int... newShape) {
        int[] s = checkShape(newShape);
        if (sizeOf(s) != size) {
            throw new IllegalArgumentException("cannot reshape " + Arrays.toString(shape) + " (" + size
                    + " elements) to " + Arrays.toString(s));
        }
        Block src = isContiguous() ? this : copy();
        return new Block(dtype, s, src.data, src.offset, cStrides(s));
    }

    // ---------------------------------------------------------------- elements

    /** Storage index of the element at C-order flat index {@code flat}. */
    public int storageIndex(int flat) {
        if (isContiguous()) {
            return offset + flat;
        }
        int idx = offset;
        for (int i = shape.length - 1; i >= 0; i--) {
            int n = shape[i];
            idx += (flat % n) * strides[i];
            flat /= n;
        }
        return idx;
    }

    private int storageIndex(int[] index) {
        checkRank(index.length, "index");
        int idx = offset;
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= shape[i]) {
                throw new IndexOutOfBoundsException("index " + index[i] + " of axis " + i + " is outside [0, "
                        + shape[i] + ")");
            }
            idx += index[i] * strides[i];
        }
        return idx;
    }

    public double getDouble(int... index) {
        return readDouble(dtype, data, storageIndex(index));
    }

    public long getLong(int... index) {
        return readLong(dtype, data, storageIndex(index));
    }

    public boolean getBoolean(int... index) {
        return readLong(dtype, data, storageIndex(index)) != 0;
    }

    /** Element at C-order flat index as a double (unsigned types read unsigned). */
    public double getDoubleAt(int flat) {
        return readDouble(dtype, data, storageIndex(flat));
    }

    /** Element at C-order flat index as a long (unsigned 64-bit values keep their bits). */
    public long getLongAt(int flat) {
        return readLong(dtype, data, storageIndex(flat));
    }

    /** Sets an element of a block this code has just allocated; see the class note on immutability. */
    public void setDouble(double value, int... index) {
        writeDouble(dtype, data, storageIndex(index), value);
    }

    public void setLong(long value, int... index) {
        writeLong(dtype, data, storageIndex(index), value);
    }

    public void setDoubleAt(int flat, double value) {
        writeDouble(dtype, data, storageIndex(flat), value);
    }

    public void setLongAt(int flat, long value) {
        writeLong(dtype, data, storageIndex(flat), value);
    }

    /** Sets every element to {@code value}, cast to this block's type. */
    public void fill(Number value) {
        if (size == 0) {
            return;
        }
        if (!isCompact()) {
            for (int i = 0; i < size; i++) {
                setNumberAt(i, value);
            }
            return;
        }
        switch (dtype) {
            case BOOL -> Arrays.fill((byte[]) data, (byte) (truthy(value) ? 1 : 0));
            case INT8, UINT8 -> Arrays.fill((byte[]) data, (byte) integral(value));
            case INT16, UINT16 -> Arrays.fill((short[]) data, (short) integral(value));
            case INT32, UINT32 -> Arrays.fill((int[]) data, (int) integral(value));
            case INT64, UINT64 -> Arrays.fill((long[]) data, integral(value));
            case FLOAT32 -> Arrays.fill((float[]) data, value.floatValue());
            case FLOAT64 -> Arrays.fill((double[]) data, value.doubleValue());
        }
    }

    private void setNumberAt(int flat, Number value) {
        if (dtype.isFloat()) {
            setDoubleAt(flat, value.doubleValue());
        } else if (dtype.isBool()) {
            setLongAt(flat, truthy(value) ? 1 : 0);
        } else {
            setLongAt(flat, integral(value));
        }
    }

    private static boolean truthy(Number v) {
        return (v instanceof Double || v instanceof Float) ? v.doubleValue() != 0 : v.longValue() != 0;
    }

    private static long integral(Number v) {
        if (v instanceof Double || v instanceof Float) {
            return doubleToLongBits(v.doubleValue());
        }
        if (v instanceof java.math.BigInteger bi) {
            return bi.longValue();
        }
        return v.longValue();
    }

    /** Casts a double to the integer that C would, keeping uint64 values above 2^63. */
    static long doubleToLongBits(double v) {
        if (v >= 9.223372036854775807E18) {
            return (long) (v - 9.223372036854775807E18) + Long.MIN_VALUE;
        }
        return (long) v;
    }

    /**
     * Copies this block into {@code dest} at {@code destOffset} (a region of the same shape),
     * converting the data type when they differ. Rows are copied in bulk when both sides are
     * contiguous along the last axis.
     */
    public void copyInto(Block dest, int[] destOffset) {
        if (destOffset.length != shape.length || dest.shape.length != shape.length) {
            throw new IllegalArgumentException("copy of rank " + shape.length + " into rank " + dest.shape.length);
        }
        for (int i = 0; i < shape.length; i++) {
            if (destOffset[i] < 0 || destOffset[i] + shape[i] > dest.shape[i]) {
                throw new IndexOutOfBoundsException("region of shape " + Arrays.toString(shape) + " at "
                        + Arrays.toString(destOffset) + " does not fit in " + Arrays.toString(dest.shape));
            }
        }
        if (size == 0) {
            return;
        }
        int destStart = dest.offset;
        for (int i = 0; i < shape.length; i++) {
            destStart += destOffset[i] * dest.strides[i];
        }
        if (shape.length == 0) {
            copyRun(dest, offset, destStart, 1, 1, 1);
            return;
        }
        // Merge trailing axes that are contiguous on both sides into one long run.
        int last = shape.length - 1;
        int run = shape[last];
        int srcStep = strides[last];
        int dstStep = dest.strides[last];
        int outer = last;
        while (outer > 0 && strides[outer - 1] == srcStep * run && dest.strides[outer - 1] == dstStep * run
                && srcStep == 1 && dstStep == 1) {
            run *= shape[outer - 1];
            outer--;
        }
        int rows = 1;
        for (int i = 0; i < outer; i++) {
            rows *= shape[i];
        }
        int[] counter = new int[outer];
        int s = offset;
        int d = destStart;
        for (int r = 0; r < rows; r++) {
            copyRun(dest, s, d, run, srcStep, dstStep);
            // advance the odometer over the outer axes
            for (int ax = outer - 1; ax >= 0; ax--) {
                counter[ax]++;
                s += strides[ax];
                d += dest.strides[ax];
                if (counter[ax] < shape[ax]) {
                    break;
                }
                s -= strides[ax] * shape[ax];
                d -= dest.strides[ax] * shape[ax];
                counter[ax] = 0;
            }
        }
    }

    private void copyRun(Block dest, int s, int d, int n, int srcStep, int dstStep) {
        if (dest.dtype.storageClass() == dtype.storageClass() && (dest.dtype == dtype || sameBits(dtype, dest.dtype))) {
            if (srcStep == 1 && dstStep == 1) {
                System.arraycopy(data, s, dest.data, d, n);
                return;
            }
            copyStrided(data, s, srcStep, dest.data, d, dstStep, n);
            return;
        }
        DataType to = dest.dtype;
        if (to.isFloat()) {
            for (int i = 0; i < n; i++) {
                writeDouble(to, dest.data, d + i * dstStep, readDouble(dtype, data, s + i * srcStep));
            }
        } else if (to.isBool()) {
            for (int i = 0; i < n; i++) {
                boolean nz = dtype.isFloat() ? readDouble(dtype, data, s + i * srcStep) != 0
                        : readLong(dtype, data, s + i * srcStep) != 0;
                writeLong(to, dest.data, d + i * dstStep, nz ? 1 : 0);
            }
        } else if (dtype.isFloat()) {
            for (int i = 0; i < n; i++) {
                writeLong(to, dest.data, d + i * dstStep, doubleToLongBits(readDouble(dtype, data, s + i * srcStep)));
            }
        } else {
            for (int i = 0; i < n; i++) {
                writeLong(to, dest.data, d + i * dstStep, readLong(dtype, data, s + i * srcStep));
            }
        }
    }

    /** Signed and unsigned integers of one width share bits (a C-style reinterpreting cast). */
    private static boolean sameBits(DataType a, DataType b) {
        return a.isInteger() && b.isInteger() && a.itemSize() == b.itemSize();
    }

    private static void copyStrided(Object src, int s, int ss, Object dst, int d, int ds, int n) {
        if (src instanceof double[] a) {
            double[] b = (double[]) dst;
            for (int i = 0; i < n; i++) {
                b[d + i * ds] = a[s + i * ss];
            }
        } else if (src instanceof float[] a) {
            float[] b = (float[]) dst;
            for (int i = 0; i < n; i++) {
                b[d + i * ds] = a[s + i * ss];
            }
        } else if (src instanceof long[] a) {
            long[] b = (long[]) dst;
            for (int i = 0; i < n; i++) {
                b[d + i * ds] = a[s + i * ss];
            }
        } else if (src instanceof int[] a) {
            int[] b = (int[]) dst;
            for (int i = 0; i < n; i++) {
                b[d + i * ds] = a[s + i * ss];
            }
        } else if (src instanceof short[] a) {
            short[] b = (short[]) dst;
            for (int i = 0; i < n; i++) {
                b[d + i * ds] = a[s + i * ss];
            }
        } else {
            byte[] a = (byte[]) src;
            byte[] b = (byte[]) dst;
            for (int i = 0; i < n; i++) {
                b[d + i * ds] = a[s + i * ss];
            }
        }
    }

    /** A compact copy converted to {@code target} with C cast semantics (NaN to integer is 0). */
    public Block astype(DataType target) {
        if (target == dtype) {
            return this;
        }
        Block out = allocate(target, shape);
        copyInto(out, new int[shape.length]);
        return out;
    }

    // ---------------------------------------------------------------- raw element codecs

    /** Reads storage element {@code i} of {@code data} as a double; unsigned types read unsigned. */
    public static double readDouble(DataType t, Object data, int i) {
        return switch (t) {
            case BOOL, INT8 -> ((byte[]) data)[i];
            case UINT8 -> ((byte[]) data)[i] & 0xFF;
            case INT16 -> ((short[]) data)[i];
            case UINT16 -> ((short[]) data)[i] & 0xFFFF;
            case INT32 -> ((int[]) data)[i];
            case UINT32 -> ((int[]) data)[i] & 0xFFFFFFFFL;
            case INT64 -> ((long[]) data)[i];
            case UINT64 -> unsignedToDouble(((long[]) data)[i]);
            case FLOAT32 -> ((float[]) data)[i];
            case FLOAT64 -> ((double[]) data)[i];
        };
    }

    /** Reads storage element {@code i} as a long; floats truncate, uint64 keeps its bit pattern. */
    public static long readLong(DataType t, Object data, int i) {
        return switch (t) {
            case BOOL, INT8 -> ((byte[]) data)[i];
            case UINT8 -> ((byte[]) data)[i] & 0xFF;
            case INT16 -> ((short[]) data)[i];
            case UINT16 -> ((short[]) data)[i] & 0xFFFF;
            case INT32 -> ((int[]) data)[i];
            case UINT32 -> ((int[]) data)[i] & 0xFFFFFFFFL;
            case INT64, UINT64 -> ((long[]) data)[i];
            case FLOAT32 -> doubleToLongBits(((float[]) data)[i]);
            case FLOAT64 -> doubleToLongBits(((double[]) data)[i]);
        };
    }

    public static void writeDouble(DataType t, Object data, int i, double v) {
        switch (t) {
            case FLOAT64 -> ((double[]) data)[i] = v;
            case FLOAT32 -> ((float[]) data)[i] = (float) v;
            case BOOL -> ((byte[]) data)[i] = (byte) (v != 0 ? 1 : 0);
            default -> writeLong(t, data, i, doubleToLongBits(v));
        }
    }

    public static void writeLong(DataType t, Object data, int i, long v) {
        switch (t) {
            case BOOL -> ((byte[]) data)[i] = (byte) (v != 0 ? 1 : 0);
            case INT8, UINT8 -> ((byte[]) data)[i] = (byte) v;
            case INT16, UINT16 -> ((short[]) data)[i] = (short) v;
            case INT32, UINT32 -> ((int[]) data)[i] = (int) v;
            case INT64, UINT64 -> ((long[]) data)[i] = v;
            case FLOAT32 -> ((float[]) data)[i] = (float) v;
            case FLOAT64 -> ((double[]) data)[i] = v;
        }
    }

    /** The value of a uint64 bit pattern as a double. */
    public static double unsignedToDouble(long bits) {
        if (bits >= 0) {
            return bits;
        }
        // halve (keeping the low bit for correct rounding), convert, double
        return ((bits >>> 1) | (bits & 1)) * 2.0;
    }

    // ---------------------------------------------------------------- comparison and printing

    /**
     * True when both blocks have the same type, shape and element values; NaN equals NaN and
     * -0.0 equals 0.0, which is what tests comparing computed results want.
     */
    public boolean sameValues(Block other) {
        if (other.dtype != dtype || !Arrays.equals(other.shape, shape)) {
            return false;
        }
        for (int i = 0; i < size; i++) {
            if (dtype.isFloat()) {
                double a = getDoubleAt(i);
                double b = other.getDoubleAt(i);
                if (!(a == b || (Double.isNaN(a) && Double.isNaN(b)))) {
                    return false;
                }
            } else if (getLongAt(i) != other.getLongAt(i)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Block(").append(dtype).append(", ").append(Arrays.toString(shape));
        if (size <= 16) {
            sb.append(", [");
            for (int i = 0; i < size; i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                if (dtype.isFloat()) {
                    sb.append(getDoubleAt(i));
                } else if (dtype == DataType.UINT64) {
                    sb.append(Long.toUnsignedString(getLongAt(i)));
                } else if (dtype.isBool()) {
                    sb.append(getLongAt(i) != 0);
                } else {
                    sb.append(getLongAt(i));
                }
            }
            sb.append(']');
        }
        return sb.append(')').toString();
    }

    // ---------------------------------------------------------------- shape arithmetic

    public static int sizeOf(int[] shape) {
        long n = 1;
        for (int s : shape) {
            n *= s;
        }
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a block of shape " + Arrays.toString(shape) + " has " + n
                    + " elements, more than one Java array can hold; use smaller chunks");
        }
        return (int) n;
    }

    public static int[] cStrides(int[] shape) {
        int[] st = new int[shape.length];
        int acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            st[i] = acc;
            acc *= Math.max(shape[i], 1);
        }
        return st;
    }

    private static int[] checkShape(int[] shape) {
        for (int s : shape) {
            if (s < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
        }
        return shape.clone();
    }

    private void checkRank(int n, String what) {
        if (n != shape.length) {
            throw new IllegalArgumentException(what + " has " + n + " axes but the block has " + shape.length);
        }
    }
}
