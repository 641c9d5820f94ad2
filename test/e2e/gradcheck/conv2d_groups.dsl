# RUN: dlc %s -o %t.so
# RUN: %python %S/../Inputs/gradcheck.py %t.so %s | FileCheck %s
# CHECK: PASS
# Gradients of a grouped conv2d (groups = 2) and of its input, through a second conv.
# GRADCHECK: params normal
# GRADCHECK: batch 2
module M() {
  param w1: f64[4, 2, 3, 3] = normal(0.0, 0.5)
  param w2: f64[2, 4, 2, 2] = normal(0.0, 0.5)
  def forward(x: f64[N, 4, 6, 6]) {
    h = conv2d(x, w1, false, 1, 1, 1, 2)
    return conv2d(tanh(h), w2, stride = 2)
  }
}
train M() {
  batch x: f64[N, 4, 6, 6], t: f64[N, 2, 3, 3]
  loss = sum(forward(x) * t)
  optimizer = sgd(lr = 1.0)
}
