"""Writes Zarr v2 arrays with zarr-python in every Blosc variant numcodecs offers, plus numcodecs LZ4.

For each array it also writes OUT/<name>.raw (the values, little-endian, C order) and lists the
arrays in OUT/manifest.json. Usage: write_blosc_zarr.py OUT. The committed test resources
zarr-python-blosc/ were made with it (zarr-python 2.13.6, numcodecs 0.11.0).
"""
import json
import os
import sys

import numpy as np
import numcodecs
import zarr


def values(dtype, n, seed):
    rng = np.random.default_rng(seed)
    dt = np.dtype(dtype)
    if dt.kind == "f":
        v = np.round(np.sin(np.arange(n) / 37.0) * 100, 2) + (rng.random(n) < 0.1) * rng.random(n)
    elif dt.kind == "b":
        v = (np.arange(n) // 7) % 3 == 0
    else:
        info = np.iinfo(dt)
        v = (np.arange(n) * 7 + rng.integers(0, 5, n)) % min(int(info.max), 100000)
    return v.astype(dt)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    arrays = []
    seed = 0

    def add(name, dtype, compressor, n=1500, chunk=1000, data=None):
        nonlocal seed
        seed += 1
        v = values(dtype, n, seed) if data is None else data
        path = os.path.join(out, name)
        z = zarr.open(path, mode="w", shape=(n,), chunks=(chunk,), dtype=dtype, compressor=compressor)
        z[...] = v
        v.astype(np.dtype(dtype).newbyteorder("<")).tofile(os.path.join(out, name + ".raw"))
        arrays.append({"name": name, "dtype": np.dtype(dtype).str, "shape": [n],
                       "compressor": compressor.get_config()})

    shuffles = {0: "noshuffle", 1: "shuffle", 2: "bitshuffle"}
    for cname in ["blosclz", "lz4", "lz4hc", "zlib", "zstd"]:
        for shuffle, sname in shuffles.items():
            for dtype in ["|u1", "<i2", "<f4", "<f8"]:
                # alternate Blosc's block choice with a forced block size that leaves a short last block
                blocksize = 3000 if (len(arrays) % 2) else 0
                add("%s_%s_%s_b%d" % (cname, sname, np.dtype(dtype).name, blocksize), dtype,
                    numcodecs.Blosc(cname=cname, clevel=5, shuffle=shuffle, blocksize=blocksize))
    # typesize 2 with an odd element count per block, memcpy'd (clevel 0) and incompressible data
    add("lz4_shuffle_int64_b0", "<i8", numcodecs.Blosc(cname="lz4", clevel=5, shuffle=1))
    add("lz4_clevel0_float64", "<f8", numcodecs.Blosc(cname="lz4", clevel=0, shuffle=1))
    rnd = np.random.default_rng(99).random(1500)
    add("lz4_random_float64", "<f8", numcodecs.Blosc(cname="lz4", clevel=5, shuffle=1), data=rnd)
    add("blosclz_random_float64", "<f8", numcodecs.Blosc(cname="blosclz", clevel=9, shuffle=0), data=rnd)
    add("zstd_big_blocks_float64", "<f8", numcodecs.Blosc(cname="zstd", clevel=3, shuffle=1), n=40000, chunk=40000)
    add("lz4_autoshuffle_uint8", "|u1", numcodecs.Blosc(cname="lz4", clevel=5, shuffle=-1))
    # numcodecs LZ4 (a compressor of its own, not Blosc)
    add("numcodecs_lz4_float64", "<f8", numcodecs.LZ4())
    add("numcodecs_lz4_int32", "<i4", numcodecs.LZ4(acceleration=3))
    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump({"writer": "zarr-python %s, numcodecs %s" % (zarr.__version__, numcodecs.__version__),
                   "arrays": arrays}, f, indent=1)


if __name__ == "__main__":
    main()
