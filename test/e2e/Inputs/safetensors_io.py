"""safetensors files read and written with NumPy alone, from the format's
specification (a little-endian u64 header length, a JSON header of dtype,
shape and data offsets per tensor, then the raw little-endian data), so that
tests check dlc's files against an independent implementation."""
import json
import struct

import numpy as np

DTYPES = {"F32": "<f4", "F64": "<f8", "F16": "<f2", "I32": "<i4",
          "I64": "<i8", "BOOL": "?"}
CODES = {np.dtype(v): k for k, v in DTYPES.items()}


def read_safetensors(path):
    """(metadata, {name: array}) of a file."""
    blob = open(path, "rb").read()
    size = struct.unpack("<Q", blob[:8])[0]
    header = json.loads(blob[8:8 + size])
    data = blob[8 + size:]
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        begin, end = entry["data_offsets"]
        tensors[name] = np.frombuffer(data[begin:end], DTYPES[entry["dtype"]]
                                      ).reshape(entry["shape"])
    return header.get("__metadata__", {}), tensors


def write_safetensors(path, tensors, metadata=None):
    """Writes {name: array} in name order, as safetensors' own writer does."""
    header, blobs, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = metadata
    for name in sorted(tensors):
        array = np.asarray(tensors[name])
        array = array.astype(array.dtype.newbyteorder("<"))
        data = np.ascontiguousarray(array).tobytes()
        header[name] = {"dtype": CODES[array.dtype], "shape": list(array.shape),
                        "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)
