// RUN: dlc-opt %s --split-input-file --dlc-hoist-destinations | FileCheck %s
// RUN: dlc-opt %s --split-input-file --dlc-hoist-destinations --eliminate-empty-tensors | FileCheck %s --check-prefix=ELIM
// A padded tensor's destination (an empty tensor filled with the padding
// value) moves to just before the empty tensor that the op computing what
// is padded writes into; empty-tensor elimination then has that op compute
// into the destination's interior instead of a copy.

#id = affine_map<(d0, d1) -> (d0, d1)>

// CHECK-LABEL: func.func @padded_result
// CHECK-SAME: (%[[X:.*]]: tensor<?x4xf32>)
// CHECK: %[[N:.*]] = tensor.dim %[[X]]
// CHECK-NEXT: %[[DEST:.*]] = tensor.empty(%[[N]]) : tensor<?x6xf32>
// CHECK-NEXT: %[[ZEROS:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%[[DEST]] : tensor<?x6xf32>)
// CHECK-NEXT: %[[INIT:.*]] = tensor.empty(%[[N]]) : tensor<?x4xf32>
// CHECK-NEXT: %[[Y:.*]] = linalg.generic {{.*}} ins(%[[X]] : tensor<?x4xf32>) outs(%[[INIT]] : tensor<?x4xf32>)
// CHECK: tensor.insert_slice %[[Y]] into %[[ZEROS]][0, 1] [%[[N]], 4] [1, 1]

// After elimination the generic writes into the destination's interior,
// after the fill.
// ELIM-LABEL: func.func @padded_result
// ELIM: %[[ZEROS:.*]] = linalg.fill
// ELIM-NEXT: %[[INTERIOR:.*]] = tensor.extract_slice %[[ZEROS]][0, 1] [%{{.*}}, 4] [1, 1]
// ELIM: linalg.generic {{.*}} outs(%[[INTERIOR]] : tensor<?x4xf32>)
func.func @padded_result(%x: tensor<?x4xf32>) -> tensor<?x6xf32> {
  %c0 = arith.constant 0 : index
  %zero = arith.constant 0.0 : f32
  %n = tensor.dim %x, %c0 : tensor<?x4xf32>
  %init = tensor.empty(%n) : tensor<?x4xf32>
  %y = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%x : tensor<?x4xf32>) outs(%init : tensor<?x4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %r = arith.maximumf %in, %zero : f32
    linalg.yield %r : f32
  } -> tensor<?x4xf32>
  %dest = tensor.empty(%n) : tensor<?x6xf32>
  %zeros = linalg.fill ins(%zero : f32) outs(%dest : tensor<?x6xf32>) -> tensor<?x6xf32>
  %padded = tensor.insert_slice %y into %zeros[0, 1] [%n, 4] [1, 1] : tensor<?x4xf32> into tensor<?x6xf32>
  return %padded : tensor<?x6xf32>
}

// -----

// A chain stays where it is when what it pads is a function argument (no
// op computes it), when its sizes are computed after the empty tensor that
// the interior comes from, and when one of its values has another user.
// CHECK-LABEL: func.func @stays
// CHECK: %[[I1:.*]] = tensor.empty() : tensor<4xf32>
// CHECK-NEXT: %[[Y1:.*]] = linalg.generic {{.*}} outs(%[[I1]]
// CHECK: %[[M:.*]] = arith.addi
// CHECK-NEXT: %[[LATE:.*]] = tensor.empty(%[[M]]) : tensor<?xf32>
// CHECK-NEXT: %[[F1:.*]] = linalg.fill {{.*}} outs(%[[LATE]]
// CHECK-NEXT: tensor.insert_slice %[[Y1]] into %[[F1]]
// CHECK-NEXT: %[[D2:.*]] = tensor.empty() : tensor<6xf32>
// CHECK-NEXT: %[[F2:.*]] = linalg.fill {{.*}} outs(%[[D2]]
// CHECK-NEXT: tensor.insert_slice %arg0 into %[[F2]]
// CHECK-NEXT: %[[I3:.*]] = tensor.empty() : tensor<4xf32>
// CHECK-NEXT: %[[Y3:.*]] = linalg.generic {{.*}} outs(%[[I3]]
// CHECK: %[[D3:.*]] = tensor.empty() : tensor<6xf32>
// CHECK-NEXT: %[[F3:.*]] = linalg.fill {{.*}} outs(%[[D3]]
// CHECK-NEXT: tensor.insert_slice %[[Y3]] into %[[F3]]
#id1 = affine_map<(d0) -> (d0)>
func.func @stays(%x: tensor<4xf32>, %n: index) -> (tensor<?xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>) {
  %zero = arith.constant 0.0 : f32
  %init = tensor.empty() : tensor<4xf32>
  %y = linalg.generic {indexing_maps = [#id1, #id1], iterator_types = ["parallel"]} ins(%x : tensor<4xf32>) outs(%init : tensor<4xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<4xf32>
  // Sized after %init.
  %m = arith.addi %n, %n : index
  %late = tensor.empty(%m) : tensor<?xf32>
  %f1 = linalg.fill ins(%zero : f32) outs(%late : tensor<?xf32>) -> tensor<?xf32>
  %p1 = tensor.insert_slice %y into %f1[1] [4] [1] : tensor<4xf32> into tensor<?xf32>
  // An argument padded.
  %d2 = tensor.empty() : tensor<6xf32>
  %f2 = linalg.fill ins(%zero : f32) outs(%d2 : tensor<6xf32>) -> tensor<6xf32>
  %p2 = tensor.insert_slice %x into %f2[1] [4] [1] : tensor<4xf32> into tensor<6xf32>
  // A filled destination that is returned as well.
  %init3 = tensor.empty() : tensor<4xf32>
  %y3 = linalg.generic {indexing_maps = [#id1, #id1], iterator_types = ["parallel"]} ins(%x : tensor<4xf32>) outs(%init3 : tensor<4xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<4xf32>
  %d3 = tensor.empty() : tensor<6xf32>
  %f3 = linalg.fill ins(%zero : f32) outs(%d3 : tensor<6xf32>) -> tensor<6xf32>
  %p3 = tensor.insert_slice %y3 into %f3[1] [4] [1] : tensor<4xf32> into tensor<6xf32>
  return %p1, %p2, %p3, %f3 : tensor<?xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>
}
