# RUN: dlc %s -o %t.so
# RUN: %python %S/../Inputs/gradcheck.py %t.so %s | FileCheck %s
# CHECK: PASS
# Gradients of conv2d with stride, padding, dilation and bias.
# GRADCHECK: params normal
# GRADCHECK: batch 2
module M() {
  param w: f64[4, 3, 3, 2] = normal(0.0, 0.5)
  param b: f64[4] = normal(0.0, 1.0)
  def forward(x: f64[N, 3, 7, 6]) {
    return conv2d(x, w, b, stride = [2, 1], padding = [1, 0], dilation = [1, 2])
  }
}
train M() {
  batch x: f64[N, 3, 7, 6], t: f64[N, 4, 4, 4]
  loss = sum(forward(x) * t)
  optimizer = sgd(lr = 1.0)
}
