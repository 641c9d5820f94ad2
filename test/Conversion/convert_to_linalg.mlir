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

// Loops batch, m, k, n: n innermost walks b and the result contiguously
// (k innermost would stride through b a row per step). b has no batch
// dimension, so it does not read the batch loop.
// CHECK-DAG: #[[A:map[0-9]*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
// CHECK-DAG: #[[B:map[0-9]*]] = affine_map<(d0, d1, d2, d3) -> (d2, d3)>
// CHECK-DAG: #[[C:map[0-9]*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>
// CHECK-LABEL: func.func @batched_matmul
// CHECK: linalg.fill
// CHECK: linalg.generic {indexing_maps = [#[[A]], #[[B]], #[[C]]], iterator_types = ["parallel", "parallel", "reduction", "parallel"]}
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

// -----

// A dynamic extent reads tensor.dim and becomes a rank-0 i64 tensor.
// CHECK-LABEL: func.func @size
// CHECK-SAME: (%[[X:.*]]: tensor<?x4xf32>)
// CHECK: %[[D:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x4xf32>
// CHECK: %[[N:.*]] = arith.index_cast %[[D]] : index to i64
// CHECK: %[[R:.*]] = tensor.from_elements %[[N]] : tensor<i64>
// CHECK: return %[[R]] : tensor<i64>
func.func @size(%x: tensor<?x4xf32>) -> tensor<i64> {
  %n = dlc.size %x {axis = 0 : i64} : tensor<?x4xf32>
  return %n : tensor<i64>
}

// -----

// Floats compare ordered (ne unordered), integers signed, booleans unsigned.
// CHECK-LABEL: func.func @compare
// CHECK: linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : tensor<?x4xf32>, tensor<f32>) outs(%{{.*}} : tensor<?x4xi1>)
// CHECK: arith.cmpf olt, %{{.*}}, %{{.*}} : f32
// CHECK: linalg.generic
// CHECK: arith.cmpf une, %{{.*}}, %{{.*}} : f32
// CHECK: linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : tensor<?xi32>, tensor<?xi32>)
// CHECK: arith.cmpi slt, %{{.*}}, %{{.*}} : i32
// CHECK: linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : tensor<?xi1>, tensor<?xi1>)
// CHECK: arith.cmpi ugt, %{{.*}}, %{{.*}} : i1
func.func @compare(%x: tensor<?x4xf32>, %y: tensor<f32>, %i: tensor<?xi32>, %j: tensor<?xi32>, %b: tensor<?xi1>) -> (tensor<?x4xi1>, tensor<?x4xi1>, tensor<?xi1>, tensor<?xi1>) {
  %lt = dlc.compare "lt" %x, %y : (tensor<?x4xf32>, tensor<f32>) -> tensor<?x4xi1>
  %ne = dlc.compare "ne" %x, %y : (tensor<?x4xf32>, tensor<f32>) -> tensor<?x4xi1>
  %ilt = dlc.compare "lt" %i, %j : (tensor<?xi32>, tensor<?xi32>) -> tensor<?xi1>
  %bgt = dlc.compare "gt" %b, %b : (tensor<?xi1>, tensor<?xi1>) -> tensor<?xi1>
  return %lt, %ne, %ilt, %bgt : tensor<?x4xi1>, tensor<?x4xi1>, tensor<?xi1>, tensor<?xi1>
}

// -----

// select broadcasts its three operands into one arith.select per element.
// CHECK-DAG: #[[ID:map[0-9]*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[SCALAR:map[0-9]*]] = affine_map<(d0, d1) -> ()>
// CHECK-LABEL: func.func @select
// CHECK-SAME: (%[[C:.*]]: tensor<?x4xi1>, %[[X:.*]]: tensor<?x4xf32>, %[[Y:.*]]: tensor<f32>)
// CHECK: linalg.generic {indexing_maps = [#[[ID]], #[[ID]], #[[SCALAR]], #[[ID]]], {{.*}}} ins(%[[C]], %[[X]], %[[Y]] : tensor<?x4xi1>, tensor<?x4xf32>, tensor<f32>)
// CHECK: ^bb0(%[[IC:.*]]: i1, %[[IX:.*]]: f32, %[[IY:.*]]: f32, %{{.*}}: f32):
// CHECK: arith.select %[[IC]], %[[IX]], %[[IY]] : f32
func.func @select(%c: tensor<?x4xi1>, %x: tensor<?x4xf32>, %y: tensor<f32>) -> tensor<?x4xf32> {
  %r = dlc.select %c, %x, %y : (tensor<?x4xi1>, tensor<?x4xf32>, tensor<f32>) -> tensor<?x4xf32>
  return %r : tensor<?x4xf32>
}

// -----

// The dynamic extent of broadcast_to comes from its size operand; the
// extent-1 dimension is read at 0.
// CHECK-DAG: #[[REPEAT:map[0-9]*]] = affine_map<(d0, d1) -> (0, d1)>
// CHECK-LABEL: func.func @broadcast_to
// CHECK-SAME: (%[[G:.*]]: tensor<1x10xf32>, %[[N:.*]]: tensor<i64>)
// CHECK: %[[NV:.*]] = tensor.extract %[[N]][] : tensor<i64>
// CHECK: %[[NI:.*]] = arith.index_cast %[[NV]] : i64 to index
// CHECK: %[[E:.*]] = tensor.empty(%[[NI]]) : tensor<?x10xf32>
// CHECK: linalg.generic {indexing_maps = [#[[REPEAT]], #{{.*}}], iterator_types = ["parallel", "parallel"]} ins(%[[G]] : tensor<1x10xf32>) outs(%[[E]] : tensor<?x10xf32>)
func.func @broadcast_to(%g: tensor<1x10xf32>, %n: tensor<i64>) -> tensor<?x10xf32> {
  %b = dlc.broadcast_to %g sizes(%n) : tensor<1x10xf32> -> tensor<?x10xf32>
  return %b : tensor<?x10xf32>
}

// -----

// A slice is a strided tensor.extract_slice; its dynamic extent runs to the
// end: ceil(max(N - start, 0) / stride).
// CHECK-LABEL: func.func @slice
// CHECK-SAME: (%[[X:.*]]: tensor<?x10xf32>)
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[N:.*]] = tensor.dim %[[X]], %[[C0]] : tensor<?x10xf32>
// CHECK: %[[REST:.*]] = arith.subi %[[N]], %[[C1]] : index
// CHECK: %[[NONNEG:.*]] = arith.maxsi %[[REST]], %{{.*}} : index
// CHECK: %[[C2:.*]] = arith.constant 2 : index
// CHECK: %[[SIZE:.*]] = arith.ceildivui %[[NONNEG]], %[[C2]] : index
// CHECK: %[[S:.*]] = tensor.extract_slice %[[X]][1, 2] [%[[SIZE]], 4] [2, 1] : tensor<?x10xf32> to tensor<?x4xf32>
// CHECK: return %[[S]]
func.func @slice(%x: tensor<?x10xf32>) -> tensor<?x4xf32> {
  %s = dlc.slice %x starts [1, 2] strides [2, 1] : tensor<?x10xf32> -> tensor<?x4xf32>
  return %s : tensor<?x4xf32>
}

