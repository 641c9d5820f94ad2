// RUN: dlc-opt %s --split-input-file --dlc-outline-halide-kernels | FileCheck %s

// A matrix multiply with a symbolic batch becomes a call of a Halide kernel
// that writes the fill's destination; the same contraction twice is one
// kernel.
#lhs = affine_map<(m, k, n) -> (m, k)>
#rhs = affine_map<(m, k, n) -> (k, n)>
#out = affine_map<(m, k, n) -> (m, n)>
// CHECK: func.func private @dlc_gemm_0(memref<?x?xf32, strided<[?, ?], offset: ?>>, memref<?x?xf32, strided<[?, ?], offset: ?>>, memref<?x?xf32, strided<[?, ?], offset: ?>>) attributes {llvm.emit_c_interface}
// CHECK-NOT: func.func private @dlc_gemm_1
// CHECK-LABEL: func.func @matmul
// CHECK-SAME: (%[[X:.*]]: tensor<?x300xf32>, %[[W:.*]]: tensor<300x70xf32>)
// CHECK: %[[EMPTY:.*]] = tensor.empty
// CHECK-NOT: linalg.fill
// CHECK: %[[Y:.*]] = dlc.kernel_call @dlc_gemm_0 ins(%[[X]], %[[W]] : tensor<?x300xf32>, tensor<300x70xf32>) outs(%[[EMPTY]] : tensor<?x70xf32>) -> tensor<?x70xf32>
// CHECK: %[[Z:.*]] = dlc.kernel_call @dlc_gemm_0 ins(%[[X]], %[[W]]
// CHECK-NOT: linalg.generic
// CHECK: return %[[Y]], %[[Z]]
func.func @matmul(%x: tensor<?x300xf32>, %w: tensor<300x70xf32>) -> (tensor<?x70xf32>, tensor<?x70xf32>) {
  %zero = arith.constant 0.0 : f32
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?x300xf32>
  %empty = tensor.empty(%n) : tensor<?x70xf32>
  %init = linalg.fill ins(%zero : f32) outs(%empty : tensor<?x70xf32>) -> tensor<?x70xf32>
  %y = linalg.generic {indexing_maps = [#lhs, #rhs, #out], iterator_types = ["parallel", "reduction", "parallel"]} ins(%x, %w : tensor<?x300xf32>, tensor<300x70xf32>) outs(%init : tensor<?x70xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %p = arith.mulf %a, %b : f32
    %s = arith.addf %c, %p : f32
    linalg.yield %s : f32
  } -> tensor<?x70xf32>
  %z = linalg.generic {indexing_maps = [#lhs, #rhs, #out], iterator_types = ["parallel", "reduction", "parallel"]} ins(%x, %w : tensor<?x300xf32>, tensor<300x70xf32>) outs(%init : tensor<?x70xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %p = arith.mulf %b, %a : f32
    %s = arith.addf %p, %c : f32
    linalg.yield %s : f32
  } -> tensor<?x70xf32>
  return %y, %z : tensor<?x70xf32>, tensor<?x70xf32>
}

// -----

// linear's form, x @ w^T with w stored [out, in], and a product whose
// operands come column side first: the kernel takes the operands in the
// op's order whichever holds the rows.
#x = affine_map<(m, n, k) -> (m, k)>
#w = affine_map<(m, n, k) -> (n, k)>
#y = affine_map<(m, n, k) -> (m, n)>
// CHECK-LABEL: func.func @transposed
// CHECK-SAME: (%[[X:.*]]: tensor<?x64xf32>, %[[W:.*]]: tensor<32x64xf32>)
// CHECK: dlc.kernel_call @dlc_gemm_0 ins(%[[X]], %[[W]] : tensor<?x64xf32>, tensor<32x64xf32>)
// CHECK: dlc.kernel_call @dlc_gemm_1 ins(%[[W]], %[[X]] : tensor<32x64xf32>, tensor<?x64xf32>)
func.func @transposed(%x: tensor<?x64xf32>, %w: tensor<32x64xf32>) -> (tensor<?x32xf32>, tensor<?x32xf32>) {
  %zero = arith.constant 0.0 : f32
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?x64xf32>
  %empty = tensor.empty(%n) : tensor<?x32xf32>
  %init = linalg.fill ins(%zero : f32) outs(%empty : tensor<?x32xf32>) -> tensor<?x32xf32>
  %y = linalg.generic {indexing_maps = [#x, #w, #y], iterator_types = ["parallel", "parallel", "reduction"]} ins(%x, %w : tensor<?x64xf32>, tensor<32x64xf32>) outs(%init : tensor<?x32xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %p = arith.mulf %a, %b : f32
    %s = arith.addf %c, %p : f32
    linalg.yield %s : f32
  } -> tensor<?x32xf32>
  %z = linalg.generic {indexing_maps = [#w, #x, #y], iterator_types = ["parallel", "parallel", "reduction"]} ins(%w, %x : tensor<32x64xf32>, tensor<?x64xf32>) outs(%init : tensor<?x32xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %p = arith.mulf %a, %b : f32
    %s = arith.addf %c, %p : f32
    linalg.yield %s : f32
  } -> tensor<?x32xf32>
  return %y, %z : tensor<?x32xf32>, tensor<?x32xf32>
}

// -----

// linear with a bias: the sums start from the bias, which the kernel reads
// through the broadcast; the broadcast copy goes away.
#x = affine_map<(m, n, k) -> (m, k)>
#w = affine_map<(m, n, k) -> (n, k)>
#y = affine_map<(m, n, k) -> (m, n)>
#bias = affine_map<(m, n) -> (n)>
#id = affine_map<(m, n) -> (m, n)>
// CHECK: func.func private @dlc_gemm_0(memref<?x?xf32, strided<[?, ?], offset: ?>>, memref<?x?xf32, strided<[?, ?], offset: ?>>, memref<?xf32, strided<[?], offset: ?>>, memref<?x?xf32, strided<[?, ?], offset: ?>>)
// CHECK-LABEL: func.func @bias
// CHECK-SAME: (%[[X:.*]]: tensor<?x784xf32>, %[[W:.*]]: tensor<128x784xf32>, %[[B:.*]]: tensor<128xf32>)
// CHECK: %[[EMPTY:.*]] = tensor.empty
// CHECK-NOT: linalg.generic
// CHECK: dlc.kernel_call @dlc_gemm_0 ins(%[[X]], %[[W]], %[[B]] : tensor<?x784xf32>, tensor<128x784xf32>, tensor<128xf32>) outs(%[[EMPTY]] : tensor<?x128xf32>)
func.func @bias(%x: tensor<?x784xf32>, %w: tensor<128x784xf32>, %b: tensor<128xf32>) -> tensor<?x128xf32> {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?x784xf32>
  %empty = tensor.empty(%n) : tensor<?x128xf32>
  %init = linalg.generic {indexing_maps = [#bias, #id], iterator_types = ["parallel", "parallel"]} ins(%b : tensor<128xf32>) outs(%empty : tensor<?x128xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<?x128xf32>
  %y = linalg.generic {indexing_maps = [#x, #w, #y], iterator_types = ["parallel", "parallel", "reduction"]} ins(%x, %w : tensor<?x784xf32>, tensor<128x784xf32>) outs(%init : tensor<?x128xf32>) {
  ^bb0(%a: f32, %bb: f32, %c: f32):
    %p = arith.mulf %a, %bb : f32
    %s = arith.addf %c, %p : f32
    linalg.yield %s : f32
  } -> tensor<?x128xf32>
  return %y : tensor<?x128xf32>
}

// -----

// Batched, with the right operand broadcast over the batch: the batch folds
// into the rows (fold_contraction_loops.mlir has more of this).
#lhs = affine_map<(b, m, k, n) -> (b, m, k)>
#rhs = affine_map<(b, m, k, n) -> (k, n)>
#out = affine_map<(b, m, k, n) -> (b, m, n)>
// CHECK: func.func private @dlc_gemm_0(memref<?x?xf32, strided<[?, ?], offset: ?>>, memref<?x?xf32, strided<[?, ?], offset: ?>>, memref<?x?xf32, strided<[?, ?], offset: ?>>)
// CHECK-LABEL: func.func @batched
// CHECK: dlc.kernel_call @dlc_gemm_0 ins(%{{.*}}, %{{.*}} : tensor<?x64xf32>, tensor<64x24xf32>)
func.func @batched(%x: tensor<4x?x64xf32>, %w: tensor<64x24xf32>) -> tensor<4x?x24xf32> {
  %zero = arith.constant 0.0 : f32
  %c1 = arith.constant 1 : index
  %n = tensor.dim %x, %c1 : tensor<4x?x64xf32>
  %empty = tensor.empty(%n) : tensor<4x?x24xf32>
  %init = linalg.fill ins(%zero : f32) outs(%empty : tensor<4x?x24xf32>) -> tensor<4x?x24xf32>
  %y = linalg.generic {indexing_maps = [#lhs, #rhs, #out], iterator_types = ["parallel", "parallel", "reduction", "parallel"]} ins(%x, %w : tensor<4x?x64xf32>, tensor<64x24xf32>) outs(%init : tensor<4x?x24xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %p = arith.mulf %a, %b : f32
    %s = arith.addf %c, %p : f32
    linalg.yield %s : f32
  } -> tensor<4x?x24xf32>
  return %y : tensor<4x?x24xf32>
}

// -----

// What stays in MLIR: too few columns (10 < 16), too shallow (k = 4 < 8),
// an init that is neither a constant fill nor a broadcast, and f64. (The
// last three are also too little work: fewer than 2^16 multiply-adds at a
// batch of 32.)
#lhs = affine_map<(m, k, n) -> (m, k)>
#rhs = affine_map<(m, k, n) -> (k, n)>
#out = affine_map<(m, k, n) -> (m, n)>
// CHECK-LABEL: func.func @stays
// CHECK-NOT: dlc.kernel_call
// CHECK-COUNT-4: linalg.generic
// CHECK-NOT: dlc.kernel_call
func.func @stays(%x: tensor<?x128xf32>, %w: tensor<128x10xf32>, %x4: tensor<?x4xf32>, %w4: tensor<4x64xf32>, %acc: tensor<?x10xf32>, %xd: tensor<?x128xf64>, %wd: tensor<128x64xf64>) -> (tensor<?x10xf32>, tensor<?x64xf32>, tensor<?x10xf32>, tensor<?x64xf64>) {
  %zero = arith.constant 0.0 : f32
  %zerod = arith.constant 0.0 : f64
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?x128xf32>
  %e10 = tensor.empty(%n) : tensor<?x10xf32>
  %i10 = linalg.fill ins(%zero : f32) outs(%e10 : tensor<?x10xf32>) -> tensor<?x10xf32>
  %narrow = linalg.generic {indexing_maps = [#lhs, #rhs, #out], iterator_types = ["parallel", "reduction", "parallel"]} ins(%x, %w : tensor<?x128xf32>, tensor<128x10xf32>) outs(%i10 : tensor<?x10xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %p = arith.mulf %a, %b : f32
    %s = arith.addf %c, %p : f32
    linalg.yield %s : f32
  } -> tensor<?x10xf32>
  %e64 = tensor.empty(%n) : tensor<?x64xf32>
  %i64 = linalg.fill ins(%zero : f32) outs(%e64 : tensor<?x64xf32>) -> tensor<?x64xf32>
  %shallow = linalg.generic {indexing_maps = [#lhs, #rhs, #out], iterator_types = ["parallel", "reduction", "parallel"]} ins(%x4, %w4 : tensor<?x4xf32>, tensor<4x64xf32>) outs(%i64 : tensor<?x64xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %p = arith.mulf %a, %b : f32
    %s = arith.addf %c, %p : f32
    linalg.yield %s : f32
  } -> tensor<?x64xf32>
  %accumulated = linalg.generic {indexing_maps = [#lhs, #rhs, #out], iterator_types = ["parallel", "reduction", "parallel"]} ins(%x, %w : tensor<?x128xf32>, tensor<128x10xf32>) outs(%acc : tensor<?x10xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %p = arith.mulf %a, %b : f32
    %s = arith.addf %c, %p : f32
    linalg.yield %s : f32
  } -> tensor<?x10xf32>
  %ed = tensor.empty(%n) : tensor<?x64xf64>
  %id = linalg.fill ins(%zerod : f64) outs(%ed : tensor<?x64xf64>) -> tensor<?x64xf64>
  %double = linalg.generic {indexing_maps = [#lhs, #rhs, #out], iterator_types = ["parallel", "reduction", "parallel"]} ins(%xd, %wd : tensor<?x128xf64>, tensor<128x64xf64>) outs(%id : tensor<?x64xf64>) {
  ^bb0(%a: f64, %b: f64, %c: f64):
    %p = arith.mulf %a, %b : f64
    %s = arith.addf %c, %p : f64
    linalg.yield %s : f64
  } -> tensor<?x64xf64>
  return %narrow, %shallow, %accumulated, %double : tensor<?x10xf32>, tensor<?x64xf32>, tensor<?x10xf32>, tensor<?x64xf64>
}

// -----

// With more than one symbolic extent nothing bounds the work: outlined.
#lhs = affine_map<(m, k, n) -> (m, k)>
#rhs = affine_map<(m, k, n) -> (k, n)>
#out = affine_map<(m, k, n) -> (m, n)>
// CHECK-LABEL: func.func @symbolic
// CHECK: dlc.kernel_call @dlc_gemm_0
func.func @symbolic(%a: tensor<?x?xf32>, %b: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %zero = arith.constant 0.0 : f32
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %m = tensor.dim %a, %c0 : tensor<?x?xf32>
  %n = tensor.dim %b, %c1 : tensor<?x?xf32>
  %empty = tensor.empty(%m, %n) : tensor<?x?xf32>
  %init = linalg.fill ins(%zero : f32) outs(%empty : tensor<?x?xf32>) -> tensor<?x?xf32>
  %c = linalg.generic {indexing_maps = [#lhs, #rhs, #out], iterator_types = ["parallel", "reduction", "parallel"]} ins(%a, %b : tensor<?x?xf32>, tensor<?x?xf32>) outs(%init : tensor<?x?xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  } -> tensor<?x?xf32>
  return %c : tensor<?x?xf32>
}

// -----

// A 3x3 convolution with padding already applied and its bias broadcast
// over a filled destination: a window kernel, vectorised along the 32
// output columns, tiled over the 16 output channels, reading the bias.
#x = affine_map<(n, g, o, h, w, c, kh, kw) -> (n, g, c, h + kh, w + kw)>
#k = affine_map<(n, g, o, h, w, c, kh, kw) -> (g, o, c, kh, kw)>
#y = affine_map<(n, g, o, h, w, c, kh, kw) -> (n, g, o, h, w)>
#bias = affine_map<(n, g, o, h, w) -> (g, o)>
#id = affine_map<(n, g, o, h, w) -> (n, g, o, h, w)>
// CHECK: func.func private @dlc_conv_0(memref<?x?x?x?x?xf32, strided<[?, ?, ?, ?, ?], offset: ?>>, memref<?x?x?x?x?xf32, strided<[?, ?, ?, ?, ?], offset: ?>>, memref<?x?xf32, strided<[?, ?], offset: ?>>, memref<?x?x?x?x?xf32, strided<[?, ?, ?, ?, ?], offset: ?>>)
// CHECK-LABEL: func.func @conv
// CHECK-SAME: (%[[X:.*]]: tensor<?x1x16x34x34xf32>, %[[K:.*]]: tensor<1x16x16x3x3xf32>, %[[B:.*]]: tensor<1x16xf32>)
// CHECK: %[[EMPTY:.*]] = tensor.empty
// CHECK: dlc.kernel_call @dlc_conv_0 ins(%[[X]], %[[K]], %[[B]] : {{.*}}) outs(%[[EMPTY]] : tensor<?x1x16x32x32xf32>)
// CHECK-NOT: linalg.generic
func.func @conv(%x: tensor<?x1x16x34x34xf32>, %k: tensor<1x16x16x3x3xf32>, %b: tensor<1x16xf32>) -> tensor<?x1x16x32x32xf32> {
  %zero = arith.constant 0.0 : f32
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?x1x16x34x34xf32>
  %empty = tensor.empty(%n) : tensor<?x1x16x32x32xf32>
  %filled = linalg.fill ins(%zero : f32) outs(%empty : tensor<?x1x16x32x32xf32>) -> tensor<?x1x16x32x32xf32>
  %init = linalg.generic {indexing_maps = [#bias, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%b : tensor<1x16xf32>) outs(%filled : tensor<?x1x16x32x32xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<?x1x16x32x32xf32>
  %y = linalg.generic {indexing_maps = [#x, #k, #y], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%x, %k : tensor<?x1x16x34x34xf32>, tensor<1x16x16x3x3xf32>) outs(%init : tensor<?x1x16x32x32xf32>) {
  ^bb0(%a: f32, %w: f32, %acc: f32):
    %p = arith.mulf %a, %w : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  } -> tensor<?x1x16x32x32xf32>
  return %y : tensor<?x1x16x32x32xf32>
}

// -----

// A window kernel needs 8 or more output columns known at compile time
// (under 16 it takes masked half vectors): a 6-wide image stays in MLIR.
#x = affine_map<(n, o, h, w, c, kh, kw) -> (n, c, h + kh, w + kw)>
#k = affine_map<(n, o, h, w, c, kh, kw) -> (o, c, kh, kw)>
#y = affine_map<(n, o, h, w, c, kh, kw) -> (n, o, h, w)>
// CHECK-LABEL: func.func @narrow_conv
// CHECK-NOT: dlc.kernel_call
// CHECK: linalg.generic
func.func @narrow_conv(%x: tensor<?x64x8x8xf32>, %k: tensor<64x64x3x3xf32>) -> tensor<?x64x6x6xf32> {
  %zero = arith.constant 0.0 : f32
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?x64x8x8xf32>
  %empty = tensor.empty(%n) : tensor<?x64x6x6xf32>
  %init = linalg.fill ins(%zero : f32) outs(%empty : tensor<?x64x6x6xf32>) -> tensor<?x64x6x6xf32>
  %y = linalg.generic {indexing_maps = [#x, #k, #y], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%x, %k : tensor<?x64x8x8xf32>, tensor<64x64x3x3xf32>) outs(%init : tensor<?x64x6x6xf32>) {
  ^bb0(%a: f32, %w: f32, %acc: f32):
    %p = arith.mulf %a, %w : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  } -> tensor<?x64x6x6xf32>
  return %y : tensor<?x64x6x6xf32>
}

// -----

// A convolution's weight gradient: 3-wide output rows, so the kernel
// vectorises the sum along the images' 32 columns instead.
#dy = affine_map<(g, o, c, kh, kw, n, h, w) -> (n, g, o, h, w)>
#x = affine_map<(g, o, c, kh, kw, n, h, w) -> (n, g, c, h + kh, w + kw)>
#dw = affine_map<(g, o, c, kh, kw, n, h, w) -> (g, o, c, kh, kw)>
// CHECK-LABEL: func.func @weight_grad
// CHECK: dlc.kernel_call @dlc_conv_0 ins(%{{.*}}, %{{.*}} : tensor<?x1x16x32x32xf32>, tensor<?x1x16x34x34xf32>) outs(%{{.*}} : tensor<1x16x16x3x3xf32>)
func.func @weight_grad(%dy: tensor<?x1x16x32x32xf32>, %x: tensor<?x1x16x34x34xf32>) -> tensor<1x16x16x3x3xf32> {
  %zero = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<1x16x16x3x3xf32>
  %init = linalg.fill ins(%zero : f32) outs(%empty : tensor<1x16x16x3x3xf32>) -> tensor<1x16x16x3x3xf32>
  %dw = linalg.generic {indexing_maps = [#dy, #x, #dw], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%dy, %x : tensor<?x1x16x32x32xf32>, tensor<?x1x16x34x34xf32>) outs(%init : tensor<1x16x16x3x3xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %p = arith.mulf %a, %b : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  } -> tensor<1x16x16x3x3xf32>
  return %dw : tensor<1x16x16x3x3xf32>
}
