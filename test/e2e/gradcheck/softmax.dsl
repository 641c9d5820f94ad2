# RUN: dlc %s -o %t.so
# RUN: %python %S/../Inputs/gradcheck.py %t.so %s | FileCheck %s
# CHECK: PASS
# Gradients of softmax and log_softmax along a middle and the last axis.
# GRADCHECK: params normal
module M() {
  param a: f64[3, 4, 5] = normal(0.0, 1.0)
  def forward(x: f64[N, 3, 4, 5]) {
    return x * softmax(a, axis = 1) + x * x * log_softmax(a * 2.0, axis = -1)
  }
}
train M() {
  batch x: f64[N, 3, 4, 5], w: f64[N, 3, 4, 5]
  loss = sum(forward(x) * w)
  optimizer = sgd(lr = 1.0)
}