// -----

// insert_slice is a strided tensor.insert_slice sized by its source.
// CHECK-LABEL: func.func @insert_slice
// CHECK-SAME: (%[[S:.*]]: tensor<?x4xf32>, %[[Z:.*]]: tensor<?x10xf32>)
// CHECK: %[[N:.*]] = tensor.dim %[[S]], %{{.*}} : tensor<?x4xf32>
// CHECK: tensor.insert_slice %[[S]] into %[[Z]][0, 2] [%[[N]], 4] [1, 2] : tensor<?x4xf32> into tensor<?x10xf32>
func.func @insert_slice(%s: tensor<?x4xf32>, %z: tensor<?x10xf32>) -> tensor<?x10xf32> {
  %r = dlc.insert_slice %s into %z starts [0, 2] strides [1, 2] : tensor<?x4xf32> into tensor<?x10xf32>
  return %r : tensor<?x10xf32>
}

// -----

// concat inserts each part after the ones before it; the joined extent is
// the sum of the parts'.
// CHECK-LABEL: func.func @concat
// CHECK-SAME: (%[[A:.*]]: tensor<?x1x8xf32>, %[[B:.*]]: tensor<?x?x8xf32>)
// CHECK: %[[ZERO:.*]] = arith.constant 0 : index
// CHECK: %[[EA:.*]] = tensor.dim %[[A]], %{{.*}} : tensor<?x1x8xf32>
// CHECK: %[[PART:.*]] = arith.addi %[[ZERO]], %[[EA]] : index
// CHECK: %[[EB:.*]] = tensor.dim %[[B]], %{{.*}} : tensor<?x?x8xf32>
// CHECK: %[[TOTAL:.*]] = arith.addi %[[PART]], %[[EB]] : index
// CHECK: %[[N:.*]] = tensor.dim %[[A]], %{{.*}} : tensor<?x1x8xf32>
// CHECK: %[[E:.*]] = tensor.empty(%[[N]], %[[TOTAL]]) : tensor<?x?x8xf32>
// CHECK: %[[OFF0:.*]] = arith.constant 0 : index
// CHECK: %[[R1:.*]] = tensor.insert_slice %[[A]] into %[[E]][0, %[[OFF0]], 0] [%{{.*}}, 1, 8] [1, 1, 1] : tensor<?x1x8xf32> into tensor<?x?x8xf32>
// CHECK: %[[OFF1:.*]] = arith.addi %[[OFF0]], %[[EA]] : index
// CHECK: %[[R2:.*]] = tensor.insert_slice %[[B]] into %[[R1]][0, %[[OFF1]], 0] [%{{.*}}, %{{.*}}, 8] [1, 1, 1] : tensor<?x?x8xf32> into tensor<?x?x8xf32>
// CHECK: return %[[R2]]
func.func @concat(%a: tensor<?x1x8xf32>, %b: tensor<?x?x8xf32>) -> tensor<?x?x8xf32> {
  %c = dlc.concat %a, %b {axis = 1 : i64} : (tensor<?x1x8xf32>, tensor<?x?x8xf32>) -> tensor<?x?x8xf32>
  return %c : tensor<?x?x8xf32>
}

// -----

// With a size for dimension 0, the inferred dimension 1 is the element
// count over the other extents.
// CHECK-LABEL: func.func @reshape_inferred
// CHECK-SAME: (%[[X:.*]]: tensor<?x?x8xf32>, %[[N:.*]]: tensor<i64>)
// CHECK: %[[NV:.*]] = tensor.extract %[[N]][] : tensor<i64>
// CHECK: %[[NI:.*]] = arith.index_cast %[[NV]] : i64 to index
// CHECK: %[[K1:.*]] = arith.muli %{{.*}}, %[[NI]] : index
// CHECK: %[[K2:.*]] = arith.muli %[[K1]], %{{.*}} : index
// CHECK: %[[KNOWN:.*]] = arith.muli %[[K2]], %{{.*}} : index
// CHECK: tensor.dim %[[X]]
// CHECK: tensor.dim %[[X]]
// CHECK: tensor.dim %[[X]]
// CHECK: %[[INFERRED:.*]] = arith.divui %{{.*}}, %[[KNOWN]] : index
// CHECK-DAG: %[[D0:.*]] = arith.index_cast %[[NI]] : index to i64
// CHECK-DAG: %[[D1:.*]] = arith.index_cast %[[INFERRED]] : index to i64
// CHECK: %[[SHAPE:.*]] = tensor.from_elements %[[D0]], %[[D1]], %{{.*}}, %{{.*}} : tensor<4xi64>
// CHECK: tensor.reshape %[[X]](%[[SHAPE]]) : (tensor<?x?x8xf32>, tensor<4xi64>) -> tensor<?x?x2x4xf32>
func.func @reshape_inferred(%x: tensor<?x?x8xf32>, %n: tensor<i64>) -> tensor<?x?x2x4xf32> {
  %r = dlc.reshape %x sizes(%n) {inferred = 1 : i64} : tensor<?x?x8xf32> -> tensor<?x?x2x4xf32>
  return %r : tensor<?x?x2x4xf32>
}

// -----

// An embedding reads its row with tensor.extract; an id outside [0, 30)
// reads row 0 and yields NaN.
// CHECK-LABEL: func.func @embedding
// CHECK-SAME: (%[[IDS:.*]]: tensor<?x16xi64>, %[[T:.*]]: tensor<30x8xf32>)
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "parallel"]{{.*}} ins(%[[IDS]] : tensor<?x16xi64>) outs(%{{.*}} : tensor<?x16x8xf32>)
// CHECK: ^bb0(%[[ID:.*]]: i64, %{{.*}}: f32):
// CHECK-DAG: %[[ROWS:.*]] = arith.constant 30 : i64
// CHECK-DAG: %[[BELOW:.*]] = arith.cmpi slt, %[[ID]], %[[ROWS]] : i64
// CHECK-DAG: %[[ABOVE:.*]] = arith.cmpi sge, %[[ID]], %{{.*}} : i64
// CHECK: %[[IN:.*]] = arith.andi %[[ABOVE]], %[[BELOW]] : i1
// CHECK: %[[ROW:.*]] = arith.index_cast %[[ID]] : i64 to index
// CHECK: %[[SAFE:.*]] = arith.select %[[IN]], %[[ROW]], %{{.*}} : index
// CHECK: %[[COL:.*]] = linalg.index 2 : index
// CHECK: %[[V:.*]] = tensor.extract %[[T]][%[[SAFE]], %[[COL]]] : tensor<30x8xf32>
// CHECK: %[[NAN:.*]] = arith.constant 0x7FC00000 : f32
// CHECK: %[[R:.*]] = arith.select %[[IN]], %[[V]], %[[NAN]] : f32
// CHECK: linalg.yield %[[R]] : f32
func.func @embedding(%ids: tensor<?x16xi64>, %t: tensor<30x8xf32>) -> tensor<?x16x8xf32> {
  %e = dlc.embedding %ids, %t : (tensor<?x16xi64>, tensor<30x8xf32>) -> tensor<?x16x8xf32>
  return %e : tensor<?x16x8xf32>
}

