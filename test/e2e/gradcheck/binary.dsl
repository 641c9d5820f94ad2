# RUN: dlc %s -o %t.so
# RUN: %python %S/../Inputs/gradcheck.py %t.so %s | FileCheck %s
# CHECK: PASS
# Gradients of + - * / with NumPy broadcasting: reductions over the broadcast axes.
# GRADCHECK: params normal
module M() {
  param a: f64[2, 1, 3] = normal(0.0, 1.0)
  param b: f64[4, 3] = normal(0.0, 1.0)
  param c: f64[1] = normal(0.0, 1.0)
  def forward(x: f64[N, 2, 4, 3]) {
    y = (x + a) * b - c * x
    return y / (exp(b) + 1.0) + a / (exp(c) + 2.0)
  }
}
train M() {
  batch x: f64[N, 2, 4, 3], w: f64[N, 2, 4, 3]
  loss = sum(forward(x) * w)
  optimizer = sgd(lr = 1.0)
}
