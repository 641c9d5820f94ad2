// RUN: dlc-opt %s --split-input-file --verify-diagnostics --dlc-convert-to-linalg | FileCheck %s

// CHECK-LABEL: func.func @linear_relu
// CHECK-SAME: (%[[X:.*]]: tensor<?x4xf32>, %[[W:.*]]: tensor<8x4xf32>, %[[B:.*]]: tensor<8xf32>)
// The bias is broadcast into the accumulator, then x W^T accumulates on it.
// CHECK: %[[N:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x4xf32>
// CHECK: %[[E:.*]] = tensor.empty(%[[N]]) : tensor<?x8xf32>
// CHECK: %[[INIT:.*]] = linalg.generic {{.*}} ins(%[[B]] : tensor<8xf32>) outs(%[[E]] : tensor<?x8xf32>)
// CHECK: %[[MM:.*]] = linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "reduction"]{{.*}} ins(%[[X]], %[[W]] : tensor<?x4xf32>, tensor<8x4xf32>) outs(%[[INIT]] : tensor<?x8xf32>)
// Reassociation lets LLVM vectorise the k loop; contraction gives FMAs.
// CHECK: arith.mulf {{.*}} fastmath<reassoc,contract> : f32
// CHECK: arith.addf {{.*}} fastmath<reassoc,contract> : f32
// CHECK: linalg.generic {{.*}} ins(%[[MM]] : tensor<?x8xf32>)
// CHECK: arith.maximumf
// CHECK-NOT: dlc.
func.func @linear_relu(%x: tensor<?x4xf32>, %w: tensor<8x4xf32>, %b: tensor<8xf32>) -> tensor<?x8xf32> {
  %h = dlc.linear %x, %w, %b : (tensor<?x4xf32>, tensor<8x4xf32>, tensor<8xf32>) -> tensor<?x8xf32>
  %r = dlc.relu %h : tensor<?x8xf32>
  return %r : tensor<?x8xf32>
}

// -----

// CHECK-LABEL: func.func @broadcast_add
// CHECK: linalg.generic {indexing_maps = [#{{.*}}, #{{.*}}, #{{.*}}], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME: ins(%{{.*}}, %{{.*}} : tensor<?x1xf32>, tensor<3xf32>)
// CHECK: arith.addf
func.func @broadcast_add(%a: tensor<?x1xf32>, %b: tensor<3xf32>) -> tensor<?x3xf32> {
  %c = dlc.add %a, %b : (tensor<?x1xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  return %c : tensor<?x3xf32>
}

// -----

// log_softmax is the stable x - max - log(sum(exp(x - max))).
// CHECK-LABEL: func.func @log_softmax
// CHECK: %[[NEGINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK: linalg.fill ins(%[[NEGINF]] : f32)
// CHECK: arith.maximumf
// CHECK: arith.subf
// CHECK: math.exp
// CHECK: arith.addf
// CHECK: math.log
// CHECK: arith.subf
func.func @log_softmax(%x: tensor<?x10xf32>) -> tensor<?x10xf32> {
  %y = dlc.log_softmax %x {axis = 1 : i64} : tensor<?x10xf32>
  return %y : tensor<?x10xf32>
}

// -----

// cross_entropy picks each row's label column from log_softmax, negates it,
// and takes the mean over rows not labelled ignore_index (-100); a label out
// of range makes the row NaN.
// CHECK-LABEL: func.func @cross_entropy
// CHECK: math.log
// CHECK: linalg.index 1
// CHECK: arith.cmpi eq
// CHECK: arith.select
// CHECK: %[[IGNORE:.*]] = arith.constant -100 : i32
// CHECK: arith.cmpi eq, %{{.*}}, %[[IGNORE]] : i32
// CHECK-DAG: arith.cmpi sge
// CHECK-DAG: arith.cmpi slt
// CHECK: arith.constant 0x7FC00000 : f32
// CHECK: arith.negf
// CHECK: arith.divf
// CHECK: return %{{.*}} : tensor<f32>
func.func @cross_entropy(%x: tensor<?x10xf32>, %y: tensor<?xi32>) -> tensor<f32> {
  %l = dlc.cross_entropy %x, %y : (tensor<?x10xf32>, tensor<?xi32>) -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// CHECK-LABEL: func.func @reduce_mean_keepdim
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "reduction"]
// CHECK: arith.addf
// CHECK: arith.sitofp
// CHECK: arith.divf
// CHECK: -> tensor<?x1xf32>
func.func @reduce_mean_keepdim(%x: tensor<?x5xf32>) -> tensor<?x1xf32> {
  %m = dlc.reduce_mean %x {axes = array<i64: 1>, keepdim = true} : tensor<?x5xf32> -> tensor<?x1xf32>
  return %m : tensor<?x1xf32>
}

// -----

// CHECK-LABEL: func.func @batched_matmul
// CHECK: linalg.fill
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "parallel", "reduction"]
// CHECK-SAME: ins(%{{.*}}, %{{.*}} : tensor<?x3x4xf32>, tensor<4x5xf32>)
func.func @batched_matmul(%a: tensor<?x3x4xf32>, %b: tensor<4x5xf32>) -> tensor<?x3x5xf32> {
  %c = dlc.matmul %a, %b : (tensor<?x3x4xf32>, tensor<4x5xf32>) -> tensor<?x3x5xf32>
  return %c : tensor<?x3x5xf32>
}

// -----

