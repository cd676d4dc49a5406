package dev.cubed.lambda.local;

import java.util.Objects;

/** How one delivery of an invocation to an execution environment ended. */
record Outcome(Kind kind, byte[] payload) {

    enum Kind {
        /** The runtime posted a response. */
        SUCCESS(true, false),
        /** The runtime posted an error for the invocation (handler exception, class not found...). */
        FUNCTION_ERROR(true, true),
        /** The runtime posted a response larger than Lambda allows. */
        RESPONSE_TOO_LARGE(true, true),
        /** The runtime posted an initialisation error; it exits after that. */
        INIT_ERROR(false, true),
        /** The invocation ran past the function's timeout; the environment was killed. */
        TIMEOUT(false, true),
        /** The process exited during the invocation. */
        EXIT(false, true),
        /** The process exited because its heap overflowed. */
        OUT_OF_MEMORY(false, true),
        /** A warm environment died before the invocation reached it: run it on another. */
        LOST(false, false);

        private final boolean keepsEnvironment;
        private final boolean functionError;

        Kind(boolean keepsEnvironment, boolean functionError) {
            this.keepsEnvironment = keepsEnvironment;
            this.functionError = functionError;
        }

        boolean keepsEnvironment() {
            return keepsEnvironment;
        }

        boolean functionError() {
            return functionError;
        }
    }

    Outcome {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(payload, "payload");
    }
}
