// RUN: dlc-opt %s --split-input-file --canonicalize | FileCheck %s
// Folders of the dlc dialect.

// dlc.size of a static dimension folds to a dlc.constant; a dynamic one stays.
// CHECK-LABEL: func.func @size_static
// CHECK-SAME: (%[[X:.*]]: tensor<?x4xf32>)
// CHECK-DAG: %[[C:.*]] = dlc.constant dense<4> : tensor<i64>
// CHECK-DAG: %[[N:.*]] = dlc.size %[[X]] {axis = 0 : i64} : tensor<?x4xf32>
// CHECK-NOT: dlc.size
// CHECK: return %[[N]], %[[C]] : tensor<i64>, tensor<i64>
func.func @size_static(%x: tensor<?x4xf32>) -> (tensor<i64>, tensor<i64>) {
  %n = dlc.size %x {axis = 0 : i64} : tensor<?x4xf32>
  %c = dlc.size %x {axis = 1 : i64} : tensor<?x4xf32>
  return %n, %c : tensor<i64>, tensor<i64>
}

// -----

// A fully static tensor needs no dlc.size at all.
// CHECK-LABEL: func.func @size_all_static
// CHECK-NOT: dlc.size
// CHECK: %[[C:.*]] = dlc.constant dense<7> : tensor<i64>
// CHECK: return %[[C]] : tensor<i64>
func.func @size_all_static(%x: tensor<3x7xi32>) -> tensor<i64> {
  %n = dlc.size %x {axis = 1 : i64} : tensor<3x7xi32>
  return %n : tensor<i64>
}
