#!/usr/bin/env python3
"""A call that runs out of working memory fails cleanly, and the model works.

  out_of_memory.py MODEL.so

With the address space limited to 4 GiB, forward on 65536 samples of
Inputs/huge_temporary.dsl needs a 16 GiB temporary: the call must fail with
DLC_ERR_OUT_OF_MEMORY (6) and a message, not crash; the same model in the
same process then runs a small batch right. Prints PASS or FAIL.
"""
import os
import resource
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from dlcmodel import Model, ModelError  # noqa: E402

DLC_ERR_OUT_OF_MEMORY = 6


def main():
    model = Model(sys.argv[1])
    model.init()
    limit = 4 << 30
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    ok = True
    try:
        model.forward([np.zeros((65536, 1), np.float32)], [(65536,)])
        print("the large batch ran")
        ok = False
    except ModelError as error:
        print(f"status {error.status}: {error}")
        ok &= error.status == DLC_ERR_OUT_OF_MEMORY
    y = model.forward([np.array([[0.0], [1.0]], np.float32)], [(2,)])[0]
    want = 65536 * np.exp(np.array([0.0, 1.0]))
    close = np.allclose(y, want, rtol=1e-5)
    print(f"then a batch of 2: {y.tolist()}, right: {close}")
    ok &= bool(close)
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
