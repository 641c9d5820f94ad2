# RUN: dlc %s -o %t.so
# RUN: %python %S/../Inputs/gradcheck.py %t.so %s | FileCheck %s
# CHECK: PASS
# Gradients through where, to both branches and from a broadcast condition.
# GRADCHECK: params normal
module M() {
  param a: f64[4] = normal(0.0, 1.0)
  param b: f64[4] = normal(0.0, 1.0)
  def forward(x: f64[N, 4]) {
    return where(x > 0.0, x * a, b * b) + where(a > b, a, 0.5)
  }
}
train M() {
  batch x: f64[N, 4], w: f64[N, 4]
  loss = sum(forward(x) * w)
  optimizer = sgd(lr = 1.0)
}