// -----

// The embedding gradient is a scatter-add loop over the flattened ids that
// skips ids outside the table.
// CHECK-LABEL: func.func @embedding_grad
// CHECK-SAME: (%[[IDS:.*]]: tensor<?x16xi32>, %[[G:.*]]: tensor<?x16x8xf32>)
// CHECK-DAG: %[[FLATIDS:.*]] = tensor.collapse_shape %[[IDS]] {{\[}}[0, 1]] : tensor<?x16xi32> into tensor<?xi32>
// CHECK-DAG: %[[FLATG:.*]] = tensor.collapse_shape %[[G]] {{\[}}[0, 1], [2]] : tensor<?x16x8xf32> into tensor<?x8xf32>
// CHECK: %[[ZEROS:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<30x8xf32>)
// CHECK: %[[N:.*]] = tensor.dim %[[FLATIDS]], %{{.*}} : tensor<?xi32>
// CHECK: %[[LOOP:.*]] = scf.for %[[I:.*]] = %{{.*}} to %[[N]] step %{{.*}} iter_args(%[[ACC:.*]] = %[[ZEROS]]) -> (tensor<30x8xf32>)
// CHECK: %[[ID:.*]] = tensor.extract %[[FLATIDS]][%[[I]]] : tensor<?xi32>
// CHECK: %[[IN:.*]] = arith.andi
// CHECK: scf.if %[[IN]] -> (tensor<30x8xf32>)
// CHECK: %[[ROW:.*]] = arith.index_cast %[[ID]] : i32 to index
// CHECK: %[[UPD:.*]] = tensor.extract_slice %[[FLATG]][%[[I]], 0] [1, 8] [1, 1] : tensor<?x8xf32> to tensor<8xf32>
// CHECK: %[[CUR:.*]] = tensor.extract_slice %[[ACC]][%[[ROW]], 0] [1, 8] [1, 1] : tensor<30x8xf32> to tensor<8xf32>
// CHECK: %[[SUM:.*]] = linalg.generic {{.*}} ins(%[[UPD]] : tensor<8xf32>) outs(%[[CUR]] : tensor<8xf32>)
// CHECK: arith.addf
// CHECK: %[[NEW:.*]] = tensor.insert_slice %[[SUM]] into %[[ACC]][%[[ROW]], 0] [1, 8] [1, 1] : tensor<8xf32> into tensor<30x8xf32>
// CHECK: scf.yield %[[NEW]] : tensor<30x8xf32>
// CHECK: } else {
// CHECK: scf.yield %[[ACC]] : tensor<30x8xf32>
// CHECK: return %[[LOOP]] : tensor<30x8xf32>
func.func @embedding_grad(%ids: tensor<?x16xi32>, %g: tensor<?x16x8xf32>) -> tensor<30x8xf32> {
  %e = dlc.embedding_grad %ids, %g {num_embeddings = 30 : i64} : (tensor<?x16xi32>, tensor<?x16x8xf32>) -> tensor<30x8xf32>
  return %e : tensor<30x8xf32>
}

// -----

// Dropout hashes (seed, stream, element) with splitmix64's finaliser
// (0xbf58476d1ce4e5b9 and 0x94d049bb133111eb as i64) and keeps an element
// when its top 24 bits reach p * 2^24 = 4194304; kept ones scale by 1/(1-p).
// CHECK-LABEL: func.func @dropout
// CHECK-SAME: (%[[X:.*]]: tensor<?x8xf32>, %[[SEED:.*]]: tensor<i64>)
// CHECK: %[[S:.*]] = tensor.extract %[[SEED]][] : tensor<i64>
// The key mixes the seed with stream + 0x9e3779b97f4a7c15 (3 + golden).
// CHECK-DAG: arith.constant -7046029254386353128 : i64
// CHECK-DAG: arith.shrui %[[S]], %{{.*}} : i64
// CHECK: arith.constant 30 : i64
// CHECK: arith.constant -4658895280553007687 : i64
// CHECK: arith.constant 27 : i64
// CHECK: arith.constant -7723592293110705685 : i64
// CHECK: arith.constant 31 : i64
// CHECK: linalg.generic {{.*}} ins(%[[X]] : tensor<?x8xf32>) outs(%{{.*}} : tensor<?x8xf32>)
// CHECK: %[[GOLDEN:.*]] = arith.constant -7046029254386353131 : i64
// CHECK: arith.muli %{{.*}}, %[[GOLDEN]] : i64
// CHECK: %[[FORTY:.*]] = arith.constant 40 : i64
// CHECK: %[[TOP:.*]] = arith.shrui %{{.*}}, %[[FORTY]] : i64
// CHECK: %[[THRESHOLD:.*]] = arith.constant 4194304 : i64
// CHECK: %[[KEEP:.*]] = arith.cmpi uge, %[[TOP]], %[[THRESHOLD]] : i64
// CHECK: %[[SCALE:.*]] = arith.constant 1.33333337 : f32
// CHECK: %[[SCALED:.*]] = arith.mulf %{{.*}}, %[[SCALE]] : f32
// CHECK: arith.select %[[KEEP]], %[[SCALED]], %{{.*}} : f32
func.func @dropout(%x: tensor<?x8xf32>, %s: tensor<i64>) -> tensor<?x8xf32> {
  %d = dlc.dropout %x, %s {p = 2.5e-01 : f64, stream = 3 : i64} : tensor<?x8xf32>
  return %d : tensor<?x8xf32>
}

// -----

