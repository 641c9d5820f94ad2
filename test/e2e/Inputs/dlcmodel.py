"""A model.so compiled by dlc, driven through its C ABI with ctypes.

Independent of libdlcrt: the structs are declared here from
include/dlc/ModelABI.h, so a test that uses this module checks the ABI as
another language would see it. Tensors are NumPy arrays; state tensors are
views into the model's state arena, so writing one changes the model.
"""
import ctypes

import numpy as np

ABI_VERSION = 2
STATE_ALIGNMENT = 64
DTYPES = {0: np.float32, 1: np.float64, 2: np.float16, 4: np.int32,
          5: np.int64, 6: np.bool_}
CODES = {np.dtype(v): k for k, v in DTYPES.items()}


class TensorInfo(ctypes.Structure):
    _fields_ = [("name", ctypes.c_char_p), ("dtype", ctypes.c_int32),
                ("rank", ctypes.c_int32),
                ("dims", ctypes.POINTER(ctypes.c_int64)),
                ("offset", ctypes.c_uint64), ("init", ctypes.c_int32),
                ("reserved", ctypes.c_int32), ("init_a", ctypes.c_double),
                ("init_b", ctypes.c_double), ("fan_in", ctypes.c_int64),
                ("fan_out", ctypes.c_int64)]


class ModelInfo(ctypes.Structure):
    _fields_ = [("abi_version", ctypes.c_uint32),
                ("cpu_features", ctypes.c_uint32), ("name", ctypes.c_char_p),
                ("state_bytes", ctypes.c_uint64),
                ("num_symbols", ctypes.c_int32),
                ("num_params", ctypes.c_int32),
                ("num_buffers", ctypes.c_int32),
                ("num_inputs", ctypes.c_int32),
                ("num_outputs", ctypes.c_int32),
                ("num_optimizer_state", ctypes.c_int32),
                ("symbols", ctypes.POINTER(ctypes.c_char_p)),
                ("params", ctypes.POINTER(TensorInfo)),
                ("buffers", ctypes.POINTER(TensorInfo)),
                ("inputs", ctypes.POINTER(TensorInfo)),
                ("outputs", ctypes.POINTER(TensorInfo)),
                ("optimizer", ctypes.c_char_p),
                ("optimizer_state", ctypes.POINTER(TensorInfo)),
                ("num_batch_inputs", ctypes.c_int32),
                ("num_step_outputs", ctypes.c_int32),
                ("batch_inputs", ctypes.POINTER(TensorInfo)),
                ("step_outputs", ctypes.POINTER(TensorInfo)),
                ("entry_points", ctypes.c_uint32),
                ("gpu_arch", ctypes.c_uint32)]


class Tensor(ctypes.Structure):
    _fields_ = [("data", ctypes.c_void_p), ("dtype", ctypes.c_int32),
                ("rank", ctypes.c_int32),
                ("shape", ctypes.POINTER(ctypes.c_int64))]


GET_SYMBOL = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p,
                              ctypes.c_char_p)


class CudaBinding(ctypes.Structure):
    _fields_ = [("get_symbol", GET_SYMBOL), ("user", ctypes.c_void_p),
                ("context", ctypes.c_void_p), ("stream", ctypes.c_void_p)]


class ModelError(RuntimeError):
    """A failed call: the model's message and its dlc_status code."""

    def __init__(self, message, status=None):
        super().__init__(message)
        self.status = status


def _tensors(array, count):
    return [array[i] for i in range(count)]


