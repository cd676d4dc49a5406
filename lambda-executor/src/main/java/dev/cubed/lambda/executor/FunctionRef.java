package dev.cubed.lambda.executor;

import java.util.Objects;

/**
 * The worker function as the user named it: a function name, {@code name:qualifier}, a partial ARN
 * ({@code 123456789012:function:name}) or a full ARN ({@code arn:aws:lambda:eu-west-1:123456789012:function:name}),
 * with an optional qualifier (version or alias) given separately.
 *
 * @param name      what Lambda's {@code FunctionName} parameter gets: the name or ARN without the qualifier
 * @param qualifier the version or alias to invoke, or null for {@code $LATEST}
 * @param region    the region a full ARN names, or null
 */
public record FunctionRef(String name, String qualifier, String region) {

    public FunctionRef {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("the worker function's name must not be blank");
        }
        if (qualifier != null && qualifier.isBlank()) {
            qualifier = null;
        }
    }

    /**
     * Parses what the user gave: {@code function} in any form Lambda accepts, and an optional separate
     * {@code qualifier}, which must agree with one inside {@code function}.
     */
    public static FunctionRef parse(String function, String qualifier) {
        if (function == null || function.isBlank()) {
            throw new IllegalArgumentException("no worker function: set the executor option function (the stack's"
                    + " InvokeTarget output, e.g. --function cubed-worker)");
        }
        String f = function.trim();
        String[] parts = f.split(":", -1);
        String name;
        String inside = null;
        String region = null;
        if (f.startsWith("arn:")) {
            if (parts.length < 7 || parts.length > 8 || !parts[2].equals("lambda") || !parts[5].equals("function")) {
                throw new IllegalArgumentException("'" + f + "' is not a Lambda function ARN"
                        + " (arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER])");
            }
            region = parts[3].isEmpty() ? null : parts[3];
            name = String.join(":", java.util.Arrays.copyOfRange(parts, 0, 7));
            inside = parts.length == 8 ? parts[7] : null;
        } else if (parts.length >= 3 && parts[1].equals("function")) {
            if (parts.length > 4) {
                throw new IllegalArgumentException("'" + f + "' is not a partial function ARN (ACCOUNT:function:NAME[:QUALIFIER])");
            }
            name = parts[0] + ":function:" + parts[2];
            inside = parts.length == 4 ? parts[3] : null;
        } else if (parts.length == 2) {
            name = parts[0];
            inside = parts[1];
        } else if (parts.length == 1) {
            name = f;
        } else {
            throw new IllegalArgumentException("'" + f + "' is neither a function name, NAME:QUALIFIER nor a function ARN");
        }
        String q = qualifier == null || qualifier.isBlank() ? null : qualifier.trim();
        if (inside != null && !inside.isEmpty() && q != null && !q.equals(inside)) {
            throw new IllegalArgumentException("the function '" + f + "' names qualifier " + inside
                    + " but the executor option qualifier is " + q + ": give one of them");
        }
        return new FunctionRef(name, q != null ? q : inside == null || inside.isEmpty() ? null : inside, region);
    }

    /** How messages name it: {@code name} or {@code name:qualifier}. */
    @Override
    public String toString() {
        return qualifier == null ? name : name + ":" + qualifier;
    }
}
