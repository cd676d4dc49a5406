package dev.cubed.block;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Objects;

/**
 * The result data types of array operations: the array API promotion table within kinds, NumPy 2
 * rules across kinds, NEP 50 for Python-scalar ("weak") operands, the array API defaults for
 * reductions and true division, and which data types each element-wise function accepts.
 *
 * <p>Binary promotion ({@link #resultType(DataType, DataType)}):
 * <ul>
 *   <li>bool with bool is bool; bool with anything else is the other type;</li>
 *   <li>two signed or two unsigned integers give the wider;</li>
 *   <li>a signed and an unsigned integer give the signed type if it is wider, else the signed
 *       type twice as wide as the unsigned one (i8+u8 is i16, i32+u32 is i64), and a signed type
 *       with uint64 gives float64, as NumPy does (no integer type holds both ranges);</li>
 *   <li>an integer with float32 gives float32 for int8, uint8, int16 and uint16 (float32 holds
 *       them exactly) and float64 for the wider integers; anything with float64 is float64.</li>
 * </ul>
 *
 * <p>Function signatures: a {@link Signature} (accepted types, result rule) gives an element-wise
 * function's result type; each function declares its signature where it is defined, so plans compute
 * result types without running kernels and the kernels compute theirs from the same declaration.
 * Deviations from the array API, deliberate and shared with
 * NumPy: the floating-point functions ({@code sqrt}, {@code sin}, {@code atan2}, {@code divide}, ...)
 * also accept integers and return float64 for them (the default floating-point type).
 */
public final class TypePromotion {

    private TypePromotion() {
    }

    // ------------------------------------------------------------------ binary promotion

    /** The type both operands of a binary operation are converted to. Symmetric. */
    public static DataType resultType(DataType a, DataType b) {
        if (a == b) {
            return a;
        }
        if (a.isBool()) {
            return b;
        }
        if (b.isBool()) {
            return a;
        }
        if (a.isFloat() || b.isFloat()) {
            if (a.isFloat() && b.isFloat()) {
                return a.itemSize() >= b.itemSize() ? a : b;
            }
            DataType f = a.isFloat() ? a : b;
            DataType i = a.isFloat() ? b : a;
            if (f == DataType.FLOAT64) {
                return DataType.FLOAT64;
            }
            return i.itemSize() <= 2 ? DataType.FLOAT32 : DataType.FLOAT64;
        }
        if (a.kind() == b.kind()) {
            return a.itemSize() >= b.itemSize() ? a : b;
        }
        DataType s = a.isUnsigned() ? b : a;
        DataType u = a.isUnsigned() ? a : b;
        if (s.itemSize() > u.itemSize()) {
            return s;
        }
        return switch (u.itemSize()) {
            case 1 -> DataType.INT16;
            case 2 -> DataType.INT32;
            case 4 -> DataType.INT64;
            default -> DataType.FLOAT64;
        };
    }

    /** Promotion of several operands, folded pairwise (the table is associative for these types). */
    public static DataType resultType(DataType first, DataType... rest) {
        DataType t = first;
        for (DataType r : rest) {
            t = resultType(t, r);
        }
        return t;
    }

    /**
     * The result type of an array operand with a Python-style scalar (NEP 50: the scalar is
     * "weak" and takes the array's type when its kind allows):
     * <ul>
     *   <li>a {@link Boolean} keeps the array's type;</li>
     *   <li>an integer ({@link Byte}, {@link Short}, {@link Integer}, {@link Long}, {@link BigInteger})
     *       keeps an integer or float array's type and turns a bool array into int64; it must fit
     *       the integer array's range, as NumPy 2 requires ("Python integer 300 out of bounds for
     *       uint8");</li>
     *   <li>a floating-point number ({@link Float}, {@link Double}, {@link BigDecimal}) keeps a
     *       float array's type and turns a bool or integer array into float64.</li>
     * </ul>
     *
     * @throws IllegalArgumentException when an integer scalar does not fit an integer array's type
     */
    public static DataType resultType(DataType array, Number scalar) {
        return resultType(array, (Object) scalar);
    }

    /** As {@link #resultType(DataType, Number)} for a {@link Boolean} scalar: the array's type. */
    public static DataType resultType(DataType array, boolean scalar) {
        return array;
    }

    private static DataType resultType(DataType array, Object scalar) {
        if (scalar instanceof Boolean) {
            return array;
        }
        if (isFloatScalar(scalar)) {
            return array.isFloat() ? array : DataType.FLOAT64;
        }
        if (!isIntegerScalar(scalar)) {
            throw new IllegalArgumentException("unsupported scalar " + scalar + " of class "
                    + scalar.getClass().getName() + "; use a Boolean, an integer type, BigInteger, Float, Double or BigDecimal");
        }
        if (array.isBool()) {
            return DataType.INT64;
        }
        if (array.isInteger() && !fits(array, (Number) scalar)) {
            throw new IllegalArgumentException("integer scalar " + scalar + " is out of bounds for " + array
                    + " (range " + rangeText(array) + "); cast the array to a wider type first");
        }
        return array;
    }

    /** True when the integer {@code value} lies within the range of the integer type {@code t}. */
    public static boolean fits(DataType t, Number value) {
        BigInteger v = value instanceof BigInteger bi ? bi : BigInteger.valueOf(value.longValue());
        return v.compareTo(minInteger(t)) >= 0 && v.compareTo(maxInteger(t)) <= 0;
    }

    private static BigInteger minInteger(DataType t) {
        return t.isUnsigned() || t.isBool() ? BigInteger.ZERO : BigInteger.ONE.shiftLeft(t.itemSize() * 8 - 1).negate();
    }

