# RUN: dlc %s -o %t.so
# RUN: %python %S/../Inputs/gradcheck.py %t.so %s | FileCheck %s
# CHECK: PASS
# Gradients of batched matmul with a broadcast batch and of linear over rank 3.
# GRADCHECK: params normal
module M() {
  param a: f64[4, 5] = normal(0.0, 1.0)
  param b: f64[2, 5, 3] = normal(0.0, 1.0)
  param w: f64[6, 3] = normal(0.0, 1.0)
  param bias: f64[6] = normal(0.0, 1.0)
  def forward(x: f64[N, 2, 3, 4]) {
    y = (x @ a) @ b
    return linear(y, w, bias)
  }
}
train M() {
  batch x: f64[N, 2, 3, 4], t: f64[N, 2, 3, 6]
  loss = sum(forward(x) * t)
  optimizer = sgd(lr = 1.0)
}
