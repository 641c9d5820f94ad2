// RUN: dlc-opt %s --split-input-file --verify-diagnostics --dlc-autodiff=optimizer=false | FileCheck %s
// The backward IR of dlc-autodiff: train_loss becomes the public train_step,
// which returns, after the loss and the metrics, the gradient of each
// parameter the loss depends on (named by dlc.grad_of). Each case applies one
// op to a parameter; %[[DY]] is the gradient the loss's reduction hands it.

// relu passes the gradient where its result (so its input) is positive:
// compare gt, then select. The loss's seed 1 reaches it through reduce_sum's rule (reshape to
// [1], broadcast to [4]).
// CHECK-LABEL: dlc.model = "Relu"
// CHECK: func.func @train_step(%[[X:.*]]: tensor<?x4xf32> {dlc.dims = ["N", 4], dlc.name = "x"}, %[[SEED:.*]]: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}, tensor<4xf32> {dlc.grad_of = "w"})
// CHECK: %[[W:.*]] = dlc.load @w : tensor<4xf32>
// CHECK: %[[Y:.*]] = dlc.relu %[[W]]
// CHECK: %[[L:.*]] = dlc.reduce_sum %[[Y]]
// CHECK: %[[ONE:.*]] = dlc.constant dense<1.000000e+00> : tensor<f32>
// CHECK: %[[ONES:.*]] = dlc.reshape %[[ONE]] : tensor<f32> -> tensor<1xf32>
// CHECK: %[[DY:.*]] = dlc.broadcast_to %[[ONES]] : tensor<1xf32> -> tensor<4xf32>
// CHECK: %[[POS:.*]] = dlc.compare "gt" %[[Y]], %{{.*}} : (tensor<4xf32>, tensor<f32>) -> tensor<4xi1>
// CHECK: %[[G:.*]] = dlc.select %[[POS]], %[[DY]], %{{.*}} : (tensor<4xi1>, tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
// CHECK: return %[[L]], %[[G]] : tensor<f32>, tensor<4xf32>
module attributes {dlc.model = "Relu", dlc.optimizer = {dampening = 0.000000e+00 : f64, kind = "sgd", lr = 1.000000e-01 : f64, momentum = 0.000000e+00 : f64, nesterov = false, weight_decay = 0.000000e+00 : f64}} {
  dlc.param @w : tensor<4xf32> init "zeros"
  func.func private @train_loss(%x: tensor<?x4xf32> {dlc.dims = ["N", 4], dlc.name = "x"}, %seed: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}) {
    %w = dlc.load @w : tensor<4xf32>
    %y = dlc.relu %w : tensor<4xf32>
    %l = dlc.reduce_sum %y {axes = array<i64: 0>} : tensor<4xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
}

// -----

// neg negates the gradient.
// CHECK-LABEL: dlc.model = "Neg"
// CHECK: func.func @train_step(%[[X:.*]]: tensor<?x4xf32> {dlc.dims = ["N", 4], dlc.name = "x"}, %[[SEED:.*]]: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}, tensor<4xf32> {dlc.grad_of = "w"})
// CHECK: %[[W:.*]] = dlc.load @w : tensor<4xf32>
// CHECK: %[[Y:.*]] = dlc.neg %[[W]]
// CHECK: %[[L:.*]] = dlc.reduce_sum %[[Y]]
// CHECK: %[[DY:.*]] = dlc.broadcast_to %{{.*}} : tensor<1xf32> -> tensor<4xf32>
// CHECK: %[[G:.*]] = dlc.neg %[[DY]] : tensor<4xf32>
// CHECK: return %[[L]], %[[G]] : tensor<f32>, tensor<4xf32>
module attributes {dlc.model = "Neg", dlc.optimizer = {dampening = 0.000000e+00 : f64, kind = "sgd", lr = 1.000000e-01 : f64, momentum = 0.000000e+00 : f64, nesterov = false, weight_decay = 0.000000e+00 : f64}} {
  dlc.param @w : tensor<4xf32> init "zeros"
  func.func private @train_loss(%x: tensor<?x4xf32> {dlc.dims = ["N", 4], dlc.name = "x"}, %seed: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}) {
    %w = dlc.load @w : tensor<4xf32>
    %y = dlc.neg %w : tensor<4xf32>
    %l = dlc.reduce_sum %y {axes = array<i64: 0>} : tensor<4xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
}

// -----

// exp reuses its result: dy * exp(w).
// CHECK-LABEL: dlc.model = "Exp"
// CHECK: func.func @train_step(%[[X:.*]]: tensor<?x4xf32> {dlc.dims = ["N", 4], dlc.name = "x"}, %[[SEED:.*]]: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}, tensor<4xf32> {dlc.grad_of = "w"})
// CHECK: %[[W:.*]] = dlc.load @w : tensor<4xf32>
// CHECK: %[[Y:.*]] = dlc.exp %[[W]]
// CHECK: %[[L:.*]] = dlc.reduce_sum %[[Y]]
// CHECK: %[[DY:.*]] = dlc.broadcast_to %{{.*}} : tensor<1xf32> -> tensor<4xf32>
// CHECK: %[[G:.*]] = dlc.mul %[[DY]], %[[Y]] : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
// CHECK: return %[[L]], %[[G]] : tensor<f32>, tensor<4xf32>
module attributes {dlc.model = "Exp", dlc.optimizer = {dampening = 0.000000e+00 : f64, kind = "sgd", lr = 1.000000e-01 : f64, momentum = 0.000000e+00 : f64, nesterov = false, weight_decay = 0.000000e+00 : f64}} {
  dlc.param @w : tensor<4xf32> init "zeros"
  func.func private @train_loss(%x: tensor<?x4xf32> {dlc.dims = ["N", 4], dlc.name = "x"}, %seed: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}) {
    %w = dlc.load @w : tensor<4xf32>
    %y = dlc.exp %w : tensor<4xf32>
    %l = dlc.reduce_sum %y {axes = array<i64: 0>} : tensor<4xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
}

// -----

// log divides by its input: dy / w.
// CHECK-LABEL: dlc.model = "Log"
// CHECK: func.func @train_step(%[[X:.*]]: tensor<?x4xf32> {dlc.dims = ["N", 4], dlc.name = "x"}, %[[SEED:.*]]: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}, tensor<4xf32> {dlc.grad_of = "w"})
// CHECK: %[[W:.*]] = dlc.load @w : tensor<4xf32>
// CHECK: %[[Y:.*]] = dlc.log %[[W]]
// CHECK: %[[L:.*]] = dlc.reduce_sum %[[Y]]
// CHECK: %[[DY:.*]] = dlc.broadcast_to %{{.*}} : tensor<1xf32> -> tensor<4xf32>
// CHECK: %[[G:.*]] = dlc.div %[[DY]], %[[W]] : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
// CHECK: return %[[L]], %[[G]] : tensor<f32>, tensor<4xf32>
module attributes {dlc.model = "Log", dlc.optimizer = {dampening = 0.000000e+00 : f64, kind = "sgd", lr = 1.000000e-01 : f64, momentum = 0.000000e+00 : f64, nesterov = false, weight_decay = 0.000000e+00 : f64}} {
  dlc.param @w : tensor<4xf32> init "zeros"
  func.func private @train_loss(%x: tensor<?x4xf32> {dlc.dims = ["N", 4], dlc.name = "x"}, %seed: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}) {
    %w = dlc.load @w : tensor<4xf32>
    %y = dlc.log %w : tensor<4xf32>
    %l = dlc.reduce_sum %y {axes = array<i64: 0>} : tensor<4xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
}

// -----

// tanh: dy * (1 - y^2), from its result.
// CHECK-LABEL: dlc.model = "Tanh"
// CHECK: func.func @train_step(%[[X:.*]]: tensor<?x4xf32> {dlc.dims = ["N", 4], dlc.name = "x"}, %[[SEED:.*]]: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}, tensor<4xf32> {dlc.grad_of = "w"})
// CHECK: %[[W:.*]] = dlc.load @w : tensor<4xf32>
// CHECK: %[[Y:.*]] = dlc.tanh %[[W]]
// CHECK: %[[L:.*]] = dlc.reduce_sum %[[Y]]
// CHECK: %[[DY:.*]] = dlc.broadcast_to %{{.*}} : tensor<1xf32> -> tensor<4xf32>
// CHECK-DAG: %[[YY:.*]] = dlc.mul %[[Y]], %[[Y]]
// CHECK-DAG: %[[C1:.*]] = dlc.constant dense<1.000000e+00> : tensor<f32>
// CHECK: %[[D:.*]] = dlc.sub %[[C1]], %[[YY]] : (tensor<f32>, tensor<4xf32>) -> tensor<4xf32>
// CHECK: %[[G:.*]] = dlc.mul %[[DY]], %[[D]]
// CHECK: return %[[L]], %[[G]] : tensor<f32>, tensor<4xf32>
module attributes {dlc.model = "Tanh", dlc.optimizer = {dampening = 0.000000e+00 : f64, kind = "sgd", lr = 1.000000e-01 : f64, momentum = 0.000000e+00 : f64, nesterov = false, weight_decay = 0.000000e+00 : f64}} {
  dlc.param @w : tensor<4xf32> init "zeros"
  func.func private @train_loss(%x: tensor<?x4xf32> {dlc.dims = ["N", 4], dlc.name = "x"}, %seed: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}) {
    %w = dlc.load @w : tensor<4xf32>
    %y = dlc.tanh %w : tensor<4xf32>
    %l = dlc.reduce_sum %y {axes = array<i64: 0>} : tensor<4xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
}

// -----

// sigmoid: dy * y * (1 - y), from its result.
// CHECK-LABEL: dlc.model = "Sigmoid"
// CHECK: func.func @train_step(%[[X:.*]]: tensor<?x4xf32> {dlc.dims = ["N", 4], dlc.name = "x"}, %[[SEED:.*]]: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}, tensor<4xf32> {dlc.grad_of = "w"})
// CHECK: %[[W:.*]] = dlc.load @w : tensor<4xf32>
// CHECK: %[[Y:.*]] = dlc.sigmoid %[[W]]
// CHECK: %[[L:.*]] = dlc.reduce_sum %[[Y]]
// CHECK: %[[DY:.*]] = dlc.broadcast_to %{{.*}} : tensor<1xf32> -> tensor<4xf32>
// CHECK: %[[C1:.*]] = dlc.constant dense<1.000000e+00> : tensor<f32>
// CHECK: %[[R:.*]] = dlc.sub %[[C1]], %[[Y]]
// CHECK: %[[D:.*]] = dlc.mul %[[Y]], %[[R]]
// CHECK: %[[G:.*]] = dlc.mul %[[DY]], %[[D]]
// CHECK: return %[[L]], %[[G]] : tensor<f32>, tensor<4xf32>
module attributes {dlc.model = "Sigmoid", dlc.optimizer = {dampening = 0.000000e+00 : f64, kind = "sgd", lr = 1.000000e-01 : f64, momentum = 0.000000e+00 : f64, nesterov = false, weight_decay = 0.000000e+00 : f64}} {
  dlc.param @w : tensor<4xf32> init "zeros"
  func.func private @train_loss(%x: tensor<?x4xf32> {dlc.dims = ["N", 4], dlc.name = "x"}, %seed: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}) {
    %w = dlc.load @w : tensor<4xf32>
    %y = dlc.sigmoid %w : tensor<4xf32>
    %l = dlc.reduce_sum %y {axes = array<i64: 0>} : tensor<4xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
}

// -----

// sqrt: dy * 0.5 / y.
// CHECK-LABEL: dlc.model = "Sqrt"
// CHECK: func.func @train_step(%[[X:.*]]: tensor<?x4xf32> {dlc.dims = ["N", 4], dlc.name = "x"}, %[[SEED:.*]]: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}, tensor<4xf32> {dlc.grad_of = "w"})
// CHECK: %[[W:.*]] = dlc.load @w : tensor<4xf32>
// CHECK: %[[Y:.*]] = dlc.sqrt %[[W]]
// CHECK: %[[L:.*]] = dlc.reduce_sum %[[Y]]
// CHECK: %[[DY:.*]] = dlc.broadcast_to %{{.*}} : tensor<1xf32> -> tensor<4xf32>
// CHECK: %[[HALF:.*]] = dlc.constant dense<5.000000e-01> : tensor<f32>
// CHECK: %[[H:.*]] = dlc.mul %[[DY]], %[[HALF]]
// CHECK: %[[G:.*]] = dlc.div %[[H]], %[[Y]]
// CHECK: return %[[L]], %[[G]] : tensor<f32>, tensor<4xf32>
module attributes {dlc.model = "Sqrt", dlc.optimizer = {dampening = 0.000000e+00 : f64, kind = "sgd", lr = 1.000000e-01 : f64, momentum = 0.000000e+00 : f64, nesterov = false, weight_decay = 0.000000e+00 : f64}} {
  dlc.param @w : tensor<4xf32> init "zeros"
  func.func private @train_loss(%x: tensor<?x4xf32> {dlc.dims = ["N", 4], dlc.name = "x"}, %seed: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}) {
    %w = dlc.load @w : tensor<4xf32>
    %y = dlc.sqrt %w : tensor<4xf32>
    %l = dlc.reduce_sum %y {axes = array<i64: 0>} : tensor<4xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
}

// -----

// rsqrt: dy * y^3 * -0.5.
// CHECK-LABEL: dlc.model = "Rsqrt"
// CHECK: func.func @train_step(%[[X:.*]]: tensor<?x4xf32> {dlc.dims = ["N", 4], dlc.name = "x"}, %[[SEED:.*]]: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}, tensor<4xf32> {dlc.grad_of = "w"})
// CHECK: %[[W:.*]] = dlc.load @w : tensor<4xf32>
// CHECK: %[[Y:.*]] = dlc.rsqrt %[[W]]
// CHECK: %[[L:.*]] = dlc.reduce_sum %[[Y]]
// CHECK: %[[DY:.*]] = dlc.broadcast_to %{{.*}} : tensor<1xf32> -> tensor<4xf32>
// CHECK-DAG: %[[C:.*]] = dlc.constant dense<-5.000000e-01> : tensor<f32>
// CHECK-DAG: %[[YY:.*]] = dlc.mul %[[Y]], %[[Y]]
// CHECK-DAG: %[[Y3:.*]] = dlc.mul %[[Y]], %[[YY]]
// CHECK: %[[D:.*]] = dlc.mul %[[Y3]], %[[C]]
// CHECK: %[[G:.*]] = dlc.mul %[[DY]], %[[D]]
// CHECK: return %[[L]], %[[G]] : tensor<f32>, tensor<4xf32>
module attributes {dlc.model = "Rsqrt", dlc.optimizer = {dampening = 0.000000e+00 : f64, kind = "sgd", lr = 1.000000e-01 : f64, momentum = 0.000000e+00 : f64, nesterov = false, weight_decay = 0.000000e+00 : f64}} {
  dlc.param @w : tensor<4xf32> init "zeros"
  func.func private @train_loss(%x: tensor<?x4xf32> {dlc.dims = ["N", 4], dlc.name = "x"}, %seed: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}) {
    %w = dlc.load @w : tensor<4xf32>
    %y = dlc.rsqrt %w : tensor<4xf32>
    %l = dlc.reduce_sum %y {axes = array<i64: 0>} : tensor<4xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
}

