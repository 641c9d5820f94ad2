"""train_mlp.cpp's run from Python: the C API (dlc/dlc_c.h) through ctypes,
on NumPy arrays. Prints the same losses as the C++ example.

    /usr/bin/python3 train_mlp.py <prefix>/lib/libdlc-embed.so [CACHE_DIR]
"""
import ctypes
import sys

import numpy as np

MLP_SOURCE = """module MLP(hidden: int) {
  fc1 = Linear(784, hidden)
  fc2 = Linear(hidden, 10)

  def forward(x: f32[N, 784]) -> f32[N, 10] {
    h = relu(fc1(x))
    return fc2(h)
  }
}

train MLP(128) {
  batch x: f32[N, 784], y: i32[N]
  logits = forward(x)
  loss = cross_entropy(logits, y)
  optimizer = sgd(lr = 0.05, momentum = 0.9)
  metric accuracy = accuracy(logits, y)
}
"""

DLC_F32, DLC_I32 = 0, 4  # dlc/ModelABI.h


class View(ctypes.Structure):
    """dlc_embed_view: a NumPy array's memory, described."""
    _fields_ = [("data", ctypes.c_void_p), ("dtype", ctypes.c_int32),
                ("rank", ctypes.c_int32),
                ("shape", ctypes.POINTER(ctypes.c_int64)),
                ("strides", ctypes.POINTER(ctypes.c_int64))]


class Options(ctypes.Structure):
    """dlc_embed_options."""
    _fields_ = [("cache_dir", ctypes.c_char_p), ("opt_level", ctypes.c_int32),
                ("kernels", ctypes.c_char_p)]


def view(array, dtype_code):
    """A view of a C-contiguous array; the shape lives on the view object."""
    assert array.flags["C_CONTIGUOUS"]
    shape = (ctypes.c_int64 * array.ndim)(*array.shape)
    v = View(array.ctypes.data, dtype_code, array.ndim, shape, None)
    v._keep = shape
    return v


def main():
    lib = ctypes.CDLL(sys.argv[1])
    err = ctypes.create_string_buffer(4096)

    def check(status):
        if status != 0:
            sys.exit("train_mlp.py: " + err.value.decode())

    options = Options(sys.argv[2].encode() if len(sys.argv) > 2 else None, 0,
                      None)
    model = ctypes.c_void_p()
    lib.dlc_embed_compile_string.argtypes = [
        ctypes.c_char_p, ctypes.c_char_p, ctypes.POINTER(Options),
        ctypes.POINTER(ctypes.c_void_p), ctypes.c_char_p, ctypes.c_size_t]
    check(lib.dlc_embed_compile_string(MLP_SOURCE.encode(), b"mlp.dsl",
                                       ctypes.byref(options),
                                       ctypes.byref(model), err, len(err)))
    lib.dlc_embed_init.argtypes = [ctypes.c_void_p, ctypes.c_uint64,
                                   ctypes.c_char_p, ctypes.c_size_t]
    check(lib.dlc_embed_init(model, 0, err, len(err)))

    batch, pixels = 32, 784
    y = (np.arange(batch) % 10).astype(np.int32)
    i = np.arange(batch)[:, None]
    j = np.arange(pixels)[None, :]
    x = (((j * (y[:, None] + 1) + i) % 17) / np.float32(16.0)
         - np.float32(0.5)).astype(np.float32)
    views = (View * 2)(view(x, DLC_F32), view(y, DLC_I32))
    lib.dlc_embed_train_step.argtypes = [
        ctypes.c_void_p, ctypes.POINTER(View), ctypes.c_int32, ctypes.c_uint64,
        ctypes.POINTER(ctypes.c_double), ctypes.c_char_p, ctypes.c_size_t]
    loss = ctypes.c_double()
    for step in range(1, 9):
        check(lib.dlc_embed_train_step(model, views, 2, 0, ctypes.byref(loss),
                                       err, len(err)))
        print("step %d loss %.6f" % (step, loss.value))
    lib.dlc_embed_free.argtypes = [ctypes.c_void_p]
    lib.dlc_embed_free(model)


if __name__ == "__main__":
    main()
