/**
 * Zarr codecs: array-to-array (transpose), array-to-bytes (bytes, sharding) and bytes-to-bytes
 * (zstd, gzip, zlib, crc32c), their JSON form and the pipeline that runs a chain. Imports
 * {@code storage.zarr} for its exception and chunk types: the two packages are one layer.
 *
 * <p>May import: {@code dev.cubed.block}, {@code dev.cubed.storage.zarr}.
 */
package dev.cubed.storage.zarr.codec;
