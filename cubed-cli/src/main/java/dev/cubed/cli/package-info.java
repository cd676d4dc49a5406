/**
 * The {@code ./cubed} command line (picocli): demo, bench, the zarr tools, local-lambda and
 * lambda check, with the error reporting and heap sizing they share.
 *
 * <p>May import: {@code dev.cubed.array}, {@code dev.cubed.block},
 * {@code dev.cubed.diagnostics}, {@code dev.cubed.infra}, {@code dev.cubed.infra.check},
 * {@code dev.cubed.lambda.executor}, {@code dev.cubed.lambda.local}, {@code dev.cubed.ops},
 * {@code dev.cubed.plan}, {@code dev.cubed.primitive}, {@code dev.cubed.runtime},
 * {@code dev.cubed.storage}, {@code dev.cubed.storage.zarr},
 * {@code dev.cubed.storage.zarr.codec}, {@code dev.cubed.task}.
 */
package dev.cubed.cli;
