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

// Optimizer state is declared like a buffer and read and written with
// dlc.load and dlc.store; dlc.learning_rate takes every schedule.
// CHECK: dlc.optimizer_state @optimizer.step : tensor<i64> init "zeros"
dlc.optimizer_state @optimizer.step : tensor<i64> init "zeros"
// CHECK: dlc.optimizer_state @optimizer.fc1.weight.exp_avg : tensor<4x3xf32> init "zeros"
dlc.optimizer_state @optimizer.fc1.weight.exp_avg : tensor<4x3xf32> init "zeros"

// CHECK-LABEL: func.func @optimizer_step
// CHECK-SAME: (%[[G:.*]]: tensor<4x3xf32>)
func.func @optimizer_step(%g: tensor<4x3xf32>) {
  // CHECK: %[[M:.*]] = dlc.load @optimizer.fc1.weight.exp_avg : tensor<4x3xf32>
  %m = dlc.load @optimizer.fc1.weight.exp_avg : tensor<4x3xf32>
  // CHECK: %[[S:.*]] = dlc.load @optimizer.step : tensor<i64>
  %s = dlc.load @optimizer.step : tensor<i64>
  // CHECK: dlc.learning_rate %[[S]] {lr = 1.000000e-01 : f64} : tensor<f64>
  %lr = dlc.learning_rate %s {lr = 1.0e-01 : f64} : tensor<f64>
  // CHECK: dlc.learning_rate %[[S]] {gamma = 5.000000e-01 : f64, lr = 1.000000e-01 : f64, schedule = "step", step_size = 10 : i64} : tensor<f64>
  %lr2 = dlc.learning_rate %s {schedule = "step", lr = 1.0e-01 : f64, step_size = 10 : i64, gamma = 5.0e-01 : f64} : tensor<f64>
  // CHECK: dlc.learning_rate %[[S]] {lr = 1.000000e-01 : f64, min_lr = 1.000000e-03 : f64, schedule = "cosine", total_steps = 100 : i64, warmup = 5 : i64} : tensor<f64>
  %lr3 = dlc.learning_rate %s {schedule = "cosine", lr = 1.0e-01 : f64, warmup = 5 : i64, total_steps = 100 : i64, min_lr = 1.0e-03 : f64} : tensor<f64>
  // CHECK: dlc.store %[[G]], @fc1.weight : tensor<4x3xf32>
  dlc.store %g, @fc1.weight : tensor<4x3xf32>
  // CHECK: dlc.store %[[M]], @optimizer.fc1.weight.exp_avg : tensor<4x3xf32>
  dlc.store %m, @optimizer.fc1.weight.exp_avg : tensor<4x3xf32>
  // CHECK: dlc.store %{{.*}}, @bn.running_var : tensor<4xf32>
  %v = dlc.load @bn.running_var : tensor<4xf32>
  dlc.store %v, @bn.running_var : tensor<4xf32>
  return
}

