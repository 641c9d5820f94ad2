// RUN: dlc-opt %s --split-input-file --dlc-form-fusion-groups | FileCheck %s
// What dlc's fusion decides will run as one kernel, in the order the pass
// forms groups: contractions with their epilogues, the rows of one tensor,
// the optimizer's update, then what elementwise ops are left.

// A linear layer and the chain of elementwise ops that alone consume it;
// the add reads a value from above the group.
// CHECK-LABEL: func.func @contraction_epilogue
// CHECK: %[[G:.*]] = dlc.fusion_group "contraction" {
// CHECK-NEXT: %[[Y:.*]] = dlc.linear
// CHECK-NEXT: %[[R:.*]] = dlc.relu %[[Y]]
// CHECK-NEXT: %[[A:.*]] = dlc.add %[[R]], %arg0
// CHECK-NEXT: dlc.yield %[[A]] : tensor<?x8xf32>
// CHECK-NEXT: } -> tensor<?x8xf32>
// CHECK-NEXT: return %[[G]]
func.func @contraction_epilogue(%x: tensor<?x8xf32>, %w: tensor<8x8xf32>, %b: tensor<8xf32>) -> tensor<?x8xf32> {
  %y = dlc.linear %x, %w, %b : (tensor<?x8xf32>, tensor<8x8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
  %r = dlc.relu %y : tensor<?x8xf32>
  %a = dlc.add %r, %x : (tensor<?x8xf32>, tensor<?x8xf32>) -> tensor<?x8xf32>
  return %a : tensor<?x8xf32>
}

// -----

// A result with a second user ends the epilogue: the exp reads the ReLU's
// input too, so the ReLU runs on its own.
// CHECK-LABEL: func.func @shared_result
// CHECK: %[[G:.*]] = dlc.fusion_group "contraction" {
// CHECK-NEXT: dlc.matmul
// CHECK-NEXT: dlc.yield
// CHECK-NEXT: }
// CHECK-NEXT: dlc.relu %[[G]]
// CHECK-NEXT: dlc.exp %[[G]]
func.func @shared_result(%x: tensor<?x8xf32>, %w: tensor<8x8xf32>) -> (tensor<?x8xf32>, tensor<?x8xf32>) {
  %y = dlc.matmul %x, %w : (tensor<?x8xf32>, tensor<8x8xf32>) -> tensor<?x8xf32>
  %r = dlc.relu %y : tensor<?x8xf32>
  %e = dlc.exp %y : tensor<?x8xf32>
  return %r, %e : tensor<?x8xf32>, tensor<?x8xf32>
}

// -----

// A train step's ReLU: its gradient's mask reads the ReLU's result (as
// dlc-autodiff builds it), so the linear layer's only user is the ReLU,
// which stays in the contraction's epilogue; the mask and the select are
// an elementwise group of their own.
// CHECK-LABEL: func.func @relu_trained
// CHECK: %[[G:.*]] = dlc.fusion_group "contraction" {
// CHECK-NEXT: %[[Y:.*]] = dlc.linear
// CHECK-NEXT: %[[R:.*]] = dlc.relu %[[Y]]
// CHECK-NEXT: dlc.yield %[[R]] : tensor<?x8xf32>
// CHECK-NEXT: } -> tensor<?x8xf32>
// CHECK: dlc.fusion_group "elementwise" {
// CHECK: dlc.compare "gt" %[[G]]
// CHECK-NEXT: dlc.select
func.func @relu_trained(%x: tensor<?x8xf32>, %w: tensor<8x8xf32>, %b: tensor<8xf32>, %dy: tensor<?x8xf32>) -> (tensor<?x8xf32>, tensor<?x8xf32>) {
  %y = dlc.linear %x, %w, %b : (tensor<?x8xf32>, tensor<8x8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
  %r = dlc.relu %y : tensor<?x8xf32>
  %zero = dlc.constant dense<0.000000e+00> : tensor<f32>
  %pos = dlc.compare "gt" %r, %zero : (tensor<?x8xf32>, tensor<f32>) -> tensor<?x8xi1>
  %g = dlc.select %pos, %dy, %zero : (tensor<?x8xi1>, tensor<?x8xf32>, tensor<f32>) -> tensor<?x8xf32>
  return %r, %g : tensor<?x8xf32>, tensor<?x8xf32>
}

// -----

// The loss, its gradient and the accuracy all read the logits' rows: one
// rows group, yielding what the ops after it use.
// CHECK-LABEL: func.func @cross_entropy_rows
// CHECK: %[[G:.*]]:3 = dlc.fusion_group "rows" attributes {row_dims = 1 : i64} {
// CHECK-NEXT: %[[L:.*]] = dlc.cross_entropy %arg0, %arg1
// CHECK-NEXT: %[[A:.*]] = dlc.accuracy %arg0, %arg1
// CHECK-NEXT: %[[D:.*]] = dlc.cross_entropy_grad %arg0, %arg1, %arg2
// CHECK-NEXT: dlc.yield %[[L]], %[[A]], %[[D]] : tensor<f32>, tensor<f32>, tensor<?x10xf32>
// CHECK: return %[[G]]#0, %[[G]]#1, %[[G]]#2
func.func @cross_entropy_rows(%logits: tensor<?x10xf32>, %labels: tensor<?xi32>, %seed: tensor<f32>) -> (tensor<f32>, tensor<f32>, tensor<?x10xf32>) {
  %l = dlc.cross_entropy %logits, %labels : (tensor<?x10xf32>, tensor<?xi32>) -> tensor<f32>
  %a = dlc.accuracy %logits, %labels : (tensor<?x10xf32>, tensor<?xi32>) -> tensor<f32>
  %d = dlc.cross_entropy_grad %logits, %labels, %seed : (tensor<?x10xf32>, tensor<?xi32>, tensor<f32>) -> tensor<?x10xf32>
  return %l, %a, %d : tensor<f32>, tensor<f32>, tensor<?x10xf32>
}

// -----

// A layer norm over the last dimension of [N, T, C] has N x T rows; a
// softmax over the last axis takes its scaling along.
// CHECK-LABEL: func.func @layer_norm_rows
// CHECK: dlc.fusion_group "rows" attributes {row_dims = 2 : i64} {
// CHECK-NEXT: dlc.layer_norm
// CHECK-NEXT: dlc.yield
// CHECK: dlc.fusion_group "rows" attributes {row_dims = 2 : i64} {
// CHECK-NEXT: dlc.softmax
// CHECK-NEXT: dlc.mul
// CHECK-NEXT: dlc.yield
func.func @layer_norm_rows(%x: tensor<?x?x16xf32>, %g: tensor<16xf32>, %b: tensor<16xf32>, %s: tensor<f32>) -> tensor<?x?x16xf32> {
  %n = dlc.layer_norm %x, %g, %b {eps = 1.000000e-05 : f64} : (tensor<?x?x16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<?x?x16xf32>
  %p = dlc.softmax %n {axis = 2 : i64} : tensor<?x?x16xf32>
  %q = dlc.mul %p, %s : (tensor<?x?x16xf32>, tensor<f32>) -> tensor<?x?x16xf32>
  return %q : tensor<?x?x16xf32>
}

// -----

// A softmax over another axis than the last is not row by row.
// CHECK-LABEL: func.func @softmax_columns
// CHECK-NOT: dlc.fusion_group
// CHECK: dlc.softmax
func.func @softmax_columns(%x: tensor<?x10xf32>) -> tensor<?x10xf32> {
  %p = dlc.softmax %x {axis = 0 : i64} : tensor<?x10xf32>
  return %p : tensor<?x10xf32>
}

// -----

// The update of every parameter is one group, with the scalars that drive
// it; the gradient (a reduction) and the loads stay outside.
// CHECK-LABEL: func.func @optimizer_update
// CHECK: %[[GRAD:.*]] = dlc.reduce_sum
// CHECK: %[[U:.*]]:3 = dlc.fusion_group "optimizer" {
// CHECK-NEXT: dlc.cast
// CHECK-NEXT: dlc.mul %[[GRAD]]
// CHECK-NEXT: dlc.sub
// CHECK-NEXT: dlc.mul %[[GRAD]]
// CHECK-NEXT: dlc.sub
// CHECK-NEXT: dlc.add
// CHECK-NEXT: dlc.yield
// CHECK-NEXT: }
// CHECK-NEXT: dlc.store %[[U]]#0, @w
// CHECK-NEXT: dlc.store %[[U]]#1, @v
// CHECK-NEXT: dlc.store %[[U]]#2, @optimizer.step
module {
  dlc.param @w : tensor<4xf32> init "zeros"
  dlc.param @v : tensor<4xf32> init "zeros"
  dlc.optimizer_state @optimizer.step : tensor<i64> init "zeros"
  func.func @optimizer_update(%x: tensor<?x4xf32>) {
    %grad = dlc.reduce_sum %x {axes = array<i64: 0>} : tensor<?x4xf32> -> tensor<4xf32>
    %step = dlc.load @optimizer.step : tensor<i64>
    %lr = dlc.learning_rate %step {lr = 1.000000e-01 : f64} : tensor<f64>
    %w = dlc.load @w : tensor<4xf32>
    %v = dlc.load @v : tensor<4xf32>
    %lr32 = dlc.cast %lr : tensor<f64> -> tensor<f32>
    %dw = dlc.mul %grad, %lr32 : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
    %w2 = dlc.sub %w, %dw : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    %dv = dlc.mul %grad, %lr32 : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
    %v2 = dlc.sub %v, %dv : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    %one = dlc.constant dense<1> : tensor<i64>
    %next = dlc.add %step, %one : (tensor<i64>, tensor<i64>) -> tensor<i64>
    dlc.store %w2, @w : tensor<4xf32>
    dlc.store %v2, @v : tensor<4xf32>
    dlc.store %next, @optimizer.step : tensor<i64>
    return
  }
}

// -----

// Connected elementwise ops form a group, with the reduction that alone
// consumes them; a lone op does not.
// CHECK-LABEL: func.func @elementwise
// CHECK: %[[G:.*]] = dlc.fusion_group "elementwise" {
// CHECK-NEXT: dlc.exp
// CHECK-NEXT: dlc.neg
// CHECK-NEXT: dlc.mul
// CHECK-NEXT: %[[S:.*]] = dlc.reduce_sum
// CHECK-NEXT: dlc.yield %[[S]]
// CHECK-NEXT: }
// CHECK-NEXT: dlc.tanh %[[G]]
// CHECK-NOT: dlc.fusion_group
func.func @elementwise(%x: tensor<?x4xf32>) -> tensor<4xf32> {
  %e = dlc.exp %x : tensor<?x4xf32>
  %n = dlc.neg %x : tensor<?x4xf32>
  %m = dlc.mul %e, %n : (tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<?x4xf32>
  %s = dlc.reduce_sum %m {axes = array<i64: 0>} : tensor<?x4xf32> -> tensor<4xf32>
  %t = dlc.tanh %s : tensor<4xf32>
  return %t : tensor<4xf32>
}

// -----

// Moving exp and mul to the mul's place would put the exp's use by the
// reduction before its definition: the group is not formed.
// CHECK-LABEL: func.func @not_convex
// CHECK-NOT: dlc.fusion_group
func.func @not_convex(%x: tensor<4xf32>) -> tensor<4xf32> {
  %e = dlc.exp %x : tensor<4xf32>
  %s = dlc.reduce_sum %e {axes = array<i64: 0>} : tensor<4xf32> -> tensor<f32>
  %m = dlc.mul %e, %s : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  return %m : tensor<4xf32>
}

// -----

// A reduction of a value used elsewhere too stays out of the group.
// CHECK-LABEL: func.func @shared_before_reduction
// CHECK: %[[G:.*]] = dlc.fusion_group "elementwise" {
// CHECK-NEXT: dlc.exp
// CHECK-NEXT: dlc.neg
// CHECK-NEXT: dlc.yield
// CHECK-NEXT: }
// CHECK-NEXT: dlc.reduce_sum %[[G]]
func.func @shared_before_reduction(%x: tensor<?x4xf32>) -> (tensor<4xf32>, tensor<?x4xf32>) {
  %e = dlc.exp %x : tensor<?x4xf32>
  %n = dlc.neg %e : tensor<?x4xf32>
  %s = dlc.reduce_sum %n {axes = array<i64: 0>} : tensor<?x4xf32> -> tensor<4xf32>
  return %s, %n : tensor<4xf32>, tensor<?x4xf32>
}

// -----

// An elementwise op whose every user is in a group joins it: the ReLU's
// mask feeds only the select of the gradient in the kernel's epilogue.
// CHECK-LABEL: func.func @prologue
// CHECK: dlc.fusion_group "contraction" {
// CHECK-NEXT: %[[MASK:.*]] = dlc.compare "gt" %arg0
// CHECK-NEXT: %[[G:.*]] = dlc.matmul
// CHECK-NEXT: dlc.select %[[MASK]], %[[G]]
func.func @prologue(%h: tensor<?x8xf32>, %dy: tensor<?x8xf32>, %w: tensor<8x8xf32>, %zero: tensor<f32>) -> tensor<?x8xf32> {
  %mask = dlc.compare "gt" %h, %zero : (tensor<?x8xf32>, tensor<f32>) -> tensor<?x8xi1>
  %g = dlc.matmul %dy, %w : (tensor<?x8xf32>, tensor<8x8xf32>) -> tensor<?x8xf32>
  %s = dlc.select %mask, %g, %zero : (tensor<?x8xi1>, tensor<?x8xf32>, tensor<f32>) -> tensor<?x8xf32>
  return %s : tensor<?x8xf32>
}

// -----

// Elementwise ops connected across a contraction that reads one of them
// (the gradients of a backward pass) cannot all stand at the last one: the
// matmul reads %n before it. They form the groups that can, one on each
// side of the matmul.
// CHECK-LABEL: func.func @across_contraction
// CHECK: %[[A:.*]] = dlc.fusion_group "elementwise" {
// CHECK-NEXT: dlc.exp
// CHECK-NEXT: dlc.neg
// CHECK-NEXT: dlc.yield
// CHECK-NEXT: }
// CHECK: %[[G:.*]] = dlc.fusion_group "contraction" {
// CHECK-NEXT: dlc.matmul %[[A]]
// CHECK: dlc.fusion_group "elementwise" {
// CHECK-NEXT: dlc.mul %[[A]], %[[G]]
// CHECK-NEXT: dlc.tanh
// CHECK-NEXT: dlc.yield
func.func @across_contraction(%x: tensor<?x8xf32>, %w: tensor<8x8xf32>) -> (tensor<?x8xf32>, tensor<?x8xf32>) {
  %e = dlc.exp %x : tensor<?x8xf32>
  %n = dlc.neg %e : tensor<?x8xf32>
  %g = dlc.matmul %n, %w : (tensor<?x8xf32>, tensor<8x8xf32>) -> tensor<?x8xf32>
  %m = dlc.mul %n, %g : (tensor<?x8xf32>, tensor<?x8xf32>) -> tensor<?x8xf32>
  %t = dlc.tanh %m : tensor<?x8xf32>
  return %t, %g : tensor<?x8xf32>, tensor<?x8xf32>
}

// -----

// A batch norm is elementwise here (it reads its statistics at the
// element's channel): in inference it goes into its convolution's group
// with the ReLU after it.
// CHECK-LABEL: func.func @batch_norm_epilogue
// CHECK: dlc.fusion_group "contraction" {
// CHECK-NEXT: dlc.conv2d
// CHECK-NEXT: dlc.batch_norm
// CHECK-NEXT: dlc.relu
// CHECK-NEXT: dlc.yield
func.func @batch_norm_epilogue(%x: tensor<?x4x8x8xf32>, %w: tensor<8x4x3x3xf32>, %mean: tensor<8xf32>, %var: tensor<8xf32>, %g: tensor<8xf32>, %b: tensor<8xf32>) -> tensor<?x8x8x8xf32> {
  %c = dlc.conv2d %x, %w {dilation = array<i64: 1, 1>, groups = 1 : i64, padding = array<i64: 1, 1>, stride = array<i64: 1, 1>} : (tensor<?x4x8x8xf32>, tensor<8x4x3x3xf32>) -> tensor<?x8x8x8xf32>
  %n = dlc.batch_norm %c, %mean, %var weight %g bias %b {eps = 1.000000e-05 : f64} : (tensor<?x8x8x8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<?x8x8x8xf32>
  %r = dlc.relu %n : tensor<?x8x8x8xf32>
  return %r : tensor<?x8x8x8xf32>
}
