"""A --target=nvptx model.so bound to a CUDA driver through its C ABI.

usage: bind_cuda.py MODEL.so DRIVER.so

With DRIVER a real driver or test/unit/Inputs/FakeCudaDriver.so: prints one
line per step, "STEP: ok" or "STEP: <the model's message>", for forward
before binding, binding (twice, then to another stream), then forward with
the state, then the input, in host memory, and finally everything in
managed memory."""
import ctypes
import sys

import numpy as np

from dlcmodel import Model, ModelError


def attempt(step, call):
    try:
        call()
        print(f"{step}: ok")
        return True
    except ModelError as error:
        print(f"{step}: {error}")
        return False


def main():
    model_path, driver_path = sys.argv[1], sys.argv[2]
    driver = ctypes.CDLL(driver_path)
    assert driver.cuInit(0) == 0
    context, stream = ctypes.c_void_p(), ctypes.c_void_p()
    assert driver.cuDevicePrimaryCtxRetain(ctypes.byref(context), 0) == 0
    assert driver.cuCtxPushCurrent_v2(context) == 0
    assert driver.cuStreamCreate(ctypes.byref(stream), 1) == 0

    def managed(shape, dtype):
        count = int(np.prod(shape, dtype=np.int64)) * np.dtype(dtype).itemsize
        pointer = ctypes.c_uint64()
        assert driver.cuMemAllocManaged(ctypes.byref(pointer), max(count, 1),
                                        1) == 0
        raw = (ctypes.c_uint8 * count).from_address(pointer.value)
        return np.frombuffer(raw, np.uint8).view(dtype).reshape(shape)

    def symbol(name):
        try:
            return ctypes.cast(getattr(driver, name.decode()),
                               ctypes.c_void_p).value
        except AttributeError:
            return None

    model = Model(model_path)
    bind = lambda: model.bind_cuda(symbol, context, stream)
    if not model.info.gpu_arch:
        attempt("bind", bind)
        return 0
    model.init(0)
    x = np.ones((2, 16, 32), np.float32)
    shape = [(2, 16, 96)]
    attempt("unbound", lambda: model.forward([x], shape))
    attempt("bound", bind)
    attempt("again", bind)
    other = ctypes.c_void_p()
    assert driver.cuStreamCreate(ctypes.byref(other), 1) == 0
    attempt("other stream", lambda: model.bind_cuda(symbol, context, other))
    attempt("host state", lambda: model.forward([x], shape))
    model.use_arena(managed((model.info.state_bytes,), np.uint8))
    attempt("host input", lambda: model.forward([x], shape))
    x_managed = managed(x.shape, np.float32)
    x_managed[...] = x
    attempt("managed", lambda: model.forward(
        [x_managed], shape, outputs=[managed(shape[0], np.float32)]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
