// RUN: dlc-opt %s --split-input-file --verify-diagnostics --dlc-autodiff | FileCheck %s
// The optimizer's update in train_step: its state as dlc.optimizer_state
// (zeros, after the model's own state), the learning rate of the step from
// dlc.learning_rate, PyTorch's update arithmetic, and every dlc.store just
// before the return. %[[G]] is the gradient of w from the backward pass.

// Plain SGD: w - lr * g, and the step counter goes up by one.
// CHECK-LABEL: dlc.model = "Sgd"
// CHECK: dlc.param @w : tensor<4xf32> init "zeros"
// CHECK-NEXT: dlc.optimizer_state @optimizer.step : tensor<i64> init "zeros"
// CHECK-NEXT: func.func @train_step(%{{.*}}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}) {
// CHECK: %[[G:.*]] = dlc.reduce_sum %{{.*}} {axes = array<i64: 0>} : tensor<?x4xf32> -> tensor<4xf32>
// CHECK: %[[STEP:.*]] = dlc.load @optimizer.step : tensor<i64>
// CHECK: %[[LR:.*]] = dlc.learning_rate %[[STEP]] {lr = 1.000000e-01 : f64} : tensor<f64>
// CHECK: %[[P:.*]] = dlc.load @w : tensor<4xf32>
// CHECK: %[[LR32:.*]] = dlc.cast %[[LR]] : tensor<f64> -> tensor<f32>
// CHECK: %[[DELTA:.*]] = dlc.mul %[[G]], %[[LR32]] : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
// CHECK: %[[NEW:.*]] = dlc.sub %[[P]], %[[DELTA]] : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
// CHECK: %[[ONE:.*]] = dlc.constant dense<1> : tensor<i64>
// CHECK: %[[NEXT:.*]] = dlc.add %[[STEP]], %[[ONE]] : (tensor<i64>, tensor<i64>) -> tensor<i64>
// CHECK-NEXT: dlc.store %[[NEW]], @w : tensor<4xf32>
// CHECK-NEXT: dlc.store %[[NEXT]], @optimizer.step : tensor<i64>
// CHECK-NEXT: return %{{.*}} : tensor<f32>
module attributes {dlc.model = "Sgd", dlc.optimizer = {dampening = 0.000000e+00 : f64, kind = "sgd", lr = 1.000000e-01 : f64, momentum = 0.000000e+00 : f64, nesterov = false, weight_decay = 0.000000e+00 : f64}} {
  dlc.param @w : tensor<4xf32> init "zeros"
  func.func private @train_loss(%x: tensor<?x4xf32> {dlc.dims = ["N", 4], dlc.name = "x"}, %seed: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}) {
    %w = dlc.load @w : tensor<4xf32>
    %y = dlc.mul %x, %w : (tensor<?x4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
    %l = dlc.reduce_sum %y {axes = array<i64: 0, 1>} : tensor<?x4xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
}

// -----

// SGD with weight decay, momentum and Nesterov: g' = g + wd p; the buffer is
// g' on the first step and momentum * buf + g' after; the step is along
// g' + momentum * buf.
// CHECK-LABEL: dlc.model = "SgdNesterov"
// CHECK: dlc.optimizer_state @optimizer.step : tensor<i64> init "zeros"
// CHECK-NEXT: dlc.optimizer_state @optimizer.w.momentum_buffer : tensor<4xf32> init "zeros"
// CHECK-NEXT: func.func @train_step
// CHECK: %[[G:.*]] = dlc.reduce_sum %{{.*}} {axes = array<i64: 0>} : tensor<?x4xf32> -> tensor<4xf32>
// CHECK: %[[STEP:.*]] = dlc.load @optimizer.step : tensor<i64>
// CHECK: %[[LR:.*]] = dlc.learning_rate %[[STEP]] {lr = 1.000000e-01 : f64} : tensor<f64>
// CHECK: %[[P:.*]] = dlc.load @w : tensor<4xf32>
// CHECK: %[[LR32:.*]] = dlc.cast %[[LR]] : tensor<f64> -> tensor<f32>
// CHECK: %[[WD:.*]] = dlc.constant dense<0.00999999977> : tensor<f32>
// CHECK: %[[DECAY:.*]] = dlc.mul %[[P]], %[[WD]]
// CHECK: %[[GD:.*]] = dlc.add %[[G]], %[[DECAY]]
// CHECK: %[[BUF:.*]] = dlc.load @optimizer.w.momentum_buffer : tensor<4xf32>
// CHECK: %[[ZERO:.*]] = dlc.constant dense<0> : tensor<i64>
// CHECK: %[[FIRST:.*]] = dlc.compare "eq" %[[STEP]], %[[ZERO]] : (tensor<i64>, tensor<i64>) -> tensor<i1>
// CHECK-DAG: %[[UNDAMPED:.*]] = dlc.constant dense<1.000000e+00> : tensor<f32>
// CHECK-DAG: %[[GS:.*]] = dlc.mul %[[GD]], %[[UNDAMPED]]
// CHECK-DAG: %[[MOMENTUM:.*]] = dlc.constant dense<0.899999976> : tensor<f32>
// CHECK-DAG: %[[BM:.*]] = dlc.mul %[[BUF]], %[[MOMENTUM]]
// CHECK: %[[BLEND:.*]] = dlc.add %[[BM]], %[[GS]]
// CHECK: %[[NEWBUF:.*]] = dlc.select %[[FIRST]], %[[GD]], %[[BLEND]] : (tensor<i1>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
// CHECK: %[[LOOK:.*]] = dlc.mul %[[NEWBUF]], %{{.*}}
// CHECK: %[[DIR:.*]] = dlc.add %[[GD]], %[[LOOK]]
// CHECK: %[[DELTA:.*]] = dlc.mul %[[DIR]], %[[LR32]]
// CHECK: %[[NEW:.*]] = dlc.sub %[[P]], %[[DELTA]]
// CHECK: %[[NEXT:.*]] = dlc.add %[[STEP]], %{{.*}} : (tensor<i64>, tensor<i64>) -> tensor<i64>
// CHECK-NEXT: dlc.store %[[NEWBUF]], @optimizer.w.momentum_buffer : tensor<4xf32>
// CHECK-NEXT: dlc.store %[[NEW]], @w : tensor<4xf32>
// CHECK-NEXT: dlc.store %[[NEXT]], @optimizer.step : tensor<i64>
// CHECK-NEXT: return
module attributes {dlc.model = "SgdNesterov", dlc.optimizer = {dampening = 0.000000e+00 : f64, kind = "sgd", lr = 1.000000e-01 : f64, momentum = 9.000000e-01 : f64, nesterov = true, weight_decay = 1.000000e-02 : f64}} {
  dlc.param @w : tensor<4xf32> init "zeros"
  func.func private @train_loss(%x: tensor<?x4xf32> {dlc.dims = ["N", 4], dlc.name = "x"}, %seed: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}) {
    %w = dlc.load @w : tensor<4xf32>
    %y = dlc.mul %x, %w : (tensor<?x4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
    %l = dlc.reduce_sum %y {axes = array<i64: 0, 1>} : tensor<?x4xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
}

// -----

// Dampening scales the gradient that enters the buffer by 1 - dampening; without
// Nesterov the step is along the buffer itself.
// CHECK-LABEL: dlc.model = "SgdDampening"
// CHECK: %[[G:.*]] = dlc.reduce_sum %{{.*}} {axes = array<i64: 0>} : tensor<?x4xf32> -> tensor<4xf32>
// CHECK: %[[LR32:.*]] = dlc.cast %{{.*}} : tensor<f64> -> tensor<f32>
// CHECK-NOT: dlc.add %[[G]]
// CHECK: %[[BUF:.*]] = dlc.load @optimizer.w.momentum_buffer : tensor<4xf32>
// CHECK: %[[FIRST:.*]] = dlc.compare "eq"
// CHECK-DAG: %[[KEEP:.*]] = dlc.constant dense<7.500000e-01> : tensor<f32>
// CHECK-DAG: %[[GS:.*]] = dlc.mul %[[G]], %[[KEEP]]
// CHECK-DAG: %[[MOMENTUM:.*]] = dlc.constant dense<5.000000e-01> : tensor<f32>
// CHECK-DAG: %[[BM:.*]] = dlc.mul %[[BUF]], %[[MOMENTUM]]
// CHECK: %[[BLEND:.*]] = dlc.add %[[BM]], %[[GS]]
// CHECK: %[[NEWBUF:.*]] = dlc.select %[[FIRST]], %[[G]], %[[BLEND]]
// CHECK: %[[DELTA:.*]] = dlc.mul %[[NEWBUF]], %[[LR32]]
// CHECK: dlc.sub %{{.*}}, %[[DELTA]]
module attributes {dlc.model = "SgdDampening", dlc.optimizer = {dampening = 2.500000e-01 : f64, kind = "sgd", lr = 1.000000e-01 : f64, momentum = 5.000000e-01 : f64, nesterov = false, weight_decay = 0.000000e+00 : f64}} {
  dlc.param @w : tensor<4xf32> init "zeros"
  func.func private @train_loss(%x: tensor<?x4xf32> {dlc.dims = ["N", 4], dlc.name = "x"}, %seed: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}) {
    %w = dlc.load @w : tensor<4xf32>
    %y = dlc.mul %x, %w : (tensor<?x4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
    %l = dlc.reduce_sum %y {axes = array<i64: 0, 1>} : tensor<?x4xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
}

// -----

// Adam with L2 weight decay (added to the gradient): the moments, the bias
// corrections in f64 (lr / (1 - b1^t), sqrt(1 - b2^t) with t = step + 1), and
// p - step_size * m / (sqrt(v) / correction + eps).
// CHECK-LABEL: dlc.model = "Adam"
// CHECK: dlc.optimizer_state @optimizer.step : tensor<i64> init "zeros"
// CHECK-NEXT: dlc.optimizer_state @optimizer.w.exp_avg : tensor<4xf32> init "zeros"
// CHECK-NEXT: dlc.optimizer_state @optimizer.w.exp_avg_sq : tensor<4xf32> init "zeros"
// CHECK-NEXT: func.func @train_step
// CHECK: %[[G:.*]] = dlc.reduce_sum %{{.*}} {axes = array<i64: 0>} : tensor<?x4xf32> -> tensor<4xf32>
// CHECK: %[[STEP:.*]] = dlc.load @optimizer.step : tensor<i64>
// CHECK: %[[LR:.*]] = dlc.learning_rate %[[STEP]] {lr = 1.000000e-03 : f64} : tensor<f64>
// CHECK: %[[P:.*]] = dlc.load @w : tensor<4xf32>
// CHECK: %[[WD:.*]] = dlc.constant dense<1.000000e-01> : tensor<f32>
// CHECK: %[[DECAY:.*]] = dlc.mul %[[P]], %[[WD]]
// CHECK: %[[GD:.*]] = dlc.add %[[G]], %[[DECAY]]
// CHECK: %[[M:.*]] = dlc.load @optimizer.w.exp_avg : tensor<4xf32>
// CHECK: %[[V:.*]] = dlc.load @optimizer.w.exp_avg_sq : tensor<4xf32>
// CHECK-DAG: %[[B1C:.*]] = dlc.constant dense<2.000000e-01> : tensor<f32>
// CHECK-DAG: %[[MG:.*]] = dlc.mul %[[GD]], %[[B1C]]
// CHECK-DAG: %[[B1:.*]] = dlc.constant dense<8.000000e-01> : tensor<f32>
// CHECK-DAG: %[[MM:.*]] = dlc.mul %[[M]], %[[B1]]
// CHECK: %[[NEWM:.*]] = dlc.add %[[MM]], %[[MG]]
// CHECK-DAG: %[[GG:.*]] = dlc.mul %[[GD]], %[[GD]]
// CHECK-DAG: %[[B2C:.*]] = dlc.constant dense<0.00999999977> : tensor<f32>
// CHECK-DAG: %[[VG:.*]] = dlc.mul %[[GG]], %[[B2C]]
// CHECK-DAG: %[[B2:.*]] = dlc.constant dense<9.900000e-01> : tensor<f32>
// CHECK-DAG: %[[VV:.*]] = dlc.mul %[[V]], %[[B2]]
// CHECK: %[[NEWV:.*]] = dlc.add %[[VV]], %[[VG]]
// CHECK: %[[T1:.*]] = dlc.add %[[STEP]], %{{.*}} : (tensor<i64>, tensor<i64>) -> tensor<i64>
// CHECK: %[[T:.*]] = dlc.cast %[[T1]] : tensor<i64> -> tensor<f64>
// CHECK: %[[ONE:.*]] = dlc.constant dense<1.000000e+00> : tensor<f64>
// CHECK: %[[B1D:.*]] = dlc.constant dense<8.000000e-01> : tensor<f64>
// CHECK: %[[B1T:.*]] = dlc.pow %[[B1D]], %[[T]] : (tensor<f64>, tensor<f64>) -> tensor<f64>
// CHECK: %[[BC1:.*]] = dlc.sub %[[ONE]], %[[B1T]]
// CHECK: %[[B2D:.*]] = dlc.constant dense<0.98999999999999999> : tensor<f64>
// CHECK: %[[B2T:.*]] = dlc.pow %[[B2D]], %[[T]]
// CHECK: %[[BC2:.*]] = dlc.sub %[[ONE]], %[[B2T]]
// CHECK: %[[SS:.*]] = dlc.div %[[LR]], %[[BC1]] : (tensor<f64>, tensor<f64>) -> tensor<f64>
// CHECK: %[[SS32:.*]] = dlc.cast %[[SS]] : tensor<f64> -> tensor<f32>
// CHECK: %[[ROOT:.*]] = dlc.sqrt %[[BC2]] : tensor<f64>
// CHECK: %[[CORR:.*]] = dlc.cast %[[ROOT]] : tensor<f64> -> tensor<f32>
// CHECK-DAG: %[[EPS:.*]] = dlc.constant dense<9.99999993E-9> : tensor<f32>
// CHECK-DAG: %[[SQRTV:.*]] = dlc.sqrt %[[NEWV]] : tensor<4xf32>
// CHECK-DAG: %[[SCALEDV:.*]] = dlc.div %[[SQRTV]], %[[CORR]]
// CHECK: %[[DENOM:.*]] = dlc.add %[[SCALEDV]], %[[EPS]]
// CHECK: %[[RATIO:.*]] = dlc.div %[[NEWM]], %[[DENOM]]
// CHECK: %[[DELTA:.*]] = dlc.mul %[[SS32]], %[[RATIO]]
// CHECK: %[[NEW:.*]] = dlc.sub %[[P]], %[[DELTA]]
// CHECK: %[[NEXT:.*]] = dlc.add %[[STEP]], %{{.*}} : (tensor<i64>, tensor<i64>) -> tensor<i64>
// CHECK-NEXT: dlc.store %[[NEWM]], @optimizer.w.exp_avg : tensor<4xf32>
// CHECK-NEXT: dlc.store %[[NEWV]], @optimizer.w.exp_avg_sq : tensor<4xf32>
// CHECK-NEXT: dlc.store %[[NEW]], @w : tensor<4xf32>
// CHECK-NEXT: dlc.store %[[NEXT]], @optimizer.step : tensor<i64>
// CHECK-NEXT: return
module attributes {dlc.model = "Adam", dlc.optimizer = {beta1 = 8.000000e-01 : f64, beta2 = 9.900000e-01 : f64, eps = 1.000000e-08 : f64, kind = "adam", lr = 1.000000e-03 : f64, weight_decay = 1.000000e-01 : f64}} {
  dlc.param @w : tensor<4xf32> init "zeros"
  func.func private @train_loss(%x: tensor<?x4xf32> {dlc.dims = ["N", 4], dlc.name = "x"}, %seed: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}) {
    %w = dlc.load @w : tensor<4xf32>
    %y = dlc.mul %x, %w : (tensor<?x4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
    %l = dlc.reduce_sum %y {axes = array<i64: 0, 1>} : tensor<?x4xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
}

// -----

// AdamW decays the parameter itself, p (1 - lr wd), before the Adam step, and
// leaves the gradient alone; its weight decay defaults to 0.01.
// CHECK-LABEL: dlc.model = "AdamW"
// CHECK: dlc.optimizer_state @optimizer.step : tensor<i64> init "zeros"
// CHECK-NEXT: dlc.optimizer_state @optimizer.w.exp_avg : tensor<4xf32> init "zeros"
// CHECK-NEXT: dlc.optimizer_state @optimizer.w.exp_avg_sq : tensor<4xf32> init "zeros"
// CHECK: %[[G:.*]] = dlc.reduce_sum %{{.*}} {axes = array<i64: 0>} : tensor<?x4xf32> -> tensor<4xf32>
// CHECK: %[[LR:.*]] = dlc.learning_rate %{{.*}} {lr = 1.000000e-03 : f64} : tensor<f64>
// CHECK: %[[P:.*]] = dlc.load @w : tensor<4xf32>
// CHECK: %[[LR32:.*]] = dlc.cast %[[LR]] : tensor<f64> -> tensor<f32>
// CHECK-DAG: %[[WD:.*]] = dlc.constant dense<0.00999999977> : tensor<f32>
// CHECK-DAG: %[[LRWD:.*]] = dlc.mul %[[LR32]], %[[WD]] : (tensor<f32>, tensor<f32>) -> tensor<f32>
// CHECK-DAG: %[[ONE:.*]] = dlc.constant dense<1.000000e+00> : tensor<f32>
// CHECK: %[[KEEP:.*]] = dlc.sub %[[ONE]], %[[LRWD]] : (tensor<f32>, tensor<f32>) -> tensor<f32>
// CHECK: %[[DECAYED:.*]] = dlc.mul %[[P]], %[[KEEP]] : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
// CHECK: dlc.load @optimizer.w.exp_avg : tensor<4xf32>
// CHECK: dlc.mul %[[G]], %{{.*}}
// CHECK: %[[NEW:.*]] = dlc.sub %[[DECAYED]], %{{.*}} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
// CHECK: dlc.store %[[NEW]], @w : tensor<4xf32>
// CHECK-NEXT: dlc.store %{{.*}}, @optimizer.step : tensor<i64>
// CHECK-NEXT: return
module attributes {dlc.model = "AdamW", dlc.optimizer = {beta1 = 9.000000e-01 : f64, beta2 = 0.99899999999999999 : f64, eps = 1.000000e-08 : f64, kind = "adamw", lr = 1.000000e-03 : f64}} {
  dlc.param @w : tensor<4xf32> init "zeros"
  func.func private @train_loss(%x: tensor<?x4xf32> {dlc.dims = ["N", 4], dlc.name = "x"}, %seed: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}) {
    %w = dlc.load @w : tensor<4xf32>
    %y = dlc.mul %x, %w : (tensor<?x4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
    %l = dlc.reduce_sum %y {axes = array<i64: 0, 1>} : tensor<?x4xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
}

// -----

// A cosine schedule with warm-up reaches dlc.learning_rate as its attributes.
// CHECK-LABEL: dlc.model = "Cosine"
// CHECK: %[[STEP:.*]] = dlc.load @optimizer.step : tensor<i64>
// CHECK: %[[LR:.*]] = dlc.learning_rate %[[STEP]] {lr = 5.000000e-02 : f64, min_lr = 1.000000e-03 : f64, schedule = "cosine", total_steps = 1000 : i64, warmup = 10 : i64} : tensor<f64>
// CHECK: %[[LR32:.*]] = dlc.cast %[[LR]] : tensor<f64> -> tensor<f32>
// CHECK: dlc.mul %{{.*}}, %[[LR32]]
module attributes {dlc.model = "Cosine", dlc.optimizer = {dampening = 0.000000e+00 : f64, kind = "sgd", lr = 5.000000e-02 : f64, min_lr = 1.000000e-03 : f64, momentum = 0.000000e+00 : f64, nesterov = false, schedule = "cosine", total_steps = 1000 : i64, warmup = 10 : i64, weight_decay = 0.000000e+00 : f64}} {
  dlc.param @w : tensor<4xf32> init "zeros"
  func.func private @train_loss(%x: tensor<?x4xf32> {dlc.dims = ["N", 4], dlc.name = "x"}, %seed: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}) {
    %w = dlc.load @w : tensor<4xf32>
    %y = dlc.mul %x, %w : (tensor<?x4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
    %l = dlc.reduce_sum %y {axes = array<i64: 0, 1>} : tensor<?x4xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
}

// -----

// A step schedule carries step_size and gamma.
// CHECK-LABEL: dlc.model = "StepDecay"
// CHECK: dlc.learning_rate %{{.*}} {gamma = 5.000000e-01 : f64, lr = 1.000000e-01 : f64, schedule = "step", step_size = 30 : i64} : tensor<f64>
module attributes {dlc.model = "StepDecay", dlc.optimizer = {dampening = 0.000000e+00 : f64, gamma = 5.000000e-01 : f64, kind = "sgd", lr = 1.000000e-01 : f64, momentum = 0.000000e+00 : f64, nesterov = false, schedule = "step", step_size = 30 : i64, weight_decay = 0.000000e+00 : f64}} {
  dlc.param @w : tensor<4xf32> init "zeros"
  func.func private @train_loss(%x: tensor<?x4xf32> {dlc.dims = ["N", 4], dlc.name = "x"}, %seed: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}) {
    %w = dlc.load @w : tensor<4xf32>
    %y = dlc.mul %x, %w : (tensor<?x4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
    %l = dlc.reduce_sum %y {axes = array<i64: 0, 1>} : tensor<?x4xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
}

// -----

// State is declared per parameter in declaration order, after the buffers; a
// store of train_loss (a running statistic) moves to the end with the
// optimizer's, which follow the parameters' order, the step counter last.
// CHECK-LABEL: dlc.model = "TwoParams"
// CHECK: dlc.buffer @bn.running_mean : tensor<2xf32> init "zeros"
// CHECK-NEXT: dlc.optimizer_state @optimizer.step : tensor<i64> init "zeros"
// CHECK-NEXT: dlc.optimizer_state @optimizer.fc.weight.exp_avg : tensor<2x4xf32> init "zeros"
// CHECK-NEXT: dlc.optimizer_state @optimizer.fc.weight.exp_avg_sq : tensor<2x4xf32> init "zeros"
// CHECK-NEXT: dlc.optimizer_state @optimizer.fc.bias.exp_avg : tensor<2xf32> init "zeros"
// CHECK-NEXT: dlc.optimizer_state @optimizer.fc.bias.exp_avg_sq : tensor<2xf32> init "zeros"
// CHECK-NEXT: func.func @train_step
// CHECK: %[[MEAN:.*]] = dlc.reduce_mean
// CHECK-NOT: dlc.store
// CHECK: dlc.learning_rate
// CHECK-NOT: dlc.store
// CHECK: dlc.load @optimizer.fc.bias.exp_avg_sq
// CHECK-NOT: dlc.store
// CHECK: dlc.store %[[MEAN]], @bn.running_mean : tensor<2xf32>
// CHECK-NEXT: dlc.store %{{.*}}, @optimizer.fc.weight.exp_avg : tensor<2x4xf32>
// CHECK-NEXT: dlc.store %{{.*}}, @optimizer.fc.weight.exp_avg_sq : tensor<2x4xf32>
// CHECK-NEXT: dlc.store %{{.*}}, @fc.weight : tensor<2x4xf32>
// CHECK-NEXT: dlc.store %{{.*}}, @optimizer.fc.bias.exp_avg : tensor<2xf32>
// CHECK-NEXT: dlc.store %{{.*}}, @optimizer.fc.bias.exp_avg_sq : tensor<2xf32>
// CHECK-NEXT: dlc.store %{{.*}}, @fc.bias : tensor<2xf32>
// CHECK-NEXT: dlc.store %{{.*}}, @optimizer.step : tensor<i64>
// CHECK-NEXT: return
module attributes {dlc.model = "TwoParams", dlc.optimizer = {beta1 = 9.000000e-01 : f64, beta2 = 0.99899999999999999 : f64, eps = 1.000000e-08 : f64, kind = "adam", lr = 1.000000e-03 : f64, weight_decay = 0.000000e+00 : f64}} {
  dlc.param @fc.weight : tensor<2x4xf32> init "zeros"
  dlc.param @fc.bias : tensor<2xf32> init "zeros"
  dlc.buffer @bn.running_mean : tensor<2xf32> init "zeros"
  func.func private @train_loss(%x: tensor<?x4xf32> {dlc.dims = ["N", 4], dlc.name = "x"}, %seed: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}) {
    %w = dlc.load @fc.weight : tensor<2x4xf32>
    %b = dlc.load @fc.bias : tensor<2xf32>
    %y = dlc.linear %x, %w, %b : (tensor<?x4xf32>, tensor<2x4xf32>, tensor<2xf32>) -> tensor<?x2xf32>
    %m = dlc.reduce_mean %y {axes = array<i64: 0>} : tensor<?x2xf32> -> tensor<2xf32>
    dlc.store %m, @bn.running_mean : tensor<2xf32>
    %l = dlc.reduce_sum %y {axes = array<i64: 0, 1>} : tensor<?x2xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
}

// -----

// Training needs an optimizer.
module attributes {dlc.model = "NoOptimizer"} {
  dlc.param @w : tensor<4xf32> init "zeros"
  // expected-error @+1 {{the model has no 'dlc.optimizer' to train with}}
  func.func private @train_loss(%seed: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}) {
    %w = dlc.load @w : tensor<4xf32>
    %l = dlc.reduce_sum %w {axes = array<i64: 0>} : tensor<4xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
}

// -----

// The kinds are sgd, adam and adamw.
module attributes {dlc.model = "Rmsprop", dlc.optimizer = {kind = "rmsprop", lr = 1.000000e-03 : f64}} {
  dlc.param @w : tensor<4xf32> init "zeros"
  func.func private @train_loss(%seed: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}) {
    %w = dlc.load @w : tensor<4xf32>
    %l = dlc.reduce_sum %w {axes = array<i64: 0>} : tensor<4xf32> -> tensor<f32>
    // expected-error @+1 {{unknown optimizer 'rmsprop'}}
    return %l : tensor<f32>
  }
}

// -----

// The optimizer's state names must be free.
module attributes {dlc.model = "Clash", dlc.optimizer = {kind = "sgd", lr = 1.000000e-03 : f64}} {
  dlc.param @w : tensor<4xf32> init "zeros"
  // expected-error @+1 {{the model has a tensor named 'optimizer.step', which the optimizer's state needs}}
  dlc.buffer @optimizer.step : tensor<i64> init "zeros"
  func.func private @train_loss(%seed: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}) {
    %w = dlc.load @w : tensor<4xf32>
    %l = dlc.reduce_sum %w {axes = array<i64: 0>} : tensor<4xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
}

// -----

// A function stores each tensor at most once.
module attributes {dlc.model = "StoredTwice", dlc.optimizer = {kind = "sgd", lr = 1.000000e-03 : f64}} {
  dlc.param @w : tensor<4xf32> init "zeros"
  dlc.buffer @bn.running_mean : tensor<4xf32> init "zeros"
  func.func private @train_loss(%seed: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}) {
    %w = dlc.load @w : tensor<4xf32>
    dlc.store %w, @bn.running_mean : tensor<4xf32>
    // expected-error @+1 {{'bn.running_mean' is stored twice in 'train_step'}}
    dlc.store %w, @bn.running_mean : tensor<4xf32>
    %l = dlc.reduce_sum %w {axes = array<i64: 0>} : tensor<4xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
}
