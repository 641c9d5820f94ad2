# RUN: dlc %s --emit=mlir | FileCheck %s
# RUN: dlc %s --emit=mlir --train digits | FileCheck %s --check-prefix=DIGITS
# The first example of DSL.md, verbatim, plus its named-train-block variant.

module MLP(hidden: int) {
  fc1 = Linear(784, hidden)
  fc2 = Linear(hidden, 10)

  def forward(x: f32[N, 784]) -> f32[N, 10] {
    h = relu(fc1(x))
    return fc2(h)
  }
}

train MLP(128) {
  batch x: f32[N, 784], y: i32[N]
  loss = cross_entropy(forward(x), y)
  optimizer = sgd(lr = 0.05, momentum = 0.9)
}

train digits: MLP(64) {
  batch x: f32[N, 784], y: i32[N]
  loss = cross_entropy(forward(x), y)
  optimizer = adam(lr = 1e-3)
}

# CHECK: dlc.optimizer = {dampening = 0.000000e+00 : f64, kind = "sgd", lr = 5.000000e-02 : f64, momentum = 9.000000e-01 : f64, nesterov = false, weight_decay = 0.000000e+00 : f64}
# CHECK: dlc.param @fc1.weight : tensor<128x784xf32>

# DIGITS: dlc.optimizer = {beta1 = 9.000000e-01 : f64, beta2 = 0.99899999999999999 : f64, eps = 1.000000e-08 : f64, kind = "adam", lr = 1.000000e-03 : f64, weight_decay = 0.000000e+00 : f64}
# DIGITS: dlc.param @fc1.weight : tensor<64x784xf32>
