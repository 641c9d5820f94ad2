# RUN: dlc %s -o %t.so
# RUN: %python %S/../Inputs/gradcheck.py %t.so %s | FileCheck %s
# CHECK: PASS
# Gradients of sum, mean, max and min over axes, with and without keepdim.
# GRADCHECK: params normal
module M() {
  param a: f64[3, 4, 5] = normal(0.0, 1.0)
  def forward(x: f64[N, 4]) {
    s = sum(a, axis = [0, 2])
    m = mean(a, axis = 1, keepdim = true)
    hi = max(a, axis = 2)
    lo = min(a, axis = [0, 1], keepdim = true)
    return x * s + sum(m * m) + x * sum(hi, axis = 0) + sum(lo) + mean(a) * 3.0
  }
}
train M() {
  batch x: f64[N, 4], w: f64[N, 4]
  loss = sum(forward(x) * w)
  optimizer = sgd(lr = 1.0)
}
