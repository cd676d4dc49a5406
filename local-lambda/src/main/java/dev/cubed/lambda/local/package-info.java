/**
 * A local Lambda for tests and {@code ./cubed local-lambda}: the Invoke API and the Runtime API
 * over HTTP, execution environments as child JVMs running a real deployment zip through AWS's
 * runtime interface client, concurrency and timeouts as Lambda applies them, and a local S3
 * (s3proxy).
 *
 * <p>May import: nothing of the project (only the JDK and its libraries).
 */
package dev.cubed.lambda.local;
