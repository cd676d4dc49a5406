package dev.cubed.lambda.local;

/**
 * What the Invoke API answers for a finished invocation.
 *
 * @param functionError {@code Unhandled} when the function failed, else null
 * @param logTail       the last 4 KB of the invocation's log
 */
record InvocationResult(String requestId, byte[] payload, String functionError, byte[] logTail) {
}
