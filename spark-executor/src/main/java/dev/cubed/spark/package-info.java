/**
 * The {@code spark} executor: each task attempt of a plan runs as a one-partition Spark job over
 * its task message, through the same task runner as the Lambda worker, while retries, timeouts and
 * backups stay in the shared task engine. See {@code docs/writing-an-executor.md}, the second
 * worked example.
 *
 * <p>May import: {@code dev.cubed} core packages ({@code runtime}, {@code task}, {@code plan},
 * {@code storage}, {@code kernel}) and Spark's API ({@code org.apache.spark}, provided by the
 * cluster); nothing of the Lambda modules.
 */
package dev.cubed.spark;
