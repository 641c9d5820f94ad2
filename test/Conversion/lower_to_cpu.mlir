// RUN: dlc-opt %s --dlc-lower-to-cpu | FileCheck %s
// The whole CPU pipeline: a model's forward reaches the LLVM dialect with a
// C-interface wrapper taking the state, input and output descriptors.

// CHECK: module attributes {dlc.model = "Tiny", dlc.state_bytes = 128 : i64}
// CHECK-NOT: dlc.{{[a-z_]+}} 
// CHECK-NOT: linalg.
// CHECK-NOT: memref.
// tanh has no LLVM intrinsic: it becomes a rational approximation
// (dlc-approximate-math), not a libm call that would keep its loop scalar.
// CHECK-NOT: llvm.func @tanhf
// CHECK: llvm.func @forward
// CHECK-NOT: llvm.call @tanhf
// CHECK: llvm.fdiv
// CHECK: llvm.func @_mlir_ciface_forward(%{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr)
// CHECK: llvm.call @forward
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