// CHECK-LABEL: func.func @argmax
// CHECK: linalg.generic
// CHECK: arith.cmpf ogt
// CHECK: -> (tensor<?xf32>, tensor<?xi64>)
func.func @argmax(%x: tensor<?x10xf32>) -> tensor<?xi64> {
  %i = dlc.argmax %x {axis = 1 : i64} : tensor<?x10xf32> -> tensor<?xi64>
  return %i : tensor<?xi64>
}

// -----

// CHECK-LABEL: func.func @gelu_exact
// CHECK: math.erf
func.func @gelu_exact(%x: tensor<4xf32>) -> tensor<4xf32> {
  %y = dlc.gelu %x : tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @transpose
// CHECK: linalg.transpose ins(%{{.*}} : tensor<?x3xf32>) outs(%{{.*}} : tensor<3x?xf32>) permutation = [1, 0]
func.func @transpose(%x: tensor<?x3xf32>) -> tensor<3x?xf32> {
  %t = dlc.transpose %x [1, 0] : tensor<?x3xf32> -> tensor<3x?xf32>
  return %t : tensor<3x?xf32>
}

// -----

// CHECK-LABEL: func.func @reshape
// CHECK: arith.divui
// CHECK: tensor.reshape
func.func @reshape(%x: tensor<?x2x3xf32>) -> tensor<?x6xf32> {
  %r = dlc.reshape %x : tensor<?x2x3xf32> -> tensor<?x6xf32>
  return %r : tensor<?x6xf32>
}

// -----

// f16 reductions and contractions accumulate in f32, then round once.
// CHECK-LABEL: func.func @half_precision
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<?x3xf32>)
// CHECK: arith.extf %{{.*}} : f16 to f32
// CHECK: arith.truncf %{{.*}} : f32 to f16
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<3xf32>)
// CHECK: arith.extf
// CHECK: arith.truncf
func.func @half_precision(%x: tensor<?x4xf16>, %w: tensor<3x4xf16>) -> tensor<3xf16> {
  %h = dlc.linear %x, %w : (tensor<?x4xf16>, tensor<3x4xf16>) -> tensor<?x3xf16>
  %s = dlc.reduce_sum %h {axes = array<i64: 0>} : tensor<?x3xf16> -> tensor<3xf16>
  return %s : tensor<3xf16>
}

// -----

// Casts follow PyTorch: nonzero is true, true is 1, f16 <-> bf16 via f32.
// CHECK-LABEL: func.func @casts
// CHECK: arith.cmpf une
// CHECK: arith.extui
// CHECK: arith.extf %{{.*}} : f16 to f32
// CHECK: arith.truncf %{{.*}} : f32 to bf16
func.func @casts(%x: tensor<4xf32>, %h: tensor<4xf16>) -> (tensor<4xi32>, tensor<4xbf16>) {
  %b = dlc.cast %x : tensor<4xf32> -> tensor<4xi1>
  %i = dlc.cast %b : tensor<4xi1> -> tensor<4xi32>
  %r = dlc.cast %h : tensor<4xf16> -> tensor<4xbf16>
  return %i, %r : tensor<4xi32>, tensor<4xbf16>
}

// -----

// A linear whose output width is symbolic (a weight that is an input) takes
// that size from the weight.
// CHECK-LABEL: func.func @symbolic_width
// CHECK-SAME: (%[[X:.*]]: tensor<?x4xf32>, %[[W:.*]]: tensor<?x4xf32>)
// CHECK-DAG: %[[N:.*]] = tensor.dim %[[X]], %c0
// CHECK-DAG: %[[M:.*]] = tensor.dim %[[W]], %c0
// CHECK: tensor.empty(%[[N]], %[[M]]) : tensor<?x?xf32>
func.func @symbolic_width(%x: tensor<?x4xf32>, %w: tensor<?x4xf32>) -> tensor<?x?xf32> {
  %y = dlc.linear %x, %w : (tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<?x?xf32>
  return %y : tensor<?x?xf32>
}

// -----

// CHECK-LABEL: func.func @vector_linear
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "reduction"]{{.*}} ins(%{{.*}}, %{{.*}} : tensor<4xf32>, tensor<3x4xf32>)
func.func @vector_linear(%x: tensor<4xf32>, %w: tensor<3x4xf32>) -> tensor<3xf32> {
  %y = dlc.linear %x, %w : (tensor<4xf32>, tensor<3x4xf32>) -> tensor<3xf32>
  return %y : tensor<3xf32>
}

// -----

// Two dynamic extents come from their size operands.
// CHECK-LABEL: func.func @two_symbols
// CHECK-SAME: (%[[X:.*]]: tensor<?x?x4xf32>, %[[B:.*]]: tensor<i64>, %[[T:.*]]: tensor<i64>)
// CHECK-DAG: %[[BV:.*]] = tensor.extract %[[B]][] : tensor<i64>
// CHECK-DAG: %[[TV:.*]] = tensor.extract %[[T]][] : tensor<i64>
// CHECK: %[[SHAPE:.*]] = tensor.from_elements %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} : tensor<4xi64>
// CHECK: tensor.reshape %[[X]](%[[SHAPE]]) : (tensor<?x?x4xf32>, tensor<4xi64>) -> tensor<?x?x2x2xf32>
func.func @two_symbols(%x: tensor<?x?x4xf32>, %b: tensor<i64>, %t: tensor<i64>) -> tensor<?x?x2x2xf32> {
  %r = dlc.reshape %x sizes(%b, %t) : tensor<?x?x4xf32> -> tensor<?x?x2x2xf32>
  return %r : tensor<?x?x2x2xf32>
}
