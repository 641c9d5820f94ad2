// RUN: dlc-opt %s --split-input-file --dlc-convert-to-linalg --canonicalize "--dlc-lower-fusion-groups=row-loops=true require-row-loops=true" --canonicalize | FileCheck %s
// RUN: dlc-opt %s --split-input-file --dlc-convert-to-linalg --canonicalize --dlc-lower-fusion-groups --canonicalize | FileCheck %s --check-prefix=DEFAULT
// Each fusion group's linalg ops as the kernel the group forms: a rows group
// runs in one loop over its rows, each op on one row and reading the row
// its producer computed in the same iteration; an elementwise group fuses
// into one loop nest, and nothing outside a group fuses into it.

// By default (row loops measured slower with MLIR's scalar loops) a rows
// group runs as whole-tensor loops; it still computes what its ops share
// once: a cross-entropy and its gradient each lower to a softmax of the
// logits, and one exp and one log per row remain.
// DEFAULT-LABEL: func.func @loss_and_gradient
// DEFAULT-NOT: scf.for
// DEFAULT: math.exp
// DEFAULT-NOT: math.exp
// DEFAULT: linalg.generic {{.*}} ins(%{{.*}} : tensor<?x1xf32>) outs(%{{.*}} : tensor<?x1xf32>)
// DEFAULT-NEXT: ^bb0
// DEFAULT-NEXT: math.log
// DEFAULT-NOT: math.exp
// DEFAULT-NOT: math.log
// DEFAULT: return
// CHECK-LABEL: func.func @loss_and_gradient
// CHECK: scf.for
func.func @loss_and_gradient(%logits: tensor<?x10xf32>, %labels: tensor<?xi32>, %scale: tensor<f32>) -> (tensor<f32>, tensor<?x10xf32>) {
  %l, %d = dlc.fusion_group "rows" attributes {row_dims = 1 : i64} {
    %l = dlc.cross_entropy %logits, %labels : (tensor<?x10xf32>, tensor<?xi32>) -> tensor<f32>
    %d = dlc.cross_entropy_grad %logits, %labels, %scale : (tensor<?x10xf32>, tensor<?xi32>, tensor<f32>) -> tensor<?x10xf32>
    dlc.yield %l, %d : tensor<f32>, tensor<?x10xf32>
  } -> tensor<f32>, tensor<?x10xf32>
  return %l, %d : tensor<f32>, tensor<?x10xf32>
}

// -----

// Softmax: the row's maximum, exp(x - max), the sum and the quotients, all
// in one iteration per row; only the result leaves the loop.
// CHECK-LABEL: func.func @softmax_rows
// CHECK: %[[OUT:.*]] = scf.for %[[I:[^ ]*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[ACC:.*]] = %{{.*}}) -> (tensor<?x10xf32>)
// CHECK: %[[ROW:.*]] = tensor.extract_slice %arg0[%[[I]], 0] [1, 10] [1, 1]
// CHECK: %[[MAX:.*]] = linalg.generic {{.*}} ins(%[[ROW]] : tensor<1x10xf32>) outs(%{{.*}} : tensor<1x1xf32>)
// CHECK: arith.maximumf
// CHECK: %[[EXP:.*]] = linalg.generic {{.*}} ins(%{{.*}}, %[[MAX]] : tensor<1x10xf32>, tensor<1x1xf32>)
// CHECK: math.exp
// CHECK: %[[SUM:.*]] = linalg.generic {{.*}} ins(%[[EXP]] : tensor<1x10xf32>) outs(%{{.*}} : tensor<1x1xf32>)
// CHECK: %[[Q:.*]] = linalg.generic {{.*}} ins(%[[EXP]], %[[SUM]] : tensor<1x10xf32>, tensor<1x1xf32>)
// CHECK: arith.divf
// CHECK: %[[NEW:.*]] = tensor.insert_slice %[[Q]] into %[[ACC]][%[[I]], 0] [1, 10] [1, 1]
// CHECK-NEXT: scf.yield %[[NEW]] : tensor<?x10xf32>
// CHECK-NEXT: }
// CHECK-NEXT: return %[[OUT]]
func.func @softmax_rows(%x: tensor<?x10xf32>) -> tensor<?x10xf32> {
  %p = dlc.fusion_group "rows" attributes {row_dims = 1 : i64} {
    %s = dlc.softmax %x {axis = 1 : i64} : tensor<?x10xf32>
    dlc.yield %s : tensor<?x10xf32>
  } -> tensor<?x10xf32>
  return %p : tensor<?x10xf32>
}

