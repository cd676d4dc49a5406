"""Reads Zarr arrays written by cubed's Java code and compares them with expected values.

v2 arrays are opened with zarr-python. v3 arrays are decoded by the small reader below, which
follows the v3 core and sharding specs with numpy and numcodecs only (zarr-python 2.x cannot
read final v3). Usage: read_our_zarr.py MANIFEST.json; exits 1 on any mismatch.
"""
import json
import os
import sys

import numpy as np
import numcodecs


def v3_decode_bytes(data, codecs, shape, dtype):
    """Decodes one chunk's bytes through a v3 codec list into an array of `shape`."""
    b2b = []
    a2a = []
    a2b = None
    for c in codecs:
        name = c["name"]
        if name in ("bytes", "sharding_indexed"):
            a2b = c
        elif a2b is None:
            a2a.append(c)
        else:
            b2b.append(c)
    for c in reversed(b2b):
        name = c["name"]
        if name == "gzip":
            data = numcodecs.GZip().decode(data)
        elif name == "zstd":
            data = numcodecs.Zstd().decode(data)
        elif name == "blosc":
            data = numcodecs.Blosc().decode(data)  # the frame says how it was made
        elif name == "numcodecs.lz4":
            data = numcodecs.LZ4().decode(data)
        elif name == "crc32c":
            data = bytes(data)[:-4]
        else:
            raise ValueError("codec " + name)
    enc_shape = list(shape)
    for c in a2a:
        order = c["configuration"]["order"]
        enc_shape = [enc_shape[o] for o in order]
    if a2b["name"] == "bytes":
        endian = (a2b.get("configuration") or {}).get("endian", "little")
        dt = np.dtype(dtype).newbyteorder("<" if endian == "little" else ">")
        arr = np.frombuffer(bytes(data), dtype=dt).reshape(enc_shape)
    else:
        arr = v3_decode_shard(bytes(data), a2b["configuration"], enc_shape, dtype)
    for c in reversed(a2a):
        order = c["configuration"]["order"]
        arr = arr.transpose(np.argsort(order))
    return arr.astype(np.dtype(dtype).newbyteorder("="))


def v3_decode_shard(data, cfg, shape, dtype):
    inner = cfg["chunk_shape"]
    grid = [s // i for s, i in zip(shape, inner)]
    n = int(np.prod(grid))
    index_len = 16 * n + 4  # bytes + crc32c index codecs
    if cfg.get("index_location", "end") == "end":
        index = data[-index_len:]
    else:
        index = data[:index_len]
    index = np.frombuffer(index[:-4], dtype="<u8").reshape(grid + [2])
    out = np.zeros(shape, dtype=dtype)
    for pos in np.ndindex(*grid):
        off, nbytes = index[pos]
        if off == 2**64 - 1:
            continue
        piece = v3_decode_bytes(data[int(off):int(off + nbytes)], cfg["codecs"], inner, dtype)
        sl = tuple(slice(p * i, (p + 1) * i) for p, i in zip(pos, inner))
        out[sl] = piece
    return out


def read_v3(path):
    meta = json.load(open(os.path.join(path, "zarr.json")))
    shape = meta["shape"]
    chunks = meta["chunk_grid"]["configuration"]["chunk_shape"]
    dtype = meta["data_type"]
    fill = meta["fill_value"]
    if isinstance(fill, str):
        fill = float(fill.replace("Infinity", "inf"))
    enc = meta["chunk_key_encoding"]
    sep = enc.get("configuration", {}).get("separator", "/" if enc["name"] == "default" else ".")
    out = np.full(shape, fill, dtype=dtype)
    grid = [-(-s // c) for s, c in zip(shape, chunks)]
    for pos in np.ndindex(*grid):
        if enc["name"] == "default":
            key = sep.join(["c"] + [str(p) for p in pos])
        else:
            key = sep.join(str(p) for p in pos) if pos else "0"
        f = os.path.join(path, *key.split("/"))
        if not os.path.exists(f):
            continue
        chunk = v3_decode_bytes(open(f, "rb").read(), meta["codecs"], chunks, dtype)
        sl = tuple(slice(p * c, min((p + 1) * c, s)) for p, c, s in zip(pos, chunks, shape))
        out[sl] = chunk[tuple(slice(0, x.stop - x.start) for x in sl)]
    return out, meta.get("attributes", {})


def main():
    manifest = json.load(open(sys.argv[1]))
    failures = 0
    for entry in manifest["arrays"]:
        path = entry["path"]
        expected = np.fromfile(entry["expected"], dtype=np.dtype(entry["dtype"]).newbyteorder("<"))
        expected = expected.reshape(entry["shape"])
        if entry["format"] == 2:
            import zarr
            a = zarr.open(path, mode="r")
            got = a[...]
            attrs = dict(a.attrs)
            if tuple(a.shape) != tuple(entry["shape"]) or a.dtype.kind != np.dtype(entry["dtype"]).kind:
                print("MISMATCH", path, "metadata", a.shape, a.dtype)
                failures += 1
                continue
        else:
            got, attrs = read_v3(path)
        if not np.array_equal(np.asarray(got, dtype=expected.dtype), expected, equal_nan=expected.dtype.kind == "f"):
            print("MISMATCH", path, "values", np.asarray(got).ravel()[:8], expected.ravel()[:8])
            failures += 1
            continue
        for k, v in entry.get("attributes", {}).items():
            if attrs.get(k) != v:
                print("MISMATCH", path, "attribute", k, attrs.get(k), v)
                failures += 1
        print("OK", path)
    for g in manifest.get("groups", []):
        import zarr
        grp = zarr.open_group(g["path"], mode="r")
        if sorted(grp.array_keys()) != sorted(g["members"]) or dict(grp.attrs) != g["attributes"]:
            print("MISMATCH group", g["path"], sorted(grp.array_keys()), dict(grp.attrs))
            failures += 1
        else:
            print("OK group", g["path"])
    sys.exit(1 if failures else 0)


main()