class Model:
    """One model.so and one state of it."""

    def __init__(self, path):
        self.lib = ctypes.CDLL(path)
        self.lib.dlc_model_describe.restype = ctypes.POINTER(ModelInfo)
        self.info = self.lib.dlc_model_describe().contents
        if self.info.abi_version != ABI_VERSION:
            raise ModelError(f"ABI version {self.info.abi_version}")
        i = self.info
        self.params = _tensors(i.params, i.num_params)
        self.buffers = _tensors(i.buffers, i.num_buffers)
        self.optimizer_state = _tensors(i.optimizer_state,
                                        i.num_optimizer_state)
        self.batch_inputs = _tensors(i.batch_inputs, i.num_batch_inputs)
        self.step_outputs = [t.name.decode() for t in
                             _tensors(i.step_outputs, i.num_step_outputs)]
        # The arena, aligned as the ABI requires.
        raw = np.zeros(i.state_bytes + STATE_ALIGNMENT, dtype=np.uint8)
        start = -raw.ctypes.data % STATE_ALIGNMENT
        self.arena = raw[start:start + i.state_bytes]
        self._raw = raw
        self.err = ctypes.create_string_buffer(1024)
        step = self.lib.dlc_model_train_step
        step.argtypes = [ctypes.c_void_p, ctypes.POINTER(Tensor),
                         ctypes.c_int32, ctypes.c_uint64,
                         ctypes.POINTER(Tensor), ctypes.c_int32,
                         ctypes.c_char_p, ctypes.c_size_t]
        self.lib.dlc_model_init.argtypes = [ctypes.c_void_p, ctypes.c_uint64,
                                            ctypes.c_char_p, ctypes.c_size_t]
        for fn in (self.lib.dlc_model_eval_step, self.lib.dlc_model_forward):
            fn.argtypes = [ctypes.c_void_p, ctypes.POINTER(Tensor),
                           ctypes.c_int32, ctypes.POINTER(Tensor),
                           ctypes.c_int32, ctypes.c_char_p, ctypes.c_size_t]

    def bind_cuda(self, get_symbol, context, stream):
        """dlc_model_bind_cuda; `get_symbol(name)` returns a driver address."""
        self._get_symbol = GET_SYMBOL(lambda user, name: get_symbol(name))
        binding = CudaBinding(self._get_symbol, None, context, stream)
        fn = self.lib.dlc_model_bind_cuda
        fn.argtypes = [ctypes.POINTER(CudaBinding), ctypes.c_char_p,
                       ctypes.c_size_t]
        self._check(fn(ctypes.byref(binding), self.err, len(self.err)))

    def use_arena(self, arena):
        """Moves the state into `arena` (uint8, state_bytes, aligned)."""
        arena[:] = self.arena
        self.arena = arena

    def _check(self, status):
        if status != 0:
            raise ModelError(self.err.value.decode(), status)

    def state_tensor(self, name):
        """A NumPy view of a param, buffer or optimizer state tensor."""
        for t in self.params + self.buffers + self.optimizer_state:
            if t.name.decode() == name:
                shape = [t.dims[d] for d in range(t.rank)]
                dtype = np.dtype(DTYPES[t.dtype])
                count = int(np.prod(shape, dtype=np.int64))
                flat = self.arena[t.offset:t.offset + count * dtype.itemsize]
                return flat.view(dtype).reshape(shape)
        raise KeyError(name)

    def param_names(self):
        return [t.name.decode() for t in self.params]

    def init(self, seed=0):
        self._check(self.lib.dlc_model_init(self.arena.ctypes.data, seed,
                                            self.err, len(self.err)))

    @staticmethod
    def _abi(arrays):
        keep, tensors = [], (Tensor * max(1, len(arrays)))()
        for k, a in enumerate(arrays):
            # np.require keeps rank 0 (ascontiguousarray makes it rank 1).
            a = np.require(a, requirements="C")
            shape = (ctypes.c_int64 * max(1, a.ndim))(*a.shape)
            keep += [a, shape]
            tensors[k] = Tensor(a.ctypes.data, CODES[a.dtype], a.ndim, shape)
        return tensors, keep

    def _step(self, fn, batch, seed=None):
        outputs = [np.zeros((), DTYPES[t.dtype]) for t in _tensors(
            self.info.step_outputs, self.info.num_step_outputs)]
        ins, keep_in = self._abi(batch)
        outs, keep_out = self._abi(outputs)
        args = [self.arena.ctypes.data, ins, len(batch)]
        if seed is not None:
            args.append(seed)
        args += [outs, len(outputs), self.err, len(self.err)]
        self._check(fn(*args))
        return [float(o) for o in outputs]

    def train_step(self, batch, seed=0):
        """The loss and metrics of a training step, which updates the state."""
        return self._step(self.lib.dlc_model_train_step, batch, seed)

    def eval_step(self, batch):
        """The loss and metrics of a batch in evaluation mode."""
        return self._step(self.lib.dlc_model_eval_step, batch)

    def forward(self, inputs, output_shapes, output_dtypes=None, outputs=None):
        """The outputs, in new arrays or in `outputs`."""
        dtypes = output_dtypes or [np.float32] * len(output_shapes)
        if outputs is None:
            outputs = [np.zeros(s, d) for s, d in zip(output_shapes, dtypes)]
        ins, keep_in = self._abi(inputs)
        outs, keep_out = self._abi(outputs)
        self._check(self.lib.dlc_model_forward(
            self.arena.ctypes.data, ins, len(inputs), outs, len(outputs),
            self.err, len(self.err)))
        return outputs
