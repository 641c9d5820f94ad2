// RUN: dlc-opt %s --split-input-file --dlc-outline-halide-kernels="compile=false" | FileCheck %s

// A linear layer over [N, 16, 64] tokens, its bias broadcast and a residual
// add after it: N and the 16 rows fold into one row loop, the bias and the
// residual add fold with them, and the kernel takes both.
#x = affine_map<(b, m, n, k) -> (b, m, k)>
#w = affine_map<(b, m, n, k) -> (n, k)>
#y = affine_map<(b, m, n, k) -> (b, m, n)>
#bias = affine_map<(b, m, n) -> (n)>
#same = affine_map<(b, m, n) -> (b, m, n)>
// CHECK-LABEL: func.func @tokens
// CHECK-SAME: (%[[X:.*]]: tensor<?x16x64xf32>, %[[W:.*]]: tensor<96x64xf32>, %[[B:.*]]: tensor<96xf32>, %[[R:.*]]: tensor<?x16x96xf32>)
// CHECK-DAG: %[[ROWS:.*]] = tensor.collapse_shape %[[X]] {{\[\[}}0, 1], [2]] : tensor<?x16x64xf32> into tensor<?x64xf32>
// CHECK-DAG: %[[RESIDUAL:.*]] = tensor.collapse_shape %[[R]] {{\[\[}}0, 1], [2]] : tensor<?x16x96xf32> into tensor<?x96xf32>
// CHECK-DAG: %[[DEST:.*]] = tensor.empty(%{{.*}}) : tensor<?x96xf32>
// CHECK: %[[SUMS:.*]] = dlc.kernel_call @dlc_gemm_0 ins(%[[ROWS]], %[[W]], %[[B]], %[[RESIDUAL]] : tensor<?x64xf32>, tensor<96x64xf32>, tensor<96xf32>, tensor<?x96xf32>) outs(%[[DEST]] : tensor<?x96xf32>)
// CHECK-NOT: linalg.generic
// CHECK: %[[OUT:.*]] = tensor.expand_shape %[[SUMS]] {{\[\[}}0, 1], [2]] output_shape [%{{.*}}, 16, 96] : tensor<?x96xf32> into tensor<?x16x96xf32>
// CHECK: return %[[OUT]]
func.func @tokens(%x: tensor<?x16x64xf32>, %w: tensor<96x64xf32>, %b: tensor<96xf32>, %r: tensor<?x16x96xf32>) -> tensor<?x16x96xf32> {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?x16x64xf32>
  %empty = tensor.empty(%n) : tensor<?x16x96xf32>
  %init = linalg.generic {indexing_maps = [#bias, #same], iterator_types = ["parallel", "parallel", "parallel"]} ins(%b : tensor<96xf32>) outs(%empty : tensor<?x16x96xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<?x16x96xf32>
  %y = linalg.generic {indexing_maps = [#x, #w, #y], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%x, %w : tensor<?x16x64xf32>, tensor<96x64xf32>) outs(%init : tensor<?x16x96xf32>) {
  ^bb0(%a: f32, %bb: f32, %c: f32):
    %p = arith.mulf %a, %bb : f32
    %s = arith.addf %c, %p : f32
    linalg.yield %s : f32
  } -> tensor<?x16x96xf32>
  %empty2 = tensor.empty(%n) : tensor<?x16x96xf32>
  %z = linalg.generic {indexing_maps = [#same, #same, #same], iterator_types = ["parallel", "parallel", "parallel"]} ins(%y, %r : tensor<?x16x96xf32>, tensor<?x16x96xf32>) outs(%empty2 : tensor<?x16x96xf32>) {
  ^bb0(%in: f32, %in2: f32, %out: f32):
    %s = arith.addf %in, %in2 : f32
    linalg.yield %s : f32
  } -> tensor<?x16x96xf32>
  return %z : tensor<?x16x96xf32>
}

// -----

// Attention's scores: both operands walk the batch and the heads, which fold
// into one batch loop; the rows do not, since rhs walks the batch without
// them.
#q = affine_map<(b, h, m, n, k) -> (b, h, m, k)>
#k = affine_map<(b, h, m, n, k) -> (b, h, n, k)>
#s = affine_map<(b, h, m, n, k) -> (b, h, m, n)>
// CHECK-LABEL: func.func @heads
// CHECK: tensor.collapse_shape %{{.*}} {{\[\[}}0, 1], [2], [3]] : tensor<?x4x16x32xf32> into tensor<?x16x32xf32>
// CHECK: dlc.kernel_call @dlc_gemm_0 ins({{.*}} : tensor<?x16x32xf32>, tensor<?x16x32xf32>) outs({{.*}} : tensor<?x16x16xf32>)
// CHECK: tensor.expand_shape %{{.*}} {{\[\[}}0, 1], [2], [3]] output_shape [%{{.*}}, 4, 16, 16]
func.func @heads(%q: tensor<?x4x16x32xf32>, %k: tensor<?x4x16x32xf32>) -> tensor<?x4x16x16xf32> {
  %zero = arith.constant 0.0 : f32
  %c0 = arith.constant 0 : index
  %n = tensor.dim %q, %c0 : tensor<?x4x16x32xf32>
  %empty = tensor.empty(%n) : tensor<?x4x16x16xf32>
  %init = linalg.fill ins(%zero : f32) outs(%empty : tensor<?x4x16x16xf32>) -> tensor<?x4x16x16xf32>
  %s = linalg.generic {indexing_maps = [#q, #k, #s], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%q, %k : tensor<?x4x16x32xf32>, tensor<?x4x16x32xf32>) outs(%init : tensor<?x4x16x16xf32>) {
  ^bb0(%a: f32, %bb: f32, %c: f32):
    %p = arith.mulf %a, %bb : f32
    %t = arith.addf %c, %p : f32
    linalg.yield %t : f32
  } -> tensor<?x4x16x16xf32>
  return %s : tensor<?x4x16x16xf32>
}

// -----

// A weight gradient sums over the tokens' two loops, which fold into one
// reduction: a gemm kernel over N*16 steps of k.
#dy = affine_map<(n, k, b, m) -> (b, m, n)>
#x = affine_map<(n, k, b, m) -> (b, m, k)>
#dw = affine_map<(n, k, b, m) -> (n, k)>
// CHECK-LABEL: func.func @weight_gradient
// CHECK-DAG: tensor.collapse_shape %{{.*}} {{\[\[}}0, 1], [2]] : tensor<?x16x96xf32> into tensor<?x96xf32>
// CHECK-DAG: tensor.collapse_shape %{{.*}} {{\[\[}}0, 1], [2]] : tensor<?x16x64xf32> into tensor<?x64xf32>
// CHECK: dlc.kernel_call @dlc_gemm_0 ins({{.*}} : tensor<?x96xf32>, tensor<?x64xf32>) outs({{.*}} : tensor<96x64xf32>)
// CHECK-NOT: linalg.generic
func.func @weight_gradient(%dy: tensor<?x16x96xf32>, %x: tensor<?x16x64xf32>) -> tensor<96x64xf32> {
  %zero = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<96x64xf32>
  %init = linalg.fill ins(%zero : f32) outs(%empty : tensor<96x64xf32>) -> tensor<96x64xf32>
  %dw = linalg.generic {indexing_maps = [#dy, #x, #dw], iterator_types = ["parallel", "parallel", "reduction", "reduction"]} ins(%dy, %x : tensor<?x16x96xf32>, tensor<?x16x64xf32>) outs(%init : tensor<96x64xf32>) {
  ^bb0(%a: f32, %bb: f32, %c: f32):
    %p = arith.mulf %a, %bb : f32
    %t = arith.addf %c, %p : f32
    linalg.yield %t : f32
  } -> tensor<96x64xf32>
  return %dw : tensor<96x64xf32>
}

// -----

// What does not fold: rhs walks the batch loop apart from the rows (after
// k), so the kernel keeps all three output dimensions.
#lhs = affine_map<(b, m, n, k) -> (b, m, k)>
#rhs = affine_map<(b, m, n, k) -> (k, b, n)>
#out = affine_map<(b, m, n, k) -> (b, m, n)>
// CHECK-LABEL: func.func @apart
// CHECK-NOT: tensor.collapse_shape
// CHECK: dlc.kernel_call @dlc_gemm_0 ins({{.*}} : tensor<8x16x64xf32>, tensor<64x8x32xf32>) outs({{.*}} : tensor<8x16x32xf32>)
func.func @apart(%x: tensor<8x16x64xf32>, %w: tensor<64x8x32xf32>) -> tensor<8x16x32xf32> {
  %zero = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<8x16x32xf32>
  %init = linalg.fill ins(%zero : f32) outs(%empty : tensor<8x16x32xf32>) -> tensor<8x16x32xf32>
  %y = linalg.generic {indexing_maps = [#lhs, #rhs, #out], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%x, %w : tensor<8x16x64xf32>, tensor<64x8x32xf32>) outs(%init : tensor<8x16x32xf32>) {
  ^bb0(%a: f32, %bb: f32, %c: f32):
    %p = arith.mulf %a, %bb : f32
    %t = arith.addf %c, %p : f32
    linalg.yield %t : f32
  } -> tensor<8x16x32xf32>
  return %y : tensor<8x16x32xf32>
}