// The mask is -inf where the column is after the row, 0 elsewhere.
// CHECK-LABEL: func.func @causal_mask
// CHECK-SAME: (%[[T:.*]]: tensor<i64>)
// CHECK: %[[TV:.*]] = tensor.extract %[[T]][] : tensor<i64>
// CHECK: %[[TI:.*]] = arith.index_cast %[[TV]] : i64 to index
// CHECK: %[[E:.*]] = tensor.empty(%[[TI]], %[[TI]]) : tensor<?x?xf32>
// CHECK: linalg.generic {{.*}} outs(%[[E]] : tensor<?x?xf32>)
// CHECK-DAG: %[[I:.*]] = linalg.index 0 : index
// CHECK-DAG: %[[ROW:.*]] = arith.index_cast %[[I]] : index to i64
// CHECK-DAG: %[[J:.*]] = linalg.index 1 : index
// CHECK-DAG: %[[COL:.*]] = arith.index_cast %[[J]] : index to i64
// CHECK: %[[LATER:.*]] = arith.cmpi sgt, %[[COL]], %[[ROW]] : i64
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-DAG: %[[NEGINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK: arith.select %[[LATER]], %[[NEGINF]], %[[ZERO]] : f32
func.func @causal_mask(%t: tensor<i64>) -> tensor<?x?xf32> {
  %m = dlc.causal_mask %t : tensor<?x?xf32>
  return %m : tensor<?x?xf32>
}

// -----

// A static mask needs no size.
// CHECK-LABEL: func.func @causal_mask_static
// CHECK: tensor.empty() : tensor<4x4xf32>
// CHECK: arith.cmpi sgt
func.func @causal_mask_static() -> tensor<4x4xf32> {
  %m = dlc.causal_mask : tensor<4x4xf32>
  return %m : tensor<4x4xf32>
}

// -----

// one_hot compares each id (widened to i64) with the class index.
// CHECK-LABEL: func.func @one_hot
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<?x10xi64>)
// CHECK: ^bb0(%[[ID:.*]]: i32, %{{.*}}: i64):
// CHECK: %[[WIDE:.*]] = arith.extsi %[[ID]] : i32 to i64
// CHECK: %[[C:.*]] = linalg.index 1 : index
// CHECK: %[[CI:.*]] = arith.index_cast %[[C]] : index to i64
// CHECK: %[[HIT:.*]] = arith.cmpi eq, %[[WIDE]], %[[CI]] : i64
// CHECK: arith.extui %[[HIT]] : i1 to i64
func.func @one_hot(%y: tensor<?xi32>) -> tensor<?x10xi64> {
  %o = dlc.one_hot %y {classes = 10 : i64} : tensor<?xi32> -> tensor<?x10xi64>
  return %o : tensor<?x10xi64>
}

// -----

// Grouped, strided, dilated, padded convolution with bias: the input is
// inserted into a zero grid, channels split into [groups, per group], the
// bias broadcast into the accumulator, and one generic with 5 parallel
// (n g co oh ow) and 3 reduction (ci kh kw) loops reads the input at
// oh * stride + kh * dilation.
// CHECK-DAG: #[[XMAP:map[0-9]*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1, d5, d3 * 2 + d6, d4 + d7 * 2)>
// CHECK-DAG: #[[WMAP:map[0-9]*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d1, d2, d5, d6, d7)>
// CHECK-DAG: #[[YMAP:map[0-9]*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1, d2, d3, d4)>
// CHECK-LABEL: func.func @conv2d
// CHECK-SAME: (%[[X:.*]]: tensor<?x4x8x8xf32>, %[[W:.*]]: tensor<6x2x3x3xf32>, %[[B:.*]]: tensor<6xf32>)
// CHECK: %[[GRID:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<?x4x10x10xf32>)
// CHECK: %[[PADDED:.*]] = tensor.insert_slice %[[X]] into %[[GRID]][0, 0, 1, 1] [%{{.*}}, 4, 8, 8] [1, 1, 1, 1]
// CHECK: %[[XG:.*]] = tensor.expand_shape %[[PADDED]] {{\[}}[0], [1, 2], [3], [4]] output_shape [%{{.*}}, 2, 2, 10, 10] : tensor<?x4x10x10xf32> into tensor<?x2x2x10x10xf32>
// CHECK: %[[WG:.*]] = tensor.expand_shape %[[W]] {{\[}}[0, 1], [2], [3], [4]] output_shape [2, 3, 2, 3, 3] : tensor<6x2x3x3xf32> into tensor<2x3x2x3x3xf32>
// CHECK: %[[BG:.*]] = tensor.expand_shape %[[B]] {{\[}}[0, 1]] output_shape [2, 3] : tensor<6xf32> into tensor<2x3xf32>
// CHECK: %[[INIT:.*]] = linalg.generic {{.*}} ins(%[[BG]] : tensor<2x3xf32>) outs(%{{.*}} : tensor<?x2x3x4x6xf32>)
// CHECK: %[[CONV:.*]] = linalg.generic {indexing_maps = [#[[XMAP]], #[[WMAP]], #[[YMAP]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%[[XG]], %[[WG]] : tensor<?x2x2x10x10xf32>, tensor<2x3x2x3x3xf32>) outs(%[[INIT]] : tensor<?x2x3x4x6xf32>)
// CHECK: arith.mulf {{.*}} fastmath<reassoc,contract> : f32
// CHECK: arith.addf {{.*}} fastmath<reassoc,contract> : f32
// CHECK: tensor.collapse_shape %[[CONV]] {{\[}}[0], [1, 2], [3], [4]] : tensor<?x2x3x4x6xf32> into tensor<?x6x4x6xf32>
func.func @conv2d(%x: tensor<?x4x8x8xf32>, %w: tensor<6x2x3x3xf32>, %b: tensor<6xf32>) -> tensor<?x6x4x6xf32> {
  %y = dlc.conv2d %x, %w, %b {stride = array<i64: 2, 1>, padding = array<i64: 1, 1>, dilation = array<i64: 1, 2>, groups = 2 : i64} : (tensor<?x4x8x8xf32>, tensor<6x2x3x3xf32>, tensor<6xf32>) -> tensor<?x6x4x6xf32>
  return %y : tensor<?x6x4x6xf32>
}

// -----

// Without padding or bias the input is read as it is, into a zero
// accumulator, with one group. (Rows of 16 fill whole vectors: not
// flattened, see convert_to_linalg_flat_rows.mlir.)
// CHECK-DAG: #[[XMAP:map[0-9]*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1, d5, d3 + d6, d4 + d7)>
// CHECK-LABEL: func.func @conv2d_plain
// CHECK-SAME: (%[[X:.*]]: tensor<?x3x18x18xf32>, %[[W:.*]]: tensor<5x3x3x3xf32>)
// CHECK-NOT: tensor.insert_slice
// CHECK: %[[XG:.*]] = tensor.expand_shape %[[X]] {{\[}}[0], [1, 2], [3], [4]] output_shape [%{{.*}}, 1, 3, 18, 18]
// CHECK: %[[WG:.*]] = tensor.expand_shape %[[W]] {{\[}}[0, 1], [2], [3], [4]] output_shape [1, 5, 3, 3, 3]
// CHECK: %[[ZERO:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<?x1x5x16x16xf32>)
// CHECK: linalg.generic {indexing_maps = [#[[XMAP]], {{.*}}], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%[[XG]], %[[WG]] : {{.*}}) outs(%[[ZERO]] : tensor<?x1x5x16x16xf32>)
func.func @conv2d_plain(%x: tensor<?x3x18x18xf32>, %w: tensor<5x3x3x3xf32>) -> tensor<?x5x16x16xf32> {
  %y = dlc.conv2d %x, %w {stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>, groups = 1 : i64} : (tensor<?x3x18x18xf32>, tensor<5x3x3x3xf32>) -> tensor<?x5x16x16xf32>
  return %y : tensor<?x5x16x16xf32>
}

// -----

// The input gradient spreads dy over a zero grid at stride 2, offset by
// (k - 1) - padding = 1, then correlates it with the flipped kernel.
// CHECK-DAG: #[[FLIP:map[0-9]*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, -d2 + 2, -d3 + 2)>
// CHECK-DAG: #[[GMAP:map[0-9]*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1, d5, d3 + d6, d4 + d7)>
// CHECK-DAG: #[[WMAP:map[0-9]*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d1, d5, d2, d6, d7)>
// CHECK-LABEL: func.func @conv2d_input_grad
// CHECK-SAME: (%[[DY:.*]]: tensor<?x6x4x4xf32>, %[[W:.*]]: tensor<6x4x3x3xf32>)
// CHECK: %[[ZEROS:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<?x6x10x10xf32>)
// CHECK: %[[PART:.*]] = tensor.extract_slice %[[DY]][0, 0, 0, 0] [%{{.*}}, 6, 4, 4] [1, 1, 1, 1]
// CHECK: %[[GRID:.*]] = tensor.insert_slice %[[PART]] into %[[ZEROS]][0, 0, 1, 1] [%{{.*}}, 6, 4, 4] [1, 1, 2, 2] : tensor<?x6x4x4xf32> into tensor<?x6x10x10xf32>
// CHECK: tensor.expand_shape %[[GRID]]
// CHECK: linalg.generic {indexing_maps = [#[[FLIP]], #{{.*}}], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%[[W]] : tensor<6x4x3x3xf32>)
// CHECK: linalg.generic {indexing_maps = [#[[GMAP]], #[[WMAP]], #{{.*}}], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} {{.*}} outs(%{{.*}} : tensor<?x1x4x8x8xf32>)
// CHECK: tensor.collapse_shape {{.*}} into tensor<?x4x8x8xf32>
func.func @conv2d_input_grad(%dy: tensor<?x6x4x4xf32>, %w: tensor<6x4x3x3xf32>) -> tensor<?x4x8x8xf32> {
  %dx = dlc.conv2d_input_grad %dy, %w {stride = array<i64: 2, 2>, padding = array<i64: 1, 1>, dilation = array<i64: 1, 1>, groups = 1 : i64, input_size = array<i64: 8, 8>} : (tensor<?x6x4x4xf32>, tensor<6x4x3x3xf32>) -> tensor<?x4x8x8xf32>
  return %dx : tensor<?x4x8x8xf32>
}

// -----

// The weight gradient sums over n oh ow the padded input at
// oh * stride + kh times dy.
// CHECK-DAG: #[[DYMAP:map[0-9]*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d5, d0, d1, d6, d7)>
// CHECK-DAG: #[[XMAP:map[0-9]*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d5, d0, d2, d6 * 2 + d3, d7 * 2 + d4)>
// CHECK-LABEL: func.func @conv2d_weight_grad
// CHECK-SAME: (%[[X:.*]]: tensor<?x4x8x8xf32>, %[[DY:.*]]: tensor<?x6x4x4xf32>)
// CHECK: tensor.insert_slice %[[X]] into %{{.*}}[0, 0, 1, 1] [%{{.*}}, 4, 8, 8] [1, 1, 1, 1] : tensor<?x4x8x8xf32> into tensor<?x4x10x10xf32>
// CHECK: %[[ZERO:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<1x6x4x3x3xf32>)
// CHECK: %[[DW:.*]] = linalg.generic {indexing_maps = [#[[DYMAP]], #[[XMAP]], #{{.*}}], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} {{.*}} outs(%[[ZERO]] : tensor<1x6x4x3x3xf32>)
// CHECK: tensor.collapse_shape %[[DW]] {{\[}}[0, 1], [2], [3], [4]] : tensor<1x6x4x3x3xf32> into tensor<6x4x3x3xf32>
func.func @conv2d_weight_grad(%x: tensor<?x4x8x8xf32>, %dy: tensor<?x6x4x4xf32>) -> tensor<6x4x3x3xf32> {
  %dw = dlc.conv2d_weight_grad %x, %dy {stride = array<i64: 2, 2>, padding = array<i64: 1, 1>, dilation = array<i64: 1, 1>, groups = 1 : i64, kernel = array<i64: 3, 3>} : (tensor<?x4x8x8xf32>, tensor<?x6x4x4xf32>) -> tensor<6x4x3x3xf32>
  return %dw : tensor<6x4x3x3xf32>
}

// -----

// Max pooling pads with -inf. Each of the 3x3 taps reads a stride-2 slice
// of the padded input, and one all-parallel generic, with no fill, takes
// their maximumf in scan order.
// CHECK-DAG: #[[ID:map[0-9]*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @max_pool2d
// CHECK-SAME: (%[[X:.*]]: tensor<?x4x8x8xf32>)
// CHECK: %[[NEGINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK: %[[GRID:.*]] = linalg.fill ins(%[[NEGINF]] : f32) outs(%{{.*}} : tensor<?x4x10x10xf32>)
// CHECK: %[[PADDED:.*]] = tensor.insert_slice %[[X]] into %[[GRID]][0, 0, 1, 1]
// CHECK: %[[TAP0:.*]] = tensor.extract_slice %[[PADDED]][0, 0, 0, 0] [%{{.*}}, 4, 4, 4] [1, 1, 2, 2] : tensor<?x4x10x10xf32> to tensor<?x4x4x4xf32>
// CHECK: %[[TAP1:.*]] = tensor.extract_slice %[[PADDED]][0, 0, 0, 1] [%{{.*}}, 4, 4, 4] [1, 1, 2, 2]
// CHECK: %[[TAP8:.*]] = tensor.extract_slice %[[PADDED]][0, 0, 2, 2] [%{{.*}}, 4, 4, 4] [1, 1, 2, 2]
// CHECK-NOT: linalg.fill
// CHECK: linalg.generic {indexing_maps = [#[[ID]], #[[ID]], #[[ID]], #[[ID]], #[[ID]], #[[ID]], #[[ID]], #[[ID]], #[[ID]], #[[ID]]], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%[[TAP0]], %[[TAP1]], {{.*}}, %[[TAP8]] : {{.*}}) outs(%{{.*}} : tensor<?x4x4x4xf32>)
// CHECK: ^bb0(%[[V0:[^:]*]]: f32, %[[V1:[^:]*]]: f32,
// CHECK: %[[M0:.*]] = arith.maximumf %{{.*}}, %[[V0]] : f32
// CHECK: %[[M1:.*]] = arith.maximumf %[[M0]], %[[V1]] : f32
// CHECK-COUNT-7: arith.maximumf
// CHECK-NEXT: linalg.yield
func.func @max_pool2d(%x: tensor<?x4x8x8xf32>) -> tensor<?x4x4x4xf32> {
  %p = dlc.max_pool2d %x {kernel = array<i64: 3, 3>, stride = array<i64: 2, 2>, padding = array<i64: 1, 1>} : tensor<?x4x8x8xf32> -> tensor<?x4x4x4xf32>
  return %p : tensor<?x4x4x4xf32>
}

// -----

// A window of more than 16 taps keeps them as reduction loops.
// CHECK-DAG: #[[XMAP:map[0-9]*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2 * 3 + d4, d3 * 3 + d5)>
// CHECK-DAG: #[[KMAP:map[0-9]*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d4, d5)>
// CHECK-LABEL: func.func @max_pool2d_wide
// CHECK-SAME: (%[[X:.*]]: tensor<?x4x8x8xf32>)
// CHECK: %[[WIN:.*]] = tensor.empty() : tensor<5x5xi1>
// CHECK: %[[NEGINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK: %[[INIT:.*]] = linalg.fill ins(%[[NEGINF]] : f32) outs(%{{.*}} : tensor<?x4x2x2xf32>)
// CHECK: linalg.generic {indexing_maps = [#[[XMAP]], #[[KMAP]], #{{.*}}], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]} ins(%[[X]], %[[WIN]] : tensor<?x4x8x8xf32>, tensor<5x5xi1>) outs(%[[INIT]] : tensor<?x4x2x2xf32>)
// CHECK: ^bb0(%[[V:.*]]: f32, %{{.*}}: i1, %[[ACC:.*]]: f32):
// CHECK: arith.maximumf %[[ACC]], %[[V]] : f32
func.func @max_pool2d_wide(%x: tensor<?x4x8x8xf32>) -> tensor<?x4x2x2xf32> {
  %p = dlc.max_pool2d %x {kernel = array<i64: 5, 5>, stride = array<i64: 3, 3>, padding = array<i64: 0, 0>} : tensor<?x4x8x8xf32> -> tensor<?x4x2x2xf32>
  return %p : tensor<?x4x2x2xf32>
}

// -----

// Average pooling sums its taps from -0.0 (addf's exact identity), then
// scales by 1 / (kH kW).
// CHECK-LABEL: func.func @avg_pool2d
// CHECK-SAME: (%[[X:.*]]: tensor<?x4x8x8xf32>)
// CHECK-NOT: tensor.insert_slice
// CHECK: %[[TAP0:.*]] = tensor.extract_slice %[[X]][0, 0, 0, 0] [%{{.*}}, 4, 4, 4] [1, 1, 2, 2]
// CHECK: %[[TAP3:.*]] = tensor.extract_slice %[[X]][0, 0, 1, 1] [%{{.*}}, 4, 4, 4] [1, 1, 2, 2]
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%[[TAP0]], %{{.*}}, %{{.*}}, %[[TAP3]] :
// CHECK: %[[NEGZERO:.*]] = arith.constant -0.000000e+00 : f32
// CHECK: %[[S0:.*]] = arith.addf %[[NEGZERO]], %{{.*}} fastmath<reassoc> : f32
// CHECK-COUNT-3: arith.addf {{.*}} fastmath<reassoc> : f32
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "parallel", "parallel"]
// CHECK: %[[QUARTER:.*]] = arith.constant 2.500000e-01 : f32
// CHECK: arith.mulf %{{.*}}, %[[QUARTER]] : f32
func.func @avg_pool2d(%x: tensor<?x4x8x8xf32>) -> tensor<?x4x4x4xf32> {
  %p = dlc.avg_pool2d %x {kernel = array<i64: 2, 2>, stride = array<i64: 2, 2>, padding = array<i64: 0, 0>} : tensor<?x4x8x8xf32> -> tensor<?x4x4x4xf32>
  return %p : tensor<?x4x4x4xf32>
}

