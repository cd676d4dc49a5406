package dev.cubed.kernel;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads a numeric kernel parameter keeping its kind: an integral JSON number as a {@link Long}
 * (or a {@link java.math.BigInteger} beyond the long range, e.g. a large uint64), any other number
 * or the strings "NaN", "Infinity", "-Infinity" as a {@link Double}, and {@code true}/{@code false}
 * as 1/0. Kernels use the kind to apply NEP 50 rules and to keep 64-bit integers exact.
 */
public final class ScalarParam {

    private ScalarParam() {
    }

    public static Number get(Params params, String name) {
        JsonNode v = params.get(name);
        if (v.isBoolean()) {
            return v.booleanValue() ? 1L : 0L;
        }
        if (v.isIntegralNumber()) {
            return v.canConvertToLong() ? (Number) v.longValue() : v.bigIntegerValue();
        }
        if (v.isNumber()) {
            return v.doubleValue();
        }
        return params.getDouble(name);
    }

    /** The parameter, or {@code null} when absent. */
    public static Number getOptional(Params params, String name) {
        return params.has(name) ? get(params, name) : null;
    }

    /** True when {@code n} is a floating-point kind (Double, Float or BigDecimal). */
    public static boolean isFloating(Number n) {
        return n instanceof Double || n instanceof Float || n instanceof java.math.BigDecimal;
    }
}
