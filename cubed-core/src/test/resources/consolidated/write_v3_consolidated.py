"""Writes the consolidated Zarr v3 group of ConsolidatedMetadataTest by hand, in zarr-python 3's layout.

zarr-python 3 is not installable on the project machine, so this script writes the documents
zarr-python 3.1's zarr.consolidate_metadata produces: the root group's zarr.json carries
"consolidated_metadata": {"kind": "inline", "must_understand": false, "metadata": {...}} with one
entry per node below it, keyed by its path from the root ("sub/mask"), each entry being that
node's own zarr.json; nested groups appear with an empty inline consolidated_metadata, and every
node's zarr.json is written too, child groups with "consolidated_metadata": null. Chunks are
encoded with numpy, gzip and numcodecs' zstd, the codecs zarr-python 3 itself uses.

Usage: python3 write_v3_consolidated.py OUTDIR

Values (flat C-order index idx), the same as the v2 fixture's:
  temperature  (6, 8) float64 bytes+gzip(1), chunks (4, 4), fill NaN:  idx * 0.5 + 270
  counts       (10,)  int32 bytes+zstd(1), chunks (4,), fill 42:     idx * 3 - 100, chunk 1 never written
  sub/mask     (5, 5) uint8 bytes, chunks (3, 3), keys "c.0.1":        idx % 7
  sub/deeper   an empty group
"""
import gzip
import itertools
import json
import os
import sys

import numcodecs
import numpy as np

out = sys.argv[1]


def write_json(path, doc):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(doc, f, indent=2)


def array_doc(shape, dtype, chunks, fill, codecs, attributes=None, dims=None, separator="/"):
    doc = {
        "shape": list(shape),
        "data_type": dtype,
        "chunk_grid": {"name": "regular", "configuration": {"chunk_shape": list(chunks)}},
        "chunk_key_encoding": {"name": "default", "configuration": {"separator": separator}},
        "fill_value": fill,
        "codecs": codecs,
        "attributes": attributes or {},
        "zarr_format": 3,
        "node_type": "array",
        "storage_transformers": [],
    }
    if dims is not None:
        doc["dimension_names"] = dims
    return doc


def group_doc(attributes, consolidated):
    return {"attributes": attributes, "zarr_format": 3, "consolidated_metadata": consolidated, "node_type": "group"}


def write_chunks(path, values, chunks, fill, encode, separator="/", skip=()):
    grid = [-(-values.shape[i] // chunks[i]) for i in range(values.ndim)]
    for coords in itertools.product(*[range(g) for g in grid]):
        if coords in skip:
            continue
        block = np.full(chunks, fill, dtype=values.dtype)
        src = tuple(slice(c * n, min((c + 1) * n, s)) for c, n, s in zip(coords, chunks, values.shape))
        block[tuple(slice(0, sl.stop - sl.start) for sl in src)] = values[src]
        key = "c" + separator + separator.join(str(c) for c in coords)
        target = os.path.join(path, *key.split("/"))
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as f:
            f.write(encode(block.astype(block.dtype.newbyteorder("<")).tobytes()))


little = {"name": "bytes", "configuration": {"endian": "little"}}
temperature = array_doc((6, 8), "float64", (4, 4), "NaN",
                        [little, {"name": "gzip", "configuration": {"level": 1}}],
                        {"units": "K"}, ["y", "x"])
counts = array_doc((10,), "int32", (4,), 42,
                   [little, {"name": "zstd", "configuration": {"level": 1, "checksum": False}}])
mask = array_doc((5, 5), "uint8", (3, 3), 0, [{"name": "bytes"}], separator=".")
empty_inline = {"kind": "inline", "must_understand": False, "metadata": {}}
sub = group_doc({"level": 1}, None)
deeper = group_doc({}, None)

write_json(os.path.join(out, "temperature", "zarr.json"), temperature)
write_json(os.path.join(out, "counts", "zarr.json"), counts)
write_json(os.path.join(out, "sub", "zarr.json"), sub)
write_json(os.path.join(out, "sub", "mask", "zarr.json"), mask)
write_json(os.path.join(out, "sub", "deeper", "zarr.json"), deeper)
consolidated = {
    "kind": "inline",
    "must_understand": False,
    "metadata": {
        "counts": counts,
        "sub": dict(sub, consolidated_metadata=empty_inline),
        "temperature": temperature,
        "sub/deeper": dict(deeper, consolidated_metadata=empty_inline),
        "sub/mask": mask,
    },
}
write_json(os.path.join(out, "zarr.json"), group_doc({"title": "consolidated v3 fixture"}, consolidated))

write_chunks(os.path.join(out, "temperature"), np.arange(48, dtype="<f8").reshape(6, 8) * 0.5 + 270, (4, 4),
             np.nan, lambda b: gzip.compress(b, compresslevel=1, mtime=0))
write_chunks(os.path.join(out, "counts"), np.arange(10, dtype="<i4") * 3 - 100, (4,), 42,
             numcodecs.Zstd(level=1).encode, skip={(1,)})
write_chunks(os.path.join(out, "sub", "mask"), (np.arange(25).reshape(5, 5) % 7).astype("|u1"), (3, 3), 0,
             lambda b: b, separator=".")
print("OK", out)
