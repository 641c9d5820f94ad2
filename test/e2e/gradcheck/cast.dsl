# RUN: dlc %s -o %t.so
# RUN: %python %S/../Inputs/gradcheck.py %t.so %s | FileCheck %s
# CHECK: PASS
# Gradient through casts f64 -> f32 -> f64: the f32 rounding needs a larger
# finite-difference step and tolerance.
# GRADCHECK: params normal
# GRADCHECK: step 1e-3 1e-3
module M() {
  param a: f64[4] = normal(0.0, 1.0)
  def forward(x: f64[N, 4]) {
    c = cast(cast(a, "f32") * 2.0, "f64")
    return x * c * c
  }
}
train M() {
  batch x: f64[N, 4], w: f64[N, 4]
  loss = sum(forward(x) * w)
  optimizer = sgd(lr = 1.0)
}
