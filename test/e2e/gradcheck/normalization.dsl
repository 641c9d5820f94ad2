# RUN: dlc %s -o %t.so
# RUN: %python %S/../Inputs/gradcheck.py %t.so %s | FileCheck %s
# CHECK: PASS
# Gradients of batch_norm in training mode (batch statistics) and layer_norm.
# GRADCHECK: params normal
# GRADCHECK: batch 4
module M() {
  param gamma: f64[3] = normal(1.0, 0.2)
  param beta: f64[3] = normal(0.0, 0.2)
  buffer mean: f64[3] = zeros()
  buffer var: f64[3] = ones()
  param g: f64[5] = normal(1.0, 0.2)
  param h: f64[5] = normal(0.0, 0.2)
  param s: f64[3, 1, 1] = normal(0.0, 1.0)
  def forward(x: f64[N, 3, 2, 5]) {
    return batch_norm(x * exp(s), gamma, beta, mean, var)
  }
}
train M() {
  batch x: f64[N, 3, 2, 5], t: f64[N, 3, 2, 5], u: f64[N, 3, 2, 5]
  # exp(s) scales each channel, which batch normalisation undoes: its
  # gradient is 0 up to eps, and autodiff must agree.
  loss = sum(forward(x) * t) + sum(layer_norm(x * x, g, h) * u)
  optimizer = sgd(lr = 1.0)
}
