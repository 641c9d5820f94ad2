// RUN: dlc-opt %s --dlc-lower-to-nvptx | FileCheck %s
// RUN: dlc-opt %s --dlc-lower-to-nvptx="chip=sm_90" | FileCheck %s --check-prefix=SM90
// RUN: not dlc-opt %s --dlc-lower-to-nvptx="chip=sm_70" 2>&1 | FileCheck %s --check-prefix=CHIP
// The whole GPU pipeline (without Halide): the host code reaches the LLVM
// dialect and launches kernels whose PTX, for the chip asked for, is
// embedded as text; the kernels call no libdevice function.

// CHECK: llvm.func @forward
// Host memory goes to the shim's allocator, which gives it managed memory.
// CHECK: llvm.call @_mlir_memref_to_llvm_aligned_alloc
// CHECK-NOT: llvm.call @malloc
// CHECK: gpu.launch_func {{ *}}@forward_kernel{{.*}}::@forward_kernel blocks in (%{{.*}}, %{{.*}}, %{{.*}}) threads in (%{{.*}}, %{{.*}}, %{{.*}})
// CHECK: llvm.func @_mlir_ciface_forward(%{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr)
// CHECK: gpu.binary @forward_kernel {{ *}}[#gpu.object<#nvvm.target<O = 3, chip = "sm_80", features = "+ptx70">, {{.*}}assembly = "
// CHECK-SAME: .target sm_80
// CHECK-NOT: __nv_
// CHECK-SAME: ">]
// SM90: chip = "sm_90", features = "+ptx78"
// SM90-SAME: .target sm_90
// CHIP: error: dlc-lower-to-nvptx: unknown chip 'sm_70' (expected sm_80 or sm_90)
module attributes {dlc.model = "Tiny"} {
  dlc.param @fc.weight : tensor<2x3xf32> init "zeros"
  dlc.param @fc.bias : tensor<2xf32> init "zeros"
  func.func @forward(%x: tensor<?x3xf32> {dlc.name = "x", dlc.dims = ["N", 3]}) -> (tensor<?x2xf32> {dlc.dims = ["N", 2]}) {
    %w = dlc.load @fc.weight : tensor<2x3xf32>
    %b = dlc.load @fc.bias : tensor<2xf32>
    %h = dlc.linear %x, %w, %b : (tensor<?x3xf32>, tensor<2x3xf32>, tensor<2xf32>) -> tensor<?x2xf32>
    %y = dlc.tanh %h : tensor<?x2xf32>
    return %y : tensor<?x2xf32>
  }
}