// -----

// abs: dy * sign(w), with sign(0) = 0.
// CHECK-LABEL: dlc.model = "Abs"
// CHECK: func.func @train_step(%[[X:.*]]: tensor<?x4xf32> {dlc.dims = ["N", 4], dlc.name = "x"}, %[[SEED:.*]]: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}, tensor<4xf32> {dlc.grad_of = "w"})
// CHECK: %[[W:.*]] = dlc.load @w : tensor<4xf32>
// CHECK: %[[Y:.*]] = dlc.abs %[[W]]
// CHECK: %[[L:.*]] = dlc.reduce_sum %[[Y]]
// CHECK: %[[DY:.*]] = dlc.broadcast_to %{{.*}} : tensor<1xf32> -> tensor<4xf32>
// CHECK: %[[ZERO:.*]] = dlc.constant dense<0.000000e+00> : tensor<f32>
// CHECK-DAG: %[[MINUS:.*]] = dlc.constant dense<-1.000000e+00> : tensor<f32>
// CHECK-DAG: %[[NEG:.*]] = dlc.compare "lt" %[[W]], %[[ZERO]]
// CHECK-DAG: %[[S1:.*]] = dlc.select %[[NEG]], %[[MINUS]], %[[ZERO]]
// CHECK-DAG: %[[PLUS:.*]] = dlc.constant dense<1.000000e+00> : tensor<f32>
// CHECK-DAG: %[[POS:.*]] = dlc.compare "gt" %[[W]], %[[ZERO]]
// CHECK: %[[SIGN:.*]] = dlc.select %[[POS]], %[[PLUS]], %[[S1]]
// CHECK: %[[G:.*]] = dlc.mul %[[DY]], %[[SIGN]]
// CHECK: return %[[L]], %[[G]] : tensor<f32>, tensor<4xf32>
module attributes {dlc.model = "Abs", dlc.optimizer = {dampening = 0.000000e+00 : f64, kind = "sgd", lr = 1.000000e-01 : f64, momentum = 0.000000e+00 : f64, nesterov = false, weight_decay = 0.000000e+00 : f64}} {
  dlc.param @w : tensor<4xf32> init "zeros"
  func.func private @train_loss(%x: tensor<?x4xf32> {dlc.dims = ["N", 4], dlc.name = "x"}, %seed: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}) {
    %w = dlc.load @w : tensor<4xf32>
    %y = dlc.abs %w : tensor<4xf32>
    %l = dlc.reduce_sum %y {axes = array<i64: 0>} : tensor<4xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
}

// -----

// erf: dy * exp(-w^2) * 2 / sqrt(pi).
// CHECK-LABEL: dlc.model = "Erf"
// CHECK: func.func @train_step(%[[X:.*]]: tensor<?x4xf32> {dlc.dims = ["N", 4], dlc.name = "x"}, %[[SEED:.*]]: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}, tensor<4xf32> {dlc.grad_of = "w"})
// CHECK: %[[W:.*]] = dlc.load @w : tensor<4xf32>
// CHECK: %[[Y:.*]] = dlc.erf %[[W]]
// CHECK: %[[L:.*]] = dlc.reduce_sum %[[Y]]
// CHECK: %[[DY:.*]] = dlc.broadcast_to %{{.*}} : tensor<1xf32> -> tensor<4xf32>
// CHECK: %[[SQ:.*]] = dlc.mul %[[W]], %[[W]]
// CHECK: %[[NSQ:.*]] = dlc.neg %[[SQ]]
// CHECK: %[[GAUSS:.*]] = dlc.exp %[[NSQ]]
// CHECK: %[[C:.*]] = dlc.constant dense<1.12837923> : tensor<f32>
// CHECK: %[[D:.*]] = dlc.mul %[[GAUSS]], %[[C]]
// CHECK: %[[G:.*]] = dlc.mul %[[DY]], %[[D]]
// CHECK: return %[[L]], %[[G]] : tensor<f32>, tensor<4xf32>
module attributes {dlc.model = "Erf", dlc.optimizer = {dampening = 0.000000e+00 : f64, kind = "sgd", lr = 1.000000e-01 : f64, momentum = 0.000000e+00 : f64, nesterov = false, weight_decay = 0.000000e+00 : f64}} {
  dlc.param @w : tensor<4xf32> init "zeros"
  func.func private @train_loss(%x: tensor<?x4xf32> {dlc.dims = ["N", 4], dlc.name = "x"}, %seed: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}) {
    %w = dlc.load @w : tensor<4xf32>
    %y = dlc.erf %w : tensor<4xf32>
    %l = dlc.reduce_sum %y {axes = array<i64: 0>} : tensor<4xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
}

// -----

// gelu becomes dlc.gelu_grad with the same approximation.
// CHECK-LABEL: dlc.model = "Gelu"
// CHECK: func.func @train_step(%[[X:.*]]: tensor<?x4xf32> {dlc.dims = ["N", 4], dlc.name = "x"}, %[[SEED:.*]]: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}, tensor<4xf32> {dlc.grad_of = "w"})
// CHECK: %[[W:.*]] = dlc.load @w : tensor<4xf32>
// CHECK: %[[Y:.*]] = dlc.gelu %[[W]]
// CHECK: %[[L:.*]] = dlc.reduce_sum %[[Y]]
// CHECK: %[[DY:.*]] = dlc.broadcast_to %{{.*}} : tensor<1xf32> -> tensor<4xf32>
// CHECK: %[[G:.*]] = dlc.gelu_grad %[[W]], %[[DY]] {approximate = "tanh"} : tensor<4xf32>
// CHECK: return %[[L]], %[[G]] : tensor<f32>, tensor<4xf32>
module attributes {dlc.model = "Gelu", dlc.optimizer = {dampening = 0.000000e+00 : f64, kind = "sgd", lr = 1.000000e-01 : f64, momentum = 0.000000e+00 : f64, nesterov = false, weight_decay = 0.000000e+00 : f64}} {
  dlc.param @w : tensor<4xf32> init "zeros"
  func.func private @train_loss(%x: tensor<?x4xf32> {dlc.dims = ["N", 4], dlc.name = "x"}, %seed: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}) {
    %w = dlc.load @w : tensor<4xf32>
    %y = dlc.gelu %w {approximate = "tanh"} : tensor<4xf32>
    %l = dlc.reduce_sum %y {axes = array<i64: 0>} : tensor<4xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
}

// -----

// A float cast casts the gradient back to the input type.
// CHECK-LABEL: dlc.model = "Cast"
// CHECK: func.func @train_step(%[[X:.*]]: tensor<?x4xf32> {dlc.dims = ["N", 4], dlc.name = "x"}, %[[SEED:.*]]: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}, tensor<4xf32> {dlc.grad_of = "w"})
// CHECK: %[[W:.*]] = dlc.load @w : tensor<4xf32>
// CHECK: %[[Y:.*]] = dlc.cast %[[W]] : tensor<4xf32> -> tensor<4xf64>
// CHECK: %[[L:.*]] = dlc.cast %{{.*}} : tensor<f64> -> tensor<f32>
// CHECK: %[[D64:.*]] = dlc.broadcast_to %{{.*}} : tensor<1xf64> -> tensor<4xf64>
// CHECK: %[[G:.*]] = dlc.cast %[[D64]] : tensor<4xf64> -> tensor<4xf32>
// CHECK: return %[[L]], %[[G]] : tensor<f32>, tensor<4xf32>
module attributes {dlc.model = "Cast", dlc.optimizer = {dampening = 0.000000e+00 : f64, kind = "sgd", lr = 1.000000e-01 : f64, momentum = 0.000000e+00 : f64, nesterov = false, weight_decay = 0.000000e+00 : f64}} {
  dlc.param @w : tensor<4xf32> init "zeros"
  func.func private @train_loss(%x: tensor<?x4xf32> {dlc.dims = ["N", 4], dlc.name = "x"}, %seed: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}) {
    %w = dlc.load @w : tensor<4xf32>
    %y = dlc.cast %w : tensor<4xf32> -> tensor<4xf64>
    %s = dlc.reduce_sum %y {axes = array<i64: 0>} : tensor<4xf64> -> tensor<f64>
    %l = dlc.cast %s : tensor<f64> -> tensor<f32>
    return %l : tensor<f32>
  }
}

// -----

