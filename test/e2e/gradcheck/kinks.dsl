# RUN: dlc %s -o %t.so
# RUN: %python %S/../Inputs/gradcheck.py %t.so %s | FileCheck %s
# CHECK: PASS
# Gradients of relu, abs, maximum, minimum and clamp away from their kinks.
# GRADCHECK: params normal
module M() {
  param a: f64[4, 3] = normal(0.0, 1.0)
  param b: f64[3] = normal(0.0, 1.0)
  def forward(x: f64[N, 1, 3]) {
    y = relu(a) + abs(a) * 0.5 + maximum(a, b) + minimum(a * 2.0, b)
    return x * (y + clamp(a, min = -0.3, max = 0.4))
  }
}
train M() {
  batch x: f64[N, 1, 3], w: f64[N, 4, 3]
  loss = sum(forward(x) * w)
  optimizer = sgd(lr = 1.0)
}