// -----

// Cross-entropy: each row's log-probability of its label inside the loop
// (the label read one row at a time too); the mean over the batch needs
// every row, so it follows the loop.
// CHECK-LABEL: func.func @cross_entropy_rows
// CHECK: %[[PICKED:.*]] = scf.for %[[I:[^ ]*]] = {{.*}} -> (tensor<?xf32>)
// CHECK: tensor.extract_slice %arg1[%[[I]]] [1] [1] : tensor<?xi32> to tensor<1xi32>
// CHECK: linalg.index 1
// CHECK: tensor.insert_slice %{{.*}} into %{{.*}}[%[[I]]] [1] [1] : tensor<1xf32> into tensor<?xf32>
// CHECK: }
// CHECK: linalg.generic {{.*}} iterator_types = ["reduction"]} ins(%[[PICKED]], %arg1 : tensor<?xf32>, tensor<?xi32>)
// CHECK: arith.divf
func.func @cross_entropy_rows(%logits: tensor<?x10xf32>, %labels: tensor<?xi32>) -> tensor<f32> {
  %l = dlc.fusion_group "rows" attributes {row_dims = 1 : i64} {
    %l = dlc.cross_entropy %logits, %labels : (tensor<?x10xf32>, tensor<?xi32>) -> tensor<f32>
    dlc.yield %l : tensor<f32>
  } -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// A layer norm of [N, T, 16]: two loops, over N and T; the weight and bias
// have no rows and are read whole.
// CHECK-LABEL: func.func @layer_norm_rows
// CHECK: scf.for %[[N:[^ ]*]] =
// CHECK-NEXT: scf.for %[[T:[^ ]*]] =
// CHECK: tensor.extract_slice %arg0[%[[N]], %[[T]], 0] [1, 1, 16] [1, 1, 1]
// CHECK: math.rsqrt
// CHECK: tensor.insert_slice %{{.*}} into %{{.*}}[%[[N]], %[[T]], 0] [1, 1, 16] [1, 1, 1] : tensor<1x1x16xf32> into tensor<?x?x16xf32>
func.func @layer_norm_rows(%x: tensor<?x?x16xf32>, %g: tensor<16xf32>, %b: tensor<16xf32>) -> tensor<?x?x16xf32> {
  %n = dlc.fusion_group "rows" attributes {row_dims = 2 : i64} {
    %n = dlc.layer_norm %x, %g, %b {eps = 1.000000e-05 : f64} : (tensor<?x?x16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<?x?x16xf32>
    dlc.yield %n : tensor<?x?x16xf32>
  } -> tensor<?x?x16xf32>
  return %n : tensor<?x?x16xf32>
}

// -----

// The group's three ops become one loop nest; the tanh after the group
// stays its own.
// CHECK-LABEL: func.func @elementwise
// CHECK: %[[G:.*]] = linalg.generic
// CHECK-NEXT: ^bb0
// CHECK-NEXT: math.exp
// CHECK-NEXT: arith.negf
// CHECK-NEXT: arith.mulf
// CHECK-NEXT: linalg.yield
// CHECK: linalg.generic {{.*}} ins(%[[G]] : tensor<?x4xf32>)
// CHECK-NEXT: ^bb0
// CHECK-NEXT: math.tanh
// CHECK-NOT: dlc.fusion_group
func.func @elementwise(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %m = dlc.fusion_group "elementwise" {
    %e = dlc.exp %x : tensor<?x4xf32>
    %n = dlc.neg %e : tensor<?x4xf32>
    %m = dlc.mul %n, %x : (tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<?x4xf32>
    dlc.yield %m : tensor<?x4xf32>
  } -> tensor<?x4xf32>
  %t = dlc.tanh %m : tensor<?x4xf32>
  return %t : tensor<?x4xf32>
}

// -----

// In an elementwise group, a producer of a few arithmetic ops that only the
// group reads is computed again by each consumer instead of being stored:
// a batch norm's deviations from the mean feed both the variance and the
// normalised output. No loop nest computes the subtraction alone.
// DEFAULT-LABEL: func.func @recompute_cheap
// DEFAULT: linalg.generic {{.*}} iterator_types = ["reduction", "parallel"]} ins(%arg0, %arg1 : tensor<?x4xf32>, tensor<4xf32>)
// DEFAULT-NEXT: ^bb0
// DEFAULT-NEXT: arith.subf
// DEFAULT-NEXT: arith.subf
// DEFAULT-NEXT: arith.mulf
// DEFAULT-NEXT: arith.addf
// DEFAULT: linalg.generic {{.*}} ins(%arg0, %arg1 : tensor<?x4xf32>, tensor<4xf32>)
// DEFAULT-NEXT: ^bb0
// DEFAULT-NEXT: arith.subf
// DEFAULT-NEXT: arith.mulf
// DEFAULT-NEXT: linalg.yield
// DEFAULT-NOT: linalg.generic
func.func @recompute_cheap(%x: tensor<?x4xf32>, %m: tensor<4xf32>) -> (tensor<4xf32>, tensor<?x4xf32>) {
  %s, %y = dlc.fusion_group "elementwise" {
    %d = dlc.sub %x, %m : (tensor<?x4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
    %q = dlc.mul %d, %d : (tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<?x4xf32>
    %s = dlc.reduce_sum %q {axes = array<i64: 0>} : tensor<?x4xf32> -> tensor<4xf32>
    %y = dlc.mul %d, %x : (tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<?x4xf32>
    dlc.yield %s, %y : tensor<4xf32>, tensor<?x4xf32>
  } -> tensor<4xf32>, tensor<?x4xf32>
  return %s, %y : tensor<4xf32>, tensor<?x4xf32>
}

// -----

// An exp is not computed twice: the two ops that read it read it stored.
// DEFAULT-LABEL: func.func @exp_stored
// DEFAULT: %[[E:.*]] = linalg.generic
// DEFAULT-NEXT: ^bb0
// DEFAULT-NEXT: math.exp
// DEFAULT-NEXT: linalg.yield
// DEFAULT: linalg.generic {{.*}} ins(%[[E]], %arg0
// DEFAULT-NEXT: ^bb0
// DEFAULT-NEXT: arith.mulf
// DEFAULT: linalg.generic {{.*}} ins(%[[E]], %arg0
// DEFAULT-NEXT: ^bb0
// DEFAULT-NEXT: arith.addf
// DEFAULT-NOT: math.exp
func.func @exp_stored(%x: tensor<?x4xf32>) -> (tensor<?x4xf32>, tensor<?x4xf32>) {
  %a, %b = dlc.fusion_group "elementwise" {
    %e = dlc.exp %x : tensor<?x4xf32>
    %a = dlc.mul %e, %x : (tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<?x4xf32>
    %b = dlc.add %e, %x : (tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<?x4xf32>
    dlc.yield %a, %b : tensor<?x4xf32>, tensor<?x4xf32>
  } -> tensor<?x4xf32>, tensor<?x4xf32>
  return %a, %b : tensor<?x4xf32>, tensor<?x4xf32>
}