// The broadcast operand of add gets the gradient summed over the broadcast
// axis; the dynamic extent of the seed's broadcast is read with dlc.size.
// CHECK-LABEL: dlc.model = "AddBroadcast"
// CHECK: func.func @train_step(%[[X:.*]]: tensor<?x4xf32> {dlc.dims = ["N", 4], dlc.name = "x"}, %[[SEED:.*]]: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}, tensor<4xf32> {dlc.grad_of = "w"})
// CHECK: %[[W:.*]] = dlc.load @w : tensor<4xf32>
// CHECK: %[[Y:.*]] = dlc.add %[[X]], %[[W]] : (tensor<?x4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
// CHECK: %[[L:.*]] = dlc.reduce_sum %[[Y]]
// CHECK: %[[ONE:.*]] = dlc.constant dense<1.000000e+00> : tensor<f32>
// CHECK: %[[ONES:.*]] = dlc.reshape %[[ONE]] : tensor<f32> -> tensor<1x1xf32>
// CHECK: %[[N:.*]] = dlc.size %[[Y]] {axis = 0 : i64} : tensor<?x4xf32>
// CHECK: %[[DY:.*]] = dlc.broadcast_to %[[ONES]] sizes(%[[N]]) : tensor<1x1xf32> -> tensor<?x4xf32>
// CHECK-NOT: dlc.mul
// CHECK: %[[G:.*]] = dlc.reduce_sum %[[DY]] {axes = array<i64: 0>} : tensor<?x4xf32> -> tensor<4xf32>
// CHECK: return %[[L]], %[[G]] : tensor<f32>, tensor<4xf32>
module attributes {dlc.model = "AddBroadcast", dlc.optimizer = {dampening = 0.000000e+00 : f64, kind = "sgd", lr = 1.000000e-01 : f64, momentum = 0.000000e+00 : f64, nesterov = false, weight_decay = 0.000000e+00 : f64}} {
  dlc.param @w : tensor<4xf32> init "zeros"
  func.func private @train_loss(%x: tensor<?x4xf32> {dlc.dims = ["N", 4], dlc.name = "x"}, %seed: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}) {
    %w = dlc.load @w : tensor<4xf32>
    %y = dlc.add %x, %w : (tensor<?x4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
    %l = dlc.reduce_sum %y {axes = array<i64: 0, 1>} : tensor<?x4xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
}

// -----

// sub: the subtrahend gets -dy, summed over the broadcast axis.
// CHECK-LABEL: dlc.model = "SubBroadcast"
// CHECK: func.func @train_step(%[[X:.*]]: tensor<?x4xf32> {dlc.dims = ["N", 4], dlc.name = "x"}, %[[SEED:.*]]: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}, tensor<4xf32> {dlc.grad_of = "w"})
// CHECK: %[[W:.*]] = dlc.load @w : tensor<4xf32>
// CHECK: %[[Y:.*]] = dlc.sub %[[X]], %[[W]] : (tensor<?x4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
// CHECK: %[[L:.*]] = dlc.reduce_sum %[[Y]]
// CHECK: %[[DY:.*]] = dlc.broadcast_to %{{.*}} sizes(%{{.*}}) : tensor<1x1xf32> -> tensor<?x4xf32>
// CHECK: %[[GX:.*]] = dlc.neg %[[DY]] : tensor<?x4xf32>
// CHECK: %[[G:.*]] = dlc.reduce_sum %[[GX]] {axes = array<i64: 0>} : tensor<?x4xf32> -> tensor<4xf32>
// CHECK: return %[[L]], %[[G]] : tensor<f32>, tensor<4xf32>
module attributes {dlc.model = "SubBroadcast", dlc.optimizer = {dampening = 0.000000e+00 : f64, kind = "sgd", lr = 1.000000e-01 : f64, momentum = 0.000000e+00 : f64, nesterov = false, weight_decay = 0.000000e+00 : f64}} {
  dlc.param @w : tensor<4xf32> init "zeros"
  func.func private @train_loss(%x: tensor<?x4xf32> {dlc.dims = ["N", 4], dlc.name = "x"}, %seed: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}) {
    %w = dlc.load @w : tensor<4xf32>
    %y = dlc.sub %x, %w : (tensor<?x4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
    %l = dlc.reduce_sum %y {axes = array<i64: 0, 1>} : tensor<?x4xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
}

// -----

// mul with broadcasting: dy * x, then reduce_sum over the axis w was broadcast along.
// CHECK-LABEL: dlc.model = "MulBroadcast"
// CHECK: func.func @train_step(%[[X:.*]]: tensor<?x4xf32> {dlc.dims = ["N", 4], dlc.name = "x"}, %[[SEED:.*]]: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}, tensor<4xf32> {dlc.grad_of = "w"})
// CHECK: %[[W:.*]] = dlc.load @w : tensor<4xf32>
// CHECK: %[[Y:.*]] = dlc.mul %[[X]], %[[W]] : (tensor<?x4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
// CHECK: %[[L:.*]] = dlc.reduce_sum %[[Y]]
// CHECK: %[[DY:.*]] = dlc.broadcast_to %{{.*}} sizes(%{{.*}}) : tensor<1x1xf32> -> tensor<?x4xf32>
// CHECK: %[[GX:.*]] = dlc.mul %[[DY]], %[[X]] : (tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<?x4xf32>
// CHECK: %[[G:.*]] = dlc.reduce_sum %[[GX]] {axes = array<i64: 0>} : tensor<?x4xf32> -> tensor<4xf32>
// CHECK: return %[[L]], %[[G]] : tensor<f32>, tensor<4xf32>
module attributes {dlc.model = "MulBroadcast", dlc.optimizer = {dampening = 0.000000e+00 : f64, kind = "sgd", lr = 1.000000e-01 : f64, momentum = 0.000000e+00 : f64, nesterov = false, weight_decay = 0.000000e+00 : f64}} {
  dlc.param @w : tensor<4xf32> init "zeros"
  func.func private @train_loss(%x: tensor<?x4xf32> {dlc.dims = ["N", 4], dlc.name = "x"}, %seed: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}) {
    %w = dlc.load @w : tensor<4xf32>
    %y = dlc.mul %x, %w : (tensor<?x4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
    %l = dlc.reduce_sum %y {axes = array<i64: 0, 1>} : tensor<?x4xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
}

// -----

// div: the divisor gets -(dy / w) * (x / w), from the result.
// CHECK-LABEL: dlc.model = "DivBroadcast"
// CHECK: func.func @train_step(%[[X:.*]]: tensor<?x4xf32> {dlc.dims = ["N", 4], dlc.name = "x"}, %[[SEED:.*]]: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}, tensor<4xf32> {dlc.grad_of = "w"})
// CHECK: %[[W:.*]] = dlc.load @w : tensor<4xf32>
// CHECK: %[[Y:.*]] = dlc.div %[[X]], %[[W]] : (tensor<?x4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
// CHECK: %[[L:.*]] = dlc.reduce_sum %[[Y]]
// CHECK: %[[DY:.*]] = dlc.broadcast_to %{{.*}} sizes(%{{.*}}) : tensor<1x1xf32> -> tensor<?x4xf32>
// CHECK: %[[Q:.*]] = dlc.div %[[DY]], %[[W]]
// CHECK: %[[P:.*]] = dlc.mul %[[Q]], %[[Y]]
// CHECK: %[[GX:.*]] = dlc.neg %[[P]]
// CHECK: %[[G:.*]] = dlc.reduce_sum %[[GX]] {axes = array<i64: 0>} : tensor<?x4xf32> -> tensor<4xf32>
// CHECK: return %[[L]], %[[G]] : tensor<f32>, tensor<4xf32>
module attributes {dlc.model = "DivBroadcast", dlc.optimizer = {dampening = 0.000000e+00 : f64, kind = "sgd", lr = 1.000000e-01 : f64, momentum = 0.000000e+00 : f64, nesterov = false, weight_decay = 0.000000e+00 : f64}} {
  dlc.param @w : tensor<4xf32> init "zeros"
  func.func private @train_loss(%x: tensor<?x4xf32> {dlc.dims = ["N", 4], dlc.name = "x"}, %seed: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}) {
    %w = dlc.load @w : tensor<4xf32>
    %y = dlc.div %x, %w : (tensor<?x4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
    %l = dlc.reduce_sum %y {axes = array<i64: 0, 1>} : tensor<?x4xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
}

// -----

// maximum: all of dy to the operand that wins, half on a tie, none to the
// one that loses (smaller), for each operand.
// CHECK-LABEL: dlc.model = "Maximum"
// CHECK: func.func @train_step({{.*}}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}, tensor<4xf32> {dlc.grad_of = "a"}, tensor<4xf32> {dlc.grad_of = "b"})
// CHECK: %[[A:.*]] = dlc.load @a : tensor<4xf32>
// CHECK: %[[B:.*]] = dlc.load @b : tensor<4xf32>
// CHECK: %[[L:.*]] = dlc.reduce_sum
// CHECK: %[[DY:.*]] = dlc.broadcast_to %{{.*}} : tensor<1xf32> -> tensor<4xf32>
// CHECK: %[[ONE:.*]] = dlc.constant dense<1.000000e+00> : tensor<f32>
// CHECK: %[[HALF:.*]] = dlc.constant dense<5.000000e-01> : tensor<f32>
// CHECK: %[[ZERO:.*]] = dlc.constant dense<0.000000e+00> : tensor<f32>
// CHECK-DAG: %[[TIE:.*]] = dlc.compare "eq" %[[A]], %[[B]]
// CHECK-DAG: %[[S:.*]] = dlc.select %[[TIE]], %[[HALF]], %[[ONE]]
// CHECK-DAG: %[[LOSES:.*]] = dlc.compare "lt" %[[A]], %[[B]]
// CHECK: %[[SHARE:.*]] = dlc.select %[[LOSES]], %[[ZERO]], %[[S]]
// CHECK: %[[DA:.*]] = dlc.mul %[[DY]], %[[SHARE]]
// CHECK-DAG: %[[TIE2:.*]] = dlc.compare "eq" %[[B]], %[[A]]
// CHECK-DAG: %[[S2:.*]] = dlc.select %[[TIE2]]
// CHECK-DAG: %[[LOSES2:.*]] = dlc.compare "lt" %[[B]], %[[A]]
// CHECK: %[[SHARE2:.*]] = dlc.select %[[LOSES2]], %{{.*}}, %[[S2]]
// CHECK: %[[DB:.*]] = dlc.mul %[[DY]], %[[SHARE2]]
// CHECK: return %[[L]], %[[DA]], %[[DB]] : tensor<f32>, tensor<4xf32>, tensor<4xf32>
module attributes {dlc.model = "Maximum", dlc.optimizer = {dampening = 0.000000e+00 : f64, kind = "sgd", lr = 1.000000e-01 : f64, momentum = 0.000000e+00 : f64, nesterov = false, weight_decay = 0.000000e+00 : f64}} {
  dlc.param @a : tensor<4xf32> init "zeros"
  dlc.param @b : tensor<4xf32> init "zeros"
  func.func private @train_loss(%x: tensor<?x4xf32> {dlc.dims = ["N", 4], dlc.name = "x"}, %seed: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}) {
    %a = dlc.load @a : tensor<4xf32>
    %b = dlc.load @b : tensor<4xf32>
    %y = dlc.maximum %a, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    %l = dlc.reduce_sum %y {axes = array<i64: 0>} : tensor<4xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
}

// -----

// minimum: all of dy to the operand that wins, half on a tie, none to the
// one that loses (greater), for each operand.
// CHECK-LABEL: dlc.model = "Minimum"
// CHECK: func.func @train_step({{.*}}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}, tensor<4xf32> {dlc.grad_of = "a"}, tensor<4xf32> {dlc.grad_of = "b"})
// CHECK: %[[A:.*]] = dlc.load @a : tensor<4xf32>
// CHECK: %[[B:.*]] = dlc.load @b : tensor<4xf32>
// CHECK: %[[L:.*]] = dlc.reduce_sum
// CHECK: %[[DY:.*]] = dlc.broadcast_to %{{.*}} : tensor<1xf32> -> tensor<4xf32>
// CHECK: %[[ONE:.*]] = dlc.constant dense<1.000000e+00> : tensor<f32>
// CHECK: %[[HALF:.*]] = dlc.constant dense<5.000000e-01> : tensor<f32>
// CHECK: %[[ZERO:.*]] = dlc.constant dense<0.000000e+00> : tensor<f32>
// CHECK-DAG: %[[TIE:.*]] = dlc.compare "eq" %[[A]], %[[B]]
// CHECK-DAG: %[[S:.*]] = dlc.select %[[TIE]], %[[HALF]], %[[ONE]]
// CHECK-DAG: %[[LOSES:.*]] = dlc.compare "gt" %[[A]], %[[B]]
// CHECK: %[[SHARE:.*]] = dlc.select %[[LOSES]], %[[ZERO]], %[[S]]
// CHECK: %[[DA:.*]] = dlc.mul %[[DY]], %[[SHARE]]
// CHECK-DAG: %[[TIE2:.*]] = dlc.compare "eq" %[[B]], %[[A]]
// CHECK-DAG: %[[S2:.*]] = dlc.select %[[TIE2]]
// CHECK-DAG: %[[LOSES2:.*]] = dlc.compare "gt" %[[B]], %[[A]]
// CHECK: %[[SHARE2:.*]] = dlc.select %[[LOSES2]], %{{.*}}, %[[S2]]
// CHECK: %[[DB:.*]] = dlc.mul %[[DY]], %[[SHARE2]]
// CHECK: return %[[L]], %[[DA]], %[[DB]] : tensor<f32>, tensor<4xf32>, tensor<4xf32>
module attributes {dlc.model = "Minimum", dlc.optimizer = {dampening = 0.000000e+00 : f64, kind = "sgd", lr = 1.000000e-01 : f64, momentum = 0.000000e+00 : f64, nesterov = false, weight_decay = 0.000000e+00 : f64}} {
  dlc.param @a : tensor<4xf32> init "zeros"
  dlc.param @b : tensor<4xf32> init "zeros"
  func.func private @train_loss(%x: tensor<?x4xf32> {dlc.dims = ["N", 4], dlc.name = "x"}, %seed: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}) {
    %a = dlc.load @a : tensor<4xf32>
    %b = dlc.load @b : tensor<4xf32>
    %y = dlc.minimum %a, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    %l = dlc.reduce_sum %y {axes = array<i64: 0>} : tensor<4xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
}

// -----

// pow: the exponent gets dy * x^w * log(x).
// CHECK-LABEL: dlc.model = "PowBroadcast"
// CHECK: func.func @train_step(%[[X:.*]]: tensor<?x4xf32> {dlc.dims = ["N", 4], dlc.name = "x"}, %[[SEED:.*]]: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}, tensor<4xf32> {dlc.grad_of = "w"})
// CHECK: %[[W:.*]] = dlc.load @w : tensor<4xf32>
// CHECK: %[[Y:.*]] = dlc.pow %[[X]], %[[W]] : (tensor<?x4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
// CHECK: %[[L:.*]] = dlc.reduce_sum %[[Y]]
// CHECK: %[[DY:.*]] = dlc.broadcast_to %{{.*}} sizes(%{{.*}}) : tensor<1x1xf32> -> tensor<?x4xf32>
// CHECK: %[[LOG:.*]] = dlc.log %[[X]] : tensor<?x4xf32>
// CHECK: %[[P:.*]] = dlc.mul %[[Y]], %[[LOG]]
// CHECK: %[[GX:.*]] = dlc.mul %[[DY]], %[[P]]
// CHECK: %[[G:.*]] = dlc.reduce_sum %[[GX]] {axes = array<i64: 0>} : tensor<?x4xf32> -> tensor<4xf32>
// CHECK: return %[[L]], %[[G]] : tensor<f32>, tensor<4xf32>
module attributes {dlc.model = "PowBroadcast", dlc.optimizer = {dampening = 0.000000e+00 : f64, kind = "sgd", lr = 1.000000e-01 : f64, momentum = 0.000000e+00 : f64, nesterov = false, weight_decay = 0.000000e+00 : f64}} {
  dlc.param @w : tensor<4xf32> init "zeros"
  func.func private @train_loss(%x: tensor<?x4xf32> {dlc.dims = ["N", 4], dlc.name = "x"}, %seed: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}) {
    %w = dlc.load @w : tensor<4xf32>
    %y = dlc.pow %x, %w : (tensor<?x4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
    %l = dlc.reduce_sum %y {axes = array<i64: 0, 1>} : tensor<?x4xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
}

// -----

// select routes dy to the chosen value, summed back to its shape; the
// condition gets no gradient.
// CHECK-LABEL: dlc.model = "Select"
// CHECK: func.func @train_step(%[[X:.*]]: tensor<?x4xf32> {dlc.dims = ["N", 4], dlc.name = "x"}, %[[SEED:.*]]: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}, tensor<4xf32> {dlc.grad_of = "w"})
// CHECK: %[[W:.*]] = dlc.load @w : tensor<4xf32>
// CHECK: %[[ZERO:.*]] = dlc.constant dense<0.000000e+00> : tensor<f32>
// CHECK: %[[C:.*]] = dlc.compare "gt" %[[X]], %[[ZERO]]
// CHECK: %[[Y:.*]] = dlc.select %[[C]], %[[W]], %[[ZERO]] : (tensor<?x4xi1>, tensor<4xf32>, tensor<f32>) -> tensor<?x4xf32>
// CHECK: %[[L:.*]] = dlc.reduce_sum %[[Y]]
// CHECK: %[[DY:.*]] = dlc.broadcast_to %{{.*}} sizes(%{{.*}}) : tensor<1x1xf32> -> tensor<?x4xf32>
// CHECK: %[[Z:.*]] = dlc.constant dense<0.000000e+00> : tensor<f32>
// CHECK: %[[PICKED:.*]] = dlc.select %[[C]], %[[DY]], %[[Z]] : (tensor<?x4xi1>, tensor<?x4xf32>, tensor<f32>) -> tensor<?x4xf32>
// CHECK: %[[G:.*]] = dlc.reduce_sum %[[PICKED]] {axes = array<i64: 0>} : tensor<?x4xf32> -> tensor<4xf32>
// CHECK: return %[[L]], %[[G]] : tensor<f32>, tensor<4xf32>
module attributes {dlc.model = "Select", dlc.optimizer = {dampening = 0.000000e+00 : f64, kind = "sgd", lr = 1.000000e-01 : f64, momentum = 0.000000e+00 : f64, nesterov = false, weight_decay = 0.000000e+00 : f64}} {
  dlc.param @w : tensor<4xf32> init "zeros"
  func.func private @train_loss(%x: tensor<?x4xf32> {dlc.dims = ["N", 4], dlc.name = "x"}, %seed: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}) {
    %w = dlc.load @w : tensor<4xf32>
    %zero = dlc.constant dense<0.0> : tensor<f32>
    %c = dlc.compare "gt" %x, %zero : (tensor<?x4xf32>, tensor<f32>) -> tensor<?x4xi1>
    %y = dlc.select %c, %w, %zero : (tensor<?x4xi1>, tensor<4xf32>, tensor<f32>) -> tensor<?x4xf32>
    %l = dlc.reduce_sum %y {axes = array<i64: 0, 1>} : tensor<?x4xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
}

// -----

// matmul: the right operand gets transpose(x) @ dy.
// CHECK-LABEL: dlc.model = "Matmul"
// CHECK: func.func @train_step(%[[X:.*]]: tensor<?x4xf32> {{.*}}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}, tensor<4x3xf32> {dlc.grad_of = "w"})
// CHECK: %[[W:.*]] = dlc.load @w : tensor<4x3xf32>
// CHECK: %[[Y:.*]] = dlc.matmul %[[X]], %[[W]]
// CHECK: %[[L:.*]] = dlc.reduce_sum %[[Y]]
// CHECK: %[[DY:.*]] = dlc.broadcast_to %{{.*}} sizes(%{{.*}}) : tensor<1x1xf32> -> tensor<?x3xf32>
// CHECK: %[[XT:.*]] = dlc.transpose %[[X]] [1, 0] : tensor<?x4xf32> -> tensor<4x?xf32>
// CHECK: %[[G:.*]] = dlc.matmul %[[XT]], %[[DY]] : (tensor<4x?xf32>, tensor<?x3xf32>) -> tensor<4x3xf32>
// CHECK: return %[[L]], %[[G]] : tensor<f32>, tensor<4x3xf32>
module attributes {dlc.model = "Matmul", dlc.optimizer = {dampening = 0.000000e+00 : f64, kind = "sgd", lr = 1.000000e-01 : f64, momentum = 0.000000e+00 : f64, nesterov = false, weight_decay = 0.000000e+00 : f64}} {
  dlc.param @w : tensor<4x3xf32> init "zeros"
  func.func private @train_loss(%x: tensor<?x4xf32> {dlc.dims = ["N", 4], dlc.name = "x"}, %seed: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}) {
    %w = dlc.load @w : tensor<4x3xf32>
    %y = dlc.matmul %x, %w : (tensor<?x4xf32>, tensor<4x3xf32>) -> tensor<?x3xf32>
    %l = dlc.reduce_sum %y {axes = array<i64: 0, 1>} : tensor<?x3xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
}

// -----

// linear: dW = dy^T x and db = sum(dy) over the batch; the batch input x
// gets no result.
// CHECK-LABEL: dlc.model = "Linear"
// CHECK: func.func @train_step(%[[X:.*]]: tensor<?x4xf32> {{.*}}, %{{.*}}: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}, tensor<3x4xf32> {dlc.grad_of = "fc.weight"}, tensor<3xf32> {dlc.grad_of = "fc.bias"}) {
// CHECK: %[[Y:.*]] = dlc.linear
// CHECK: %[[L:.*]] = dlc.reduce_sum %[[Y]]
// CHECK: %[[DY:.*]] = dlc.broadcast_to %{{.*}} sizes(%{{.*}}) : tensor<1x1xf32> -> tensor<?x3xf32>
// CHECK: %[[DYT:.*]] = dlc.transpose %[[DY]] [1, 0] : tensor<?x3xf32> -> tensor<3x?xf32>
// CHECK: %[[DW:.*]] = dlc.matmul %[[DYT]], %[[X]] : (tensor<3x?xf32>, tensor<?x4xf32>) -> tensor<3x4xf32>
// CHECK: %[[DB:.*]] = dlc.reduce_sum %[[DY]] {axes = array<i64: 0>} : tensor<?x3xf32> -> tensor<3xf32>
// CHECK: return %[[L]], %[[DW]], %[[DB]] : tensor<f32>, tensor<3x4xf32>, tensor<3xf32>
module attributes {dlc.model = "Linear", dlc.optimizer = {dampening = 0.000000e+00 : f64, kind = "sgd", lr = 1.000000e-01 : f64, momentum = 0.000000e+00 : f64, nesterov = false, weight_decay = 0.000000e+00 : f64}} {
  dlc.param @fc.weight : tensor<3x4xf32> init "zeros"
  dlc.param @fc.bias : tensor<3xf32> init "zeros"
  func.func private @train_loss(%x: tensor<?x4xf32> {dlc.dims = ["N", 4], dlc.name = "x"}, %seed: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}) {
    %w = dlc.load @fc.weight : tensor<3x4xf32>
    %b = dlc.load @fc.bias : tensor<3xf32>
    %y = dlc.linear %x, %w, %b : (tensor<?x4xf32>, tensor<3x4xf32>, tensor<3xf32>) -> tensor<?x3xf32>
    %l = dlc.reduce_sum %y {axes = array<i64: 0, 1>} : tensor<?x3xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
}

// -----

// transpose: the inverse permutation of the gradient.
// CHECK-LABEL: dlc.model = "Transpose"
// CHECK: %[[T:.*]] = dlc.transpose %{{.*}} [2, 0, 1] : tensor<2x3x4xf32> -> tensor<4x2x3xf32>
// CHECK: %[[Y:.*]] = dlc.exp %[[T]]
// CHECK: %[[DT:.*]] = dlc.mul %{{.*}}, %[[Y]] : (tensor<4x2x3xf32>, tensor<4x2x3xf32>) -> tensor<4x2x3xf32>
// CHECK: %[[G:.*]] = dlc.transpose %[[DT]] [1, 2, 0] : tensor<4x2x3xf32> -> tensor<2x3x4xf32>
// CHECK: return %{{.*}}, %[[G]] : tensor<f32>, tensor<2x3x4xf32>
module attributes {dlc.model = "Transpose", dlc.optimizer = {dampening = 0.000000e+00 : f64, kind = "sgd", lr = 1.000000e-01 : f64, momentum = 0.000000e+00 : f64, nesterov = false, weight_decay = 0.000000e+00 : f64}} {
  dlc.param @w : tensor<2x3x4xf32> init "zeros"
  func.func private @train_loss(%x: tensor<?x4xf32> {dlc.dims = ["N", 4], dlc.name = "x"}, %seed: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}) {
    %w = dlc.load @w : tensor<2x3x4xf32>
    %t = dlc.transpose %w [2, 0, 1] : tensor<2x3x4xf32> -> tensor<4x2x3xf32>
    %y = dlc.exp %t : tensor<4x2x3xf32>
    %l = dlc.reduce_sum %y {axes = array<i64: 0, 1, 2>} : tensor<4x2x3xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
}

// -----

// reshape: the gradient reshaped back.
// CHECK-LABEL: dlc.model = "Reshape"
// CHECK: %[[R:.*]] = dlc.reshape %{{.*}} : tensor<2x3xf32> -> tensor<6xf32>
// CHECK: %[[Y:.*]] = dlc.exp %[[R]]
// CHECK: %[[DR:.*]] = dlc.mul %{{.*}}, %[[Y]] : (tensor<6xf32>, tensor<6xf32>) -> tensor<6xf32>
// CHECK: %[[G:.*]] = dlc.reshape %[[DR]] : tensor<6xf32> -> tensor<2x3xf32>
// CHECK: return %{{.*}}, %[[G]] : tensor<f32>, tensor<2x3xf32>
module attributes {dlc.model = "Reshape", dlc.optimizer = {dampening = 0.000000e+00 : f64, kind = "sgd", lr = 1.000000e-01 : f64, momentum = 0.000000e+00 : f64, nesterov = false, weight_decay = 0.000000e+00 : f64}} {
  dlc.param @w : tensor<2x3xf32> init "zeros"
  func.func private @train_loss(%x: tensor<?x4xf32> {dlc.dims = ["N", 4], dlc.name = "x"}, %seed: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}) {
    %w = dlc.load @w : tensor<2x3xf32>
    %r = dlc.reshape %w : tensor<2x3xf32> -> tensor<6xf32>
    %y = dlc.exp %r : tensor<6xf32>
    %l = dlc.reduce_sum %y {axes = array<i64: 0>} : tensor<6xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
}

// -----

// broadcast_to: summed over the new axis; its size operand gets nothing.
// CHECK-LABEL: dlc.model = "BroadcastTo"
// CHECK: func.func @train_step(%[[X:.*]]: tensor<?x4xf32> {dlc.dims = ["N", 4], dlc.name = "x"}, %[[SEED:.*]]: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}, tensor<4xf32> {dlc.grad_of = "w"})
// CHECK: %[[W:.*]] = dlc.load @w : tensor<4xf32>
// CHECK: %[[B:.*]] = dlc.broadcast_to %[[W]] sizes(%{{.*}}) : tensor<4xf32> -> tensor<?x4xf32>
// CHECK: %[[Y:.*]] = dlc.mul %[[B]], %[[X]]
// CHECK: %[[L:.*]] = dlc.reduce_sum %[[Y]]
// CHECK: %[[DY:.*]] = dlc.broadcast_to %{{.*}} sizes(%{{.*}}) : tensor<1x1xf32> -> tensor<?x4xf32>
// CHECK: %[[DB:.*]] = dlc.mul %[[DY]], %[[X]]
// CHECK: %[[G:.*]] = dlc.reduce_sum %[[DB]] {axes = array<i64: 0>} : tensor<?x4xf32> -> tensor<4xf32>
// CHECK: return %[[L]], %[[G]] : tensor<f32>, tensor<4xf32>
module attributes {dlc.model = "BroadcastTo", dlc.optimizer = {dampening = 0.000000e+00 : f64, kind = "sgd", lr = 1.000000e-01 : f64, momentum = 0.000000e+00 : f64, nesterov = false, weight_decay = 0.000000e+00 : f64}} {
  dlc.param @w : tensor<4xf32> init "zeros"
  func.func private @train_loss(%x: tensor<?x4xf32> {dlc.dims = ["N", 4], dlc.name = "x"}, %seed: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}) {
    %w = dlc.load @w : tensor<4xf32>
    %n = dlc.size %x {axis = 0 : i64} : tensor<?x4xf32>
    %b = dlc.broadcast_to %w sizes(%n) : tensor<4xf32> -> tensor<?x4xf32>
    %y = dlc.mul %b, %x : (tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<?x4xf32>
    %l = dlc.reduce_sum %y {axes = array<i64: 0, 1>} : tensor<?x4xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
}

// -----

// slice: the gradient inserted into a broadcast zero at the same box.
// CHECK-LABEL: dlc.model = "Slice"
// CHECK: %[[S:.*]] = dlc.slice %{{.*}} starts [0, 2] strides [1, 2] : tensor<3x10xf32> -> tensor<3x4xf32>
// CHECK: %[[Y:.*]] = dlc.exp %[[S]]
// CHECK: %[[DS:.*]] = dlc.mul %{{.*}}, %[[Y]] : (tensor<3x4xf32>, tensor<3x4xf32>) -> tensor<3x4xf32>
// CHECK: %[[Z:.*]] = dlc.constant dense<0.000000e+00> : tensor<f32>
// CHECK: %[[ZEROS:.*]] = dlc.broadcast_to %[[Z]] : tensor<f32> -> tensor<3x10xf32>
// CHECK: %[[G:.*]] = dlc.insert_slice %[[DS]] into %[[ZEROS]] starts [0, 2] strides [1, 2] : tensor<3x4xf32> into tensor<3x10xf32>
// CHECK: return %{{.*}}, %[[G]] : tensor<f32>, tensor<3x10xf32>
module attributes {dlc.model = "Slice", dlc.optimizer = {dampening = 0.000000e+00 : f64, kind = "sgd", lr = 1.000000e-01 : f64, momentum = 0.000000e+00 : f64, nesterov = false, weight_decay = 0.000000e+00 : f64}} {
  dlc.param @w : tensor<3x10xf32> init "zeros"
  func.func private @train_loss(%x: tensor<?x4xf32> {dlc.dims = ["N", 4], dlc.name = "x"}, %seed: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}) {
    %w = dlc.load @w : tensor<3x10xf32>
    %s = dlc.slice %w starts [0, 2] strides [1, 2] : tensor<3x10xf32> -> tensor<3x4xf32>
    %y = dlc.exp %s : tensor<3x4xf32>
    %l = dlc.reduce_sum %y {axes = array<i64: 0, 1>} : tensor<3x4xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
}

// -----

// insert_slice: the source gets the box of dy, the destination dy with the
// box zeroed.
// CHECK-LABEL: dlc.model = "InsertSlice"
// CHECK: func.func @train_step({{.*}}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}, tensor<3x4xf32> {dlc.grad_of = "w"}, tensor<3x10xf32> {dlc.grad_of = "z"})
// CHECK: %[[I:.*]] = dlc.insert_slice
// CHECK: %[[Y:.*]] = dlc.exp %[[I]]
// CHECK: %[[DI:.*]] = dlc.mul %{{.*}}, %[[Y]] : (tensor<3x10xf32>, tensor<3x10xf32>) -> tensor<3x10xf32>
// CHECK: %[[DW:.*]] = dlc.slice %[[DI]] starts [0, 2] strides [1, 2] : tensor<3x10xf32> -> tensor<3x4xf32>
// CHECK: %[[ZEROS:.*]] = dlc.broadcast_to %{{.*}} : tensor<f32> -> tensor<3x4xf32>
// CHECK: %[[DZ:.*]] = dlc.insert_slice %[[ZEROS]] into %[[DI]] starts [0, 2] strides [1, 2] : tensor<3x4xf32> into tensor<3x10xf32>
// CHECK: return %{{.*}}, %[[DW]], %[[DZ]] : tensor<f32>, tensor<3x4xf32>, tensor<3x10xf32>
module attributes {dlc.model = "InsertSlice", dlc.optimizer = {dampening = 0.000000e+00 : f64, kind = "sgd", lr = 1.000000e-01 : f64, momentum = 0.000000e+00 : f64, nesterov = false, weight_decay = 0.000000e+00 : f64}} {
  dlc.param @w : tensor<3x4xf32> init "zeros"
  dlc.param @z : tensor<3x10xf32> init "zeros"
  func.func private @train_loss(%x: tensor<?x4xf32> {dlc.dims = ["N", 4], dlc.name = "x"}, %seed: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}) {
    %w = dlc.load @w : tensor<3x4xf32>
    %z = dlc.load @z : tensor<3x10xf32>
    %i = dlc.insert_slice %w into %z starts [0, 2] strides [1, 2] : tensor<3x4xf32> into tensor<3x10xf32>
    %y = dlc.exp %i : tensor<3x10xf32>
    %l = dlc.reduce_sum %y {axes = array<i64: 0, 1>} : tensor<3x10xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
}

// -----

// concat: each part gets its slice of dy, at the offset of the parts before.
// CHECK-LABEL: dlc.model = "Concat"
// CHECK: func.func @train_step({{.*}}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}, tensor<2x3xf32> {dlc.grad_of = "a"}, tensor<2x5xf32> {dlc.grad_of = "b"})
// CHECK: %[[C:.*]] = dlc.concat
// CHECK: %[[Y:.*]] = dlc.exp %[[C]]
// CHECK: %[[DC:.*]] = dlc.mul %{{.*}}, %[[Y]] : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
// CHECK: %[[DA:.*]] = dlc.slice %[[DC]] starts [0, 0] strides [1, 1] : tensor<2x8xf32> -> tensor<2x3xf32>
// CHECK: %[[DB:.*]] = dlc.slice %[[DC]] starts [0, 3] strides [1, 1] : tensor<2x8xf32> -> tensor<2x5xf32>
// CHECK: return %{{.*}}, %[[DA]], %[[DB]] : tensor<f32>, tensor<2x3xf32>, tensor<2x5xf32>
module attributes {dlc.model = "Concat", dlc.optimizer = {dampening = 0.000000e+00 : f64, kind = "sgd", lr = 1.000000e-01 : f64, momentum = 0.000000e+00 : f64, nesterov = false, weight_decay = 0.000000e+00 : f64}} {
  dlc.param @a : tensor<2x3xf32> init "zeros"
  dlc.param @b : tensor<2x5xf32> init "zeros"
  func.func private @train_loss(%x: tensor<?x4xf32> {dlc.dims = ["N", 4], dlc.name = "x"}, %seed: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}) {
    %a = dlc.load @a : tensor<2x3xf32>
    %b = dlc.load @b : tensor<2x5xf32>
    %c = dlc.concat %a, %b {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x5xf32>) -> tensor<2x8xf32>
    %y = dlc.exp %c : tensor<2x8xf32>
    %l = dlc.reduce_sum %y {axes = array<i64: 0, 1>} : tensor<2x8xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
}

// -----

// concat of a part with a dynamic extent (a batch input, needing no
// gradient) and a parameter into a fixed result: only the parameter's slice
// of the fixed gradient is built.
// CHECK-LABEL: dlc.model = "ConcatStatic"
// CHECK-NOT: dlc.slice {{.*}} -> tensor<?x4xf32>
// CHECK: %[[DC:.*]] = dlc.mul %{{.*}}, %{{.*}} : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
// CHECK: %[[DW:.*]] = dlc.slice %[[DC]] starts [0, 4] strides [1, 1] : tensor<2x8xf32> -> tensor<2x4xf32>
// CHECK: return %{{.*}}, %[[DW]] : tensor<f32>, tensor<2x4xf32>
module attributes {dlc.model = "ConcatStatic", dlc.optimizer = {dampening = 0.000000e+00 : f64, kind = "sgd", lr = 1.000000e-01 : f64, momentum = 0.000000e+00 : f64, nesterov = false, weight_decay = 0.000000e+00 : f64}} {
  dlc.param @w : tensor<2x4xf32> init "zeros"
  func.func private @train_loss(%x: tensor<?x4xf32> {dlc.dims = ["N", 4], dlc.name = "x"}, %seed: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}) {
    %w = dlc.load @w : tensor<2x4xf32>
    %c = dlc.concat %x, %w {axis = 1 : i64} : (tensor<?x4xf32>, tensor<2x4xf32>) -> tensor<2x8xf32>
    %y = dlc.exp %c : tensor<2x8xf32>
    %l = dlc.reduce_sum %y {axes = array<i64: 0, 1>} : tensor<2x8xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
}

// -----

// reduce_sum: dy with the reduced axis put back as 1, broadcast to the input.
// CHECK-LABEL: dlc.model = "ReduceSum"
// CHECK: %[[R:.*]] = dlc.reduce_sum %{{.*}} {axes = array<i64: 1>} : tensor<2x3xf32> -> tensor<2xf32>
// CHECK: %[[Y:.*]] = dlc.exp %[[R]]
// CHECK: %[[DR:.*]] = dlc.mul %{{.*}}, %[[Y]] : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
// CHECK: %[[KEPT:.*]] = dlc.reshape %[[DR]] : tensor<2xf32> -> tensor<2x1xf32>
// CHECK: %[[G:.*]] = dlc.broadcast_to %[[KEPT]] : tensor<2x1xf32> -> tensor<2x3xf32>
// CHECK: return %{{.*}}, %[[G]] : tensor<f32>, tensor<2x3xf32>
module attributes {dlc.model = "ReduceSum", dlc.optimizer = {dampening = 0.000000e+00 : f64, kind = "sgd", lr = 1.000000e-01 : f64, momentum = 0.000000e+00 : f64, nesterov = false, weight_decay = 0.000000e+00 : f64}} {
  dlc.param @w : tensor<2x3xf32> init "zeros"
  func.func private @train_loss(%x: tensor<?x4xf32> {dlc.dims = ["N", 4], dlc.name = "x"}, %seed: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}) {
    %w = dlc.load @w : tensor<2x3xf32>
    %r = dlc.reduce_sum %w {axes = array<i64: 1>} : tensor<2x3xf32> -> tensor<2xf32>
    %y = dlc.exp %r : tensor<2xf32>
    %l = dlc.reduce_sum %y {axes = array<i64: 0>} : tensor<2xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
}

// -----

// reduce_mean: broadcast, divided by the element count.
// CHECK-LABEL: dlc.model = "ReduceMean"
// CHECK: %[[L:.*]] = dlc.reduce_mean %{{.*}} {axes = array<i64: 0, 1>} : tensor<2x3xf32> -> tensor<f32>
// CHECK: %[[SPREAD:.*]] = dlc.broadcast_to %{{.*}} : tensor<1x1xf32> -> tensor<2x3xf32>
// CHECK: %[[COUNT:.*]] = dlc.constant dense<6.000000e+00> : tensor<f32>
// CHECK: %[[G:.*]] = dlc.div %[[SPREAD]], %[[COUNT]] : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
// CHECK: return %[[L]], %[[G]] : tensor<f32>, tensor<2x3xf32>
module attributes {dlc.model = "ReduceMean", dlc.optimizer = {dampening = 0.000000e+00 : f64, kind = "sgd", lr = 1.000000e-01 : f64, momentum = 0.000000e+00 : f64, nesterov = false, weight_decay = 0.000000e+00 : f64}} {
  dlc.param @w : tensor<2x3xf32> init "zeros"
  func.func private @train_loss(%x: tensor<?x4xf32> {dlc.dims = ["N", 4], dlc.name = "x"}, %seed: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}) {
    %w = dlc.load @w : tensor<2x3xf32>
    %l = dlc.reduce_mean %w {axes = array<i64: 0, 1>} : tensor<2x3xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
}

// -----

// reduce_max: dy shared evenly by the elements equal to the extremum.
// CHECK-LABEL: dlc.model = "ReduceMax"
// CHECK: %[[W:.*]] = dlc.load @w : tensor<2x3xf32>
// CHECK: %[[R:.*]] = dlc.reduce_max %[[W]] {axes = array<i64: 1>} : tensor<2x3xf32> -> tensor<2xf32>
// CHECK: %[[DY:.*]] = dlc.broadcast_to %{{.*}} : tensor<1xf32> -> tensor<2xf32>
// CHECK: %[[EXT:.*]] = dlc.reshape %[[R]] : tensor<2xf32> -> tensor<2x1xf32>
// CHECK: %[[HIT:.*]] = dlc.compare "eq" %[[W]], %[[EXT]] : (tensor<2x3xf32>, tensor<2x1xf32>) -> tensor<2x3xi1>
// CHECK: %[[HITF:.*]] = dlc.cast %[[HIT]] : tensor<2x3xi1> -> tensor<2x3xf32>
// CHECK: %[[TIES:.*]] = dlc.reduce_sum %[[HITF]] {axes = array<i64: 1>, keepdim = true} : tensor<2x3xf32> -> tensor<2x1xf32>
// CHECK: %[[DYK:.*]] = dlc.reshape %[[DY]] : tensor<2xf32> -> tensor<2x1xf32>
// CHECK: %[[SHARE:.*]] = dlc.div %[[DYK]], %[[TIES]]
// CHECK: %[[G:.*]] = dlc.mul %[[HITF]], %[[SHARE]] : (tensor<2x3xf32>, tensor<2x1xf32>) -> tensor<2x3xf32>
// CHECK: return %{{.*}}, %[[G]] : tensor<f32>, tensor<2x3xf32>
module attributes {dlc.model = "ReduceMax", dlc.optimizer = {dampening = 0.000000e+00 : f64, kind = "sgd", lr = 1.000000e-01 : f64, momentum = 0.000000e+00 : f64, nesterov = false, weight_decay = 0.000000e+00 : f64}} {
  dlc.param @w : tensor<2x3xf32> init "zeros"
  func.func private @train_loss(%x: tensor<?x4xf32> {dlc.dims = ["N", 4], dlc.name = "x"}, %seed: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}) {
    %w = dlc.load @w : tensor<2x3xf32>
    %r = dlc.reduce_max %w {axes = array<i64: 1>} : tensor<2x3xf32> -> tensor<2xf32>
    %l = dlc.reduce_sum %r {axes = array<i64: 0>} : tensor<2xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
}

// -----

// reduce_min: dy shared evenly by the elements equal to the extremum.
// CHECK-LABEL: dlc.model = "ReduceMin"
// CHECK: %[[W:.*]] = dlc.load @w : tensor<2x3xf32>
// CHECK: %[[R:.*]] = dlc.reduce_min %[[W]] {axes = array<i64: 1>} : tensor<2x3xf32> -> tensor<2xf32>
// CHECK: %[[DY:.*]] = dlc.broadcast_to %{{.*}} : tensor<1xf32> -> tensor<2xf32>
// CHECK: %[[EXT:.*]] = dlc.reshape %[[R]] : tensor<2xf32> -> tensor<2x1xf32>
// CHECK: %[[HIT:.*]] = dlc.compare "eq" %[[W]], %[[EXT]] : (tensor<2x3xf32>, tensor<2x1xf32>) -> tensor<2x3xi1>
// CHECK: %[[HITF:.*]] = dlc.cast %[[HIT]] : tensor<2x3xi1> -> tensor<2x3xf32>
// CHECK: %[[TIES:.*]] = dlc.reduce_sum %[[HITF]] {axes = array<i64: 1>, keepdim = true} : tensor<2x3xf32> -> tensor<2x1xf32>
// CHECK: %[[DYK:.*]] = dlc.reshape %[[DY]] : tensor<2xf32> -> tensor<2x1xf32>
// CHECK: %[[SHARE:.*]] = dlc.div %[[DYK]], %[[TIES]]
// CHECK: %[[G:.*]] = dlc.mul %[[HITF]], %[[SHARE]] : (tensor<2x3xf32>, tensor<2x1xf32>) -> tensor<2x3xf32>
// CHECK: return %{{.*}}, %[[G]] : tensor<f32>, tensor<2x3xf32>
module attributes {dlc.model = "ReduceMin", dlc.optimizer = {dampening = 0.000000e+00 : f64, kind = "sgd", lr = 1.000000e-01 : f64, momentum = 0.000000e+00 : f64, nesterov = false, weight_decay = 0.000000e+00 : f64}} {
  dlc.param @w : tensor<2x3xf32> init "zeros"
  func.func private @train_loss(%x: tensor<?x4xf32> {dlc.dims = ["N", 4], dlc.name = "x"}, %seed: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}) {
    %w = dlc.load @w : tensor<2x3xf32>
    %r = dlc.reduce_min %w {axes = array<i64: 1>} : tensor<2x3xf32> -> tensor<2xf32>
    %l = dlc.reduce_sum %r {axes = array<i64: 0>} : tensor<2xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
}

// -----

// softmax: y * (dy - sum(dy * y)) along the axis.
// CHECK-LABEL: dlc.model = "Softmax"
// CHECK: %[[S:.*]] = dlc.softmax %{{.*}} {axis = 1 : i64} : tensor<2x3xf32>
// CHECK: %[[C:.*]] = dlc.constant dense<{{.*}}> : tensor<2x3xf32>
// CHECK: %[[DY:.*]] = dlc.broadcast_to %{{.*}} : tensor<1x1xf32> -> tensor<2x3xf32>
// CHECK: %[[DS:.*]] = dlc.mul %[[DY]], %[[C]] : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK: %[[PROD:.*]] = dlc.mul %[[DS]], %[[S]]
// CHECK: %[[DOT:.*]] = dlc.reduce_sum %[[PROD]] {axes = array<i64: 1>, keepdim = true} : tensor<2x3xf32> -> tensor<2x1xf32>
// CHECK: %[[DIFF:.*]] = dlc.sub %[[DS]], %[[DOT]] : (tensor<2x3xf32>, tensor<2x1xf32>) -> tensor<2x3xf32>
// CHECK: %[[G:.*]] = dlc.mul %[[S]], %[[DIFF]]
// CHECK: return %{{.*}}, %[[G]] : tensor<f32>, tensor<2x3xf32>
module attributes {dlc.model = "Softmax", dlc.optimizer = {dampening = 0.000000e+00 : f64, kind = "sgd", lr = 1.000000e-01 : f64, momentum = 0.000000e+00 : f64, nesterov = false, weight_decay = 0.000000e+00 : f64}} {
  dlc.param @w : tensor<2x3xf32> init "zeros"
  func.func private @train_loss(%x: tensor<?x4xf32> {dlc.dims = ["N", 4], dlc.name = "x"}, %seed: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}) {
    %w = dlc.load @w : tensor<2x3xf32>
    %s = dlc.softmax %w {axis = 1 : i64} : tensor<2x3xf32>
    %c = dlc.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
    %y = dlc.mul %s, %c : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
    %l = dlc.reduce_sum %y {axes = array<i64: 0, 1>} : tensor<2x3xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
}

// -----

// log_softmax: dy - exp(y) * sum(dy) along the axis.
// CHECK-LABEL: dlc.model = "LogSoftmax"
// CHECK: %[[Y:.*]] = dlc.log_softmax %{{.*}} {axis = 1 : i64} : tensor<2x3xf32>
// CHECK: %[[DY:.*]] = dlc.broadcast_to %{{.*}} : tensor<1x1xf32> -> tensor<2x3xf32>
// CHECK: %[[TOTAL:.*]] = dlc.reduce_sum %[[DY]] {axes = array<i64: 1>, keepdim = true} : tensor<2x3xf32> -> tensor<2x1xf32>
// CHECK: %[[P:.*]] = dlc.exp %[[Y]]
// CHECK: %[[PT:.*]] = dlc.mul %[[P]], %[[TOTAL]]
// CHECK: %[[G:.*]] = dlc.sub %[[DY]], %[[PT]]
// CHECK: return %{{.*}}, %[[G]] : tensor<f32>, tensor<2x3xf32>
module attributes {dlc.model = "LogSoftmax", dlc.optimizer = {dampening = 0.000000e+00 : f64, kind = "sgd", lr = 1.000000e-01 : f64, momentum = 0.000000e+00 : f64, nesterov = false, weight_decay = 0.000000e+00 : f64}} {
  dlc.param @w : tensor<2x3xf32> init "zeros"
  func.func private @train_loss(%x: tensor<?x4xf32> {dlc.dims = ["N", 4], dlc.name = "x"}, %seed: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}) {
    %w = dlc.load @w : tensor<2x3xf32>
    %s = dlc.log_softmax %w {axis = 1 : i64} : tensor<2x3xf32>
    %l = dlc.reduce_sum %s {axes = array<i64: 0, 1>} : tensor<2x3xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
}

// -----

// cross_entropy: dlc.cross_entropy_grad of the logits, labels and the seed
// gradient 1; the labels get nothing.
// CHECK-LABEL: dlc.model = "CrossEntropy"
// CHECK: func.func @train_step(%[[X:.*]]: tensor<?x4xf32> {{.*}}, %[[LABELS:.*]]: tensor<?xi32> {{.*}}, %{{.*}}: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}, tensor<4x10xf32> {dlc.grad_of = "w"})
// CHECK: %[[Z:.*]] = dlc.matmul
// CHECK: %[[L:.*]] = dlc.cross_entropy %[[Z]], %[[LABELS]]
// CHECK: %[[ONE:.*]] = dlc.constant dense<1.000000e+00> : tensor<f32>
// CHECK: %[[DZ:.*]] = dlc.cross_entropy_grad %[[Z]], %[[LABELS]], %[[ONE]] : (tensor<?x10xf32>, tensor<?xi32>, tensor<f32>) -> tensor<?x10xf32>
// CHECK: %[[XT:.*]] = dlc.transpose %[[X]] [1, 0]
// CHECK: %[[G:.*]] = dlc.matmul %[[XT]], %[[DZ]] : (tensor<4x?xf32>, tensor<?x10xf32>) -> tensor<4x10xf32>
// CHECK: return %[[L]], %[[G]] : tensor<f32>, tensor<4x10xf32>
module attributes {dlc.model = "CrossEntropy", dlc.optimizer = {dampening = 0.000000e+00 : f64, kind = "sgd", lr = 1.000000e-01 : f64, momentum = 0.000000e+00 : f64, nesterov = false, weight_decay = 0.000000e+00 : f64}} {
  dlc.param @w : tensor<4x10xf32> init "zeros"
  func.func private @train_loss(%x: tensor<?x4xf32> {dlc.dims = ["N", 4], dlc.name = "x"}, %y: tensor<?xi32> {dlc.dims = ["N"], dlc.name = "y"}, %seed: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}) {
    %w = dlc.load @w : tensor<4x10xf32>
    %z = dlc.matmul %x, %w : (tensor<?x4xf32>, tensor<4x10xf32>) -> tensor<?x10xf32>
    %l = dlc.cross_entropy %z, %y : (tensor<?x10xf32>, tensor<?xi32>) -> tensor<f32>
    return %l : tensor<f32>
  }
}

// -----

// mse: (p - t) * 2 dy / count.
// CHECK-LABEL: dlc.model = "Mse"
// CHECK: func.func @train_step(%[[T:.*]]: tensor<?x4xf32> {{.*}}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}, tensor<4xf32> {dlc.grad_of = "w"})
// CHECK: %[[W:.*]] = dlc.load @w : tensor<4xf32>
// CHECK: %[[B:.*]] = dlc.broadcast_to %[[W]]
// CHECK: %[[L:.*]] = dlc.mse %[[B]], %[[T]]
// CHECK: %[[DL:.*]] = dlc.constant dense<1.000000e+00> : tensor<f32>
// CHECK-DAG: %[[N:.*]] = dlc.size %[[B]] {axis = 0 : i64}
// CHECK-DAG: %[[FOUR:.*]] = dlc.constant dense<4.000000e+00> : tensor<f32>
// CHECK-DAG: %[[NF:.*]] = dlc.cast %[[N]] : tensor<i64> -> tensor<f32>
// CHECK-DAG: %[[COUNT:.*]] = dlc.mul %[[NF]], %[[FOUR]]
// CHECK-DAG: %[[TWO:.*]] = dlc.constant dense<2.000000e+00> : tensor<f32>
// CHECK-DAG: %[[DL2:.*]] = dlc.mul %[[DL]], %[[TWO]]
// CHECK: %[[SCALE:.*]] = dlc.div %[[DL2]], %[[COUNT]]
// CHECK: %[[DIFF:.*]] = dlc.sub %[[B]], %[[T]]
// CHECK: %[[DB:.*]] = dlc.mul %[[DIFF]], %[[SCALE]]
// CHECK: %[[G:.*]] = dlc.reduce_sum %[[DB]] {axes = array<i64: 0>} : tensor<?x4xf32> -> tensor<4xf32>
// CHECK: return %[[L]], %[[G]] : tensor<f32>, tensor<4xf32>
module attributes {dlc.model = "Mse", dlc.optimizer = {dampening = 0.000000e+00 : f64, kind = "sgd", lr = 1.000000e-01 : f64, momentum = 0.000000e+00 : f64, nesterov = false, weight_decay = 0.000000e+00 : f64}} {
  dlc.param @w : tensor<4xf32> init "zeros"
  func.func private @train_loss(%x: tensor<?x4xf32> {dlc.dims = ["N", 4], dlc.name = "x"}, %seed: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}) {
    %w = dlc.load @w : tensor<4xf32>
    %n = dlc.size %x {axis = 0 : i64} : tensor<?x4xf32>
    %b = dlc.broadcast_to %w sizes(%n) : tensor<4xf32> -> tensor<?x4xf32>
    %l = dlc.mse %b, %x : (tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<f32>
    return %l : tensor<f32>
  }
}

// -----

// embedding: dlc.embedding_grad scatters dy into the table's rows.
// CHECK-LABEL: dlc.model = "Embedding"
// CHECK: func.func @train_step(%[[IDS:.*]]: tensor<?x5xi64> {{.*}}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}, tensor<30x8xf32> {dlc.grad_of = "emb.weight"})
// CHECK: %[[E:.*]] = dlc.embedding %[[IDS]]
// CHECK: %[[DE:.*]] = dlc.broadcast_to %{{.*}} sizes(%{{.*}}) : tensor<1x1x1xf32> -> tensor<?x5x8xf32>
// CHECK: %[[G:.*]] = dlc.embedding_grad %[[IDS]], %[[DE]] {num_embeddings = 30 : i64} : (tensor<?x5xi64>, tensor<?x5x8xf32>) -> tensor<30x8xf32>
// CHECK: return %{{.*}}, %[[G]] : tensor<f32>, tensor<30x8xf32>
module attributes {dlc.model = "Embedding", dlc.optimizer = {dampening = 0.000000e+00 : f64, kind = "sgd", lr = 1.000000e-01 : f64, momentum = 0.000000e+00 : f64, nesterov = false, weight_decay = 0.000000e+00 : f64}} {
  dlc.param @emb.weight : tensor<30x8xf32> init "zeros"
  func.func private @train_loss(%ids: tensor<?x5xi64> {dlc.dims = ["N", 5], dlc.name = "ids"}, %seed: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}) {
    %t = dlc.load @emb.weight : tensor<30x8xf32>
    %e = dlc.embedding %ids, %t : (tensor<?x5xi64>, tensor<30x8xf32>) -> tensor<?x5x8xf32>
    %l = dlc.reduce_sum %e {axes = array<i64: 0, 1, 2>} : tensor<?x5x8xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
}

// -----

// dropout: the same mask applied to dy, regenerated from the same seed, p
// and stream.
// CHECK-LABEL: dlc.model = "Dropout"
// CHECK: func.func @train_step(%[[X:.*]]: tensor<?x4xf32> {dlc.dims = ["N", 4], dlc.name = "x"}, %[[SEED:.*]]: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}, tensor<4xf32> {dlc.grad_of = "w"})
// CHECK: %[[W:.*]] = dlc.load @w : tensor<4xf32>
// CHECK: %[[M:.*]] = dlc.mul %[[X]], %[[W]]
// CHECK: %[[Y:.*]] = dlc.dropout %[[M]], %[[SEED]] {p = 2.500000e-01 : f64, stream = 7 : i64} : tensor<?x4xf32>
// CHECK: %[[L:.*]] = dlc.reduce_sum %[[Y]]
// CHECK: %[[DY:.*]] = dlc.broadcast_to %{{.*}} sizes(%{{.*}}) : tensor<1x1xf32> -> tensor<?x4xf32>
// CHECK: %[[DM:.*]] = dlc.dropout %[[DY]], %[[SEED]] {p = 2.500000e-01 : f64, stream = 7 : i64} : tensor<?x4xf32>
// CHECK: %[[DW:.*]] = dlc.mul %[[DM]], %[[X]]
// CHECK: %[[G:.*]] = dlc.reduce_sum %[[DW]] {axes = array<i64: 0>} : tensor<?x4xf32> -> tensor<4xf32>
// CHECK: return %[[L]], %[[G]] : tensor<f32>, tensor<4xf32>
module attributes {dlc.model = "Dropout", dlc.optimizer = {dampening = 0.000000e+00 : f64, kind = "sgd", lr = 1.000000e-01 : f64, momentum = 0.000000e+00 : f64, nesterov = false, weight_decay = 0.000000e+00 : f64}} {
  dlc.param @w : tensor<4xf32> init "zeros"
  func.func private @train_loss(%x: tensor<?x4xf32> {dlc.dims = ["N", 4], dlc.name = "x"}, %seed: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}) {
    %w = dlc.load @w : tensor<4xf32>
    %m = dlc.mul %x, %w : (tensor<?x4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
    %y = dlc.dropout %m, %seed {p = 2.500000e-01 : f64, stream = 7 : i64} : tensor<?x4xf32>
    %l = dlc.reduce_sum %y {axes = array<i64: 0, 1>} : tensor<?x4xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
}

// -----

// conv2d: conv2d_input_grad for the input, conv2d_weight_grad for the weight
// (same window and groups), and dy summed over N, H, W for the bias.
// CHECK-LABEL: dlc.model = "Conv2d"
// CHECK: func.func @train_step({{.*}}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}, tensor<1x2x5x5xf32> {dlc.grad_of = "img"}, tensor<4x1x3x3xf32> {dlc.grad_of = "conv.weight"}, tensor<4xf32> {dlc.grad_of = "conv.bias"})
// CHECK: %[[X:.*]] = dlc.load @img : tensor<1x2x5x5xf32>
// CHECK: %[[W:.*]] = dlc.load @conv.weight : tensor<4x1x3x3xf32>
// CHECK: %[[DY:.*]] = dlc.broadcast_to %{{.*}} : tensor<1x1x1x1xf32> -> tensor<1x4x3x3xf32>
// CHECK: %[[DX:.*]] = dlc.conv2d_input_grad %[[DY]], %[[W]] {dilation = array<i64: 1, 1>, groups = 2 : i64, input_size = array<i64: 5, 5>, padding = array<i64: 1, 1>, stride = array<i64: 2, 2>} : (tensor<1x4x3x3xf32>, tensor<4x1x3x3xf32>) -> tensor<1x2x5x5xf32>
// CHECK: %[[DW:.*]] = dlc.conv2d_weight_grad %[[X]], %[[DY]] {dilation = array<i64: 1, 1>, groups = 2 : i64, kernel = array<i64: 3, 3>, padding = array<i64: 1, 1>, stride = array<i64: 2, 2>} : (tensor<1x2x5x5xf32>, tensor<1x4x3x3xf32>) -> tensor<4x1x3x3xf32>
// CHECK: %[[DB:.*]] = dlc.reduce_sum %[[DY]] {axes = array<i64: 0, 2, 3>} : tensor<1x4x3x3xf32> -> tensor<4xf32>
// CHECK: return %{{.*}}, %[[DX]], %[[DW]], %[[DB]] : tensor<f32>, tensor<1x2x5x5xf32>, tensor<4x1x3x3xf32>, tensor<4xf32>
module attributes {dlc.model = "Conv2d", dlc.optimizer = {dampening = 0.000000e+00 : f64, kind = "sgd", lr = 1.000000e-01 : f64, momentum = 0.000000e+00 : f64, nesterov = false, weight_decay = 0.000000e+00 : f64}} {
  dlc.param @img : tensor<1x2x5x5xf32> init "zeros"
  dlc.param @conv.weight : tensor<4x1x3x3xf32> init "zeros"
  dlc.param @conv.bias : tensor<4xf32> init "zeros"
  func.func private @train_loss(%x: tensor<?x4xf32> {dlc.dims = ["N", 4], dlc.name = "x"}, %seed: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}) {
    %img = dlc.load @img : tensor<1x2x5x5xf32>
    %w = dlc.load @conv.weight : tensor<4x1x3x3xf32>
    %b = dlc.load @conv.bias : tensor<4xf32>
    %y = dlc.conv2d %img, %w, %b {stride = array<i64: 2, 2>, padding = array<i64: 1, 1>, dilation = array<i64: 1, 1>, groups = 2 : i64} : (tensor<1x2x5x5xf32>, tensor<4x1x3x3xf32>, tensor<4xf32>) -> tensor<1x4x3x3xf32>
    %l = dlc.reduce_sum %y {axes = array<i64: 0, 1, 2, 3>} : tensor<1x4x3x3xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
}

// -----

// max_pool2d: dlc.max_pool2d_grad of the pooled input and dy.
// CHECK-LABEL: dlc.model = "MaxPool2d"
// CHECK: %[[X:.*]] = dlc.load @img : tensor<1x2x4x4xf32>
// CHECK: %[[DY:.*]] = dlc.broadcast_to %{{.*}} : tensor<1x1x1x1xf32> -> tensor<1x2x2x2xf32>
// CHECK: %[[G:.*]] = dlc.max_pool2d_grad %[[X]], %[[DY]] {kernel = array<i64: 2, 2>, padding = array<i64: 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x2x4x4xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x4x4xf32>
// CHECK: return %{{.*}}, %[[G]] : tensor<f32>, tensor<1x2x4x4xf32>
module attributes {dlc.model = "MaxPool2d", dlc.optimizer = {dampening = 0.000000e+00 : f64, kind = "sgd", lr = 1.000000e-01 : f64, momentum = 0.000000e+00 : f64, nesterov = false, weight_decay = 0.000000e+00 : f64}} {
  dlc.param @img : tensor<1x2x4x4xf32> init "zeros"
  func.func private @train_loss(%x: tensor<?x4xf32> {dlc.dims = ["N", 4], dlc.name = "x"}, %seed: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}) {
    %img = dlc.load @img : tensor<1x2x4x4xf32>
    %p = dlc.max_pool2d %img {kernel = array<i64: 2, 2>, stride = array<i64: 2, 2>, padding = array<i64: 0, 0>} : tensor<1x2x4x4xf32> -> tensor<1x2x2x2xf32>
    %l = dlc.reduce_sum %p {axes = array<i64: 0, 1, 2, 3>} : tensor<1x2x2x2xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
}

// -----

// avg_pool2d: dlc.avg_pool2d_grad of dy, typed like the input.
// CHECK-LABEL: dlc.model = "AvgPool2d"
// CHECK: %[[DY:.*]] = dlc.broadcast_to %{{.*}} : tensor<1x1x1x1xf32> -> tensor<1x2x2x2xf32>
// CHECK: %[[G:.*]] = dlc.avg_pool2d_grad %[[DY]] {kernel = array<i64: 3, 3>, padding = array<i64: 1, 1>, stride = array<i64: 2, 2>} : tensor<1x2x2x2xf32> -> tensor<1x2x4x4xf32>
// CHECK: return %{{.*}}, %[[G]] : tensor<f32>, tensor<1x2x4x4xf32>
module attributes {dlc.model = "AvgPool2d", dlc.optimizer = {dampening = 0.000000e+00 : f64, kind = "sgd", lr = 1.000000e-01 : f64, momentum = 0.000000e+00 : f64, nesterov = false, weight_decay = 0.000000e+00 : f64}} {
  dlc.param @img : tensor<1x2x4x4xf32> init "zeros"
  func.func private @train_loss(%x: tensor<?x4xf32> {dlc.dims = ["N", 4], dlc.name = "x"}, %seed: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}) {
    %img = dlc.load @img : tensor<1x2x4x4xf32>
    %p = dlc.avg_pool2d %img {kernel = array<i64: 3, 3>, stride = array<i64: 2, 2>, padding = array<i64: 1, 1>} : tensor<1x2x4x4xf32> -> tensor<1x2x2x2xf32>
    %l = dlc.reduce_sum %p {axes = array<i64: 0, 1, 2, 3>} : tensor<1x2x2x2xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
}

// -----

// A parameter that does not reach the loss gets no result (and no backward
// ops), even when a metric reads it; the gradients follow the metrics.
// CHECK-LABEL: dlc.model = "Unused"
// CHECK: func.func @train_step(%{{.*}}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}, tensor<f32> {dlc.dims = [], dlc.name = "norm"}, tensor<4xf32> {dlc.grad_of = "w"}) {
// CHECK: %[[U:.*]] = dlc.load @unused : tensor<3xf32>
// CHECK: %[[M:.*]] = dlc.reduce_sum %[[U]]
// CHECK: %[[L:.*]] = dlc.reduce_sum
// CHECK-NOT: %[[U]]{{[^0-9]}}
// CHECK: return %[[L]], %[[M]], %{{.*}} : tensor<f32>, tensor<f32>, tensor<4xf32>
// CHECK-NOT: dlc.grad_of = "unused"
module attributes {dlc.model = "Unused", dlc.optimizer = {dampening = 0.000000e+00 : f64, kind = "sgd", lr = 1.000000e-01 : f64, momentum = 0.000000e+00 : f64, nesterov = false, weight_decay = 0.000000e+00 : f64}} {
  dlc.param @w : tensor<4xf32> init "zeros"
  dlc.param @unused : tensor<3xf32> init "zeros"
  func.func private @train_loss(%x: tensor<?x4xf32> {dlc.dims = ["N", 4], dlc.name = "x"}, %seed: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}, tensor<f32> {dlc.dims = [], dlc.name = "norm"}) {
    %w = dlc.load @w : tensor<4xf32>
    %u = dlc.load @unused : tensor<3xf32>
    %m = dlc.reduce_sum %u {axes = array<i64: 0>} : tensor<3xf32> -> tensor<f32>
    %y = dlc.mul %x, %w : (tensor<?x4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
    %l = dlc.reduce_sum %y {axes = array<i64: 0, 1>} : tensor<?x4xf32> -> tensor<f32>
    return %l, %m : tensor<f32>, tensor<f32>
  }
}

// -----

// Batch inputs, and values computed from them only, get no gradient: the
// backward ops stop at w's operand x * k and never reach x, k or its cast.
// CHECK-LABEL: dlc.model = "Batch"
// CHECK: func.func @train_step(%[[X:.*]]: tensor<?x4xf32> {{.*}}, %[[K:.*]]: tensor<?xi32> {{.*}}, %{{.*}}: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}, tensor<4xf32> {dlc.grad_of = "w"}) {
// CHECK: %[[KF:.*]] = dlc.cast %[[K]] : tensor<?xi32> -> tensor<?xf32>
// CHECK: %[[KC:.*]] = dlc.reshape %[[KF]]
// CHECK: %[[XK:.*]] = dlc.mul %[[X]], %[[KC]]
// CHECK: %[[L:.*]] = dlc.reduce_sum
// CHECK-NOT: dlc.cast
// CHECK-NOT: %[[KC]]{{[^0-9]}}
// CHECK-NOT: %[[X]]{{[^0-9]}}
// CHECK: dlc.mul %{{.*}}, %[[XK]]
// CHECK-NOT: %[[KC]]{{[^0-9]}}
// CHECK-NOT: %[[X]]{{[^0-9]}}
// CHECK: return %[[L]], %{{.*}} : tensor<f32>, tensor<4xf32>
module attributes {dlc.model = "Batch", dlc.optimizer = {dampening = 0.000000e+00 : f64, kind = "sgd", lr = 1.000000e-01 : f64, momentum = 0.000000e+00 : f64, nesterov = false, weight_decay = 0.000000e+00 : f64}} {
  dlc.param @w : tensor<4xf32> init "zeros"
  func.func private @train_loss(%x: tensor<?x4xf32> {dlc.dims = ["N", 4], dlc.name = "x"}, %k: tensor<?xi32> {dlc.dims = ["N"], dlc.name = "k"}, %seed: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}) {
    %w = dlc.load @w : tensor<4xf32>
    %kf = dlc.cast %k : tensor<?xi32> -> tensor<?xf32>
    %kc = dlc.reshape %kf : tensor<?xf32> -> tensor<?x1xf32>
    %xk = dlc.mul %x, %kc : (tensor<?x4xf32>, tensor<?x1xf32>) -> tensor<?x4xf32>
    %y = dlc.mul %xk, %w : (tensor<?x4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
    %l = dlc.reduce_sum %y {axes = array<i64: 0, 1>} : tensor<?x4xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
}

// -----

// A value used twice gets the sum of both gradients, and a parameter loaded
// twice the sum of its loads'.
// CHECK-LABEL: dlc.model = "Twice"
// CHECK: %[[A:.*]] = dlc.load @w : tensor<4xf32>
// CHECK: %[[B:.*]] = dlc.load @w : tensor<4xf32>
// CHECK: %[[E:.*]] = dlc.exp %[[A]]
// CHECK: %[[Y:.*]] = dlc.mul %[[E]], %[[A]]
// CHECK: %[[Z:.*]] = dlc.mul %[[Y]], %[[B]]
// CHECK: %[[DZ:.*]] = dlc.broadcast_to
// CHECK: %[[DY:.*]] = dlc.mul %[[DZ]], %[[B]]
// CHECK: %[[DB:.*]] = dlc.mul %[[DZ]], %[[Y]]
// CHECK: %[[DE:.*]] = dlc.mul %[[DY]], %[[A]]
// CHECK: %[[DA1:.*]] = dlc.mul %[[DY]], %[[E]]
// CHECK: %[[DA2:.*]] = dlc.mul %[[DE]], %[[E]]
// CHECK: %[[DA:.*]] = dlc.add %[[DA1]], %[[DA2]]
// CHECK: %[[G:.*]] = dlc.add %[[DA]], %[[DB]]
// CHECK: return %{{.*}}, %[[G]] : tensor<f32>, tensor<4xf32>
module attributes {dlc.model = "Twice", dlc.optimizer = {dampening = 0.000000e+00 : f64, kind = "sgd", lr = 1.000000e-01 : f64, momentum = 0.000000e+00 : f64, nesterov = false, weight_decay = 0.000000e+00 : f64}} {
  dlc.param @w : tensor<4xf32> init "zeros"
  func.func private @train_loss(%x: tensor<?x4xf32> {dlc.dims = ["N", 4], dlc.name = "x"}, %seed: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}) {
    %a = dlc.load @w : tensor<4xf32>
    %b = dlc.load @w : tensor<4xf32>
    %e = dlc.exp %a : tensor<4xf32>
    %y = dlc.mul %e, %a : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    %z = dlc.mul %y, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    %l = dlc.reduce_sum %z {axes = array<i64: 0>} : tensor<4xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
}

// -----

// A loss that depends on no parameter has nothing to train.
module attributes {dlc.model = "NoParam"} {
  dlc.param @w : tensor<4xf32> init "zeros"
  func.func private @train_loss(%x: tensor<?x4xf32> {dlc.dims = ["N", 4], dlc.name = "x"}, %seed: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}) {
    %w = dlc.load @w : tensor<4xf32>
    // expected-error @+1 {{the loss does not depend on any parameter, so there is nothing to train}}
    %l = dlc.reduce_sum %x {axes = array<i64: 0, 1>} : tensor<?x4xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
}

// -----

// The pass refuses to replace a train_step the model already has.
module attributes {dlc.model = "Twice"} {
  dlc.param @w : tensor<4xf32> init "zeros"
  func.func private @train_loss(%seed: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}) {
    %w = dlc.load @w : tensor<4xf32>
    %l = dlc.reduce_sum %w {axes = array<i64: 0>} : tensor<4xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
  // expected-error @+1 {{the model already has a 'train_step'}}
  func.func @train_step() {
    return
  }
}

// -----

// An op on the path to the loss without a gradient rule is named.
module attributes {dlc.model = "NoRule"} {
  dlc.param @w : tensor<4xf32> init "zeros"
  func.func private @train_loss(%seed: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}) {
    %w = dlc.load @w : tensor<4xf32>
    // expected-error @+1 {{'arith.negf' has no gradient rule; give it one in VjpRules.cpp or mark it NonDifferentiable}}
    %n = arith.negf %w : tensor<4xf32>
    %l = dlc.reduce_sum %n {axes = array<i64: 0>} : tensor<4xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
}

// -----

// A part after one of dynamic extent along the axis has no constant offset.
module attributes {dlc.model = "ConcatDynamic"} {
  dlc.param @w : tensor<2x4xf32> init "zeros"
  func.func private @train_loss(%x: tensor<?x4xf32> {dlc.dims = ["N", 4], dlc.name = "x"}, %seed: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}) {
    %w = dlc.load @w : tensor<2x4xf32>
    // expected-error @+2 {{the gradient of concat needs the parts before a differentiated one to have fixed extents along axis 0}}
    // expected-error @+1 {{cannot build the gradient of 'dlc.concat'}}
    %c = dlc.concat %x, %w {axis = 0 : i64} : (tensor<?x4xf32>, tensor<2x4xf32>) -> tensor<?x4xf32>
    %l = dlc.reduce_sum %c {axes = array<i64: 0, 1>} : tensor<?x4xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
}

// -----

// The first result of train_loss is the loss, a float tensor.
module attributes {dlc.model = "IntLoss"} {
  dlc.param @w : tensor<4xf32> init "zeros"
  // expected-error @+1 {{the first result of train_loss must be the loss}}
  func.func private @train_loss(%seed: tensor<i64> {dlc.seed}) -> (tensor<i64> {dlc.dims = [], dlc.name = "loss"}) {
    %w = dlc.load @w : tensor<4xf32>
    return %seed : tensor<i64>
  }
}

// -----

// layer_norm recomputes its statistics from the input rather than keeping
// them: mean, centred input, rsqrt of the variance plus eps, x^. The input's
// gradient is (g - mean(g) - x^ mean(g x^)) / sigma with g = dy * weight; the
// weight's is sum(dy x^) and the bias's sum(dy) over the leading axes.
// CHECK-LABEL: dlc.model = "LayerNorm"
// CHECK: func.func @train_step({{.*}}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}, tensor<2x4xf32> {dlc.grad_of = "p"}, tensor<4xf32> {dlc.grad_of = "g"}, tensor<4xf32> {dlc.grad_of = "h"})
// CHECK: %[[P:.*]] = dlc.load @p : tensor<2x4xf32>
// CHECK: %[[G:.*]] = dlc.load @g : tensor<4xf32>
// CHECK: dlc.layer_norm %[[P]], %[[G]], %{{.*}} {eps = 1.000000e-05 : f64}
// CHECK: %[[DY:.*]] = dlc.broadcast_to %{{.*}} : tensor<1x1xf32> -> tensor<2x4xf32>
// CHECK: %[[MEAN:.*]] = dlc.reduce_mean %[[P]] {axes = array<i64: 1>, keepdim = true} : tensor<2x4xf32> -> tensor<2x1xf32>
// CHECK: %[[C:.*]] = dlc.sub %[[P]], %[[MEAN]]
// CHECK: %[[SQ:.*]] = dlc.mul %[[C]], %[[C]]
// CHECK: %[[VAR:.*]] = dlc.reduce_mean %[[SQ]] {axes = array<i64: 1>, keepdim = true}
// CHECK: %[[EPS:.*]] = dlc.constant dense<9.99999974E-6> : tensor<f32>
// CHECK: %[[VE:.*]] = dlc.add %[[VAR]], %[[EPS]]
// CHECK: %[[INV:.*]] = dlc.rsqrt %[[VE]] : tensor<2x1xf32>
// CHECK: %[[XHAT:.*]] = dlc.mul %[[C]], %[[INV]]
// CHECK: %[[GW:.*]] = dlc.mul %[[DY]], %[[G]] : (tensor<2x4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
// CHECK: %[[GX:.*]] = dlc.mul %[[GW]], %[[XHAT]]
// CHECK: %[[MGX:.*]] = dlc.reduce_mean %[[GX]] {axes = array<i64: 1>, keepdim = true}
// CHECK: %[[SPREAD:.*]] = dlc.mul %[[XHAT]], %[[MGX]]
// CHECK: %[[MG:.*]] = dlc.reduce_mean %[[GW]] {axes = array<i64: 1>, keepdim = true}
// CHECK: %[[D1:.*]] = dlc.sub %[[GW]], %[[MG]]
// CHECK: %[[D2:.*]] = dlc.sub %[[D1]], %[[SPREAD]]
// CHECK: %[[DP:.*]] = dlc.mul %[[INV]], %[[D2]] : (tensor<2x1xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
// CHECK: %[[DYX:.*]] = dlc.mul %[[DY]], %[[XHAT]]
// CHECK: %[[DG:.*]] = dlc.reduce_sum %[[DYX]] {axes = array<i64: 0>} : tensor<2x4xf32> -> tensor<4xf32>
// CHECK: %[[DH:.*]] = dlc.reduce_sum %[[DY]] {axes = array<i64: 0>} : tensor<2x4xf32> -> tensor<4xf32>
// CHECK: return %{{.*}}, %[[DP]], %[[DG]], %[[DH]]
module attributes {dlc.model = "LayerNorm", dlc.optimizer = {dampening = 0.000000e+00 : f64, kind = "sgd", lr = 1.000000e-01 : f64, momentum = 0.000000e+00 : f64, nesterov = false, weight_decay = 0.000000e+00 : f64}} {
  dlc.param @p : tensor<2x4xf32> init "zeros"
  dlc.param @g : tensor<4xf32> init "ones"
  dlc.param @h : tensor<4xf32> init "zeros"
  func.func private @train_loss(%x: tensor<?x4xf32> {dlc.dims = ["N", 4], dlc.name = "x"}, %seed: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}) {
    %p = dlc.load @p : tensor<2x4xf32>
    %g = dlc.load @g : tensor<4xf32>
    %h = dlc.load @h : tensor<4xf32>
    %y = dlc.layer_norm %p, %g, %h {eps = 1.000000e-05 : f64} : (tensor<2x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
    %l = dlc.reduce_sum %y {axes = array<i64: 0, 1>} : tensor<2x4xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
}

// -----

// layer_norm of a batch input: the input needs no gradient, so only x^ is
// rebuilt for the weight's gradient and dy * weight is never formed.
// CHECK-LABEL: dlc.model = "LayerNormOfInput"
// CHECK: func.func @train_step(%[[X:.*]]: tensor<?x4xf32> {{.*}}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}, tensor<4xf32> {dlc.grad_of = "g"})
// CHECK: %[[G:.*]] = dlc.load @g
// CHECK: %[[DY:.*]] = dlc.broadcast_to %{{.*}} sizes(%{{.*}}) : tensor<1x1xf32> -> tensor<?x4xf32>
// CHECK: %[[INV:.*]] = dlc.rsqrt
// CHECK: %[[XHAT:.*]] = dlc.mul %{{.*}}, %[[INV]]
// CHECK-NOT: dlc.mul %[[DY]], %[[G]]
// CHECK: %[[DYX:.*]] = dlc.mul %[[DY]], %[[XHAT]]
// CHECK-NEXT: %[[DG:.*]] = dlc.reduce_sum %[[DYX]] {axes = array<i64: 0>} : tensor<?x4xf32> -> tensor<4xf32>
// CHECK-NEXT: return %{{.*}}, %[[DG]] : tensor<f32>, tensor<4xf32>
module attributes {dlc.model = "LayerNormOfInput", dlc.optimizer = {dampening = 0.000000e+00 : f64, kind = "sgd", lr = 1.000000e-01 : f64, momentum = 0.000000e+00 : f64, nesterov = false, weight_decay = 0.000000e+00 : f64}} {
  dlc.param @g : tensor<4xf32> init "ones"
  func.func private @train_loss(%x: tensor<?x4xf32> {dlc.dims = ["N", 4], dlc.name = "x"}, %seed: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}) {
    %g = dlc.load @g : tensor<4xf32>
    %y = dlc.layer_norm %x, %g {eps = 1.000000e-05 : f64} : (tensor<?x4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
    %l = dlc.reduce_sum %y {axes = array<i64: 0, 1>} : tensor<?x4xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
}

// -----

// batch_norm by stored statistics (eval mode, or running buffers): buffers are
// not trained, so the statistics get no gradient. The input's gradient is
// dy * weight / sigma per channel ([C] reshaped to [C, 1, 1]); the weight's is
// sum(dy x^) and the bias's sum(dy) over every axis but the channel.
// CHECK-LABEL: dlc.model = "BatchNorm"
// CHECK: func.func @train_step({{.*}}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}, tensor<2x3x2x2xf32> {dlc.grad_of = "p"}, tensor<3xf32> {dlc.grad_of = "w"}, tensor<3xf32> {dlc.grad_of = "b"})
// CHECK: %[[P:.*]] = dlc.load @p
// CHECK: %[[W:.*]] = dlc.load @w
// CHECK: %[[M:.*]] = dlc.load @mean
// CHECK: %[[V:.*]] = dlc.load @var
// CHECK: %[[DY:.*]] = dlc.broadcast_to %{{.*}} : tensor<1x1x1x1xf32> -> tensor<2x3x2x2xf32>
// CHECK: %[[MC:.*]] = dlc.reshape %[[M]] : tensor<3xf32> -> tensor<3x1x1xf32>
// CHECK: %[[C:.*]] = dlc.sub %[[P]], %[[MC]]
// CHECK: %[[VC:.*]] = dlc.reshape %[[V]] : tensor<3xf32> -> tensor<3x1x1xf32>
// CHECK: %[[VE:.*]] = dlc.add %[[VC]], %{{.*}}
// CHECK: %[[INV:.*]] = dlc.rsqrt %[[VE]] : tensor<3x1x1xf32>
// CHECK: %[[WC:.*]] = dlc.reshape %[[W]] : tensor<3xf32> -> tensor<3x1x1xf32>
// CHECK: %[[GW:.*]] = dlc.mul %[[DY]], %[[WC]]
// CHECK: %[[DP:.*]] = dlc.mul %[[GW]], %[[INV]] : (tensor<2x3x2x2xf32>, tensor<3x1x1xf32>) -> tensor<2x3x2x2xf32>
// CHECK: %[[XHAT:.*]] = dlc.mul %[[C]], %[[INV]]
// CHECK: %[[DYX:.*]] = dlc.mul %[[DY]], %[[XHAT]]
// CHECK: %[[DW:.*]] = dlc.reduce_sum %[[DYX]] {axes = array<i64: 0, 2, 3>} : tensor<2x3x2x2xf32> -> tensor<3xf32>
// CHECK: %[[DB:.*]] = dlc.reduce_sum %[[DY]] {axes = array<i64: 0, 2, 3>} : tensor<2x3x2x2xf32> -> tensor<3xf32>
// CHECK: return %{{.*}}, %[[DP]], %[[DW]], %[[DB]]
module attributes {dlc.model = "BatchNorm", dlc.optimizer = {dampening = 0.000000e+00 : f64, kind = "sgd", lr = 1.000000e-01 : f64, momentum = 0.000000e+00 : f64, nesterov = false, weight_decay = 0.000000e+00 : f64}} {
  dlc.param @p : tensor<2x3x2x2xf32> init "zeros"
  dlc.param @w : tensor<3xf32> init "ones"
  dlc.param @b : tensor<3xf32> init "zeros"
  dlc.buffer @mean : tensor<3xf32> init "zeros"
  dlc.buffer @var : tensor<3xf32> init "ones"
  func.func private @train_loss(%x: tensor<?x4xf32> {dlc.dims = ["N", 4], dlc.name = "x"}, %seed: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}) {
    %p = dlc.load @p : tensor<2x3x2x2xf32>
    %w = dlc.load @w : tensor<3xf32>
    %b = dlc.load @b : tensor<3xf32>
    %m = dlc.load @mean : tensor<3xf32>
    %v = dlc.load @var : tensor<3xf32>
    %y = dlc.batch_norm %p, %m, %v weight %w bias %b {eps = 1.000000e-05 : f64} : (tensor<2x3x2x2xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3x2x2xf32>
    %l = dlc.reduce_sum %y {axes = array<i64: 0, 1, 2, 3>} : tensor<2x3x2x2xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
}

// -----

// batch_norm by statistics of the batch (training mode): the mean's gradient
// is -sum(dy / sigma), the variance's sum(dy (x - mean)) * -sigma^-3 / 2, and
// both flow back through the reduce_means that computed them into the input's
// gradient, beside its direct dy / sigma (built once and reused for the mean).
// CHECK-LABEL: dlc.model = "BatchNormOfBatchStatistics"
// CHECK: func.func @train_step({{.*}}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}, tensor<2x3x2x2xf32> {dlc.grad_of = "p"})
// CHECK: %[[DY:.*]] = dlc.broadcast_to %{{.*}} : tensor<1x1x1x1xf32> -> tensor<2x3x2x2xf32>
// CHECK: %[[C:.*]] = dlc.sub
// CHECK: %[[INV:.*]] = dlc.rsqrt
// CHECK: %[[DIRECT:.*]] = dlc.mul %[[DY]], %[[INV]]
// CHECK-NOT: dlc.mul %[[DY]], %[[INV]]
// CHECK: %[[SUM:.*]] = dlc.reduce_sum %[[DIRECT]] {axes = array<i64: 0, 2, 3>}
// CHECK: %[[DMEAN:.*]] = dlc.neg %[[SUM]] : tensor<3xf32>
// CHECK: %[[SQ:.*]] = dlc.mul %[[INV]], %[[INV]]
// CHECK: %[[CUBE:.*]] = dlc.mul %[[INV]], %[[SQ]]
// CHECK: %[[HALF:.*]] = dlc.constant dense<-5.000000e-01>
// CHECK: %[[SLOPE:.*]] = dlc.mul %[[CUBE]], %[[HALF]]
// CHECK: %[[DYC:.*]] = dlc.mul %[[DY]], %[[C]]
// CHECK: %[[T:.*]] = dlc.mul %[[DYC]], %[[SLOPE]]
// CHECK: %[[DVAR:.*]] = dlc.reduce_sum %[[T]] {axes = array<i64: 0, 2, 3>}
// CHECK: dlc.reshape %[[DVAR]] : tensor<3xf32> -> tensor<1x3x1x1xf32>
// CHECK: %[[FROMVAR:.*]] = dlc.add %[[DIRECT]], %{{.*}}
// CHECK: dlc.reshape %[[DMEAN]] : tensor<3xf32> -> tensor<1x3x1x1xf32>
// CHECK: %[[DP:.*]] = dlc.add %[[FROMVAR]], %{{.*}}
// CHECK: return %{{.*}}, %[[DP]]
module attributes {dlc.model = "BatchNormOfBatchStatistics", dlc.optimizer = {dampening = 0.000000e+00 : f64, kind = "sgd", lr = 1.000000e-01 : f64, momentum = 0.000000e+00 : f64, nesterov = false, weight_decay = 0.000000e+00 : f64}} {
  dlc.param @p : tensor<2x3x2x2xf32> init "zeros"
  func.func private @train_loss(%x: tensor<?x4xf32> {dlc.dims = ["N", 4], dlc.name = "x"}, %seed: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}) {
    %p = dlc.load @p : tensor<2x3x2x2xf32>
    %mk = dlc.reduce_mean %p {axes = array<i64: 0, 2, 3>, keepdim = true} : tensor<2x3x2x2xf32> -> tensor<1x3x1x1xf32>
    %m = dlc.reshape %mk : tensor<1x3x1x1xf32> -> tensor<3xf32>
    %c = dlc.sub %p, %mk : (tensor<2x3x2x2xf32>, tensor<1x3x1x1xf32>) -> tensor<2x3x2x2xf32>
    %sq = dlc.mul %c, %c : (tensor<2x3x2x2xf32>, tensor<2x3x2x2xf32>) -> tensor<2x3x2x2xf32>
    %v = dlc.reduce_mean %sq {axes = array<i64: 0, 2, 3>} : tensor<2x3x2x2xf32> -> tensor<3xf32>
    %y = dlc.batch_norm %p, %m, %v {eps = 1.000000e-05 : f64} : (tensor<2x3x2x2xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3x2x2xf32>
    %l = dlc.reduce_sum %y {axes = array<i64: 0, 1, 2, 3>} : tensor<2x3x2x2xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
}

// -----

// batch_norm marked batch_statistics (the frontend's training mode): the
// input's gradient in closed form, weight / sigma * dy - weight / sigma / M
// * (S1 + x^ S2), from the two sums per channel that are also the bias's
// (S1 = sum(dy)) and the weight's (S2 = sum(dy x^)) gradients. Nothing flows
// back through the reduce_means that computed the statistics.
// CHECK-LABEL: dlc.model = "BatchNormClosedForm"
// CHECK: func.func @train_step({{.*}}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}, tensor<2x3x2x2xf32> {dlc.grad_of = "p"}, tensor<3xf32> {dlc.grad_of = "w"}, tensor<3xf32> {dlc.grad_of = "b"})
// CHECK: %[[W:.*]] = dlc.load @w
// CHECK: %[[DY:.*]] = dlc.broadcast_to %{{.*}} : tensor<1x1x1x1xf32> -> tensor<2x3x2x2xf32>
// CHECK: %[[INV:.*]] = dlc.rsqrt
// CHECK: %[[XHAT:.*]] = dlc.mul %{{.*}}, %[[INV]] : (tensor<2x3x2x2xf32>, tensor<3x1x1xf32>)
// CHECK: %[[WC:.*]] = dlc.reshape %[[W]]
// CHECK: %[[SCALE:.*]] = dlc.mul %[[WC]], %[[INV]]
// CHECK: %[[M:.*]] = dlc.constant dense<8.000000e+00>
// CHECK: %[[PER:.*]] = dlc.div %[[SCALE]], %[[M]]
// CHECK: %[[S1:.*]] = dlc.reduce_sum %[[DY]] {axes = array<i64: 0, 2, 3>}
// CHECK: %[[S1C:.*]] = dlc.reshape %[[S1]]
// CHECK: %[[TOTAL:.*]] = dlc.mul %[[PER]], %[[S1C]]
// CHECK: %[[DYX:.*]] = dlc.mul %[[DY]], %[[XHAT]]
// CHECK: %[[S2:.*]] = dlc.reduce_sum %[[DYX]] {axes = array<i64: 0, 2, 3>}
// CHECK: %[[S2C:.*]] = dlc.reshape %[[S2]]
// CHECK: %[[SLOPE:.*]] = dlc.mul %[[PER]], %[[S2C]]
// CHECK: %[[B:.*]] = dlc.mul %[[SLOPE]], %[[XHAT]]
// CHECK: %[[SHIFT:.*]] = dlc.add %[[TOTAL]], %[[B]]
// CHECK: %[[D:.*]] = dlc.mul %[[SCALE]], %[[DY]]
// CHECK: %[[DP:.*]] = dlc.sub %[[D]], %[[SHIFT]]
// CHECK-NOT: dlc.reduce_sum
// CHECK: return %{{.*}}, %[[DP]], %[[S2]], %[[S1]]
module attributes {dlc.model = "BatchNormClosedForm", dlc.optimizer = {dampening = 0.000000e+00 : f64, kind = "sgd", lr = 1.000000e-01 : f64, momentum = 0.000000e+00 : f64, nesterov = false, weight_decay = 0.000000e+00 : f64}} {
  dlc.param @p : tensor<2x3x2x2xf32> init "zeros"
  dlc.param @w : tensor<3xf32> init "ones"
  dlc.param @b : tensor<3xf32> init "zeros"
  func.func private @train_loss(%x: tensor<?x4xf32> {dlc.dims = ["N", 4], dlc.name = "x"}, %seed: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}) {
    %p = dlc.load @p : tensor<2x3x2x2xf32>
    %w = dlc.load @w : tensor<3xf32>
    %b = dlc.load @b : tensor<3xf32>
    %mk = dlc.reduce_mean %p {axes = array<i64: 0, 2, 3>, keepdim = true} : tensor<2x3x2x2xf32> -> tensor<1x3x1x1xf32>
    %m = dlc.reshape %mk : tensor<1x3x1x1xf32> -> tensor<3xf32>
    %c = dlc.sub %p, %mk : (tensor<2x3x2x2xf32>, tensor<1x3x1x1xf32>) -> tensor<2x3x2x2xf32>
    %sq = dlc.mul %c, %c : (tensor<2x3x2x2xf32>, tensor<2x3x2x2xf32>) -> tensor<2x3x2x2xf32>
    %v = dlc.reduce_mean %sq {axes = array<i64: 0, 2, 3>} : tensor<2x3x2x2xf32> -> tensor<3xf32>
    %y = dlc.batch_norm %p, %m, %v weight %w bias %b {batch_statistics, eps = 1.000000e-05 : f64} : (tensor<2x3x2x2xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3x2x2xf32>
    %l = dlc.reduce_sum %y {axes = array<i64: 0, 1, 2, 3>} : tensor<2x3x2x2xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
}

// -----

// bce_with_logits: (sigmoid(z) - t) * dy / count; the target, a batch input,
// gets no gradient.
// CHECK-LABEL: dlc.model = "BceWithLogits"
// CHECK: func.func @train_step(%[[T:.*]]: tensor<4x1xf32> {{.*}}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}, tensor<4x1xf32> {dlc.grad_of = "z"})
// CHECK: %[[Z:.*]] = dlc.load @z
// CHECK: %[[ONE:.*]] = dlc.constant dense<1.000000e+00> : tensor<f32>
// CHECK: %[[COUNT:.*]] = dlc.constant dense<4.000000e+00> : tensor<f32>
// CHECK: %[[SCALE:.*]] = dlc.div %[[ONE]], %[[COUNT]]
// CHECK: %[[S:.*]] = dlc.sigmoid %[[Z]]
// CHECK: %[[D:.*]] = dlc.sub %[[S]], %[[T]]
// CHECK: %[[DZ:.*]] = dlc.mul %[[D]], %[[SCALE]]
// CHECK-NEXT: return %{{.*}}, %[[DZ]]
module attributes {dlc.model = "BceWithLogits", dlc.optimizer = {dampening = 0.000000e+00 : f64, kind = "sgd", lr = 1.000000e-01 : f64, momentum = 0.000000e+00 : f64, nesterov = false, weight_decay = 0.000000e+00 : f64}} {
  dlc.param @z : tensor<4x1xf32> init "zeros"
  func.func private @train_loss(%t: tensor<4x1xf32> {dlc.dims = [4, 1], dlc.name = "t"}, %seed: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}) {
    %z = dlc.load @z : tensor<4x1xf32>
    %l = dlc.bce_with_logits %z, %t : (tensor<4x1xf32>, tensor<4x1xf32>) -> tensor<f32>
    return %l : tensor<f32>
  }
}

// -----

// The backward pass is built for straight-line code only.
module attributes {dlc.model = "Blocks"} {
  dlc.param @w : tensor<4xf32> init "zeros"
  // expected-error @+1 {{train_step must be a single block}}
  func.func private @train_loss(%seed: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}) {
    %w = dlc.load @w : tensor<4xf32>
    %l = dlc.reduce_sum %w {axes = array<i64: 0>} : tensor<4xf32> -> tensor<f32>
    cf.br ^bb1
  ^bb1:
    return %l : tensor<f32>
  }
}

// -----

// A model without a train block is left as it is.
// CHECK-LABEL: dlc.model = "Inference"
// CHECK-NOT: train_step
// CHECK: func.func @forward
// CHECK-NOT: train_step
module attributes {dlc.model = "Inference"} {
  dlc.param @w : tensor<4xf32> init "zeros"
  func.func @forward(%x: tensor<4xf32>) -> tensor<4xf32> {
    %w = dlc.load @w : tensor<4xf32>
    %y = dlc.mul %x, %w : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    return %y : tensor<4xf32>
  }
}