    private static BigInteger maxInteger(DataType t) {
        if (t.isBool()) {
            return BigInteger.ONE;
        }
        int bits = t.isUnsigned() ? t.itemSize() * 8 : t.itemSize() * 8 - 1;
        return BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
    }

    private static String rangeText(DataType t) {
        return "[" + minInteger(t) + ", " + maxInteger(t) + "]";
    }

    private static boolean isFloatScalar(Object s) {
        return s instanceof Double || s instanceof Float || s instanceof BigDecimal;
    }

    private static boolean isIntegerScalar(Object s) {
        return s instanceof Long || s instanceof Integer || s instanceof Short || s instanceof Byte
                || s instanceof BigInteger;
    }

    // ------------------------------------------------------------------ array API defaults

    /** The default float type of the array API. */
    public static DataType defaultFloat() {
        return DataType.FLOAT64;
    }

    /** The default integer type of the array API. */
    public static DataType defaultInteger() {
        return DataType.INT64;
    }

    /**
     * The default result type of {@code sum}, {@code prod} and the cumulative sums and products:
     * bool and signed integers give int64, unsigned integers uint64, floats keep their type.
     */
    public static DataType sumType(DataType dtype) {
        return switch (dtype.kind()) {
            case 'b', 'i' -> DataType.INT64;
            case 'u' -> DataType.UINT64;
            default -> dtype;
        };
    }

    /** The result type of true division of {@code a} by {@code b}: their promotion, float64 for integers. */
    public static DataType trueDivideType(DataType a, DataType b) {
        return floatResultType(resultType(a, b));
    }

    /**
     * The result type of a floating-point function (sqrt, sin, divide, mean, ...) of {@code dtype}:
     * float types keep their type, bool and integers give float64.
     */
    public static DataType floatResultType(DataType dtype) {
        return dtype.isFloat() ? dtype : DataType.FLOAT64;
    }

    // ------------------------------------------------------------------ function signatures

    /** The data types a function accepts, named as the array API names them. */
    public enum Category {
        /** bool only. */
        BOOLEAN,
        /** signed and unsigned integers. */
        INTEGER,
        /** integers and bool. */
        INTEGER_OR_BOOLEAN,
        /** integers and floats (not bool). */
        NUMERIC,
        /** float32 and float64. */
        REAL_FLOATING,
        /** every data type. */
        ANY;

        public boolean contains(DataType t) {
            return switch (this) {
                case BOOLEAN -> t.isBool();
                case INTEGER -> t.isInteger();
                case INTEGER_OR_BOOLEAN -> t.isIntegral();
                case NUMERIC -> !t.isBool();
                case REAL_FLOATING -> t.isFloat();
                case ANY -> true;
            };
        }

        String describe() {
            return switch (this) {
                case BOOLEAN -> "bool";
                case INTEGER -> "integer types";
                case INTEGER_OR_BOOLEAN -> "integer types and bool";
                case NUMERIC -> "integer and floating-point types";
                case REAL_FLOATING -> "float32 and float64";
                case ANY -> "every type";
            };
        }
    }

    /** How a function's result type follows from its promoted input type. */
    public enum ResultRule {
        /** the promoted input type (add, maximum, bitwise_and, floor, ...). */
        PROMOTED,
        /** the promoted type if floating-point, else float64 (sqrt, sin, divide, atan2, ...). */
        FLOATING,
        /** bool (comparisons, logical functions, isnan, signbit, ...). */
        BOOL
    }

    /**
     * An element-wise function's accepted types and result rule. Each function declares its own
     * where it is defined (the operations of {@code dev.cubed.kernel.elementwise}, found by name with
     * {@code ElementwiseKernels.signature}); the rules that turn it into a result type are here.
     */
    public record Signature(String name, int arity, Category accepts, ResultRule result) {
        public Signature {
            Objects.requireNonNull(name, "name");
            if (arity < 1 || arity > 3) {
                throw new IllegalArgumentException(name + ": arity must be 1, 2 or 3: " + arity);
            }
            Objects.requireNonNull(accepts, () -> name + ": the accepted types are required");
            Objects.requireNonNull(result, () -> name + ": the result rule is required");
        }

        /** Throws an error naming the function, the type and what it accepts unless every type is accepted. */
        public void check(DataType... dtypes) {
            for (DataType t : dtypes) {
                if (!accepts.contains(t)) {
                    throw new IllegalArgumentException(name + " does not accept " + t + " inputs; it accepts "
                            + accepts.describe() + (accepts == Category.BOOLEAN
                            ? " (compare with zero first, e.g. not_equal(x, 0))" : " (use astype to convert)"));
                }
            }
        }

        /**
         * The result type for inputs of these types, checking that each is accepted. For example
         * {@code sin(int16)} is float64, {@code less(a, b)} is bool, {@code add(int8, uint8)} is int16.
         */
        public DataType resultType(DataType... inputs) {
            if (inputs.length != arity) {
                throw new IllegalArgumentException(name + " takes " + arity + " input(s), got "
                        + inputs.length + ": " + Arrays.toString(inputs));
            }
            check(inputs);
            DataType promoted = inputs[0];
            for (int i = 1; i < inputs.length; i++) {
                promoted = TypePromotion.resultType(promoted, inputs[i]);
            }
            return switch (result) {
                case PROMOTED -> promoted;
                case FLOATING -> floatResultType(promoted);
                case BOOL -> DataType.BOOL;
            };
        }
    }
}
