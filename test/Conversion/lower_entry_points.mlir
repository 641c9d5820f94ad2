// RUN: dlc-opt %s --dlc-lower-entry-points | FileCheck %s

// Parameters become views of the state arena at 64-byte aligned offsets, in
// declaration order (params, then buffers); inputs are read through
// to_tensor, results written into caller-owned output buffers.

// CHECK: module attributes {dlc.state_bytes = 192 : i64}
// CHECK-NOT: dlc.param
// CHECK-NOT: dlc.buffer
dlc.param @fc.weight : tensor<2x3xf32> init "zeros"
dlc.param @fc.bias : tensor<2xf32> init "zeros"
dlc.buffer @stats : tensor<2xf32> init "ones"

// CHECK-LABEL: func.func @forward
// CHECK-SAME: (%[[STATE:.*]]: memref<?xi8>, %[[X:.*]]: memref<?x2xf32>, %[[OUT:.*]]: memref<?x2xf32>)
// CHECK-SAME: attributes {llvm.emit_c_interface}
// CHECK-DAG: %[[C64:.*]] = arith.constant 64 : index
// CHECK-DAG: %[[C128:.*]] = arith.constant 128 : index
// CHECK-DAG: memref.view %[[STATE]][%[[C64]]][] : memref<?xi8> to memref<2xf32>
// CHECK-DAG: memref.view %[[STATE]][%[[C128]]][] : memref<?xi8> to memref<2xf32>
// CHECK: %[[XT:.*]] = bufferization.to_tensor %[[X]] restrict : memref<?x2xf32>
// CHECK: dlc.add
// CHECK: dlc.add
// CHECK: %[[R:.*]] = dlc.add
// CHECK: bufferization.materialize_in_destination %[[R]] in restrict writable %[[OUT]]
// CHECK: return
// CHECK-NOT: tensor<
func.func @forward(%x: tensor<?x2xf32> {dlc.name = "x", dlc.dims = ["N", 2]}) -> (tensor<?x2xf32> {dlc.dims = ["N", 2]}) {
  %b = dlc.load @fc.bias : tensor<2xf32>
  %s = dlc.load @stats : tensor<2xf32>
  %b2 = dlc.load @fc.bias : tensor<2xf32>
  %t = dlc.add %b, %s : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  %u = dlc.add %t, %b2 : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  %r = dlc.add %x, %u : (tensor<?x2xf32>, tensor<2xf32>) -> tensor<?x2xf32>
  return %r : tensor<?x2xf32>
}
