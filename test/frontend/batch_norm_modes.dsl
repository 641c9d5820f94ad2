# RUN: dlc %s --emit=mlir | FileCheck %s
# BatchNorm2d normalises by its running statistics in forward and by the
# batch's own in training; only the latter is marked batch_statistics, which
# tells autodiff the statistics are the input's (its closed-form gradient).
module Net() {
  conv = Conv2d(1, 4, 3, padding = 1)
  bn = BatchNorm2d(4)

  def forward(x: f32[N, 1, 8, 8]) -> f32[N, 4, 8, 8] {
    return relu(bn(conv(x)))
  }
}

train Net() {
  batch x: f32[N, 1, 8, 8], t: f32[N, 4, 8, 8]
  loss = mse(forward(x), t)
  optimizer = sgd(lr = 0.1)
}

# CHECK-LABEL: func.func @forward
# CHECK: %[[MEAN:.*]] = dlc.load @bn.running_mean
# CHECK: %[[VAR:.*]] = dlc.load @bn.running_var
# CHECK: dlc.batch_norm %{{.*}}, %[[MEAN]], %[[VAR]] weight %{{.*}} bias %{{.*}} {eps = 1.000000e-05 : f64}
# CHECK-LABEL: func.func private @train_loss
# CHECK: %[[BMEAN:.*]] = dlc.reduce_mean %{{.*}} {axes = array<i64: 0, 2, 3>, keepdim = true}
# CHECK: dlc.batch_norm %{{.*}} weight %{{.*}} bias %{{.*}} {batch_statistics, eps = 1.000000e-05 : f64}
# CHECK-LABEL: func.func @eval_step
# CHECK: dlc.batch_norm %{{.*}} weight %{{.*}} bias %{{.*}} {eps = 1.000000e-05 : f64}
