package dev.cubed.storage.zarr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.cubed.block.DataType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;

/**
 * Fill values held as the bits of one element of the array's type: the IEEE bits for floats
 * (so NaN payloads and -0.0 survive), the two's-complement value for integers (uint64 keeps its
 * bit pattern), 0/1 for bool. This gives fill values exact equality and an exact JSON round trip.
 */
final class FillValues {
    private static final long FLOAT64_NAN = Double.doubleToRawLongBits(Double.NaN);
    private static final long FLOAT32_NAN = Float.floatToRawIntBits(Float.NaN) & 0xFFFFFFFFL;
    private static final BigInteger UINT64_LIMIT = BigInteger.ONE.shiftLeft(64);

    private FillValues() {
    }

    /** Bits of a fill value given in metadata. */
    static long fromJson(JsonNode v, DataType t) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            // v2 allows null ("no fill value"); missing chunks then read as the type's zero
            return 0L;
        }
        if (v.isTextual()) {
            return fromString(v.asText(), t);
        }
        if (v.isBoolean()) {
            if (t.isBool()) {
                return v.booleanValue() ? 1 : 0;
            }
            throw bad(v.toString(), t, "a boolean fits only a bool array");
        }
        if (v.isNumber()) {
            return fromNumber(v.isIntegralNumber() ? v.bigIntegerValue() : v.decimalValue(), v.doubleValue(), t,
                    v.toString());
        }
        throw bad(v.toString(), t, "expected a number, a boolean or one of \"NaN\", \"Infinity\", \"-Infinity\"");
    }

    /** Bits of a fill value given to the builder: Number, Boolean or String. */
    static long fromObject(Object v, DataType t) {
        if (v == null) {
            return 0L;
        }
        if (v instanceof Boolean b) {
            if (!t.isBool()) {
                throw bad(v.toString(), t, "a boolean fits only a bool array");
            }
            return b ? 1 : 0;
        }
        if (v instanceof String s) {
            return fromString(s, t);
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (t.isFloat()) {
                return floatBits(d, t);
            }
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw bad(v.toString(), t, "an integer type has no NaN or infinity");
            }
            return fromNumber(null, d, t, v.toString());
        }
        if (v instanceof BigInteger bi) {
            return fromNumber(bi, bi.doubleValue(), t, v.toString());
        }
        if (v instanceof BigDecimal bd) {
            return fromNumber(bd, bd.doubleValue(), t, v.toString());
        }
        if (v instanceof Number n) {
            return fromNumber(BigInteger.valueOf(n.longValue()), n.doubleValue(), t, v.toString());
        }
        throw bad(v.toString(), t, "expected a Number, Boolean or String");
    }

    private static long fromString(String s, DataType t) {
        if (t.isFloat()) {
            switch (s) {
                case "NaN":
                    return t == DataType.FLOAT64 ? FLOAT64_NAN : FLOAT32_NAN;
                case "Infinity":
                    return floatBits(Double.POSITIVE_INFINITY, t);
                case "-Infinity":
                    return floatBits(Double.NEGATIVE_INFINITY, t);
                default:
                    break;
            }
            if (s.startsWith("0x") || s.startsWith("0X")) {
                int digits = 2 * t.itemSize();
                if (s.length() != 2 + digits) {
                    throw bad('"' + s + '"', t, "a hex float fill value for " + t + " has " + digits + " hex digits");
                }
                try {
                    return Long.parseUnsignedLong(s.substring(2), 16);
                } catch (NumberFormatException e) {
                    throw bad('"' + s + '"', t, "not a hex number");
                }
            }
        }
        throw bad('"' + s + '"', t, t.isFloat()
                ? "a string fill value must be \"NaN\", \"Infinity\", \"-Infinity\" or hex bits like \"0x7fc00000\""
                : "a string fill value is only allowed for floating-point types");
    }

    /** @param exact the exact value when known (BigInteger or BigDecimal), else null */
    private static long fromNumber(Number exact, double d, DataType t, String text) {
        if (t.isFloat()) {
            return floatBits(d, t);
        }
        BigInteger i;
        if (exact instanceof BigInteger bi) {
            i = bi;
        } else if (exact instanceof BigDecimal bd) {
            try {
                i = bd.toBigIntegerExact();
            } catch (ArithmeticException e) {
                throw bad(text, t, "an integer type needs an integral value");
            }
        } else {
            if (d != Math.rint(d)) {
                throw bad(text, t, "an integer type needs an integral value");
            }
            i = new BigDecimal(d).toBigInteger();
        }
        if (t.isBool()) {
            if (i.signum() == 0 || i.equals(BigInteger.ONE)) {
                return i.longValue();
            }
            throw bad(text, t, "a bool fill value must be true, false, 0 or 1");
        }
        BigInteger min = t == DataType.UINT64 ? BigInteger.ZERO : BigInteger.valueOf((long) t.minValue());
        BigInteger max = t == DataType.UINT64 ? UINT64_LIMIT.subtract(BigInteger.ONE)
                : t == DataType.INT64 ? BigInteger.valueOf(Long.MAX_VALUE) : BigInteger.valueOf((long) t.maxValue());
        if (i.compareTo(min) < 0 || i.compareTo(max) > 0) {
            throw bad(text, t, "outside the range [" + min + ", " + max + "] of " + t);
        }
        return i.longValue();
    }

    private static long floatBits(double d, DataType t) {
        return t == DataType.FLOAT64 ? Double.doubleToRawLongBits(d) : Float.floatToRawIntBits((float) d) & 0xFFFFFFFFL;
    }

    /** The metadata form: numbers, booleans, the special float strings, or hex for a NaN with a payload (v3). */
    static JsonNode toJson(long bits, DataType t, ZarrFormat format) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (t.isBool()) {
            return f.booleanNode(bits != 0);
        }
        if (t.isFloat()) {
            double d = asDouble(bits, t);
            if (Double.isNaN(d)) {
                long canonical = t == DataType.FLOAT64 ? FLOAT64_NAN : FLOAT32_NAN;
                if (bits == canonical || format == ZarrFormat.V2) {
                    return f.textNode("NaN");
                }
                return f.textNode(String.format(Locale.ROOT, "0x%0" + 2 * t.itemSize() + "x", bits));
            }
            if (Double.isInfinite(d)) {
                return f.textNode(d > 0 ? "Infinity" : "-Infinity");
            }
            return f.numberNode(d);
        }
        if (t == DataType.UINT64 && bits < 0) {
            return f.numberNode(new BigInteger(Long.toUnsignedString(bits)));
        }
        return f.numberNode(bits);
    }

    static double asDouble(long bits, DataType t) {
        return switch (t) {
            case FLOAT64 -> Double.longBitsToDouble(bits);
            case FLOAT32 -> Float.intBitsToFloat((int) bits);
            case UINT64 -> dev.cubed.block.Block.unsignedToDouble(bits);
            default -> bits;
        };
    }

    /** Boolean for bool, Double for floats, Long for integers (BigInteger for uint64 above 2^63 - 1). */
    static Object asObject(long bits, DataType t) {
        if (t.isBool()) {
            return bits != 0;
        }
        if (t.isFloat()) {
            return asDouble(bits, t);
        }
        if (t == DataType.UINT64 && bits < 0) {
            return new BigInteger(Long.toUnsignedString(bits));
        }
        return bits;
    }

    /** A Number that {@code Block.fill} turns into exactly these bits. */
    static Number asNumber(long bits, DataType t) {
        if (t.isFloat()) {
            return t == DataType.FLOAT64 ? Double.longBitsToDouble(bits) : (Number) Float.intBitsToFloat((int) bits);
        }
        return bits;
    }

    /** Text for listings: 0, 0.5, NaN, true. */
    static String describe(long bits, DataType t) {
        Object o = asObject(bits, t);
        return o.toString();
    }

    private static ZarrException bad(String value, DataType t, String why) {
        return new ZarrException("fill value " + value + " is not valid for data type " + t + ": " + why);
    }
}
