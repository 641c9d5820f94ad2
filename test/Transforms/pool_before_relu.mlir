// RUN: dlc-opt %s --split-input-file --dlc-pool-before-relu | FileCheck %s
// max_pool2d of a ReLU becomes the ReLU of the max_pool2d, on the pooled
// map, where the pooling is the ReLU's only user.

// CHECK-LABEL: func.func @pooled_relu
// CHECK-SAME: (%[[X:.*]]: tensor<?x4x8x8xf32>)
// CHECK-NEXT: %[[P:.*]] = dlc.max_pool2d %[[X]] {kernel = array<i64: 3, 3>, padding = array<i64: 1, 1>, stride = array<i64: 2, 2>} : tensor<?x4x8x8xf32> -> tensor<?x4x4x4xf32>
// CHECK-NEXT: %[[R:.*]] = dlc.relu %[[P]] : tensor<?x4x4x4xf32>
// CHECK-NEXT: return %[[R]]
func.func @pooled_relu(%x: tensor<?x4x8x8xf32>) -> tensor<?x4x4x4xf32> {
  %r = dlc.relu %x : tensor<?x4x8x8xf32>
  %p = dlc.max_pool2d %r {kernel = array<i64: 3, 3>, stride = array<i64: 2, 2>, padding = array<i64: 1, 1>} : tensor<?x4x8x8xf32> -> tensor<?x4x4x4xf32>
  return %p : tensor<?x4x4x4xf32>
}

// -----

// A ReLU that something else reads too stays where it is: swapping would
// compute it twice.
// CHECK-LABEL: func.func @shared_relu
// CHECK-NEXT: %[[R:.*]] = dlc.relu %arg0
// CHECK-NEXT: %[[P:.*]] = dlc.max_pool2d %[[R]]
// CHECK-NEXT: return %[[P]], %[[R]]
func.func @shared_relu(%x: tensor<?x4x8x8xf32>) -> (tensor<?x4x4x4xf32>, tensor<?x4x8x8xf32>) {
  %r = dlc.relu %x : tensor<?x4x8x8xf32>
  %p = dlc.max_pool2d %r {kernel = array<i64: 2, 2>, stride = array<i64: 2, 2>, padding = array<i64: 0, 0>} : tensor<?x4x8x8xf32> -> tensor<?x4x4x4xf32>
  return %p, %r : tensor<?x4x4x4xf32>, tensor<?x4x8x8xf32>
}

// -----

// The mean of ReLUs is not the ReLU of the mean: average pooling keeps its
// order.
// CHECK-LABEL: func.func @averaged_relu
// CHECK-NEXT: %[[R:.*]] = dlc.relu %arg0
// CHECK-NEXT: dlc.avg_pool2d %[[R]]
func.func @averaged_relu(%x: tensor<?x4x8x8xf32>) -> tensor<?x4x4x4xf32> {
  %r = dlc.relu %x : tensor<?x4x8x8xf32>
  %p = dlc.avg_pool2d %r {kernel = array<i64: 2, 2>, stride = array<i64: 2, 2>, padding = array<i64: 0, 0>} : tensor<?x4x8x8xf32> -> tensor<?x4x4x4xf32>
  return %p : tensor<?x4x4x4xf32>
}