// -----

// The max-pool gradient finds each window's first maximum again (a value
// and a flat index) from the four stride-2 taps of x, spreads dy and the
// indices on strided grids, and sends each window's gradient to the
// position its index names: each tap reads a unit-stride slice of both
// grids. (The 9th row and column belong to no window.)
// CHECK-LABEL: func.func @max_pool2d_grad
// CHECK-SAME: (%[[X:.*]]: tensor<?x4x9x9xf32>, %[[DY:.*]]: tensor<?x4x4x4xf32>)
// CHECK: %[[XTAP0:.*]] = tensor.extract_slice %[[X]][0, 0, 0, 0] [%{{.*}}, 4, 4, 4] [1, 1, 2, 2]
// CHECK: %[[XTAP3:.*]] = tensor.extract_slice %[[X]][0, 0, 1, 1] [%{{.*}}, 4, 4, 4] [1, 1, 2, 2]
// CHECK: %[[ARGMAX:.*]]:2 = linalg.generic {{.*}} ins(%[[XTAP0]], %{{.*}}, %{{.*}}, %[[XTAP3]] : {{.*}}) outs(%{{.*}}, %{{.*}} : tensor<?x4x4x4xf32>, tensor<?x4x4x4xi64>)
// CHECK: arith.cmpf ogt
// CHECK: arith.cmpf uno
// CHECK: linalg.yield %{{.*}}, %{{.*}} : f32, i64
// CHECK: %[[ZEROS:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<?x4x10x10xf32>)
// CHECK: %[[DYPART:.*]] = tensor.extract_slice %[[DY]]
// CHECK: %[[DYGRID:.*]] = tensor.insert_slice %[[DYPART]] into %[[ZEROS]][0, 0, 1, 1] [%{{.*}}, 4, 4, 4] [1, 1, 2, 2] : tensor<?x4x4x4xf32> into tensor<?x4x10x10xf32>
// CHECK: %[[NONE:.*]] = linalg.fill ins(%{{.*}} : i64) outs(%{{.*}} : tensor<?x4x10x10xi64>)
// CHECK: %[[IPART:.*]] = tensor.extract_slice %[[ARGMAX]]#1
// CHECK: %[[IGRID:.*]] = tensor.insert_slice %[[IPART]] into %[[NONE]][0, 0, 1, 1] [%{{.*}}, 4, 4, 4] [1, 1, 2, 2] : tensor<?x4x4x4xi64> into tensor<?x4x10x10xi64>
// CHECK: %[[G0:.*]] = tensor.extract_slice %[[DYGRID]][0, 0, 0, 0] [%{{.*}}, 4, 9, 9] [1, 1, 1, 1] : tensor<?x4x10x10xf32> to tensor<?x4x9x9xf32>
// CHECK: %[[I0:.*]] = tensor.extract_slice %[[IGRID]][0, 0, 0, 0] [%{{.*}}, 4, 9, 9] [1, 1, 1, 1] : tensor<?x4x10x10xi64> to tensor<?x4x9x9xi64>
// CHECK: %[[G3:.*]] = tensor.extract_slice %[[DYGRID]][0, 0, 1, 1] [%{{.*}}, 4, 9, 9] [1, 1, 1, 1]
// CHECK: %[[I3:.*]] = tensor.extract_slice %[[IGRID]][0, 0, 1, 1] [%{{.*}}, 4, 9, 9] [1, 1, 1, 1]
// CHECK: linalg.generic {{{.*}}iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%[[G0]], %[[I0]], {{.*}}, %[[G3]], %[[I3]] : {{.*}}) outs(%{{.*}} : tensor<?x4x9x9xf32>)
// CHECK: ^bb0(%[[G:[^:]*]]: f32, %[[IDX:[^:]*]]: i64,
// CHECK: %[[HIT:.*]] = arith.cmpi eq, %[[IDX]], %{{.*}} : i64
// CHECK: %[[SHARE:.*]] = arith.select %[[HIT]], %[[G]], %{{.*}} : f32
// CHECK: arith.addf %{{.*}}, %[[SHARE]] fastmath<reassoc> : f32
// CHECK-COUNT-3: arith.addf
// CHECK-NEXT: linalg.yield
func.func @max_pool2d_grad(%x: tensor<?x4x9x9xf32>, %dy: tensor<?x4x4x4xf32>) -> tensor<?x4x9x9xf32> {
  %g = dlc.max_pool2d_grad %x, %dy {kernel = array<i64: 2, 2>, stride = array<i64: 2, 2>, padding = array<i64: 0, 0>} : (tensor<?x4x9x9xf32>, tensor<?x4x4x4xf32>) -> tensor<?x4x9x9xf32>
  return %g : tensor<?x4x9x9xf32>
}

