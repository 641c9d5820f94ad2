# RUN: dlc %s --emit=mlir | FileCheck %s
# How builtins map to dlc ops: compile-time folding, broadcasting with
# scalar constants, casts, batched matmul, shape ops lowered to reshape and
# transpose, reductions with negative axes, softmax, argmax, clamp, mse.
# A program without a train block compiles its last module (no arguments).

module Ops(hidden: int = 2) {
  param w: f32[hidden * 4, 8] = normal(0.0, 0.02)

  def forward(x: f32[N, T, 8], ids: i32[N]) -> f32[N] {
    s = x @ transpose(w, [1, 0]) * (1 / sqrt(16.0))
    s = clamp(s, min = -1.0, max = 1.0) ** 2
    p = softmax(s, axis = -1) + log_softmax(s, -2)
    r = sum(reshape(p, [N, -1]), axis = -1, keepdim = true)
    q = flatten(unsqueeze(r, 0), 1) + cast(ids, "f32")
    t = squeeze(r, axis = 1) + mean(x, axis = [1, 2]) + max(p, axis = [1, 2])
    a = cast(argmax(x, axis = -1), "f32")
    return t * 2 - mse(p, p) + sum(q) + mean(a, axis = 1)
  }
}

# CHECK: module attributes {dlc.model = "Ops"}
# CHECK: dlc.param @w : tensor<8x8xf32> init "normal" {fan_in = 8 : i64, fan_out = 8 : i64, init_b = 2.000000e-02 : f64}
# CHECK-LABEL: func.func @forward(%arg0: tensor<?x?x8xf32> {dlc.dims = ["N", "T", 8], dlc.name = "x"}, %arg1: tensor<?xi32> {dlc.dims = ["N"], dlc.name = "ids"}) -> (tensor<?xf32> {dlc.dims = ["N"]})
# CHECK: %[[W:.*]] = dlc.load @w : tensor<8x8xf32>
# CHECK: %[[WT:.*]] = dlc.transpose %[[W]] [1, 0] : tensor<8x8xf32> -> tensor<8x8xf32>
# CHECK: %[[MM:.*]] = dlc.matmul %arg0, %[[WT]] : (tensor<?x?x8xf32>, tensor<8x8xf32>) -> tensor<?x?x8xf32>
# CHECK: %[[C:.*]] = dlc.constant dense<2.500000e-01> : tensor<f32>
# CHECK: dlc.mul %[[MM]], %[[C]] : (tensor<?x?x8xf32>, tensor<f32>) -> tensor<?x?x8xf32>
# CHECK: dlc.maximum
# CHECK: dlc.minimum
# CHECK: dlc.pow
# CHECK: dlc.softmax %{{.*}} {axis = 2 : i64} : tensor<?x?x8xf32>
# CHECK: dlc.log_softmax %{{.*}} {axis = 1 : i64} : tensor<?x?x8xf32>
# CHECK: dlc.reshape %{{.*}} : tensor<?x?x8xf32> -> tensor<?x?xf32>
# CHECK: dlc.reduce_sum %{{.*}} {axes = array<i64: 1>, keepdim = true} : tensor<?x?xf32> -> tensor<?x1xf32>
# CHECK: dlc.reshape %{{.*}} : tensor<?x1xf32> -> tensor<1x?x1xf32>
# CHECK: dlc.reshape %{{.*}} : tensor<1x?x1xf32> -> tensor<1x?xf32>
# CHECK: dlc.cast %arg1 : tensor<?xi32> -> tensor<?xf32>
# CHECK: dlc.reshape %{{.*}} : tensor<?x1xf32> -> tensor<?xf32>
# CHECK: dlc.reduce_mean %arg0 {axes = array<i64: 1, 2>} : tensor<?x?x8xf32> -> tensor<?xf32>
# CHECK: dlc.reduce_max %{{.*}} {axes = array<i64: 1, 2>} : tensor<?x?x8xf32> -> tensor<?xf32>
# CHECK: dlc.argmax %arg0 {axis = 2 : i64} : tensor<?x?x8xf32> -> tensor<?x?xi64>
# CHECK: dlc.cast %{{.*}} : tensor<?x?xi64> -> tensor<?x?xf32>
# CHECK: dlc.mse
# CHECK: return %{{.*}} : tensor<?xf32>
