package dev.cubed.block;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * The element types of the array API that Zarr can store. Each type is held in memory in the
 * Java primitive array of its width: unsigned types reuse the signed array of the same width and
 * are interpreted unsigned, and {@code bool} is one byte per element (0 or 1), as Zarr stores it.
 */
public enum DataType {
    BOOL("bool", 'b', 1),
    INT8("int8", 'i', 1),
    INT16("int16", 'i', 2),
    INT32("int32", 'i', 4),
    INT64("int64", 'i', 8),
    UINT8("uint8", 'u', 1),
    UINT16("uint16", 'u', 2),
    UINT32("uint32", 'u', 4),
    UINT64("uint64", 'u', 8),
    FLOAT32("float32", 'f', 4),
    FLOAT64("float64", 'f', 8);

    private final String zarrName;
    private final char kind;
    private final int itemSize;

    DataType(String zarrName, char kind, int itemSize) {
        this.zarrName = zarrName;
        this.kind = kind;
        this.itemSize = itemSize;
    }

    /** The Zarr v3 {@code data_type} name, also the array API name. */
    @JsonValue
    public String zarrName() {
        return zarrName;
    }

    /** NumPy kind character: b (bool), i (signed), u (unsigned), f (float). */
    public char kind() {
        return kind;
    }

    public int itemSize() {
        return itemSize;
    }

    public boolean isBool() {
        return kind == 'b';
    }

    public boolean isFloat() {
        return kind == 'f';
    }

    public boolean isInteger() {
        return kind == 'i' || kind == 'u';
    }

    public boolean isSigned() {
        return kind == 'i' || kind == 'f';
    }

    public boolean isUnsigned() {
        return kind == 'u';
    }

    /** True for int8..int64 and uint8..uint64 but also bool: types whose values are exact integers. */
    public boolean isIntegral() {
        return kind != 'f';
    }

    /** The Java primitive array class that holds elements of this type. */
    public Class<?> storageClass() {
        return switch (this) {
            case BOOL, INT8, UINT8 -> byte[].class;
            case INT16, UINT16 -> short[].class;
            case INT32, UINT32 -> int[].class;
            case INT64, UINT64 -> long[].class;
            case FLOAT32 -> float[].class;
            case FLOAT64 -> double[].class;
        };
    }

    /** Allocates a zeroed primitive array of {@code n} elements of this type. */
    public Object allocate(int n) {
        return switch (this) {
            case BOOL, INT8, UINT8 -> new byte[n];
            case INT16, UINT16 -> new short[n];
            case INT32, UINT32 -> new int[n];
            case INT64, UINT64 -> new long[n];
            case FLOAT32 -> new float[n];
            case FLOAT64 -> new double[n];
        };
    }

    /** Parses a Zarr v3 / array API name such as {@code "float64"}; case-insensitive. */
    @JsonCreator
    public static DataType fromName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (DataType t : values()) {
            if (t.zarrName.equals(n)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown data type '" + name
                + "'; supported: bool, int8, int16, int32, int64, uint8, uint16, uint32, uint64, float32, float64");
    }

    /** Smallest unsigned or signed integer limits, as doubles, used when casting. */
    public double minValue() {
        return switch (this) {
            case BOOL, UINT8, UINT16, UINT32, UINT64 -> 0;
            case INT8 -> Byte.MIN_VALUE;
            case INT16 -> Short.MIN_VALUE;
            case INT32 -> Integer.MIN_VALUE;
            case INT64 -> Long.MIN_VALUE;
            case FLOAT32 -> -Float.MAX_VALUE;
            case FLOAT64 -> -Double.MAX_VALUE;
        };
    }

    public double maxValue() {
        return switch (this) {
            case BOOL -> 1;
            case INT8 -> Byte.MAX_VALUE;
            case INT16 -> Short.MAX_VALUE;
            case INT32 -> Integer.MAX_VALUE;
            case INT64 -> Long.MAX_VALUE;
            case UINT8 -> 255;
            case UINT16 -> 65535;
            case UINT32 -> 4294967295.0;
            case UINT64 -> 18446744073709551615.0;
            case FLOAT32 -> Float.MAX_VALUE;
            case FLOAT64 -> Double.MAX_VALUE;
        };
    }

    @Override
    public String toString() {
        return zarrName;
    }
}