// -----

// When the windows tile the input (stride = kernel, no padding, the extent a
// multiple of the kernel), each position takes its own window's gradient
// where the window's index names it: one parallel pass over the result
// seen as [N, C, OH, kH, OW, kW], reading dy and the indices at (oh, ow),
// and no grids.
// CHECK-DAG: #[[WIN:map[0-9]*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d4)>
// CHECK-DAG: #[[ID:map[0-9]*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d3, d4, d5)>
// CHECK-LABEL: func.func @max_pool2d_grad_tiled
// CHECK-SAME: (%[[X:.*]]: tensor<?x4x8x8xf32>, %[[DY:.*]]: tensor<?x4x4x4xf32>)
// CHECK: %[[ARGMAX:.*]]:2 = linalg.generic
// CHECK-NOT: tensor.insert_slice
// CHECK: %[[WINDOWED:.*]] = linalg.generic {indexing_maps = [#[[WIN]], #[[WIN]], #[[ID]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%[[DY]], %[[ARGMAX]]#1 : tensor<?x4x4x4xf32>, tensor<?x4x4x4xi64>) outs(%{{.*}} : tensor<?x4x4x2x4x2xf32>)
// CHECK: ^bb0(%[[G:[^:]*]]: f32, %[[IDX:[^:]*]]: i64,
// CHECK: %[[HIT:.*]] = arith.cmpi eq, %[[IDX]], %{{.*}} : i64
// CHECK: %[[SHARE:.*]] = arith.select %[[HIT]], %[[G]], %{{.*}} : f32
// CHECK-NEXT: linalg.yield %[[SHARE]] : f32
// CHECK: %[[ROWS:.*]] = tensor.collapse_shape %[[WINDOWED]] {{\[}}[0], [1], [2], [3], [4, 5]]
// CHECK: %[[GRAD:.*]] = tensor.collapse_shape %[[ROWS]] {{\[}}[0], [1], [2, 3], [4]] : tensor<?x4x4x2x8xf32> into tensor<?x4x8x8xf32>
// CHECK: return %[[GRAD]]
func.func @max_pool2d_grad_tiled(%x: tensor<?x4x8x8xf32>, %dy: tensor<?x4x4x4xf32>) -> tensor<?x4x8x8xf32> {
  %g = dlc.max_pool2d_grad %x, %dy {kernel = array<i64: 2, 2>, stride = array<i64: 2, 2>, padding = array<i64: 0, 0>} : (tensor<?x4x8x8xf32>, tensor<?x4x4x4xf32>) -> tensor<?x4x8x8xf32>
  return %g : tensor<?x4x8x8xf32>
}

