# RUN: dlc %s -o %t.so
# RUN: %python %S/../Inputs/gradcheck.py %t.so %s | FileCheck %s
# CHECK: PASS
# Gradients of gelu in its exact and tanh forms.
# GRADCHECK: params normal
module M() {
  param a: f64[5] = normal(0.0, 1.0)
  def forward(x: f64[N, 5]) {
    return x * gelu(a) + x * x * gelu(a * 1.5, approximate = "tanh")
  }
}
train M() {
  batch x: f64[N, 5], w: f64[N, 5]
  loss = sum(forward(x) * w)
  optimizer = sgd(lr = 1.0)
}
