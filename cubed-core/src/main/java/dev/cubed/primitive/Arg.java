package dev.cubed.primitive;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Objects;

/** An edge of a block function: a child node, how parent chunks map to its chunks, and how they are passed. */
public record Arg(@JsonProperty("expr") BlockExpr expr,
                  @JsonProperty("keys") KeyMap keys,
                  @JsonProperty("mode") ArgMode mode) {

    public Arg {
        Objects.requireNonNull(expr, "expr");
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(mode, "mode");
        if ((mode == ArgMode.ONE) == keys.isMany()) {
            throw new IllegalArgumentException("mode " + mode + " does not match key map " + keys
                    + (keys.isMany() ? " (which yields several chunks: use LIST or ITER)" : " (which yields one chunk)"));
        }
    }

    /** The child at the same coordinates. */
    public static Arg same(BlockExpr expr) {
        return new Arg(expr, KeyMap.Identity.INSTANCE, ArgMode.ONE);
    }

    public static Arg one(BlockExpr expr, KeyMap keys) {
        return new Arg(expr, keys, ArgMode.ONE);
    }

    public Arg withExpr(BlockExpr newExpr) {
        return new Arg(newExpr, keys, mode);
    }
}