// -----

// The avg-pool gradient spreads dy on a strided zero grid and sums each
// position's windows from unit-stride slices of it, each tap weighted 1/9.
// CHECK-LABEL: func.func @avg_pool2d_grad
// CHECK-SAME: (%[[DY:.*]]: tensor<?x4x4x4xf32>)
// CHECK: %[[ZEROS:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<?x4x10x10xf32>)
// CHECK: %[[PART:.*]] = tensor.extract_slice %[[DY]]
// CHECK: %[[GRID:.*]] = tensor.insert_slice %[[PART]] into %[[ZEROS]][0, 0, 1, 1] [%{{.*}}, 4, 4, 4] [1, 1, 2, 2] : tensor<?x4x4x4xf32> into tensor<?x4x10x10xf32>
// CHECK: %[[TAP0:.*]] = tensor.extract_slice %[[GRID]][0, 0, 0, 0] [%{{.*}}, 4, 8, 8] [1, 1, 1, 1]
// CHECK: %[[TAP8:.*]] = tensor.extract_slice %[[GRID]][0, 0, 2, 2] [%{{.*}}, 4, 8, 8] [1, 1, 1, 1]
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%[[TAP0]], {{.*}}, %[[TAP8]] : {{.*}}) outs(%{{.*}} : tensor<?x4x8x8xf32>)
// CHECK: %[[NINTH:.*]] = arith.constant 0.111111112 : f32
// CHECK: %[[SHARE:.*]] = arith.mulf %{{.*}}, %[[NINTH]] : f32
// CHECK: arith.addf %{{.*}}, %[[SHARE]] fastmath<reassoc> : f32
// CHECK-COUNT-8: arith.addf
// CHECK-NEXT: linalg.yield
func.func @avg_pool2d_grad(%dy: tensor<?x4x4x4xf32>) -> tensor<?x4x8x8xf32> {
  %g = dlc.avg_pool2d_grad %dy {kernel = array<i64: 3, 3>, stride = array<i64: 2, 2>, padding = array<i64: 1, 1>} : tensor<?x4x4x4xf32> -> tensor<?x4x8x8xf32>
  return %g : tensor<?x4x8x8xf32>
}

// -----

// gelu_grad multiplies dy by Phi(x) + x phi(x).
// CHECK-LABEL: func.func @gelu_grad
// CHECK-SAME: (%[[X:.*]]: tensor<?x4xf32>, %[[DY:.*]]: tensor<?x4xf32>)
// CHECK: linalg.generic {{.*}} ins(%[[X]], %[[DY]] : tensor<?x4xf32>, tensor<?x4xf32>)
// CHECK: ^bb0(%[[IX:.*]]: f32, %[[IDY:.*]]: f32, %{{.*}}: f32):
// CHECK: arith.constant 0.707106769 : f32
// CHECK: math.erf
// CHECK-DAG: math.exp
// CHECK-DAG: arith.constant 0.398942292 : f32
// CHECK: %[[D:.*]] = arith.addf
// CHECK: %[[R:.*]] = arith.mulf %[[IDY]], %[[D]] : f32
// CHECK: linalg.yield %[[R]] : f32
func.func @gelu_grad(%x: tensor<?x4xf32>, %dy: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %g = dlc.gelu_grad %x, %dy : tensor<?x4xf32>
  return %g : tensor<?x4xf32>
}

// -----

// The tanh form differentiates PyTorch's approximation; f16 computes in f32.
// CHECK-LABEL: func.func @gelu_grad_tanh
// CHECK: arith.extf %{{.*}} : f16 to f32
// CHECK: arith.extf %{{.*}} : f16 to f32
// CHECK: arith.constant 4.471500e-02 : f32
// CHECK: math.tanh
// CHECK: arith.constant 1.341450e-01 : f32
// CHECK-NOT: math.erf
// CHECK: arith.truncf %{{.*}} : f32 to f16
func.func @gelu_grad_tanh(%x: tensor<?x4xf16>, %dy: tensor<?x4xf16>) -> tensor<?x4xf16> {
  %g = dlc.gelu_grad %x, %dy {approximate = "tanh"} : tensor<?x4xf16>
  return %g : tensor<?x4xf16>
}

// -----

