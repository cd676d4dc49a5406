/**
 * Zarr v2 and v3 arrays and groups on stores: metadata, chunk key encodings, fill values,
 * consolidated metadata, reading and writing chunks and regions. See {@code docs/zarr.md}.
 *
 * <p>May import: {@code dev.cubed.block}, {@code dev.cubed.storage},
 * {@code dev.cubed.storage.zarr.codec}.
 */
package dev.cubed.storage.zarr;
