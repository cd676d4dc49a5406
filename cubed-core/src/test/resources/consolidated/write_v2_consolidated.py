"""Writes the consolidated Zarr v2 group of ConsolidatedMetadataTest with zarr-python 2.

Usage: python3 write_v2_consolidated.py OUTDIR   (OUTDIR becomes the group; it must not exist)

Values follow formulas of the flat C-order index idx, so a reader can check every element:
  temperature  (6, 8) <f8 zlib(1), chunks (4, 4), fill NaN:  idx * 0.5 + 270
  counts       (10,)  <i4 zstd(1), chunks (4,),  fill 42:    idx * 3 - 100, chunk 1 never written
  sub/mask     (5, 5) |u1 no compressor, chunks (3, 3), '/' separator:  idx % 7
  sub/deeper   an empty group
Then zarr.consolidate_metadata writes .zmetadata.
"""
import sys

import numcodecs
import numpy as np
import zarr

out = sys.argv[1]
store = zarr.DirectoryStore(out)
root = zarr.group(store=store)
root.attrs.update({"title": "consolidated v2 fixture", "written_by": "zarr-python " + zarr.__version__})

t = root.create_dataset("temperature", shape=(6, 8), chunks=(4, 4), dtype="<f8",
                        compressor=numcodecs.Zlib(level=1), fill_value=np.nan)
t[...] = np.arange(48, dtype="<f8").reshape(6, 8) * 0.5 + 270
t.attrs.update({"units": "K", "_ARRAY_DIMENSIONS": ["y", "x"]})

c = root.create_dataset("counts", shape=(10,), chunks=(4,), dtype="<i4",
                        compressor=numcodecs.Zstd(level=1), fill_value=42)
idx = np.arange(10, dtype="<i4")
c[0:4] = idx[0:4] * 3 - 100
c[8:10] = idx[8:10] * 3 - 100

sub = root.create_group("sub")
sub.attrs["level"] = 1
m = sub.create_dataset("mask", shape=(5, 5), chunks=(3, 3), dtype="|u1", compressor=None,
                       dimension_separator="/")
m[...] = (np.arange(25).reshape(5, 5) % 7).astype("|u1")
sub.create_group("deeper")

zarr.consolidate_metadata(store)
print("OK", out)
