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

// A dynamic extent of an elementwise result is asked of an operand dynamic
// there, through broadcasting and a chain of ops, so that the extent keeps
// no result alive; an op that is not elementwise (a matmul) stops it.
// CHECK-LABEL: func.func @size_through_elementwise
// CHECK-SAME: (%[[X:[^:]*]]: tensor<?x4xf32>, %[[B:[^:]*]]: tensor<4xf32>, %[[W:[^:]*]]: tensor<4x4xf32>)
// CHECK-DAG: %[[N:.*]] = dlc.size %[[X]] {axis = 0 : i64} : tensor<?x4xf32>
// CHECK-DAG: %[[P:.*]] = dlc.matmul
// CHECK-DAG: %[[M:.*]] = dlc.size %[[P]] {axis = 0 : i64} : tensor<?x4xf32>
// CHECK: return %[[N]], %[[M]]
func.func @size_through_elementwise(%x: tensor<?x4xf32>, %b: tensor<4xf32>, %w: tensor<4x4xf32>) -> (tensor<i64>, tensor<i64>) {
  %s = dlc.sub %b, %x : (tensor<4xf32>, tensor<?x4xf32>) -> tensor<?x4xf32>
  %e = dlc.exp %s : tensor<?x4xf32>
  %n = dlc.size %e {axis = 0 : i64} : tensor<?x4xf32>
  %p = dlc.matmul %x, %w : (tensor<?x4xf32>, tensor<4x4xf32>) -> tensor<?x4xf32>
  %r = dlc.relu %p : tensor<?x4xf32>
  %m = dlc.size %r {axis = 0 : i64} : tensor<?x4xf32>
  return %n, %m : tensor<i64>, tensor<i64>
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
