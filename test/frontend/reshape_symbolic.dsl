# RUN: dlc %s --emit=mlir | FileCheck %s
# Symbolic reshapes that can be proven at compile time are accepted: -1
# takes the symbolic factors left over (2*K), and equal counts match.
module M {
  def forward(x: f32[N, K, 4]) {
    y = reshape(x, [N, -1, 2])
    return [y, reshape(y, [N, K * 4])]
  }
}

# CHECK: func.func @forward
# CHECK-SAME: dlc.dims = ["N", "2*K", 2]
# CHECK-SAME: dlc.dims = ["N", "4*K"]
# Each symbolic extent of the result is computed from the input's sizes.
# CHECK-DAG: %[[K:.*]] = dlc.size %arg0 {axis = 1 : i64}
# CHECK-DAG: %[[N:.*]] = dlc.size %arg0 {axis = 0 : i64}
# CHECK: %[[TWO:.*]] = dlc.constant dense<2> : tensor<i64>
# CHECK: %[[TWOK:.*]] = dlc.mul %[[TWO]], %[[K]]
# CHECK: %[[Y:.*]] = dlc.reshape %arg0 sizes(%[[N]], %[[TWOK]]) : tensor<?x?x4xf32> -> tensor<?x?x2xf32>
# CHECK: %[[FOURK:.*]] = dlc.mul %{{.*}}, %[[K]]
# CHECK: dlc.reshape %[[Y]] sizes(%[[N]], %[[FOURK]]) : tensor<?x?x2xf32> -> tensor<?x?xf32>
