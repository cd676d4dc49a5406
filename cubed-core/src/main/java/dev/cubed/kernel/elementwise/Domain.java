package dev.cubed.kernel.elementwise;

import dev.cubed.block.DataType;

/**
 * The primitive type a loop computes in. Blocks of every data type are converted (C casts) into a
 * few domains, so each operation needs loops for the domains only, not for all eleven data types.
 * Narrow integers compute in {@link #LONG}, which holds their values exactly, and are wrapped to
 * their width when written back; this gives the same result as computing in the narrow type for
 * every wrapping operation.
 */
public enum Domain {
    /** float64 values in a {@code double[]}. */
    DOUBLE,
    /** float32 values in a {@code float[]}. */
    FLOAT,
    /** signed 64-bit values (int64, and narrow integers widened) in a {@code long[]}. */
    LONG,
    /** uint64 bit patterns in a {@code long[]}, compared and divided unsigned. */
    ULONG,
    /** int32 values in an {@code int[]}. */
    INT,
    /** bool as 0 or 1 in a {@code byte[]}. */
    BOOL;

    /** Allocates a buffer of {@code n} elements of this domain. */
    public Object allocate(int n) {
        return switch (this) {
            case DOUBLE -> new double[n];
            case FLOAT -> new float[n];
            case LONG, ULONG -> new long[n];
            case INT -> new int[n];
            case BOOL -> new byte[n];
        };
    }

    /**
     * The domain that holds every value of {@code t} exactly and natively: float64 DOUBLE, float32
     * FLOAT, int64 LONG, uint64 ULONG, int32 INT, bool BOOL and the other integers LONG.
     */
    public static Domain natural(DataType t) {
        return switch (t) {
            case FLOAT64 -> DOUBLE;
            case FLOAT32 -> FLOAT;
            case INT64 -> LONG;
            case UINT64 -> ULONG;
            case INT32 -> INT;
            case BOOL -> BOOL;
            default -> LONG;
        };
    }

    /**
     * True when a block of type {@code t} can be used as this domain's array without conversion:
     * same storage, and the C cast into the domain is the identity on the bits.
     */
    public boolean isDirect(DataType t) {
        return switch (this) {
            case DOUBLE -> t == DataType.FLOAT64;
            case FLOAT -> t == DataType.FLOAT32;
            case LONG, ULONG -> t == DataType.INT64 || t == DataType.UINT64;
            case INT -> t == DataType.INT32 || t == DataType.UINT32;
            case BOOL -> t == DataType.BOOL;
        };
    }
}
