// RUN: dlc-opt %s --dlc-outline-halide-kernels | FileCheck %s
// RUN: dlc-opt %s --dlc-outline-halide-kernels=fuse-epilogues=false | FileCheck %s --check-prefix=UNFUSED

// A chain of elementwise consumers of a kernel's result (a ReLU, then a
// residual add) runs in the kernel, as its sums are stored: the residual is
// one more kernel input, and the chain's ops go away.
#x = affine_map<(m, n, k) -> (m, k)>
#w = affine_map<(m, n, k) -> (n, k)>
#y = affine_map<(m, n, k) -> (m, n)>
#id = affine_map<(m, n) -> (m, n)>
// CHECK: func.func private @dlc_gemm_0(memref<?x?xf32, strided<[?, ?], offset: ?>>, memref<?x?xf32, strided<[?, ?], offset: ?>>, memref<?x?xf32, strided<[?, ?], offset: ?>>, memref<?x?xf32, strided<[?, ?], offset: ?>>)
// CHECK-LABEL: func.func @linear_relu_residual
// CHECK-SAME: (%[[X:.*]]: tensor<?x256xf32>, %[[W:.*]]: tensor<64x256xf32>, %[[R:.*]]: tensor<?x64xf32>)
// CHECK: %[[Y:.*]] = dlc.kernel_call @dlc_gemm_0 ins(%[[X]], %[[W]], %[[R]] : tensor<?x256xf32>, tensor<64x256xf32>, tensor<?x64xf32>)
// CHECK-NOT: linalg.generic
// CHECK: return %[[Y]]

// UNFUSED-LABEL: func.func @linear_relu_residual
// UNFUSED: dlc.kernel_call @dlc_gemm_0 ins(%{{.*}}, %{{.*}} : tensor<?x256xf32>, tensor<64x256xf32>)
// UNFUSED: arith.maximumf
// UNFUSED: arith.addf
func.func @linear_relu_residual(%x: tensor<?x256xf32>, %w: tensor<64x256xf32>, %r: tensor<?x64xf32>) -> tensor<?x64xf32> {
  %zero = arith.constant 0.0 : f32
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?x256xf32>
  %empty = tensor.empty(%n) : tensor<?x64xf32>
  %init = linalg.fill ins(%zero : f32) outs(%empty : tensor<?x64xf32>) -> tensor<?x64xf32>
  %z = linalg.generic {indexing_maps = [#x, #w, #y], iterator_types = ["parallel", "parallel", "reduction"]} ins(%x, %w : tensor<?x256xf32>, tensor<64x256xf32>) outs(%init : tensor<?x64xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %p = arith.mulf %a, %b : f32
    %s = arith.addf %c, %p : f32
    linalg.yield %s : f32
  } -> tensor<?x64xf32>
  %e1 = tensor.empty(%n) : tensor<?x64xf32>
  %h = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%z : tensor<?x64xf32>) outs(%e1 : tensor<?x64xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %zero : f32
    linalg.yield %m : f32
  } -> tensor<?x64xf32>
  %e2 = tensor.empty(%n) : tensor<?x64xf32>
  %y = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]} ins(%h, %r : tensor<?x64xf32>, tensor<?x64xf32>) outs(%e2 : tensor<?x64xf32>) {
  ^bb0(%in: f32, %res: f32, %out: f32):
    %s = arith.addf %in, %res : f32
    linalg.yield %s : f32
  } -> tensor<?x64xf32>
  return %y : tensor<?x64xf32>
}

// A result with a second user (here returned too, as a training step keeps
// it for the backward pass) is stored as it is; its consumer stays.
// CHECK-LABEL: func.func @kept
// CHECK: dlc.kernel_call
// CHECK: linalg.generic
func.func @kept(%x: tensor<?x256xf32>, %w: tensor<64x256xf32>) -> (tensor<?x64xf32>, tensor<?x64xf32>) {
  %zero = arith.constant 0.0 : f32
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?x256xf32>
  %empty = tensor.empty(%n) : tensor<?x64xf32>
  %init = linalg.fill ins(%zero : f32) outs(%empty : tensor<?x64xf32>) -> tensor<?x64xf32>
  %z = linalg.generic {indexing_maps = [#x, #w, #y], iterator_types = ["parallel", "parallel", "reduction"]} ins(%x, %w : tensor<?x256xf32>, tensor<64x256xf32>) outs(%init : tensor<?x64xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %p = arith.mulf %a, %b : f32
    %s = arith.addf %c, %p : f32
    linalg.yield %s : f32
  } -> tensor<?x64xf32>
  %e1 = tensor.empty(%n) : tensor<?x64xf32>
  %h = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%z : tensor<?x64xf32>) outs(%e1 : tensor<?x64xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %zero : f32
    linalg.yield %m : f32
  } -> tensor<?x64xf32>
  return %z, %h : tensor<?x64xf32>, tensor<?x64xf32>
}

// Inside a contraction fusion group, the group decides: the ReLU in the
// group is the kernel's epilogue, the residual add after it is not.
// CHECK-LABEL: func.func @group_bounds_epilogue
// CHECK: %[[G:.*]] = dlc.fusion_group "contraction" {
// CHECK-NOT: arith.maximumf
// CHECK: %[[Y:.*]] = dlc.kernel_call @dlc_gemm_{{[0-9]+}} ins(%{{.*}}, %{{.*}} : tensor<?x256xf32>, tensor<64x256xf32>)
// CHECK-NEXT: dlc.yield %[[Y]]
// CHECK: linalg.generic {{.*}} ins(%[[G]], %{{.*}} : tensor<?x64xf32>, tensor<?x64xf32>)
// CHECK-NEXT: ^bb0
// CHECK-NEXT: arith.addf
func.func @group_bounds_epilogue(%x: tensor<?x256xf32>, %w: tensor<64x256xf32>, %r: tensor<?x64xf32>) -> tensor<?x64xf32> {
  %zero = arith.constant 0.0 : f32
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?x256xf32>
  %g = dlc.fusion_group "contraction" {
    %empty = tensor.empty(%n) : tensor<?x64xf32>
    %init = linalg.fill ins(%zero : f32) outs(%empty : tensor<?x64xf32>) -> tensor<?x64xf32>
    %z = linalg.generic {indexing_maps = [#x, #w, #y], iterator_types = ["parallel", "parallel", "reduction"]} ins(%x, %w : tensor<?x256xf32>, tensor<64x256xf32>) outs(%init : tensor<?x64xf32>) {
    ^bb0(%a: f32, %b: f32, %c: f32):
      %p = arith.mulf %a, %b : f32
      %s = arith.addf %c, %p : f32
      linalg.yield %s : f32
    } -> tensor<?x64xf32>
    %e1 = tensor.empty(%n) : tensor<?x64xf32>
    %h = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%z : tensor<?x64xf32>) outs(%e1 : tensor<?x64xf32>) {
    ^bb0(%in: f32, %out: f32):
      %m = arith.maximumf %in, %zero : f32
      linalg.yield %m : f32
    } -> tensor<?x64xf32>
    dlc.yield %h : tensor<?x64xf32>
  } -> tensor<?x64xf32>
  %e2 = tensor.empty(%n) : tensor<?x64xf32>
  %y = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]} ins(%g, %r : tensor<?x64xf32>, tensor<?x64xf32>) outs(%e2 : tensor<?x64xf32>) {
  ^bb0(%in: f32, %res: f32, %out: f32):
    %s = arith.addf %in, %res : f32
    linalg.yield %s : f32
  } -> tensor<?x64xf32>
  return %y : tensor<?x64xf32>
}
