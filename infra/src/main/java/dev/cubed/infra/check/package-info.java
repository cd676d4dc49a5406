/**
 * {@code ./cubed lambda check}: compares a deployed function with a Spec, tries the bucket
 * permissions, runs one real task, and reports what to fix.
 *
 * <p>May import: {@code dev.cubed.array}, {@code dev.cubed.block}, {@code dev.cubed.infra},
 * {@code dev.cubed.lambda.executor}, {@code dev.cubed.plan}, {@code dev.cubed.primitive},
 * {@code dev.cubed.storage}, {@code dev.cubed.storage.zarr}, {@code dev.cubed.task}.
 */
package dev.cubed.infra.check;
