// RUN: dlc-opt %s --verify-diagnostics --pass-pipeline='builtin.module(gpu.module(convert-gpu-to-nvvm,dlc-gpu-define-libdevice))'
// Without dlc-gpu-device-math, math.exp becomes a call of libdevice's
// __nv_expf, which has no NVPTX instruction: an error at the call.
gpu.module @kernels {
  gpu.func @exp(%x: memref<4xf32>, %i: index) kernel {
    %v = memref.load %x[%i] : memref<4xf32>
    // expected-error @+1 {{the GPU code needs libdevice's '__nv_expf', which dlc does not provide; compile this model with --target=cpu}}
    %e = math.exp %v : f32
    memref.store %e, %x[%i] : memref<4xf32>
    gpu.return
  }
}
