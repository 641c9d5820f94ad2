# RUN: dlc %examples/mlp.dsl --emit=mlir | FileCheck %s
# The IR contract of examples/mlp.dsl: the model name, the optimizer with
# PyTorch's defaults, params with PyTorch's names and inits, forward with
# symbolic dims, and the train block twice: train_loss (training mode, for
# autodiff, with the step's seed last) and eval_step, each returning the
# loss and then the metric.

# CHECK: module attributes {dlc.model = "MLP", dlc.optimizer = {dampening = 0.000000e+00 : f64, kind = "sgd", lr = 5.000000e-02 : f64, momentum = 9.000000e-01 : f64, nesterov = false, weight_decay = 0.000000e+00 : f64}}
# CHECK-NEXT: dlc.param @fc1.weight : tensor<128x784xf32> init "kaiming_uniform" {fan_in = 784 : i64, fan_out = 128 : i64, init_a = 2.2360679774997898 : f64}
# CHECK-NEXT: dlc.param @fc1.bias : tensor<128xf32> init "uniform" {{{.*}}init_a = -0.035714285714285712 : f64, init_b = 0.035714285714285712 : f64}
# CHECK-NEXT: dlc.param @fc2.weight : tensor<10x128xf32> init "kaiming_uniform"
# CHECK-NEXT: dlc.param @fc2.bias : tensor<10xf32> init "uniform"
# CHECK-LABEL: func.func @forward(%arg0: tensor<?x784xf32> {dlc.dims = ["N", 784], dlc.name = "x"}) -> (tensor<?x10xf32> {dlc.dims = ["N", 10]})
# CHECK: %[[W1:.*]] = dlc.load @fc1.weight : tensor<128x784xf32>
# CHECK: %[[B1:.*]] = dlc.load @fc1.bias : tensor<128xf32>
# CHECK: %[[H:.*]] = dlc.linear %arg0, %[[W1]], %[[B1]] : (tensor<?x784xf32>, tensor<128x784xf32>, tensor<128xf32>) -> tensor<?x128xf32>
# CHECK: %[[R:.*]] = dlc.relu %[[H]] : tensor<?x128xf32>
# CHECK: %[[Y:.*]] = dlc.linear %[[R]],
# CHECK: return %[[Y]] : tensor<?x10xf32>
# CHECK-LABEL: func.func private @train_loss(%arg0: tensor<?x784xf32> {dlc.dims = ["N", 784], dlc.name = "x"}, %arg1: tensor<?xi32> {dlc.dims = ["N"], dlc.name = "y"}, %arg2: tensor<i64> {dlc.seed}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}, tensor<f32> {dlc.dims = [], dlc.name = "accuracy"})
# CHECK: %[[L:.*]] = dlc.cross_entropy %[[LOGITS:.*]], %arg1 : (tensor<?x10xf32>, tensor<?xi32>) -> tensor<f32>
# CHECK: %[[A:.*]] = dlc.accuracy %[[LOGITS]], %arg1 : (tensor<?x10xf32>, tensor<?xi32>) -> tensor<f32>
# CHECK: return %[[L]], %[[A]] : tensor<f32>, tensor<f32>
# CHECK-LABEL: func.func @eval_step(%arg0: tensor<?x784xf32> {dlc.dims = ["N", 784], dlc.name = "x"}, %arg1: tensor<?xi32> {dlc.dims = ["N"], dlc.name = "y"}) -> (tensor<f32> {dlc.dims = [], dlc.name = "loss"}, tensor<f32> {dlc.dims = [], dlc.name = "accuracy"})
# CHECK: dlc.cross_entropy
# CHECK: dlc.accuracy
