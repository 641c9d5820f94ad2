// RUN: dlc-opt %s | dlc-opt | FileCheck %s
// Every dlc op parses, verifies and prints back to something that parses.

// CHECK: dlc.param @fc1.weight : tensor<4x3xf32> init "kaiming_uniform"
dlc.param @fc1.weight : tensor<4x3xf32> init "kaiming_uniform" {init_a = 2.2360679774997898 : f64, fan_in = 3 : i64, fan_out = 4 : i64}
// CHECK: dlc.param @fc1.bias : tensor<4xf32> init "uniform"
dlc.param @fc1.bias : tensor<4xf32> init "uniform" {init_a = -0.5 : f64, init_b = 0.5 : f64}
// CHECK: dlc.buffer @bn.running_var : tensor<4xf32> init "ones"
dlc.buffer @bn.running_var : tensor<4xf32> init "ones"

// CHECK-LABEL: func.func @forward
func.func @forward(%x: tensor<?x3xf32>, %y: tensor<?xi32>) -> (tensor<?x4xf32>, tensor<f32>) {
  // CHECK: dlc.load @fc1.weight : tensor<4x3xf32>
  %w = dlc.load @fc1.weight : tensor<4x3xf32>
  %b = dlc.load @fc1.bias : tensor<4xf32>
  // CHECK: dlc.linear %{{.*}}, %{{.*}}, %{{.*}} : (tensor<?x3xf32>, tensor<4x3xf32>, tensor<4xf32>) -> tensor<?x4xf32>
  %h = dlc.linear %x, %w, %b : (tensor<?x3xf32>, tensor<4x3xf32>, tensor<4xf32>) -> tensor<?x4xf32>
  %h2 = dlc.linear %x, %w : (tensor<?x3xf32>, tensor<4x3xf32>) -> tensor<?x4xf32>
  // CHECK: dlc.add {{.*}} : (tensor<?x4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
  %s = dlc.add %h, %b : (tensor<?x4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
  %d = dlc.sub %s, %h2 : (tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<?x4xf32>
  %m = dlc.mul %d, %d : (tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<?x4xf32>
  %q = dlc.div %m, %b : (tensor<?x4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
  %mx = dlc.maximum %q, %m : (tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<?x4xf32>
  %mn = dlc.minimum %mx, %m : (tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<?x4xf32>
  %two = dlc.constant dense<2.0> : tensor<f32>
  // CHECK: dlc.pow {{.*}} : (tensor<?x4xf32>, tensor<f32>) -> tensor<?x4xf32>
  %p = dlc.pow %mn, %two : (tensor<?x4xf32>, tensor<f32>) -> tensor<?x4xf32>
  // CHECK: dlc.relu {{.*}} : tensor<?x4xf32>
  %r = dlc.relu %p : tensor<?x4xf32>
  %e = dlc.exp %r : tensor<?x4xf32>
  %l = dlc.log %e : tensor<?x4xf32>
  %t = dlc.tanh %l : tensor<?x4xf32>
  %sg = dlc.sigmoid %t : tensor<?x4xf32>
  %sq = dlc.sqrt %sg : tensor<?x4xf32>
  %rs = dlc.rsqrt %sq : tensor<?x4xf32>
  %ab = dlc.abs %rs : tensor<?x4xf32>
  %ng = dlc.neg %ab : tensor<?x4xf32>
  %ef = dlc.erf %ng : tensor<?x4xf32>
  // CHECK: dlc.gelu {{.*}} {approximate = "tanh"} : tensor<?x4xf32>
  %g = dlc.gelu %ef {approximate = "tanh"} : tensor<?x4xf32>
  // CHECK: dlc.transpose {{.*}} [1, 0] : tensor<?x4xf32> -> tensor<4x?xf32>
  %tr = dlc.transpose %g [1, 0] : tensor<?x4xf32> -> tensor<4x?xf32>
  // CHECK: dlc.matmul {{.*}} : (tensor<4x?xf32>, tensor<?x4xf32>) -> tensor<4x4xf32>
  %mm = dlc.matmul %tr, %g : (tensor<4x?xf32>, tensor<?x4xf32>) -> tensor<4x4xf32>
  // CHECK: dlc.reshape {{.*}} : tensor<4x4xf32> -> tensor<2x8xf32>
  %rh = dlc.reshape %mm : tensor<4x4xf32> -> tensor<2x8xf32>
  // CHECK: dlc.reduce_sum {{.*}} {axes = array<i64: 1>, keepdim = true} : tensor<?x4xf32> -> tensor<?x1xf32>
  %rsum = dlc.reduce_sum %g {axes = array<i64: 1>, keepdim = true} : tensor<?x4xf32> -> tensor<?x1xf32>
  %rmean = dlc.reduce_mean %g {axes = array<i64: 0, 1>} : tensor<?x4xf32> -> tensor<f32>
  %rmax = dlc.reduce_max %g {axes = array<i64: 0>} : tensor<?x4xf32> -> tensor<4xf32>
  %rmin = dlc.reduce_min %g {axes = array<i64: 1>} : tensor<?x4xf32> -> tensor<?xf32>
  // CHECK: dlc.softmax {{.*}} {axis = 1 : i64} : tensor<?x4xf32>
  %sm = dlc.softmax %g {axis = 1 : i64} : tensor<?x4xf32>
  %lsm = dlc.log_softmax %sm {axis = 1 : i64} : tensor<?x4xf32>
  // CHECK: dlc.argmax {{.*}} {axis = 1 : i64} : tensor<?x4xf32> -> tensor<?xi64>
  %am = dlc.argmax %lsm {axis = 1 : i64} : tensor<?x4xf32> -> tensor<?xi64>
  // CHECK: dlc.cross_entropy {{.*}} : (tensor<?x4xf32>, tensor<?xi32>) -> tensor<f32>
  %ce = dlc.cross_entropy %lsm, %y : (tensor<?x4xf32>, tensor<?xi32>) -> tensor<f32>
  %acc = dlc.accuracy %lsm, %y : (tensor<?x4xf32>, tensor<?xi32>) -> tensor<f32>
  %mse = dlc.mse %g, %h : (tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<f32>
  // CHECK: dlc.cast {{.*}} : tensor<?xi32> -> tensor<?xf32>
  %yf = dlc.cast %y : tensor<?xi32> -> tensor<?xf32>
  return %lsm, %ce : tensor<?x4xf32>, tensor<f32>
}
