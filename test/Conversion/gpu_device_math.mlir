// RUN: dlc-opt %s --split-input-file --verify-diagnostics --pass-pipeline='builtin.module(gpu.module(dlc-gpu-device-math))' | FileCheck %s
// RUN: dlc-opt %s --split-input-file --verify-diagnostics --pass-pipeline='builtin.module(gpu.module(dlc-gpu-device-math,convert-scf-to-cf,convert-gpu-to-nvvm,convert-math-to-llvm,dlc-gpu-define-libdevice))' | FileCheck %s --check-prefix=NVVM

// Transcendentals become arithmetic: no libdevice call is left to make.
// What has an NVPTX instruction stays, and becomes the intrinsic.
// CHECK-LABEL: gpu.func @activations
// CHECK-NOT: math.exp
// CHECK-NOT: math.tanh
// CHECK-NOT: math.powf
// CHECK-NOT: math.erf
// CHECK: math.floor
// CHECK: math.sqrt
// NVVM: llvm.func internal @__nv_floorf(%{{.*}}: f32) -> f32
// NVVM-NEXT: llvm.intr.floor
// NVVM: llvm.func internal @__nv_sqrtf(%{{.*}}: f32) -> f32
// NVVM-NEXT: llvm.intr.sqrt
// NVVM-LABEL: llvm.func @activations
// NVVM-NOT: llvm.call @__nv_expf
// NVVM: llvm.call @__nv_floorf
// NVVM: llvm.call @__nv_sqrtf
gpu.module @kernels {
  gpu.func @activations(%x: memref<4xf32>, %i: index) kernel {
    %v = memref.load %x[%i] : memref<4xf32>
    %e = math.exp %v : f32
    %t = math.tanh %e : f32
    %p = math.powf %t, %v : f32
    %g = math.erf %p : f32
    %f = math.floor %g : f32
    %s = math.sqrt %f : f32
    memref.store %s, %x[%i] : memref<4xf32>
    gpu.return
  }
}

// -----

gpu.module @kernels {
  gpu.func @no_approximation(%x: memref<4xf32>, %i: index) kernel {
    %v = memref.load %x[%i] : memref<4xf32>
    // expected-error @+1 {{'math.log10' cannot be compiled for the GPU without CUDA's libdevice, which dlc does not use; compile this model with --target=cpu}}
    %l = math.log10 %v : f32
    memref.store %l, %x[%i] : memref<4xf32>
    gpu.return
  }
}