// Sizes, comparison, selection, broadcasting, slices and concatenation.
// CHECK-LABEL: func.func @shapes
// CHECK-SAME: (%[[X:.*]]: tensor<?x4xf32>, %[[Y:.*]]: tensor<?x4xf32>, %[[I:.*]]: tensor<?x4xi32>, %[[A:.*]]: tensor<?x1x8xf32>, %[[B:.*]]: tensor<?x?x8xf32>)
func.func @shapes(%x: tensor<?x4xf32>, %y: tensor<?x4xf32>, %i: tensor<?x4xi32>, %a: tensor<?x1x8xf32>, %b: tensor<?x?x8xf32>) -> tensor<?x4xf32> {
  // CHECK: %[[N:.*]] = dlc.size %[[X]] {axis = 0 : i64} : tensor<?x4xf32>
  %n = dlc.size %x {axis = 0 : i64} : tensor<?x4xf32>
  // CHECK: %[[ZERO:.*]] = dlc.constant dense<0.000000e+00> : tensor<f32>
  %zero = dlc.constant dense<0.0> : tensor<f32>
  // CHECK: %[[M:.*]] = dlc.compare "gt" %[[X]], %[[ZERO]] : (tensor<?x4xf32>, tensor<f32>) -> tensor<?x4xi1>
  %m = dlc.compare "gt" %x, %zero : (tensor<?x4xf32>, tensor<f32>) -> tensor<?x4xi1>
  // CHECK: dlc.compare "le" %[[I]], %[[I]] : (tensor<?x4xi32>, tensor<?x4xi32>) -> tensor<?x4xi1>
  %mi = dlc.compare "le" %i, %i : (tensor<?x4xi32>, tensor<?x4xi32>) -> tensor<?x4xi1>
  // CHECK: dlc.select %[[M]], %[[X]], %[[ZERO]] : (tensor<?x4xi1>, tensor<?x4xf32>, tensor<f32>) -> tensor<?x4xf32>
  %s = dlc.select %m, %x, %zero : (tensor<?x4xi1>, tensor<?x4xf32>, tensor<f32>) -> tensor<?x4xf32>
  %row = dlc.constant dense<1.0> : tensor<1x4xf32>
  // CHECK: dlc.broadcast_to %{{.*}} sizes(%[[N]]) : tensor<1x4xf32> -> tensor<?x4xf32>
  %br = dlc.broadcast_to %row sizes(%n) : tensor<1x4xf32> -> tensor<?x4xf32>
  // CHECK: dlc.broadcast_to %[[ZERO]] : tensor<f32> -> tensor<2x3xf32>
  %bs = dlc.broadcast_to %zero : tensor<f32> -> tensor<2x3xf32>
  // CHECK: %[[SL:.*]] = dlc.slice %[[X]] starts [0, 1] strides [1, 2] : tensor<?x4xf32> -> tensor<?x2xf32>
  %sl = dlc.slice %x starts [0, 1] strides [1, 2] : tensor<?x4xf32> -> tensor<?x2xf32>
  // CHECK: %[[IS:.*]] = dlc.insert_slice %[[SL]] into %[[Y]] starts [0, 1] strides [1, 2] : tensor<?x2xf32> into tensor<?x4xf32>
  %is = dlc.insert_slice %sl into %y starts [0, 1] strides [1, 2] : tensor<?x2xf32> into tensor<?x4xf32>
  // CHECK: dlc.concat %[[X]], %[[Y]] {axis = 1 : i64} : (tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<?x8xf32>
  %cc = dlc.concat %x, %y {axis = 1 : i64} : (tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<?x8xf32>
  // CHECK: dlc.concat %[[A]], %[[B]] {axis = 1 : i64} : (tensor<?x1x8xf32>, tensor<?x?x8xf32>) -> tensor<?x?x8xf32>
  %cd = dlc.concat %a, %b {axis = 1 : i64} : (tensor<?x1x8xf32>, tensor<?x?x8xf32>) -> tensor<?x?x8xf32>
  // CHECK: %[[T:.*]] = dlc.size %[[B]] {axis = 1 : i64} : tensor<?x?x8xf32>
  %t = dlc.size %b {axis = 1 : i64} : tensor<?x?x8xf32>
  // CHECK: dlc.reshape %[[B]] sizes(%[[N]], %[[T]]) : tensor<?x?x8xf32> -> tensor<?x?x2x4xf32>
  %r1 = dlc.reshape %b sizes(%n, %t) : tensor<?x?x8xf32> -> tensor<?x?x2x4xf32>
  // CHECK: dlc.reshape %[[B]] sizes(%[[N]]) {inferred = 1 : i64} : tensor<?x?x8xf32> -> tensor<?x?x2x4xf32>
  %r2 = dlc.reshape %b sizes(%n) {inferred = 1 : i64} : tensor<?x?x8xf32> -> tensor<?x?x2x4xf32>
  return %is : tensor<?x4xf32>
}

// Embedding, dropout, masks and one-hot, with the backward ops of gelu,
// cross_entropy and embedding.
// CHECK-LABEL: func.func @layers
// CHECK-SAME: (%[[IDS:.*]]: tensor<?x16xi64>, %[[TABLE:.*]]: tensor<30x8xf32>, %[[X:.*]]: tensor<?x16x8xf32>, %[[SEED:.*]]: tensor<i64>, %[[T:.*]]: tensor<i64>, %[[Y:.*]]: tensor<?xi32>, %[[L:.*]]: tensor<?x10xf32>, %[[DL:.*]]: tensor<f32>)
func.func @layers(%ids: tensor<?x16xi64>, %table: tensor<30x8xf32>, %x: tensor<?x16x8xf32>, %seed: tensor<i64>, %t: tensor<i64>, %y: tensor<?xi32>, %l: tensor<?x10xf32>, %dl: tensor<f32>) {
  // CHECK: dlc.embedding %[[IDS]], %[[TABLE]] : (tensor<?x16xi64>, tensor<30x8xf32>) -> tensor<?x16x8xf32>
  %e = dlc.embedding %ids, %table : (tensor<?x16xi64>, tensor<30x8xf32>) -> tensor<?x16x8xf32>
  // CHECK: %[[D:.*]] = dlc.dropout %[[X]], %[[SEED]] {p = 1.000000e-01 : f64, stream = 3 : i64} : tensor<?x16x8xf32>
  %d = dlc.dropout %x, %seed {p = 1.000000e-01 : f64, stream = 3 : i64} : tensor<?x16x8xf32>
  // CHECK: dlc.causal_mask : tensor<16x16xf32>
  %ms = dlc.causal_mask : tensor<16x16xf32>
  // CHECK: dlc.causal_mask %[[T]] : tensor<?x?xf32>
  %md = dlc.causal_mask %t : tensor<?x?xf32>
  // CHECK: dlc.one_hot %[[Y]] {classes = 10 : i64} : tensor<?xi32> -> tensor<?x10xi64>
  %o = dlc.one_hot %y {classes = 10 : i64} : tensor<?xi32> -> tensor<?x10xi64>
  // CHECK: dlc.gelu_grad %[[X]], %[[D]] {approximate = "tanh"} : tensor<?x16x8xf32>
  %g = dlc.gelu_grad %x, %d {approximate = "tanh"} : tensor<?x16x8xf32>
  // The default approximation is not printed.
  // CHECK: dlc.gelu_grad %[[X]], %[[D]] : tensor<?x16x8xf32>
  %g2 = dlc.gelu_grad %x, %d {approximate = "none"} : tensor<?x16x8xf32>
  // CHECK: dlc.cross_entropy_grad %[[L]], %[[Y]], %[[DL]] : (tensor<?x10xf32>, tensor<?xi32>, tensor<f32>) -> tensor<?x10xf32>
  %cg = dlc.cross_entropy_grad %l, %y, %dl : (tensor<?x10xf32>, tensor<?xi32>, tensor<f32>) -> tensor<?x10xf32>
  // CHECK: dlc.embedding_grad %[[IDS]], %[[X]] {num_embeddings = 30 : i64} : (tensor<?x16xi64>, tensor<?x16x8xf32>) -> tensor<30x8xf32>
  %eg = dlc.embedding_grad %ids, %x {num_embeddings = 30 : i64} : (tensor<?x16xi64>, tensor<?x16x8xf32>) -> tensor<30x8xf32>
  return
}

// Convolution (with and without bias, grouped), pooling and their gradients.
// CHECK-LABEL: func.func @windows
// CHECK-SAME: (%[[X:.*]]: tensor<?x4x8x8xf32>, %[[W:.*]]: tensor<6x4x3x3xf32>, %[[B:.*]]: tensor<6xf32>, %[[WG:.*]]: tensor<6x2x3x3xf32>)
func.func @windows(%x: tensor<?x4x8x8xf32>, %w: tensor<6x4x3x3xf32>, %b: tensor<6xf32>, %wg: tensor<6x2x3x3xf32>) {
  // CHECK: %[[Y:.*]] = dlc.conv2d %[[X]], %[[W]], %[[B]] {dilation = array<i64: 1, 1>, groups = 1 : i64, padding = array<i64: 1, 1>, stride = array<i64: 1, 1>} : (tensor<?x4x8x8xf32>, tensor<6x4x3x3xf32>, tensor<6xf32>) -> tensor<?x6x8x8xf32>
  %y = dlc.conv2d %x, %w, %b {stride = array<i64: 1, 1>, padding = array<i64: 1, 1>, dilation = array<i64: 1, 1>, groups = 1 : i64} : (tensor<?x4x8x8xf32>, tensor<6x4x3x3xf32>, tensor<6xf32>) -> tensor<?x6x8x8xf32>
  // CHECK: dlc.conv2d %[[X]], %[[WG]] {dilation = array<i64: 2, 2>, groups = 2 : i64, padding = array<i64: 0, 0>, stride = array<i64: 2, 1>} : (tensor<?x4x8x8xf32>, tensor<6x2x3x3xf32>) -> tensor<?x6x2x4xf32>
  %yg = dlc.conv2d %x, %wg {stride = array<i64: 2, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 2, 2>, groups = 2 : i64} : (tensor<?x4x8x8xf32>, tensor<6x2x3x3xf32>) -> tensor<?x6x2x4xf32>
  // CHECK: dlc.conv2d_input_grad %[[Y]], %[[W]] {dilation = array<i64: 1, 1>, groups = 1 : i64, input_size = array<i64: 8, 8>, padding = array<i64: 1, 1>, stride = array<i64: 1, 1>} : (tensor<?x6x8x8xf32>, tensor<6x4x3x3xf32>) -> tensor<?x4x8x8xf32>
  %dx = dlc.conv2d_input_grad %y, %w {stride = array<i64: 1, 1>, padding = array<i64: 1, 1>, dilation = array<i64: 1, 1>, groups = 1 : i64, input_size = array<i64: 8, 8>} : (tensor<?x6x8x8xf32>, tensor<6x4x3x3xf32>) -> tensor<?x4x8x8xf32>
  // CHECK: dlc.conv2d_weight_grad %[[X]], %[[Y]] {dilation = array<i64: 1, 1>, groups = 1 : i64, kernel = array<i64: 3, 3>, padding = array<i64: 1, 1>, stride = array<i64: 1, 1>} : (tensor<?x4x8x8xf32>, tensor<?x6x8x8xf32>) -> tensor<6x4x3x3xf32>
  %dw = dlc.conv2d_weight_grad %x, %y {stride = array<i64: 1, 1>, padding = array<i64: 1, 1>, dilation = array<i64: 1, 1>, groups = 1 : i64, kernel = array<i64: 3, 3>} : (tensor<?x4x8x8xf32>, tensor<?x6x8x8xf32>) -> tensor<6x4x3x3xf32>
  // CHECK: %[[P:.*]] = dlc.max_pool2d %[[X]] {kernel = array<i64: 2, 2>, padding = array<i64: 0, 0>, stride = array<i64: 2, 2>} : tensor<?x4x8x8xf32> -> tensor<?x4x4x4xf32>
  %p = dlc.max_pool2d %x {kernel = array<i64: 2, 2>, stride = array<i64: 2, 2>, padding = array<i64: 0, 0>} : tensor<?x4x8x8xf32> -> tensor<?x4x4x4xf32>
  // CHECK: %[[A:.*]] = dlc.avg_pool2d %[[X]] {kernel = array<i64: 3, 3>, padding = array<i64: 1, 1>, stride = array<i64: 2, 2>} : tensor<?x4x8x8xf32> -> tensor<?x4x4x4xf32>
  %a = dlc.avg_pool2d %x {kernel = array<i64: 3, 3>, stride = array<i64: 2, 2>, padding = array<i64: 1, 1>} : tensor<?x4x8x8xf32> -> tensor<?x4x4x4xf32>
  // CHECK: dlc.max_pool2d_grad %[[X]], %[[P]] {kernel = array<i64: 2, 2>, padding = array<i64: 0, 0>, stride = array<i64: 2, 2>} : (tensor<?x4x8x8xf32>, tensor<?x4x4x4xf32>) -> tensor<?x4x8x8xf32>
  %pg = dlc.max_pool2d_grad %x, %p {kernel = array<i64: 2, 2>, stride = array<i64: 2, 2>, padding = array<i64: 0, 0>} : (tensor<?x4x8x8xf32>, tensor<?x4x4x4xf32>) -> tensor<?x4x8x8xf32>
  // CHECK: dlc.avg_pool2d_grad %[[A]] {kernel = array<i64: 3, 3>, padding = array<i64: 1, 1>, stride = array<i64: 2, 2>} : tensor<?x4x4x4xf32> -> tensor<?x4x8x8xf32>
  %ag = dlc.avg_pool2d_grad %a {kernel = array<i64: 3, 3>, stride = array<i64: 2, 2>, padding = array<i64: 1, 1>} : tensor<?x4x4x4xf32> -> tensor<?x4x8x8xf32>
  return
}

// CHECK: func.func private @dlc_gemm_0(memref<?x?xf32, strided<[?, ?], offset: ?>>, memref<?x?xf32, strided<[?, ?], offset: ?>>, memref<?x?xf32, strided<[?, ?], offset: ?>>)
func.func private @dlc_gemm_0(memref<?x?xf32, strided<[?, ?], offset: ?>>, memref<?x?xf32, strided<[?, ?], offset: ?>>, memref<?x?xf32, strided<[?, ?], offset: ?>>) attributes {llvm.emit_c_interface}
// CHECK-LABEL: func.func @kernels
func.func @kernels(%a: tensor<?x64xf32>, %b: tensor<64x32xf32>, %e: tensor<?x32xf32>) -> tensor<?x32xf32> {
  // CHECK: dlc.kernel_call @dlc_gemm_0 ins(%{{.*}}, %{{.*}} : tensor<?x64xf32>, tensor<64x32xf32>) outs(%{{.*}} : tensor<?x32xf32>) -> tensor<?x32xf32>
  %c = dlc.kernel_call @dlc_gemm_0 ins(%a, %b : tensor<?x64xf32>, tensor<64x32xf32>) outs(%e : tensor<?x32xf32>) -> tensor<?x32xf32>
  return %c : tensor<?x32xf32>
}

// CHECK-LABEL: func.func @fusion_groups
func.func @fusion_groups(%x: tensor<?x10xf32>, %w: tensor<10x10xf32>, %b: tensor<10xf32>) -> (tensor<?x10xf32>, tensor<?x10xf32>) {
  // CHECK: %[[H:.*]] = dlc.fusion_group "contraction" {
  // CHECK-NEXT: %[[Y:.*]] = dlc.linear
  // CHECK-NEXT: %[[R:.*]] = dlc.relu %[[Y]] : tensor<?x10xf32>
  // CHECK-NEXT: dlc.yield %[[R]] : tensor<?x10xf32>
  // CHECK-NEXT: } -> tensor<?x10xf32>
  %h = dlc.fusion_group "contraction" {
    %y = dlc.linear %x, %w, %b : (tensor<?x10xf32>, tensor<10x10xf32>, tensor<10xf32>) -> tensor<?x10xf32>
    %r = dlc.relu %y : tensor<?x10xf32>
    dlc.yield %r : tensor<?x10xf32>
  } -> tensor<?x10xf32>
  // CHECK: dlc.fusion_group "rows" attributes {row_dims = 1 : i64} {
  %p = dlc.fusion_group "rows" attributes {row_dims = 1 : i64} {
    %s = dlc.softmax %h {axis = 1 : i64} : tensor<?x10xf32>
    dlc.yield %s : tensor<?x10xf32>
  } -> tensor<?x10xf32>
  return %h, %p : tensor<?x10xf32>, tensor<?x10xf32>
}