// cross_entropy_grad is (softmax - one_hot) * dloss / count, where count is
// the number of rows not labelled -100; those rows get 0, a label out of
// range NaN.
// CHECK-LABEL: func.func @cross_entropy_grad
// CHECK-SAME: (%[[L:.*]]: tensor<?x10xf32>, %[[Y:.*]]: tensor<?xi32>, %[[DL:.*]]: tensor<f32>)
// CHECK: math.exp
// CHECK: %[[P:.*]] = linalg.generic {{.*}} outs(%{{.*}} : tensor<?x10xf32>)
// CHECK: arith.divf
// CHECK: %[[COUNTED:.*]] = linalg.generic {{.*}} ins(%[[Y]] : tensor<?xi32>) outs(%{{.*}} : tensor<?xf32>)
// CHECK: arith.cmpi eq, %{{.*}}, %{{.*}} : i32
// CHECK: %[[COUNT:.*]] = linalg.generic {{.*}}iterator_types = ["reduction"]{{.*}} ins(%[[COUNTED]] : tensor<?xf32>) outs(%{{.*}} : tensor<f32>)
// CHECK: linalg.generic {{.*}} ins(%[[P]], %[[Y]], %[[DL]], %[[COUNT]] : tensor<?x10xf32>, tensor<?xi32>, tensor<f32>, tensor<f32>) outs(%{{.*}} : tensor<?x10xf32>)
// CHECK: ^bb0(%[[IP:.*]]: f32, %[[LABEL:.*]]: i32, %[[G:.*]]: f32, %[[N:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[IGNORE:.*]] = arith.constant -100 : i32
// CHECK: %[[IGNORED:.*]] = arith.cmpi eq, %[[LABEL]], %[[IGNORE]] : i32
// CHECK: %[[INRANGE:.*]] = arith.andi
// CHECK: %[[TARGET:.*]] = arith.select
// CHECK: %[[SCALE:.*]] = arith.divf %[[G]], %[[N]] : f32
// CHECK: %[[DIFF:.*]] = arith.subf %[[IP]], %[[TARGET]] : f32
// CHECK: %[[V:.*]] = arith.mulf %[[DIFF]], %[[SCALE]] : f32
// CHECK: %[[NAN:.*]] = arith.constant 0x7FC00000 : f32
// CHECK: %[[CHECKED:.*]] = arith.select %[[INRANGE]], %[[V]], %[[NAN]] : f32
// CHECK: arith.select %[[IGNORED]], %{{.*}}, %[[CHECKED]] : f32
func.func @cross_entropy_grad(%l: tensor<?x10xf32>, %y: tensor<?xi32>, %dl: tensor<f32>) -> tensor<?x10xf32> {
  %g = dlc.cross_entropy_grad %l, %y, %dl : (tensor<?x10xf32>, tensor<?xi32>, tensor<f32>) -> tensor<?x10xf32>
  return %g : tensor<?x10xf32>
}

// -----

// Cosine from lr = 0.1 to min_lr = 0.001 over the 100 steps after a 10-step
// warm-up: 0.001 + 0.0495 (1 + cos(pi clamp((t - 10) / 100))), times
// min((t + 1) / 10, 1).
// CHECK-LABEL: func.func @lr_cosine
// CHECK-SAME: (%[[S:.*]]: tensor<i64>)
// CHECK: %[[SV:.*]] = tensor.extract %[[S]][] : tensor<i64>
// CHECK: %[[T:.*]] = arith.sitofp %[[SV]] : i64 to f64
// CHECK-DAG: %[[SPAN:.*]] = arith.constant 1.000000e+02 : f64
// CHECK-DAG: %[[WARMUP:.*]] = arith.constant 1.000000e+01 : f64
// CHECK-DAG: %[[SINCE:.*]] = arith.subf %[[T]], %[[WARMUP]] : f64
// CHECK: %[[PROGRESS:.*]] = arith.divf %[[SINCE]], %[[SPAN]] : f64
// CHECK: %[[LOW:.*]] = arith.maximumf %[[PROGRESS]], %{{.*}} : f64
// CHECK: %[[CLAMPED:.*]] = arith.minimumf %[[LOW]], %{{.*}} : f64
// CHECK: %[[PI:.*]] = arith.constant 3.1415926535897931 : f64
// CHECK: %[[ANGLE:.*]] = arith.mulf %[[PI]], %[[CLAMPED]] : f64
// CHECK: %[[COS:.*]] = math.cos %[[ANGLE]] : f64
// CHECK: %[[WAVE:.*]] = arith.addf %{{.*}}, %[[COS]] : f64
// CHECK-DAG: %[[HALF:.*]] = arith.constant 4.950000e-02 : f64
// CHECK-DAG: %[[SCALED:.*]] = arith.mulf %[[HALF]], %[[WAVE]] : f64
// CHECK-DAG: %[[MINLR:.*]] = arith.constant 1.000000e-03 : f64
// CHECK: %[[COSINE:.*]] = arith.addf %[[MINLR]], %[[SCALED]] : f64
// CHECK: %[[NEXT:.*]] = arith.addf %[[T]], %{{.*}} : f64
// CHECK: %[[RAMP:.*]] = arith.divf %[[NEXT]], %{{.*}} : f64
// CHECK: %[[CAPPED:.*]] = arith.minimumf %[[RAMP]], %{{.*}} : f64
// CHECK: %[[RATE:.*]] = arith.mulf %[[COSINE]], %[[CAPPED]] : f64
// CHECK: tensor.from_elements %[[RATE]] : tensor<f64>
func.func @lr_cosine(%s: tensor<i64>) -> tensor<f64> {
  %lr = dlc.learning_rate %s {schedule = "cosine", lr = 1.0e-01 : f64, warmup = 10 : i64, total_steps = 110 : i64, min_lr = 1.0e-03 : f64} : tensor<f64>
  return %lr : tensor<f64>
}

// -----

// Step decay: lr * gamma ^ floor(t / step_size), with no warm-up.
// CHECK-LABEL: func.func @lr_step
// CHECK: %[[T:.*]] = arith.sitofp %{{.*}} : i64 to f64
// CHECK: %[[LR:.*]] = arith.constant 1.000000e-01 : f64
// CHECK: %[[SIZE:.*]] = arith.constant 3.000000e+01 : f64
// CHECK: %[[Q:.*]] = arith.divf %[[T]], %[[SIZE]] : f64
// CHECK: %[[EPOCHS:.*]] = math.floor %[[Q]] : f64
// CHECK: %[[GAMMA:.*]] = arith.constant 5.000000e-01 : f64
// CHECK: %[[DECAY:.*]] = math.powf %[[GAMMA]], %[[EPOCHS]] : f64
// CHECK: %[[RATE:.*]] = arith.mulf %[[LR]], %[[DECAY]] : f64
// CHECK-NOT: arith.minimumf
// CHECK: tensor.from_elements %[[RATE]] : tensor<f64>
func.func @lr_step(%s: tensor<i64>) -> tensor<f64> {
  %lr = dlc.learning_rate %s {schedule = "step", lr = 1.0e-01 : f64, step_size = 30 : i64, gamma = 5.0e-01 : f64} : tensor<f64>
  return %lr : tensor<f64>
}

// -----

// A constant schedule is the constant.
// CHECK-LABEL: func.func @lr_constant
// CHECK: %[[LR:.*]] = arith.constant 1.000000e-01 : f64
// CHECK-NOT: math.
// CHECK: tensor.from_elements %[[LR]] : tensor<f64>
func.func @lr_constant(%s: tensor<i64>) -> tensor<f64> {
  %lr = dlc.learning_rate %s {lr = 1.0e-01 : f64} : tensor<f64>
  return %lr : tensor<f64>
}
